import { describe, expect, it } from "vitest";
import { boundContent, clip, settledMessage } from "./content.ts";

describe("boundContent", () => {
  it("keeps text within the bound", () => {
    expect(boundContent("abc", 3)).toBe("abc");
  });

  it("cuts longer text and says how much was dropped", () => {
    expect(boundContent("abcdef", 2)).toBe("ab…[isobind: 4 more characters]");
  });

  it("never leaves half of a surrogate pair", () => {
    const text = `a${"😀".repeat(3)}`;
    const cut = boundContent(text, 2);
    expect(cut.startsWith("a…")).toBe(true);
    expect(cut).toContain("6 more characters");
    expect(clip("😀x", 1)).toBe("");
  });
});

describe("settledMessage", () => {
  it("reads the code and message of a failed call", () => {
    const payload = JSON.stringify({ code: "HANDLER_ERROR", message: "boom" });
    expect(settledMessage({ ok: 0, payload })).toBe("HANDLER_ERROR: boom");
  });

  it("gives up on anything else", () => {
    expect(settledMessage({ ok: 0, payload: "not json" })).toBeUndefined();
    expect(settledMessage({ ok: 0, payload: "{}" })).toBeUndefined();
  });
});
