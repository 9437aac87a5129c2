import { InvalidOptionsError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { bindingsFromAnthropicTools } from "./bindings-from-anthropic-tools.ts";

const schema = { type: "object" as const, properties: { q: { type: "string" } } };
const ctx = { signal: new AbortController().signal, name: "x", runId: "r1", callId: 1 };

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionsError);
    return (error as InvalidOptionsError).issues.map((i) => i.path);
  }
  throw new Error("expected an InvalidOptionsError");
}

describe("bindingsFromAnthropicTools", () => {
  it("turns definitions and handlers into bindings, under a namespace", async () => {
    const bindings = bindingsFromAnthropicTools(
      [
        {
          name: "search",
          description: "Search",
          input_schema: schema,
          allowed_callers: ["code_execution_20260120"],
        },
      ],
      { search: ({ q }: { q: string }) => [q] },
      { namespace: "docs" },
    );
    expect(Object.keys(bindings)).toEqual(["docs.search"]);
    expect(bindings["docs.search"]?.inputSchema).toEqual(schema);
    expect(
      await (bindings["docs.search"]!.handler as (i: unknown, c: unknown) => unknown)(
        { q: "a" },
        ctx,
      ),
    ).toEqual(["a"]);
  });

  it("keeps non-text content blocks of a runnable tool, and its text as text when parsing is off", async () => {
    const image = {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "AA==" },
    };
    const bindings = bindingsFromAnthropicTools(
      [
        {
          type: "custom",
          name: "pic",
          description: "",
          input_schema: schema,
          parse: (x: unknown) => x,
          run: () => [image],
        },
        {
          type: "custom",
          name: "json",
          description: "",
          input_schema: schema,
          parse: (x: unknown) => x,
          run: () => "[1]",
        },
      ] as never,
      { parseJsonResults: false },
    );
    const call = (name: string) =>
      (bindings[name]!.handler as (i: unknown, c: unknown) => Promise<unknown>)({}, ctx);
    expect(await call("pic")).toEqual([image]);
    expect(await call("json")).toBe("[1]");
  });

  it("lists every tool that cannot become a binding", () => {
    expect(
      issuesOf(() =>
        bindingsFromAnthropicTools(
          [
            { name: "a", input_schema: schema },
            { name: "a", input_schema: schema },
            { name: "direct_only", input_schema: schema, allowed_callers: ["direct"] },
            { type: "bash_20250124", name: "bash" } as never,
            { name: "b", input_schema: schema },
          ],
          { a: () => 1, direct_only: () => 1, bash: () => 1 },
        ),
      ),
    ).toEqual(["tools[1]", "tools[2].allowed_callers", "tools[3].type", "handlers.b"]);
    expect(
      issuesOf(() =>
        bindingsFromAnthropicTools([{ name: "a", input_schema: schema }], {
          a: () => 1,
          z: () => 1,
        }),
      ),
    ).toEqual(["handlers.z"]);
  });
});
