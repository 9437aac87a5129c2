import { describe, expect, it } from "vitest";
import { pruneUnusedDefs } from "./prune-schema.ts";

describe("pruneUnusedDefs", () => {
  it("keeps the definitions reached from the schema, directly or through each other", () => {
    const schema = {
      type: "object",
      properties: { parent: { $ref: "#/$defs/parent" } },
      $defs: {
        parent: { anyOf: [{ $ref: "#/$defs/pageId" }, { type: "string" }] },
        pageId: { type: "string", format: "uuid" },
        unused: { type: "object", properties: { big: { type: "string" } } },
        alsoUnused: { $ref: "#/$defs/unused" },
      },
    };
    expect(pruneUnusedDefs(schema)).toEqual({
      type: "object",
      properties: { parent: { $ref: "#/$defs/parent" } },
      $defs: {
        parent: { anyOf: [{ $ref: "#/$defs/pageId" }, { type: "string" }] },
        pageId: { type: "string", format: "uuid" },
      },
    });
    // The argument is left as it was.
    expect(Object.keys(schema.$defs)).toHaveLength(4);
  });

  it("drops a definitions block nothing uses, and handles draft-07 `definitions`", () => {
    expect(pruneUnusedDefs({ type: "object", definitions: { a: { type: "string" } } })).toEqual({
      type: "object",
    });
    expect(
      pruneUnusedDefs({
        type: "array",
        items: { $ref: "#/definitions/a%20b" },
        definitions: { "a b": { type: "number" }, c: { type: "string" } },
      }),
    ).toEqual({
      type: "array",
      items: { $ref: "#/definitions/a%20b" },
      definitions: { "a b": { type: "number" } },
    });
  });

  it("returns the schema itself when nothing is unused, or when a ref might reach anything", () => {
    const used = { properties: { a: { $ref: "#/$defs/a" } }, $defs: { a: { type: "string" } } };
    expect(pruneUnusedDefs(used)).toBe(used);
    const whole = { properties: { self: { $ref: "#" } }, $defs: { a: { type: "string" } } };
    expect(pruneUnusedDefs(whole)).toBe(whole);
    expect(pruneUnusedDefs(true)).toBe(true);
    const plain = { type: "string" };
    expect(pruneUnusedDefs(plain)).toBe(plain);
  });
});
