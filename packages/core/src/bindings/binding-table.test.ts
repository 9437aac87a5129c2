import { describe, expect, it, vi } from "vitest";
import type { OptionIssue } from "../errors.ts";
import { compileBindings, describeSchemaErrors } from "./binding-table.ts";

const handler = () => null;

describe("compileBindings", () => {
  it("shares one validator between equal schemas and keeps different schemas apart", () => {
    const issues: OptionIssue[] = [];
    const a = compileBindings(
      { x: { description: "", inputSchema: { type: "object", required: ["a"] }, handler } },
      issues,
    );
    const b = compileBindings(
      { y: { description: "", inputSchema: { type: "object", required: ["a"] }, handler } },
      issues,
    );
    const c = compileBindings(
      { z: { description: "", inputSchema: { type: "object", required: ["b"] }, handler } },
      issues,
    );
    expect(issues).toEqual([]);
    expect(a.get("x")?.validateInput).toBe(b.get("y")?.validateInput);
    expect(c.get("z")?.validateInput({ a: 1 })).toBe(false);
    expect(a.get("x")?.validateInput({ a: 1 })).toBe(true);
  });

  it("reports ajv's unknown-format warnings as diagnostics, not on the console, cached or not", () => {
    const spies = (["log", "warn", "error"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    try {
      const schema = {
        type: "object",
        properties: { body: { type: "string", format: "json" } },
      };
      for (const name of ["first", "again"]) {
        const issues: OptionIssue[] = [];
        const diagnostics: OptionIssue[] = [];
        const table = compileBindings(
          { [name]: { description: "", inputSchema: schema, handler } },
          issues,
          diagnostics,
        );
        expect(issues).toEqual([]);
        expect(table.get(name)?.validateInput({ body: "not json" })).toBe(true);
        expect(diagnostics).toEqual([
          {
            path: `bindings.${name}.inputSchema`,
            message: 'unknown format "json" ignored in schema at path "#/properties/body"',
          },
        ]);
      }
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("compiles draft 2020-12 and draft-07 schemas by their $schema", () => {
    const issues: OptionIssue[] = [];
    const table = compileBindings(
      {
        modern: {
          description: "",
          inputSchema: {
            $schema: "https://json-schema.org/draft/2020-12/schema",
            type: "array",
            prefixItems: [{ type: "number" }],
          },
          handler,
        },
        classic: {
          description: "",
          inputSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object" },
          handler,
        },
      },
      issues,
    );
    expect(issues).toEqual([]);
    expect(table.get("modern")?.validateInput(["x"])).toBe(false);
    expect(table.get("modern")?.validateInput([1])).toBe(true);
  });

  it("reports every binding whose schema does not compile", () => {
    const issues: OptionIssue[] = [];
    compileBindings(
      {
        one: { description: "", inputSchema: { type: "bogus" }, handler },
        two: {
          description: "",
          inputSchema: { type: "object" },
          outputSchema: { minimum: "x" },
          handler,
        },
      },
      issues,
    );
    expect(issues.map((i) => i.path)).toEqual([
      "bindings.one.inputSchema",
      "bindings.two.outputSchema",
    ]);
  });
});

describe("describeSchemaErrors", () => {
  it("names the failing fields", () => {
    const issues: OptionIssue[] = [];
    const table = compileBindings(
      {
        t: {
          description: "",
          inputSchema: {
            type: "object",
            properties: {
              city: { type: "string" },
              units: { enum: ["c", "f"] },
              tags: { type: "array", items: { type: "string" } },
            },
            required: ["city"],
            additionalProperties: false,
          },
          handler,
        },
      },
      issues,
    );
    const validate = table.get("t")!.validateInput;
    validate({ units: "k", tags: ["a", 2], extra: true });
    expect(describeSchemaErrors(validate.errors)).toBe(
      'city is required; extra is not allowed; units must be one of "c", "f"; tags[1] must be string',
    );
  });
});
