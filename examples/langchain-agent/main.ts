// An existing LangChain agent, switched to Code Mode.
//
// The agent already has ordinary LangChain tools. Instead of handing the model each of them,
// bindingsFromLangChainTools turns them into isobind bindings and createCodeModeTool gives the
// model one tool, `execute_code`, whose description declares them as TypeScript. The model then
// writes one program that calls them with real control flow (here: Promise.all over two cities)
// and gets one structured result back, instead of one model round trip per tool call.
//
// The model is LangChain's scripted fake chat model, so the example runs offline with no API
// key; it replies with the code a real model would write. Swap in a real one, e.g.
// `model: "openai:gpt-4.1-mini"` (with @langchain/openai installed), and nothing else changes.
import { createCodeTool, NodeRuntime } from "@isobind/core";
import {
  bindingsFromLangChainTools,
  type CodeModeArtifact,
  createCodeModeTool,
} from "@isobind/langchain";
import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { createAgent } from "langchain";
import { z } from "zod";

// 1. The agent's existing tools, unchanged.
const TEMPERATURES_F: Record<string, number> = { "San Francisco": 61, Tokyo: 75 };

const getWeather = tool(
  async ({ city }) => {
    const tempF = TEMPERATURES_F[city];
    if (tempF === undefined) throw new Error(`no weather station in ${city}`);
    return { city, temp_f: tempF };
  },
  {
    name: "get_weather",
    description: "Current temperature of a city in degrees Fahrenheit",
    schema: z.object({ city: z.string().describe("City name, e.g. Tokyo") }),
  },
);

const toCelsius = tool(async ({ fahrenheit }) => Math.round(((fahrenheit - 32) * 50) / 9) / 10, {
  name: "to_celsius",
  description: "Converts degrees Fahrenheit to Celsius, rounded to one decimal",
  schema: z.object({ fahrenheit: z.number() }),
});

// 2. Code Mode: the tools become bindings, the agent gets one tool.
await using rt = await NodeRuntime.create({
  bindings: bindingsFromLangChainTools([getWeather, toCelsius]),
});
// Like every adapter, the LangChain one wraps the framework-neutral code tool.
const codeTool = createCodeModeTool(createCodeTool(rt));

// What a model would write after reading the declaration in codeTool.description.
const code = `
const cities = ["San Francisco", "Tokyo"];
const readings = await Promise.all(cities.map(async (city) => {
  const { temp_f } = await tools.getWeather({ city });
  return { city, temp_f, temp_c: await tools.toCelsius({ fahrenheit: temp_f }) };
}));
const warmer = readings.reduce((a, b) => (b.temp_f > a.temp_f ? b : a));
console.log("compared " + readings.length + " cities");
return { readings, warmer: warmer.city, difference_f: Math.abs(readings[0].temp_f - readings[1].temp_f) };
`;

const model = fakeModel()
  .respondWithTools([{ name: codeTool.name, args: { code }, id: "call_1" }])
  .respond((messages) => {
    const result = messages.findLast((m) => ToolMessage.isInstance(m))
      ?.artifact as CodeModeArtifact;
    const value = result.value as { warmer: string; difference_f: number };
    return new AIMessage(`${value.warmer} is warmer, by ${value.difference_f} °F.`);
  });

const agent = createAgent({ model, tools: [codeTool] });
const { messages } = await agent.invoke({
  messages: [{ role: "user", content: "Which is warmer right now, San Francisco or Tokyo?" }],
});

// 3. What happened: one tool call, one structured result, one answer.
console.log(
  `tools declared to the model: ${rt.bindings.map((b) => `tools.${b.path.join(".")}`).join(", ")}`,
);
for (const message of messages) {
  if (ToolMessage.isInstance(message)) {
    const result = message.artifact as CodeModeArtifact;
    console.log(`[tool] ${message.name} status=${message.status} exitCode=${result.exitCode}`);
    console.log(`  console: ${result.stdout.trimEnd()}`);
    console.log(`  binding calls: ${result.stats.bindingCalls}`);
    console.log(`  value: ${JSON.stringify(result.value, null, 2).replaceAll("\n", "\n  ")}`);
  } else if (AIMessage.isInstance(message) && message.tool_calls?.length) {
    console.log(`[ai] calls ${message.tool_calls.map((c) => c.name).join(", ")}`);
  } else {
    console.log(`[${message.type}] ${message.text}`);
  }
}
