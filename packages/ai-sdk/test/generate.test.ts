// End to end: the real `ai` package (generateText, streamText) with its mock language model
// drives the real runtime, whose bindings are an imported AI SDK tool set. No network.
import {
  type BindingContext,
  type CodeTool,
  type CodeToolResult,
  createCodeTool,
  NodeRuntime,
} from "@isobind/core";
import { generateText, stepCountIs, streamText, ToolLoopAgent } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bindingsFromToolSet, type CodeModeToolOutput, toAISdkTool } from "../src/index.ts";
import { scriptedModel, toolResultsSeen } from "./support/scripted-model.ts";
import { weatherTools } from "./support/weather-tools.ts";

const CHAIN = `
const [p, o] = await Promise.all([tools.getWeather({ city: "Paris" }), tools.getWeather({ city: "Oslo" })]);
console.log("Paris", p.temp, "Oslo", o.temp);
return { warmer: p.temp > o.temp ? "Paris" : "Oslo", difference: await tools.calculate({ a: p.temp, b: o.temp }) };`;

const log: [string, unknown][] = [];
let rt: NodeRuntime;
let codeTool: CodeTool;
let gate: { opened: Promise<void>; open: () => void };
const aborted: boolean[] = [];

function newGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

beforeAll(async () => {
  rt = await NodeRuntime.create({
    bindings: {
      ...(await bindingsFromToolSet(weatherTools(log))),
      // Waits for the test, so a snapshot taken while it runs is certain to exist.
      gate: {
        description: "Waits until the test opens the gate",
        inputSchema: { type: "object" },
        handler: () => gate.opened,
      },
      // Never settles by itself: ends when the run's signal aborts.
      hang: {
        description: "Waits for the run to end",
        inputSchema: { type: "object" },
        handler: (_input: unknown, ctx: BindingContext) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener("abort", () => {
              aborted.push(true);
              resolve(null);
            });
          }),
      },
    },
  });
  codeTool = createCodeTool(rt);
});
afterAll(() => rt.dispose());
beforeEach(() => {
  log.length = 0;
  aborted.length = 0;
  gate = newGate();
});

/** The code tool, recording every result it returns. */
function recording(inner: CodeTool): { tool: CodeTool; results: CodeToolResult[] } {
  const results: CodeToolResult[] = [];
  return {
    results,
    tool: {
      ...inner,
      execute: async (input, options) => {
        const r = await inner.execute(input, options);
        results.push(r);
        return r;
      },
    },
  };
}

describe("toAISdkTool with generateText", () => {
  it("sends one tool declaring the bindings, and the model fixes a failed run in the next step", async () => {
    const { model, calls } = scriptedModel([
      { tool: "execute_code", input: { code: 'return await tools.getWeather({ town: "Paris" })' } },
      { tool: "execute_code", input: { code: CHAIN } },
      { text: "Paris is warmer by 14°F." },
    ]);
    const result = await generateText({
      model,
      tools: { execute_code: toAISdkTool(codeTool) },
      stopWhen: stepCountIs(5),
      prompt: "Is it warmer in Paris or Oslo?",
    });

    expect(result.text).toBe("Paris is warmer by 14°F.");
    const sent = calls[0]?.tools ?? [];
    expect(sent.map((t) => t.name)).toEqual(["execute_code"]);
    expect(sent[0]).toMatchObject({ type: "function" });
    expect((sent[0] as { description: string }).description).toContain("getWeather(input:");

    const [failed] = toolResultsSeen(calls[1]) as { type: string; value: string }[];
    expect(failed?.type).toBe("error-text");
    expect(failed?.value).toContain("INVALID_INPUT");
    expect(failed?.value).toContain("city");

    const outputs = toolResultsSeen(calls[2]) as { type: string; value: string }[];
    expect(outputs[1]?.type).toBe("text");
    expect(outputs[1]?.value).toContain('"warmer":"Paris"');
    expect(outputs[1]?.value).toContain('"difference":14');
    expect(outputs[1]?.value).toContain("Paris 61 Oslo 47");
    // zod's default filled in `unit` before the imported tool ran.
    expect(log).toContainEqual(["get_weather", { city: "Oslo", unit: "f" }]);
    expect(log).toContainEqual(["calculate", { a: 61, b: 47 }]);
    // The failed run's bad input never reached the imported tool.
    expect(log.filter(([name]) => name === "get_weather")).toHaveLength(2);

    const final = result.steps[1]?.toolResults[0]?.output as CodeModeToolOutput;
    expect(final).toMatchObject({ status: "completed", isError: false });
    expect(final.status === "completed" && final.result.value).toEqual({
      warmer: "Paris",
      difference: 14,
    });
  });

  it("reports a timeout to the model as an error it can act on", async () => {
    const { model, calls } = scriptedModel([
      { tool: "execute_code", input: { code: "while (true) {}" } },
      { text: "That took too long." },
    ]);
    const short = createCodeTool(rt, { limits: { timeoutMs: 400 } });
    const result = await generateText({
      model,
      tools: { execute_code: toAISdkTool(short) },
      stopWhen: stepCountIs(3),
      prompt: "Loop forever",
    });
    expect(result.text).toBe("That took too long.");
    const [output] = toolResultsSeen(calls[1]) as { type: string; value: string }[];
    expect(output?.type).toBe("error-text");
    expect(output?.value).toMatch(/TIMEOUT|CPU_TIME_LIMIT/);
  });

  it("aborts the run when the generation is aborted, and binding handlers see it", async () => {
    const { model } = scriptedModel([
      { tool: "execute_code", input: { code: "await tools.hang({}); return 1" } },
      { text: "unreachable" },
    ]);
    const controller = new AbortController();
    const { tool, results } = recording(codeTool);
    const generation = generateText({
      model,
      tools: {
        execute_code: toAISdkTool(tool, {
          onRunEvent: (event) => {
            if (event.type === "binding:start") controller.abort(new Error("user left"));
          },
        }),
      },
      stopWhen: stepCountIs(3),
      abortSignal: controller.signal,
      prompt: "Wait",
    });
    await expect(generation).rejects.toThrow();
    await vi.waitFor(() => expect(results).toHaveLength(1), { timeout: 10_000 });
    expect(results[0]?.result.error?.code).toBe("ABORTED");
    expect(results[0]?.result.exitCode).toBe(130);
    expect(aborted).toEqual([true]);
  });
});

describe("toAISdkTool in agents and with tool context", () => {
  it("works as a ToolLoopAgent tool", async () => {
    const { model } = scriptedModel([
      { tool: "execute_code", input: { code: CHAIN } },
      { text: "Paris." },
    ]);
    const agent = new ToolLoopAgent({ model, tools: { execute_code: toAISdkTool(codeTool) } });
    const result = await agent.generate({ prompt: "Which is warmer?" });
    expect(result.text).toBe("Paris.");
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({ status: "completed" });
  });

  it("hands the call's tool context to the code tool run", async () => {
    const seen: unknown[] = [];
    const spy: CodeTool = {
      ...codeTool,
      execute: (input, options) => {
        seen.push((options as { context?: unknown } | undefined)?.context);
        return codeTool.execute(input, options);
      },
    };
    const { model } = scriptedModel([
      { tool: "execute_code", input: { code: "return 1" } },
      { text: "ok" },
    ]);
    await generateText({
      model,
      tools: { execute_code: toAISdkTool<{ userId: string }>(spy) },
      toolsContext: { execute_code: { userId: "u-42" } },
      stopWhen: stepCountIs(3),
      prompt: "go",
    });
    expect(seen).toEqual([{ userId: "u-42" }]);
  });
});

describe("toAISdkTool with streamText", () => {
  it("streams binding calls and console output as preliminary results while the code runs", async () => {
    const { model } = scriptedModel([
      {
        tool: "execute_code",
        input: { code: 'console.log("waiting"); await tools.gate({}); return "done"' },
      },
      { text: "Done." },
    ]);
    const result = streamText({
      model,
      tools: { execute_code: toAISdkTool(codeTool) },
      stopWhen: stepCountIs(3),
      prompt: "Wait for the gate",
    });
    const outputs: { preliminary: boolean; output: CodeModeToolOutput }[] = [];
    for await (const part of result.fullStream) {
      if (part.type !== "tool-result") continue;
      const output = part.output as CodeModeToolOutput;
      outputs.push({ preliminary: part.preliminary === true, output });
      if (output.status === "running" && output.calls.some((c) => c.name === "gate")) gate.open();
    }
    expect(await result.text).toBe("Done.");

    const progress = outputs.filter((o) => o.preliminary).map((o) => o.output);
    const seenGate = progress.find((o) => o.status === "running" && o.calls.length > 0);
    expect(seenGate).toMatchObject({
      status: "running",
      bindingCalls: 1,
      calls: [{ callId: 1, name: "gate", state: "running" }],
    });
    expect(seenGate?.status === "running" && seenGate.stdout).toContain("waiting");
    const last = outputs.filter((o) => !o.preliminary);
    expect(last).toHaveLength(1);
    expect(last[0]?.output).toMatchObject({ status: "completed", isError: false });
  });

  it("sends no preliminary results when progress is off", async () => {
    const { model } = scriptedModel([
      { tool: "execute_code", input: { code: 'console.log("hi"); return 1' } },
      { text: "One." },
    ]);
    const result = streamText({
      model,
      tools: { execute_code: toAISdkTool(codeTool, { progress: false }) },
      stopWhen: stepCountIs(3),
      prompt: "One",
    });
    const parts: { preliminary?: boolean | undefined }[] = [];
    for await (const part of result.fullStream) if (part.type === "tool-result") parts.push(part);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.preliminary).not.toBe(true);
  });
});
