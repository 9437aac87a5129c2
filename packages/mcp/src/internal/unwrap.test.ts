import { UpstreamError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { unwrapToolResult } from "./unwrap.ts";

describe("unwrapToolResult", () => {
  it("prefers structuredContent", () => {
    expect(
      unwrapToolResult(
        { content: [{ type: "text", text: "ignored" }], structuredContent: { a: 1 } },
        "s.t",
      ),
    ).toEqual({ a: 1 });
  });

  it("parses JSON text content", () => {
    expect(unwrapToolResult({ content: [{ type: "text", text: '{"n":[1,2]}' }] }, "s.t")).toEqual({
      n: [1, 2],
    });
  });

  it("returns text that is not JSON as a string, blocks joined by newlines", () => {
    const content = [
      { type: "text", text: "line one" },
      { type: "text", text: "line two" },
    ];
    expect(unwrapToolResult({ content }, "s.t")).toBe("line one\nline two");
  });

  it("returns mixed content blocks as they came", () => {
    const content = [
      { type: "text", text: "an image:" },
      { type: "image", data: "AAAA", mimeType: "image/png" },
    ];
    expect(unwrapToolResult({ content }, "s.t")).toEqual(content);
  });

  it("returns null for empty content", () => {
    expect(unwrapToolResult({ content: [] }, "s.t")).toBeNull();
  });

  it("throws the upstream text as an UpstreamError when isError is set", () => {
    let thrown: unknown;
    try {
      unwrapToolResult(
        { content: [{ type: "text", text: "no such entity" }], isError: true },
        "s.t",
      );
    } catch (error) {
      thrown = error;
    }
    expect(UpstreamError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: "UPSTREAM_ERROR",
      message: "no such entity",
      details: { upstream: "MCP tool s.t" },
    });
  });

  it("says which tool failed when the error has no text", () => {
    expect(() => unwrapToolResult({ content: [], isError: true }, "mem.read")).toThrow(
      "mem.read reported an error without a message",
    );
  });
});
