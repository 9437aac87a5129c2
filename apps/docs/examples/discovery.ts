// Discovery, the token budget and the prompt-caching mode, run against bindings with real-world
// schemas: a format ajv does not know ("json") and constraints the declaration notes.
import { createCodeTool, generateDeclarations, NodeRuntime } from "@isobind/core";

const rt = await NodeRuntime.create({
  bindings: {
    "browser.navigate": {
      description: "Navigate to a URL. Waits for the load event.",
      inputSchema: {
        type: "object",
        properties: {
          url: { type: "string", format: "uri", description: "The URL to open" },
          timeoutMs: { type: "integer", minimum: 0, maximum: 60000 },
        },
        required: ["url"],
      },
      handler: (input: { url: string }) => ({ title: `Title of ${input.url}` }),
    },
    "browser.close": {
      description: "Close the page.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      handler: () => ({ closed: true }),
    },
    "api.post": {
      description: "Send a request body to the API.",
      inputSchema: {
        type: "object",
        properties: { body: { type: "string", format: "json", maxLength: 10000 } },
        required: ["body"],
      },
      handler: () => ({ ok: true }),
    },
  },
});

//#region diagnostics
// ajv does not know the "json" format: it says so here, not on the console.
console.log(rt.diagnostics);
//#endregion

//#region declarations
// Constraints are noted in the field comments; a closed empty object accepts `{}` only.
console.log(generateDeclarations(rt.bindings));
//#endregion

//#region discovery
// Small catalogues are declared in full; past `discoveryTokenBudget` (estimated tokens) the tool
// switches to discovery. Here it is forced, to show a search round.
const tool = createCodeTool(rt, { mode: "discovery" });
const search = await tool.execute({
  code: "return await tools.$search('open https://example.com in the browser')",
});
console.log(search.text);
const call = await tool.execute({
  code: "return await tools.browser.navigate({ url: 'https://example.com' })",
});
console.log(call.text);
//#endregion

//#region stable
// For prompt caching: the description does not depend on the bindings at all, so adding a tool
// does not invalidate a cached prefix. Send the declarations yourself if the model should see
// them up front (e.g. in the system message, after the cached part).
const stable = createCodeTool(rt, { mode: "stable" });
const fewer = await NodeRuntime.create({});
console.log(stable.description === createCodeTool(fewer, { mode: "stable" }).description);
await fewer.dispose();
//#endregion

await rt.dispose();
