/**
 * A small fuzzer over the abuse suite's pieces: random programs (seeded, so any failure can be
 * replayed) built from loops, bombs, floods, escapes and ordinary work, run for a bounded time
 * in both isolation modes. Invariants: `run()` never rejects; the exit code is one of the
 * documented ones and matches the error code; an error is present exactly when the exit code
 * is not 0; the wall time stays within the timeout plus slack; nothing reaches the host; and
 * the runtime still runs the seed program afterwards.
 *
 * `FUZZ_SECONDS` (default 16, split between the modes) extends the run; `FUZZ_SEED` replays one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime, type RunErrorCode, type RunResult } from "../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectHealthy,
  MODES,
  WALL_SLACK_MS,
} from "./abuse/helpers.ts";

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? 0x15_0b_1d);

const EXIT_OF: Record<RunErrorCode, number> = {
  GUEST_ERROR: 1,
  SYNTAX_ERROR: 1,
  RESULT_TOO_LARGE: 1,
  RESULT_NOT_SERIALIZABLE: 1,
  BINDING_CALL_LIMIT: 1,
  CODE_TOO_LARGE: 1,
  TIMEOUT: 124,
  CPU_TIME_LIMIT: 124,
  ABORTED: 130,
  MEMORY_LIMIT: 137,
  SANDBOX_CRASHED: 137,
  QUEUE_FULL: 75,
};

/** mulberry32: small, fast, good enough to pick pieces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Statements a program is built from. Each may be wrapped, repeated or combined. */
const PIECES: string[] = [
  // ordinary work
  "await tools.echo({ n: 1 });",
  "const r1 = await Promise.all([tools.echo({ a: 1 }), tools.ns.deep.fn({})]); console.log(r1);",
  'console.log("hello", { a: [1, 2, { b: 3 }] }); console.warn("warn");',
  "await new Promise((r) => setTimeout(r, 3));",
  "try { await tools.fail({}); } catch (e) { console.log(e.code); }",
  "await tools.fail({});",
  'throw new TypeError("thrown by the guest");',
  "throw { not: 'an error' };",
  // CPU and time
  "while (true) {}",
  "for (;;) await null;",
  "await new Promise(() => {});",
  "await tools.echo({}); for (let i = 0; i < 1e12; i++) {}",
  "setTimeout(() => { while (true) {} }, 1);",
  '/(a+)+$/.test("a".repeat(32) + "b");',
  "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);",
  "await tools.slow({});",
  "const f = () => setTimeout(f, 0); f();",
  "const q = () => queueMicrotask(q); q();",
  // memory
  "const heap = []; while (true) heap.push({ s: 'abc' + Math.random() });",
  "new Float64Array(2 ** 30);",
  "const kept = []; for (;;) kept.push(new Uint8Array(1 << 20));",
  "new ArrayBuffer(1, { maxByteLength: 2 ** 31 }).resize(2 ** 30);",
  "new WebAssembly.Memory({ initial: 16000 });",
  "let s = 'x'; while (true) s += s;",
  "const deep = (n) => deep(n + 1) + 1; deep(0);",
  // floods
  'for (let i = 0; i < 1e5; i++) console.log("flood " + i);',
  'console.error("y".repeat(3e6));',
  'return "x".repeat(2e6);',
  "await Promise.all(Array.from({ length: 300 }, (_, i) => tools.echo({ i })));",
  "for (let i = 0; i < 2000; i++) setTimeout(() => {}, 50);",
  "for (;;) clearTimeout(setTimeout(() => {}, 1e9));",
  'await tools.echo({ s: "x".repeat(300000) });',
  "await tools.big({ n: 300000 });",
  // escapes and pollution
  `{ const g = callBinding.constructor.constructor("return this")(); if (typeof g.process !== "undefined") return "LEAK"; }`,
  `{ const g = Function("return this")(); if (typeof g.require !== "undefined") return "LEAK"; }`,
  "try { await import('fs'); return 'LEAK'; } catch {}",
  `await tools.inspect(JSON.parse('{"__proto__":{"polluted":"yes"}}'));`,
  `return JSON.parse('{"__proto__":{"polluted":"yes"}}');`,
  "Object.prototype.polluted = 'guest'; JSON.stringify = () => 'x'; await tools.echo({ p: 1 });",
  "Error.prepareStackTrace = (e, s) => s.map((f) => typeof f.getThis()); new Error('x').stack;",
  "globalThis.secret = 'previous run';",
  "if (typeof secret !== 'undefined') return 'LEAK';",
  // odd values and syntax
  "return 1n;",
  "return { self: globalThis };",
  "__return({ ok: true });",
  "return undefined;",
  "})(); (function () {",
  "const { a } = ;",
];

const WRAPS: ((s: string) => string)[] = [
  (s) => s,
  (s) => `try { ${s} } catch (e) { console.log("caught", e && e.code); }`,
  (s) =>
    `await new Promise((resolve) => setTimeout(async () => { try { ${s} } finally { resolve(); } }, 1));`,
  (s) => `await tools.echo({}).then(async () => { ${s} });`,
];

function program(rand: () => number): { code: string; timeout: number } {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) parts.push(pick(WRAPS)(pick(PIECES)));
  if (rand() < 0.5) parts.push(`return ${pick(["1", '"done"', "{ a: [1, 2] }", "null"])};`);
  return { code: parts.join("\n"), timeout: 300 + Math.floor(rand() * 500) };
}

describe.each(MODES)("fuzz (%s)", (isolation) => {
  let rt: NodeRuntime;
  const probe = createProbe();

  beforeAll(async () => {
    rt = await NodeRuntime.create({
      isolation,
      bindings: abuseBindings(probe),
      limits: { memoryLimitMb: 32, maxBindingCalls: 200, maxPendingTimers: 500 },
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it("keeps every invariant over random abusive programs", async () => {
    const seed = SEED + (isolation === "process" ? 0 : 1);
    const rand = prng(seed);
    const until = Date.now() + (SECONDS * 1000) / MODES.length;
    let programs = 0;
    const seenCodes = new Set<string>();
    while (Date.now() < until) {
      const { code, timeout } = program(rand);
      const where = `seed ${seed}, program #${programs} (FUZZ_SEED=${seed} replays)\n${code}`;
      let result: RunResult;
      try {
        result = await rt.run(code, { timeout });
      } catch (e) {
        throw new Error(`run() rejected (${String(e)}) at ${where}`);
      }
      programs++;
      const { exitCode, error } = result;
      expect([0, 1, 124, 130, 137], where).toContain(exitCode);
      if (exitCode === 0) {
        expect(error, where).toBeUndefined();
      } else {
        expect(error, where).toBeDefined();
        const code = error?.code as RunErrorCode;
        expect(EXIT_OF[code], `${where}\n${JSON.stringify(error)}`).toBe(exitCode);
        seenCodes.add(code);
      }
      expect(result.value, where).not.toBe("LEAK");
      expect(result.stats.wallMs, where).toBeLessThan(timeout + WALL_SLACK_MS);
      expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
      await expectHealthy(rt);
    }
    // The pieces really exercised the limits, not just the happy path.
    expect(programs).toBeGreaterThan(5);
    expect(seenCodes.size).toBeGreaterThan(2);
  }, 120_000);
});
