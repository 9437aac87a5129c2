// TypeScript guest code: set language "typescript" and the types are stripped before the run.
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

//#region run
const code = `
  interface Weather { temp_f: number }
  const cities: string[] = ["Tokyo", "San Francisco"];
  const temps = await Promise.all(
    cities.map((city) => tools.getWeather({ city }) as Promise<Weather>),
  );
  return Object.fromEntries(cities.map((city, i) => [city, temps[i]!.temp_f]));
`;
const result = await rt.run(code, { language: "typescript" });
console.log(result.exitCode, result.value);

const asJs = await rt.run(code);
console.log(asJs.exitCode, asJs.error?.code);

const enumCode = "enum Color { Red }\nreturn Color.Red;";
const withEnum = await rt.run(enumCode, { language: "typescript" });
console.log(withEnum.exitCode, withEnum.error?.code, withEnum.error?.message);
//#endregion

await rt.dispose();
