import type {
  CodeTool,
  CodeToolExecuteOptions,
  CodeToolResult,
  CompletedRunResult,
  RunEvent,
  RunResult,
} from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { ToolMessage } from "@langchain/core/messages";
import { ToolInputParsingException } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { CodeModeTool, createCodeModeTool } from "./code-mode-tool.ts";

const stats = {
  wallMs: 3,
  cpuMs: 1,
  bindingCalls: 0,
  droppedOutputBytes: 0,
  replayedCalls: 0,
  executedCalls: 0,
};

function okResult(value: unknown): CompletedRunResult {
  return { status: "completed", exitCode: 0, stdout: "", stderr: "", value, stats };
}

/**
 * A scripted stand-in for core's code tool: answers each `execute` with the next scripted reply
 * and records what it was given, so the LangChain wiring is tested on its own.
 */
function scriptedCodeTool(
  reply: (input: unknown, options: CodeToolExecuteOptions) => Promise<CodeToolResult>,
): CodeTool & { calls: { input: unknown; options: CodeToolExecuteOptions }[] } {
  const calls: { input: unknown; options: CodeToolExecuteOptions }[] = [];
  return {
    name: "execute_code",
    description: "Run JavaScript.\n\ndeclare const tools: { ping(input: {}): Promise<unknown> }",
    inputSchema: {
      type: "object",
      properties: { code: { type: "string", description: "JavaScript" } },
      required: ["code"],
      additionalProperties: false,
    },
    calls,
    execute(input, options = {}) {
      calls.push({ input, options });
      return reply(input, options);
    },
  };
}

const toolCall = (code: unknown) => ({
  type: "tool_call" as const,
  id: "call_1",
  name: "execute_code",
  args: { code },
});

describe("CodeModeTool", () => {
  it("takes its name, description and schema from the code tool", () => {
    const codeTool = scriptedCodeTool(async () => ({
      text: "",
      isError: false,
      result: okResult(1),
    }));
    const tool = new CodeModeTool(codeTool);
    expect(tool.name).toBe("execute_code");
    expect(tool.description).toBe(codeTool.description);
    expect(tool.schema).toBe(codeTool.inputSchema);
    expect(tool.responseFormat).toBe("content_and_artifact");
  });

  it("answers a tool call with the text as content and the run result as artifact", async () => {
    const result = okResult({ sum: 3 });
    const tool = new CodeModeTool(
      scriptedCodeTool(async () => ({ text: '{"sum":3}', isError: false, result })),
    );
    const message = await tool.invoke(toolCall("return 1 + 2"));
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message.content).toBe('{"sum":3}');
    expect(message.artifact).toBe(result);
    expect(message.tool_call_id).toBe("call_1");
    expect(message.status).toBe("success");
  });

  it("returns the text alone when invoked with plain arguments", async () => {
    const tool = new CodeModeTool(
      scriptedCodeTool(async () => ({ text: "42", isError: false, result: okResult(42) })),
    );
    expect(await tool.invoke({ code: "return 42" })).toBe("42");
  });

  it("passes the code to execute", async () => {
    const codeTool = scriptedCodeTool(async () => ({
      text: "1",
      isError: false,
      result: okResult(1),
    }));
    await new CodeModeTool(codeTool).invoke({ code: "return 1" });
    expect(codeTool.calls.map((c) => c.input)).toEqual([{ code: "return 1" }]);
  });

  it("returns a failed run as an error ToolMessage instead of throwing", async () => {
    const result: RunResult = {
      status: "completed",
      exitCode: 1,
      stdout: "",
      stderr: "ReferenceError: nope is not defined",
      value: undefined,
      error: {
        code: "GUEST_ERROR",
        name: "ReferenceError",
        message: "nope is not defined",
        line: 1,
      },
      stats,
    };
    const text = "Error GUEST_ERROR at line 1: ReferenceError: nope is not defined";
    const tool = new CodeModeTool(scriptedCodeTool(async () => ({ text, isError: true, result })));
    const message = await tool.invoke(toolCall("nope()"));
    expect(message.content).toBe(text);
    expect(message.artifact).toBe(result);
    expect(message.status).toBe("error");
  });

  it("refuses arguments without code, with details the model can act on", async () => {
    const codeTool = scriptedCodeTool(async () => ({
      text: "",
      isError: false,
      result: okResult(1),
    }));
    const call = new CodeModeTool(codeTool).invoke({
      ...toolCall(""),
      args: { source: "return 1" },
    } as never);
    await expect(call).rejects.toBeInstanceOf(ToolInputParsingException);
    await expect(call).rejects.toThrow(/code/);
    expect(codeTool.calls).toHaveLength(0);
  });

  it("hands the call's signal to execute and rejects with its reason once aborted", async () => {
    const codeTool = scriptedCodeTool(
      (_input, { signal }) =>
        new Promise((resolve) => {
          signal?.addEventListener("abort", () =>
            resolve({
              text: "Error ABORTED",
              isError: true,
              result: { ...okResult(undefined), exitCode: 130 },
            }),
          );
        }),
    );
    const controller = new AbortController();
    const pending = new CodeModeTool(codeTool).invoke(toolCall("await new Promise(() => {})"), {
      signal: controller.signal,
    });
    await expect.poll(() => codeTool.calls.length).toBe(1);
    controller.abort(new Error("user cancelled"));
    await expect(pending).rejects.toThrow("user cancelled");
    expect(codeTool.calls[0]?.options.signal?.aborted).toBe(true);
  });

  it("cancels the run when the call's config timeout expires", async () => {
    const codeTool = scriptedCodeTool(
      (_input, { signal }) =>
        new Promise((resolve) => {
          signal?.addEventListener("abort", () =>
            resolve({
              text: "Error ABORTED",
              isError: true,
              result: { ...okResult(undefined), exitCode: 130 },
            }),
          );
        }),
    );
    const call = new CodeModeTool(codeTool).invoke(
      { code: "await new Promise(() => {})" },
      { timeout: 50 },
    );
    await expect(call).rejects.toThrow(/timeout/i);
    expect(codeTool.calls[0]?.options.signal?.aborted).toBe(true);
  });

  it("does not start a run when the signal is already aborted", async () => {
    const codeTool = scriptedCodeTool(async () => ({
      text: "1",
      isError: false,
      result: okResult(1),
    }));
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(
      new CodeModeTool(codeTool).invoke({ code: "1" }, { signal: controller.signal }),
    ).rejects.toThrow("too late");
    expect(codeTool.calls).toHaveLength(0);
  });

  it("forwards run events to onEvent and survives a throwing listener", async () => {
    const event: RunEvent = {
      type: "console",
      runId: "r1",
      stream: "stdout",
      text: "hi\n",
      atMs: 1,
    };
    const codeTool = scriptedCodeTool(async (_input, { onEvent }) => {
      onEvent?.(event);
      onEvent?.(event);
      return { text: "ok", isError: false, result: okResult("ok") };
    });
    const seen: RunEvent[] = [];
    const tool = new CodeModeTool(codeTool, {
      onEvent: (e) => {
        seen.push(e);
        throw new Error("listener bug");
      },
    });
    expect(await tool.invoke({ code: "console.log('hi')" })).toBe("ok");
    expect(seen).toEqual([event, event]);
  });
});

describe("createCodeModeTool", () => {
  const codeTool = () =>
    scriptedCodeTool(async () => ({ text: "Result: 1", isError: false, result: okResult(1) }));

  it("wraps a code tool, like every isobind adapter", async () => {
    const inner = codeTool();
    const tool = createCodeModeTool(inner);
    expect(tool).toBeInstanceOf(CodeModeTool);
    expect(tool.codeTool).toBe(inner);
    expect(tool.name).toBe("execute_code");
    expect(await tool.invoke({ code: "return 1" })).toBe("Result: 1");
  });

  it("refuses an onEvent that is not a function", () => {
    const call = () => createCodeModeTool(codeTool(), { onEvent: "log" as never });
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow("options.onEvent: must be a function");
  });

  it("says to pass createCodeTool(rt) when given a runtime", () => {
    const runtime = { bindings: [], run: async () => okResult(1) };
    const call = () => createCodeModeTool(runtime as unknown as CodeTool);
    expect(call).toThrow(InvalidOptionsError);
    expect(call).toThrow(
      "codeTool: must be a code tool, got a runtime: pass createCodeTool(rt, options)",
    );
  });
});
