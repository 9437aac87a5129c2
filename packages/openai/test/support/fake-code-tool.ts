// A code tool double for unit tests of the routing logic: it "runs" a tiny command language
// instead of JavaScript, so these tests need no sandbox. The end-to-end tests use the real one.
import type { CodeTool, CodeToolExecuteOptions, CodeToolResult, RunResult } from "@isobind/core";

export interface FakeCodeTool extends CodeTool {
  /** Inputs `execute` received, in call order. */
  inputs: unknown[];
}

function result(value: unknown, exitCode: 0 | 1): RunResult {
  return {
    status: "completed",
    exitCode,
    stdout: "",
    stderr: exitCode === 0 ? "" : "boom",
    value,
    ...(exitCode === 0 ? {} : { error: { code: "GUEST_ERROR", name: "Error", message: "boom" } }),
    stats: {
      wallMs: 1,
      cpuMs: 1,
      bindingCalls: 0,
      droppedOutputBytes: 0,
      replayedCalls: 0,
      executedCalls: 0,
    },
  };
}

/**
 * `{ code: "wait 30; return 7" }` waits 30 ms then returns 7; `"throw"` fails the run;
 * `"crash"` makes execute itself reject with `error` (default: a plain Error).
 */
export function fakeCodeTool(name = "execute_code", error?: unknown): FakeCodeTool {
  const inputs: unknown[] = [];
  return {
    name,
    description:
      "Run JavaScript. declare const tools: { getWeather(input: { city: string }): Promise<unknown> }",
    inputSchema: {
      type: "object",
      properties: { code: { type: "string", description: "JavaScript to run" } },
      required: ["code"],
      additionalProperties: false,
    },
    inputs,
    async execute(input: unknown, options?: CodeToolExecuteOptions): Promise<CodeToolResult> {
      inputs.push(input);
      const code = (input as { code: string }).code;
      if (code === "crash") throw error ?? new Error("executor exploded");
      if (code === "throw")
        return { text: "GUEST_ERROR: boom (line 1)", isError: true, result: result(undefined, 1) };
      const wait = /wait (\d+)/.exec(code);
      if (wait) await new Promise((r) => setTimeout(r, Number(wait[1])));
      options?.onEvent?.({ type: "console", runId: "r1", stream: "stdout", text: "hi\n", atMs: 0 });
      const value = Number(/return (\d+)/.exec(code)?.[1]);
      return { text: `value: ${value}`, isError: false, result: result(value, 0) };
    },
  };
}
