// The tool caller in AI SDK 7's experimental_toolCallers slot, end to end with generateText.
import { generateText, stepCountIs } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CodeModeToolCaller,
  type CodeModeToolOutput,
  codeModeToolCaller,
} from "../src/index.ts";
import { scriptedModel, toolResultsSeen } from "./support/scripted-model.ts";
import { weatherTools } from "./support/weather-tools.ts";

let caller: CodeModeToolCaller | undefined;
afterEach(async () => {
  await caller?.dispose();
  caller = undefined;
});

describe("codeModeToolCaller", () => {
  it("shows the model one tool declaring the routed tools, and runs code that calls them", async () => {
    const log: [string, unknown][] = [];
    const { get_weather, calculate } = weatherTools(log);
    caller = codeModeToolCaller();
    const { model, calls } = scriptedModel([
      {
        tool: "code",
        input: {
          code: 'const p = await tools.getWeather({ city: "Paris" }); return await tools.calculate({ a: p.temp, b: 47 })',
        },
      },
      { text: "14 degrees." },
    ]);
    const result = await generateText({
      model,
      tools: { code: caller, get_weather: get_weather!, calculate: calculate! },
      experimental_toolCallers: { get_weather: ["code"], calculate: ["code"] },
      stopWhen: stepCountIs(3),
      prompt: "How much warmer is Paris than 47°F?",
    });

    expect(result.text).toBe("14 degrees.");
    const sent = calls[0]?.tools ?? [];
    expect(sent.map((t) => t.name)).toEqual(["code"]);
    const description = (sent[0] as { description: string }).description;
    expect(description).toContain("getWeather(input:");
    expect(description).toContain("calculate(input:");
    expect(toolResultsSeen(calls[1])).toEqual([{ type: "text", value: "Result: 14" }]);
    expect(log).toEqual([
      ["get_weather", { city: "Paris", unit: "f" }],
      ["calculate", { a: 61, b: 47 }],
    ]);
    const output = result.steps[0]?.toolResults[0]?.output as CodeModeToolOutput;
    expect(output).toMatchObject({ status: "completed", isError: false });
  });

  it("gives code no way to reach a tool that is not routed to the caller", async () => {
    const log: [string, unknown][] = [];
    const { get_weather, calculate } = weatherTools(log);
    caller = codeModeToolCaller();
    const { model, calls } = scriptedModel([
      {
        tool: "code",
        input: {
          code: `const out = [];
            for (const call of [() => tools.calculate({ a: 1, b: 2 }), () => callBinding("calculate", { a: 1, b: 2 })]) {
              try { await call(); out.push("called"); } catch (e) { out.push(e.code); }
            }
            return out;`,
        },
      },
      { text: "ok" },
    ]);
    await generateText({
      model,
      tools: { code: caller, get_weather: get_weather!, calculate: calculate! },
      experimental_toolCallers: { get_weather: ["code"] },
      stopWhen: stepCountIs(3),
      prompt: "hi",
    });
    expect(toolResultsSeen(calls[1])).toEqual([
      { type: "text", value: 'Result: ["UNKNOWN_BINDING","UNKNOWN_BINDING"]' },
    ]);
    expect(log).toEqual([]);
  });

  it("keeps a tool also marked for direct calls in the model's list", async () => {
    const { get_weather, calculate } = weatherTools([]);
    caller = codeModeToolCaller();
    const { model, calls } = scriptedModel([{ text: "ok" }]);
    await generateText({
      model,
      tools: { code: caller, get_weather: get_weather!, calculate: calculate! },
      experimental_toolCallers: {
        get_weather: ["code", "AI_SDK_DIRECT_TOOL_CALL"],
        calculate: ["code"],
      },
      prompt: "hi",
    });
    expect((calls[0]?.tools ?? []).map((t) => t.name).sort()).toEqual(["code", "get_weather"]);
  });

  it("rejects the generation with every problem when a routed tool cannot become a binding", async () => {
    caller = codeModeToolCaller();
    const { model } = scriptedModel([{ text: "ok" }]);
    const clientSide = {
      description: "Asks the user",
      inputSchema: weatherTools([]).calculate!.inputSchema,
    };
    await expect(
      generateText({
        model,
        tools: { code: caller, ask: clientSide },
        experimental_toolCallers: { ask: ["code"] },
        prompt: "hi",
      }),
    ).rejects.toMatchObject({ code: "INVALID_OPTIONS", issues: [{ path: "tools.ask.execute" }] });
  });

  it("refuses to run after dispose", async () => {
    const { get_weather } = weatherTools([]);
    const disposed = codeModeToolCaller();
    await disposed.dispose();
    const { model } = scriptedModel([{ text: "ok" }]);
    await expect(
      generateText({
        model,
        tools: { code: disposed, get_weather: get_weather! },
        experimental_toolCallers: { get_weather: ["code"] },
        prompt: "hi",
      }),
    ).rejects.toMatchObject({ code: "INVALID_OPTIONS", issues: [{ path: "caller" }] });
  });

  it("refuses options it cannot use, listing each", () => {
    expect(() =>
      codeModeToolCaller({
        // @ts-expect-error bindings are the routed tools
        runtime: { bindings: {} },
        tool: "fast" as never,
      }),
    ).toThrow(
      expect.objectContaining({
        code: "INVALID_OPTIONS",
        issues: [
          { path: "options.tool", message: "must be an object" },
          expect.objectContaining({ path: "options.runtime.bindings" }),
        ],
      }),
    );
  });
});
