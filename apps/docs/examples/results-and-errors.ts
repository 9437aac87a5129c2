// Results and errors: run() resolves for everything the guest does; failures are data.
import { NodeRuntime } from "@isobind/core";

const rt = await NodeRuntime.create({
  bindings: {
    "get-weather": {
      description: "Look up the current temperature for a city",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
      },
      handler: (input: { city: string }) => ({ temp_f: input.city === "Tokyo" ? 75 : 61 }),
    },
  },
});

//#region shape
const ok = await rt.run(`
  console.log("looking up Tokyo");
  console.warn("this goes to stderr");
  return await tools.getWeather({ city: "Tokyo" });
`);
console.log({ exitCode: ok.exitCode, stdout: ok.stdout, stderr: ok.stderr, value: ok.value });
console.log("binding calls:", ok.stats.bindingCalls);
//#endregion

//#region failures
const programs = {
  thrown: `const x = 1;\nthrow new RangeError("x is " + x);`,
  syntax: `const a = 1;\nconst b = ;`,
  binding: `await tools.getWeather({ town: "Oslo" });`,
};
for (const [name, code] of Object.entries(programs)) {
  const { exitCode, error } = await rt.run(code);
  console.log(name, exitCode, error?.code, `line ${error?.line}`, error?.message);
}
//#endregion

await rt.dispose();
