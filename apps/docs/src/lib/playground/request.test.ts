import { describe, expect, it } from "vitest";
import {
  MAX_TIMEOUT_MS,
  parsePlaygroundRequest,
  parseResumeRequest,
  readCappedText,
} from "./request.ts";

describe("parsePlaygroundRequest", () => {
  it("applies the defaults to a body with only code", () => {
    expect(parsePlaygroundRequest({ code: "return 1" })).toEqual({
      ok: true,
      request: { code: "return 1", language: "javascript", timeoutMs: MAX_TIMEOUT_MS },
    });
  });

  it("keeps a valid language and a lower timeout", () => {
    expect(parsePlaygroundRequest({ code: "", language: "typescript", timeoutMs: 1000 })).toEqual({
      ok: true,
      request: { code: "", language: "typescript", timeoutMs: 1000 },
    });
  });

  it("reports every problem at once", () => {
    expect(
      parsePlaygroundRequest({ code: 1, language: "python", timeoutMs: 60_000, extra: true }),
    ).toEqual({
      ok: false,
      errors: [
        "code: must be a string",
        'language: must be "javascript" or "typescript"',
        "timeoutMs: must be an integer from 1 to 30000",
        "extra: unknown field",
      ],
    });
  });

  it.each([null, [], "code", 3])("refuses a body that is not an object: %j", (body) => {
    expect(parsePlaygroundRequest(body)).toEqual({
      ok: false,
      errors: ['body: must be a JSON object like {"code": "…"}'],
    });
  });

  it.each([0, 1.5, -1, Number.NaN])("refuses timeoutMs %s", (timeoutMs) => {
    expect(parsePlaygroundRequest({ code: "", timeoutMs }).ok).toBe(false);
  });
});

describe("readCappedText", () => {
  const stream = (...parts: string[]) =>
    new Blob(parts.map((p) => new TextEncoder().encode(p))).stream();

  it("reads a body up to the cap", async () => {
    expect(await readCappedText(stream("héllo ", "wörld"), 13)).toBe("héllo wörld");
  });

  it("returns undefined as soon as the body passes the cap", async () => {
    expect(await readCappedText(stream("x".repeat(10), "y".repeat(10)), 15)).toBeUndefined();
  });

  it("reads a missing body as empty text", async () => {
    expect(await readCappedText(null, 10)).toBe("");
  });
});

describe("parseResumeRequest", () => {
  it("accepts a continuation and decisions, with the default timeout", () => {
    const decisions = { "r-2": { approved: true } };
    expect(parseResumeRequest({ continuation: "ibc1.x", decisions })).toEqual({
      ok: true,
      request: { continuation: "ibc1.x", decisions, timeoutMs: MAX_TIMEOUT_MS },
    });
  });

  it("lists every problem at once", () => {
    expect(parseResumeRequest({ continuation: 1, decisions: [], timeoutMs: 0, extra: 1 })).toEqual({
      ok: false,
      errors: [
        "continuation: must be a string",
        "decisions: must be an object mapping pending ids to { approved }",
        `timeoutMs: must be an integer from 1 to ${MAX_TIMEOUT_MS}`,
        "extra: unknown field",
      ],
    });
  });
});
