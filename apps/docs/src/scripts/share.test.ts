import { describe, expect, it } from "vitest";
import { decodeShare, encodeShare } from "./playground.ts";

describe("share links", () => {
  it("round-trips a program with non-ASCII text, its language and timeout", () => {
    const shared = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: guest code with its own template
      code: "return `héllo ✓ ${1 + 1}` // ünïcode",
      language: "typescript",
      timeoutMs: 900,
    };
    const hash = encodeShare(shared);
    expect(hash).toMatch(/^#code=[A-Za-z0-9_-]+&lang=typescript&timeout=900$/);
    expect(decodeShare(hash)).toEqual(shared);
  });

  it("ignores a hash without a program, damaged base64, or an unknown language", () => {
    expect(decodeShare("")).toBeUndefined();
    expect(decodeShare("#intro")).toBeUndefined();
    expect(decodeShare("#code=%%%")).toBeUndefined();
    expect(decodeShare("#code=_w&lang=python")).toBeUndefined();
    expect(decodeShare(`${encodeShare({ code: "1" })}&lang=python`)).toEqual({ code: "1" });
  });
});
