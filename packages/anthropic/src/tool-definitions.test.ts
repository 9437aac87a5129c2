import type { CodeTool } from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { toAnthropicTool, toRunnableTool } from "./tool-definitions.ts";

function codeTool(name = "execute_code", isError = false): CodeTool {
  return {
    name,
    description: "Run code",
    inputSchema: {
      type: "object",
      properties: { code: { type: "string", description: "code" } },
      required: ["code"],
      additionalProperties: false,
    },
    execute: async () => ({
      text: isError ? "GUEST_ERROR: boom" : "42",
      isError,
      result: {
        status: "completed" as const,
        exitCode: isError ? 1 : 0,
        stdout: "",
        stderr: "",
        value: 42,
        stats: {
          wallMs: 1,
          cpuMs: 1,
          bindingCalls: 0,
          droppedOutputBytes: 0,
          replayedCalls: 0,
          executedCalls: 0,
        },
      },
    }),
  };
}

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    return (error as InvalidOptionsError).issues.map((i) => i.path);
  }
  throw new Error("expected an InvalidOptionsError");
}

describe("toAnthropicTool", () => {
  it("passes allowed_callers and other fields through unchanged", () => {
    const tool = toAnthropicTool(codeTool(), {
      fields: {
        allowed_callers: ["direct", "code_execution_20260120"],
        defer_loading: true,
        strict: true,
      },
    });
    expect(tool).toEqual({
      name: "execute_code",
      description: "Run code",
      input_schema: codeTool().inputSchema,
      allowed_callers: ["direct", "code_execution_20260120"],
      defer_loading: true,
      strict: true,
    });
  });

  it("refuses a bad name and fields it sets itself, listing each", () => {
    expect(
      issuesOf(() =>
        toAnthropicTool(codeTool("run.code"), {
          fields: { name: "x", allowed_callers: "direct" } as never,
        }),
      ),
    ).toEqual(["codeTool.name", "options.fields.name", "options.fields.allowed_callers"]);
    expect(issuesOf(() => toRunnableTool({} as never, { onRunEvent: 1 as never }))).toEqual([
      "codeTool",
      "options.onRunEvent",
    ]);
  });
});

describe("toRunnableTool", () => {
  it("returns the compact text, and throws the SDK's ToolError for a failed run", async () => {
    const ok = toRunnableTool(codeTool());
    expect(ok.type).toBe("custom");
    expect(await ok.run({ code: "x" })).toBe("42");
    const failing = toRunnableTool(codeTool("execute_code", true));
    await expect(failing.run({ code: "x" })).rejects.toMatchObject({
      name: "ToolError",
      content: "GUEST_ERROR: boom",
    });
  });
});
