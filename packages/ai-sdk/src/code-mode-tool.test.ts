import type { CodeTool, CodeToolExecuteOptions, CodeToolResult, RunResult } from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { toAISdkTool } from "./code-mode-tool.ts";
import { MAX_CONSOLE_CHARS, MAX_LISTED_CALLS, ProgressTracker } from "./internal/progress.ts";
import type { CodeModeResult, CodeModeToolOutput } from "./types.ts";

function runResult(exitCode: 0 | 1): RunResult {
  return {
    status: "completed",
    exitCode,
    stdout: "",
    stderr: "",
    value: exitCode === 0 ? 1 : undefined,
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

/** A code tool double that records the options each execute call received. */
function fakeCodeTool(
  isError = false,
): CodeTool & { seen: (CodeToolExecuteOptions & { context?: unknown })[] } {
  const seen: (CodeToolExecuteOptions & { context?: unknown })[] = [];
  return {
    name: "execute_code",
    description: "Run code",
    inputSchema: {
      type: "object",
      properties: { code: { type: "string", description: "code" } },
      required: ["code"],
      additionalProperties: false,
    },
    seen,
    async execute(_input, options): Promise<CodeToolResult> {
      seen.push(options ?? {});
      options?.onEvent?.({ type: "console", runId: "r", stream: "stdout", text: "x\n", atMs: 0 });
      return {
        text: isError ? "GUEST_ERROR: boom" : "1",
        isError,
        result: runResult(isError ? 1 : 0),
      };
    },
  };
}

async function lastOutput(value: unknown): Promise<CodeModeToolOutput> {
  if (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function")
    return (await value) as CodeModeToolOutput;
  let last: unknown;
  for await (const item of value as AsyncIterable<unknown>) last = item;
  return last as CodeModeToolOutput;
}

describe("toAISdkTool", () => {
  it("passes the call's abortSignal and tool context on to the run", async () => {
    const fake = fakeCodeTool();
    const controller = new AbortController();
    const t = toAISdkTool(fake);
    await lastOutput(
      t.execute?.(
        { code: "return 1" },
        { toolCallId: "c1", messages: [], abortSignal: controller.signal, context: { user: "u1" } },
      ),
    );
    expect(fake.seen[0]?.signal).toBe(controller.signal);
    expect(fake.seen[0]?.context).toEqual({ user: "u1" });
  });

  it.each([
    [false, { type: "text", value: "1" }],
    [true, { type: "error-text", value: "GUEST_ERROR: boom" }],
  ])("sends the model the compact text (failed run: %s)", async (isError, expected) => {
    const t = toAISdkTool(fakeCodeTool(isError), { progress: false });
    const output = (await lastOutput(
      t.execute?.({ code: "x" }, { toolCallId: "c1", messages: [], context: {} }),
    )) as CodeModeResult;
    expect(output.status).toBe(isError ? "failed" : "completed");
    expect(await t.toModelOutput?.({ toolCallId: "c1", input: { code: "x" }, output })).toEqual(
      expected,
    );
  });

  it("keeps running when an onRunEvent listener throws", async () => {
    const t = toAISdkTool(fakeCodeTool(), {
      onRunEvent: () => {
        throw new Error("listener bug");
      },
    });
    const output = await lastOutput(
      t.execute?.({ code: "x" }, { toolCallId: "c1", messages: [], context: {} }),
    );
    expect(output).toMatchObject({ status: "completed" });
  });

  it("refuses a missing code tool and bad options, listing each", () => {
    let error: unknown;
    try {
      toAISdkTool(undefined as never, { progress: "yes" as never, onRunEvent: 1 as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
      "codeTool",
      "options.progress",
      "options.onRunEvent",
    ]);
  });
});

describe("ProgressTracker", () => {
  it("stays bounded however many calls and lines the program makes", () => {
    const tracker = new ProgressTracker();
    for (let i = 1; i <= 500; i++) {
      tracker.apply({ type: "binding:start", runId: "r", callId: i, name: "b", atMs: 0 });
      tracker.apply({
        type: "console",
        runId: "r",
        stream: "stdout",
        text: "y".repeat(100),
        atMs: 0,
      });
    }
    tracker.apply({
      type: "binding:end",
      runId: "r",
      callId: 500,
      name: "b",
      ok: false,
      errorCode: "HANDLER_ERROR",
      atMs: 0,
      durationMs: 1,
    });
    const snap = tracker.snapshot();
    expect(snap.bindingCalls).toBe(500);
    expect(snap.calls).toHaveLength(MAX_LISTED_CALLS);
    expect(snap.calls.at(-1)).toEqual({
      callId: 500,
      name: "b",
      state: "failed",
      errorCode: "HANDLER_ERROR",
    });
    expect(snap.stdout).toHaveLength(MAX_CONSOLE_CHARS);
  });
});
