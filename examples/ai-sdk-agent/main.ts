// An existing AI SDK app, switched to Code Mode.
//
// The app already has an AI SDK tool set (`getWeather` with a zod schema, `calculate` with a
// JSON Schema). bindingsFromToolSet turns it into isobind bindings and toAISdkTool gives the
// model one tool, `execute_code`, whose description declares them in TypeScript. The model
// answers with one program that calls them with real control flow (Promise.all over two
// cities) instead of one model round trip per tool call.
//
// The model is the AI SDK's own mock language model, scripted with the code a real model would
// write, so the example runs offline with no API key. Swap in a real one
// (`model: anthropic("claude-sonnet-5-5")`, `openai("gpt-5")`) and nothing else changes.
import { bindingsFromToolSet, codeModeToolCaller, toAISdkTool } from "@isobind/ai-sdk";
import { createCodeTool, NodeRuntime } from "@isobind/core";
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";

//#region tools
// 1. The app's existing tools, unchanged.
const TEMPERATURES_F: Record<string, number> = { Paris: 61, Oslo: 47 };

const getWeather = tool({
  description: "Current temperature of a city in °F",
  inputSchema: z.object({ city: z.string().describe("City name, e.g. Paris") }),
  execute: async ({ city }) => {
    const temp = TEMPERATURES_F[city];
    if (temp === undefined) throw new Error(`no weather station in ${city}`);
    return { city, temp_f: temp };
  },
});

const calculate = tool({
  description: "Subtract b from a",
  inputSchema: jsonSchema<{ a: number; b: number }>({
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
    additionalProperties: false,
  }),
  execute: async ({ a, b }) => a - b,
});
//#endregion

// What a model writes after reading the declaration in the code tool's description.
const code = `
const [paris, oslo] = await Promise.all([
  tools.getWeather({ city: "Paris" }),
  tools.getWeather({ city: "Oslo" }),
]);
console.log("Paris " + paris.temp_f + "°F, Oslo " + oslo.temp_f + "°F");
return { warmer: paris.temp_f > oslo.temp_f ? "Paris" : "Oslo", difference_f: await tools.calculate({ a: paris.temp_f, b: oslo.temp_f }) };
`;

/** A scripted model: first it calls `toolName` with the code, then it answers from the result. */
function scriptedModel(toolName: string) {
  const usage = {
    inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 1, text: 1, reasoning: 0 },
  };
  return new MockLanguageModelV4({
    doGenerate: async ({ prompt, tools }) => {
      const result = prompt.findLast((m) => m.role === "tool")?.content[0];
      if (result?.type !== "tool-result") {
        console.log(`tools the model sees: ${tools?.map((t) => t.name).join(", ")}`);
        return {
          content: [
            { type: "tool-call", toolCallId: "call_1", toolName, input: JSON.stringify({ code }) },
          ],
          finishReason: { unified: "tool-calls", raw: "tool_use" },
          usage,
          warnings: [],
        };
      }
      const text = result.output.type === "text" ? result.output.value : "";
      const { warmer, difference_f } = JSON.parse(
        text.split("\n")[0]?.replace(/^Result: /, "") ?? "{}",
      );
      return {
        content: [{ type: "text", text: `${warmer} is warmer, by ${difference_f}°F.` }],
        finishReason: { unified: "stop", raw: "end_turn" },
        usage,
        warnings: [],
      };
    },
  });
}

//#region code-tool
// 2. Code Mode: the tool set becomes bindings, the model gets one tool.
await using rt = await NodeRuntime.create({
  bindings: await bindingsFromToolSet({ getWeather, calculate }),
});

const result = await generateText({
  model: scriptedModel("execute_code"),
  tools: { execute_code: toAISdkTool(createCodeTool(rt)) },
  stopWhen: stepCountIs(5),
  prompt: "Is it warmer in Paris or Oslo, and by how much?",
});
//#endregion

const [step] = result.steps;
const output = step?.toolResults[0]?.output as {
  status: string;
  result: { stdout: string; stats: { bindingCalls: number } };
};
console.log(`code run: ${output.status}, ${output.result.stats.bindingCalls} binding calls`);
console.log(`  console: ${output.result.stdout.trimEnd()}`);
console.log(`answer: ${result.text}`);

//#region tool-caller
// 3. The same tools through AI SDK 7's tool-caller slot: mark which tools code may call.
await using caller = codeModeToolCaller();
const viaCaller = await generateText({
  model: scriptedModel("code"),
  tools: { code: caller, getWeather, calculate },
  experimental_toolCallers: { getWeather: ["code"], calculate: ["code"] },
  stopWhen: stepCountIs(5),
  prompt: "Is it warmer in Paris or Oslo, and by how much?",
});
//#endregion
console.log(`answer via the tool caller: ${viaCaller.text}`);
