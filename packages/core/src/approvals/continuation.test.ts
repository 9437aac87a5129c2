import { describe, expect, it } from "vitest";
import { InvalidContinuationError } from "../errors.ts";
import { resolveLimits } from "../runtime/options.ts";
import {
  bindingSetHash,
  type ContinuationState,
  deriveKeys,
  openContinuation,
  sealContinuation,
} from "./continuation.ts";
import { MemoryContinuationStore } from "./store.ts";

const keys = deriveKeys("unit-test-secret-unit-test-secret-0000");
const schema = { type: "object", properties: { a: { type: "string" }, b: { type: "number" } } };
const hash = bindingSetHash([{ name: "x", inputSchema: schema }]);

function state(over: Partial<ContinuationState> = {}): ContinuationState {
  return {
    id: "c-1",
    exp: Date.now() + 60_000,
    bindings: hash,
    round: 1,
    code: "return await tools.x({ a: 'secret-tool-result' })",
    language: "javascript",
    limits: resolveLimits(),
    seed: [1, 2, 3, 4],
    entries: [["settle", 1, 1, '{"card":"4111-1111"}']],
    calls: [[1, "x", '{"a":"1"}']],
    held: [],
    pending: [["p-2", 2, "x", "{}", ""]],
    clock: { date: [1], perf: [0.5] },
    timers: [],
    ...over,
  };
}

function checkOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidContinuationError);
    return (e as InvalidContinuationError).check;
  }
  return "accepted";
}

describe("continuations", () => {
  it("round-trips a state and hides its content", () => {
    const token = sealContinuation(state(), keys, 1 << 20) as string;
    expect(token.startsWith("ibc1.")).toBe(true);
    expect(token).not.toMatch(/secret-tool-result|4111|tools\.x/);
    expect(Buffer.from(token.slice(5), "base64url").toString("latin1")).not.toContain("4111");
    expect(openContinuation(token, keys, 1 << 20, hash)).toEqual(
      state({ exp: expect.any(Number) }),
    );
  });

  it("refuses a change to any byte", () => {
    const token = sealContinuation(state(), keys, 1 << 20) as string;
    const bytes = Buffer.from(token.slice(5), "base64url");
    // Past the key id (which fails as "secret"): iv, ciphertext, GCM tag and MAC.
    for (const at of [8, 12, 30, bytes.length - 40, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] as number) ^ 1;
      const forged = `ibc1.${copy.toString("base64url")}`;
      expect(
        checkOf(() => openContinuation(forged, keys, 1 << 20, hash)),
        `byte ${at}`,
      ).toBe("signature");
    }
  });

  it.each([
    ["expiry", () => sealContinuation(state({ exp: Date.now() - 1 }), keys, 1 << 20), hash],
    ["bindings", () => sealContinuation(state(), keys, 1 << 20), "other"],
    ["secret", () => sealContinuation(state(), deriveKeys(undefined), 1 << 20), hash],
  ])("names the %s check", (check, make, bindings) => {
    const token = make() as string;
    expect(checkOf(() => openContinuation(token, keys, 1 << 20, bindings))).toBe(check);
  });

  it("refuses to make or open a continuation over the size cap", () => {
    const big = state({
      code: Array.from({ length: 5000 }, (_, i) => `// ${i * 7919}`).join("\n"),
    });
    expect(sealContinuation(big, keys, 2048)).toBeUndefined();
    const token = sealContinuation(big, keys, 1 << 20) as string;
    expect(checkOf(() => openContinuation(token, keys, 2048, hash))).toBe("size");
  });

  it("hashes binding sets by names and schemas, not key order", () => {
    const reordered = {
      properties: { b: { type: "number" }, a: { type: "string" } },
      type: "object",
    };
    expect(bindingSetHash([{ name: "x", inputSchema: reordered }])).toBe(hash);
    expect(bindingSetHash([{ name: "y", inputSchema: schema }])).not.toBe(hash);
    expect(bindingSetHash([{ name: "x", inputSchema: schema, outputSchema: {} }])).not.toBe(hash);
  });
});

describe("MemoryContinuationStore", () => {
  it("consumes an id once", () => {
    const store = new MemoryContinuationStore();
    expect(store.consume("a", Date.now() + 1000)).toBe(true);
    expect(store.consume("a", Date.now() + 1000)).toBe(false);
    expect(store.consume("b", Date.now() + 1000)).toBe(true);
  });
});
