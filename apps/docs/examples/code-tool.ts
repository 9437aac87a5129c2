// The code tool: one framework-neutral tool ({ name, description, inputSchema, execute }) that
// every adapter turns into its framework's own format.
import { createCodeTool, NodeRuntime } from "@isobind/core";

const rt = await NodeRuntime.create({
  bindings: {
    "get-weather": {
      description: "Look up the current temperature for a city",
      inputSchema: {
        type: "object",
        properties: { city: { type: "string", description: "City name, like Tokyo" } },
        required: ["city"],
      },
      outputSchema: {
        type: "object",
        properties: { temp_f: { type: "number" } },
        required: ["temp_f"],
      },
      handler: (input: { city: string }) => ({ temp_f: input.city === "Tokyo" ? 75 : 61 }),
    },
  },
});

//#region tool
const tool = createCodeTool(rt);
console.log(tool.name);
console.log(JSON.stringify(tool.inputSchema));
console.log(tool.description);
//#endregion

//#region execute
// What a model's tool call would carry: { code }.
const ok = await tool.execute({ code: 'return await tools.getWeather({ city: "Tokyo" })' });
console.log("---", ok.isError ? "error" : "ok");
console.log(ok.text);

const bad = await tool.execute({ code: "await tools.getWeather({ town: 'Oslo' })" });
console.log("---", bad.isError ? "error" : "ok");
console.log(bad.text);
//#endregion

await rt.dispose();
