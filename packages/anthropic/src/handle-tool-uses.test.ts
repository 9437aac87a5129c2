import type { CodeTool } from "@isobind/core";
import { InvalidOptionsError, RuntimeDisposedError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { handleToolUses } from "./handle-tool-uses.ts";

const codeTool: CodeTool = {
  name: "execute_code",
  description: "Run code",
  inputSchema: {
    type: "object",
    properties: { code: { type: "string", description: "code" } },
    required: ["code"],
    additionalProperties: false,
  },
  execute: async (input) => {
    const code = (input as { code: string }).code;
    if (code === "disposed") throw new RuntimeDisposedError("run");
    if (code === "slow") await new Promise((r) => setTimeout(r, 50));
    return {
      text: `ran ${code}`,
      isError: false,
      result: {
        status: "completed" as const,
        exitCode: 0,
        stdout: "",
        stderr: "",
        value: 1,
        stats: {
          wallMs: 1,
          cpuMs: 1,
          bindingCalls: 0,
          droppedOutputBytes: 0,
          replayedCalls: 0,
          executedCalls: 0,
        },
      },
    };
  },
};

const use = (id: string, name: string, input: unknown) => ({ type: "tool_use", id, name, input });

describe("handleToolUses", () => {
  it("answers every tool_use in call order, whatever finishes first", async () => {
    const content = [
      { type: "text", text: "thinking" },
      use("t1", "execute_code", { code: "slow" }),
      use("t2", "lookup", { id: 7 }),
      use("t3", "fail", {}),
      use("t4", "nope", {}),
    ];
    const results = await handleToolUses(content, {
      codeTool,
      handlers: {
        lookup: ({ id }: { id: number }) => ({ id, found: true }),
        fail: () => {
          throw new Error("database down");
        },
      },
    });
    expect(results).toEqual([
      { type: "tool_result", tool_use_id: "t1", content: "ran slow" },
      { type: "tool_result", tool_use_id: "t2", content: '{"id":7,"found":true}' },
      {
        type: "tool_result",
        tool_use_id: "t3",
        content: "Error: fail failed: database down",
        is_error: true,
      },
      {
        type: "tool_result",
        tool_use_id: "t4",
        content:
          'UNKNOWN_TOOL: there is no tool named "nope". Available tools: execute_code, lookup, fail.',
        is_error: true,
      },
    ]);
  });

  it.each(["constructor", "__proto__", "toString"])(
    "treats a tool_use named %s as unknown, not as a property of the handler map",
    async (name) => {
      const [result] = await handleToolUses([use("t1", name, {})], { codeTool, handlers: {} });
      expect(result).toMatchObject({ tool_use_id: "t1", is_error: true });
      expect(result?.content).toMatch(/^UNKNOWN_TOOL/);
    },
  );

  it("leaves unknown tools to the caller with unknownTools: skip", async () => {
    const results = await handleToolUses(
      { content: [use("t1", "other", {})] },
      { codeTool, unknownTools: "skip" },
    );
    expect(results).toEqual([]);
  });

  it("rethrows host misuse instead of telling the model", async () => {
    await expect(
      handleToolUses([use("t1", "execute_code", { code: "disposed" })], { codeTool }),
    ).rejects.toBeInstanceOf(RuntimeDisposedError);
  });

  it("refuses bad input and options, listing each", async () => {
    const error = await handleToolUses(null as never, {
      codeTool: {} as never,
      handlers: { x: 1 as never },
      unknownTools: "drop" as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues.map((i) => i.path)).toEqual([
      "message",
      "options.codeTool",
      "options.handlers.x",
      "options.unknownTools",
    ]);
  });
});
