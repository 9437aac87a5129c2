import { InvalidOptionsError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { fakeCodeTool } from "../test/support/fake-code-tool.ts";
import { toChatCompletionTool, toResponsesTool } from "./tool-definitions.ts";

describe("toChatCompletionTool", () => {
  it("wraps the code tool in a strict Chat Completions function tool", () => {
    const codeTool = fakeCodeTool();
    expect(toChatCompletionTool(codeTool)).toEqual({
      type: "function",
      function: {
        name: "execute_code",
        description: codeTool.description,
        parameters: codeTool.inputSchema,
        strict: true,
      },
    });
  });

  it("hands out a copy of the schema, so editing it cannot change the code tool", () => {
    const codeTool = fakeCodeTool();
    const tool = toChatCompletionTool(codeTool);
    (tool.function.parameters as { required: string[] }).required.push("extra");
    expect(codeTool.inputSchema.required).toEqual(["code"]);
  });

  it.each(["run.code", "", "x".repeat(65), "run code"])(
    "refuses the name %j, which OpenAI rejects",
    (name) => {
      expect(() => toChatCompletionTool(fakeCodeTool(name))).toThrow(InvalidOptionsError);
      expect(() => toChatCompletionTool(fakeCodeTool(name))).toThrow(
        /not a valid OpenAI function name/,
      );
    },
  );
});

describe("toResponsesTool", () => {
  it("describes the code tool as a flat, strict Responses function tool", () => {
    const codeTool = fakeCodeTool("run_js");
    expect(toResponsesTool(codeTool)).toEqual({
      type: "function",
      name: "run_js",
      description: codeTool.description,
      parameters: codeTool.inputSchema,
      strict: true,
    });
  });

  it("refuses a name with a dot", () => {
    expect(() => toResponsesTool(fakeCodeTool("a.b"))).toThrow(/toResponsesTool: 1 invalid option/);
  });
});
