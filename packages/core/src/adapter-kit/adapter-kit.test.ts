import { describe, expect, it } from "vitest";
import type { OptionIssue } from "../errors.ts";
import type { CodeTool } from "../types.ts";
import {
  checkCodeTool,
  checkNamespace,
  codedMessage,
  isCodeTool,
  namespacedName,
  TOOL_NAME_PATTERN,
} from "./adapter-kit.ts";

const codeTool: CodeTool = {
  name: "execute_code",
  description: "runs code",
  inputSchema: {
    type: "object",
    properties: { code: { type: "string", description: "code" } },
    required: ["code"],
    additionalProperties: false,
  },
  execute: async () => {
    throw new Error("not called");
  },
};

describe("TOOL_NAME_PATTERN", () => {
  it.each(["execute_code", "a", "x-1", "A".repeat(64)])("accepts %s", (name) => {
    expect(TOOL_NAME_PATTERN.test(name)).toBe(true);
  });
  it.each(["", "a.b", "has space", "A".repeat(65), "ünï"])("refuses %j", (name) => {
    expect(TOOL_NAME_PATTERN.test(name)).toBe(false);
  });
});

describe("checkNamespace", () => {
  it.each(["crm", "acme.crm", "a_b-c"])("accepts %s", (ns) => {
    const issues: OptionIssue[] = [];
    expect(checkNamespace(ns, "options.namespace", issues)).toBe(ns);
    expect(issues).toEqual([]);
  });

  it("accepts an absent namespace without an issue", () => {
    const issues: OptionIssue[] = [];
    expect(checkNamespace(undefined, "options.namespace", issues)).toBeUndefined();
    expect(issues).toEqual([]);
  });

  it.each(["", "a..b", ".a", "a b", 3, "x".repeat(128)])("refuses %j at the path", (ns) => {
    const issues: OptionIssue[] = [];
    expect(checkNamespace(ns, "options.namespace", issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: "options.namespace", message: expect.stringMatching(/^may contain only letters/) },
    ]);
  });
});

describe("namespacing", () => {
  it("puts a name under a namespace, or leaves it", () => {
    expect(namespacedName("crm", "get_user")).toBe("crm.get_user");
    expect(namespacedName(undefined, "get_user")).toBe("get_user");
  });
});

describe("code tool checks", () => {
  it("recognises a code tool", () => {
    expect(isCodeTool(codeTool)).toBe(true);
    expect(isCodeTool({ ...codeTool, execute: "no" })).toBe(false);
    expect(isCodeTool(null)).toBe(false);
  });

  it("says when it was given a runtime instead", () => {
    const issues: OptionIssue[] = [];
    checkCodeTool({ run: () => {}, bindings: [] }, "codeTool", issues);
    checkCodeTool(42, "codeTool", issues);
    checkCodeTool(codeTool, "codeTool", issues);
    expect(issues).toEqual([
      {
        path: "codeTool",
        message: "must be a code tool, got a runtime: pass createCodeTool(rt, options)",
      },
      { path: "codeTool", message: "must be a code tool from createCodeTool(rt, options)" },
    ]);
  });
});

describe("codedMessage", () => {
  it("puts the code first", () => {
    expect(codedMessage("UNKNOWN_TOOL", "no tool x")).toBe("UNKNOWN_TOOL: no tool x");
  });
});
