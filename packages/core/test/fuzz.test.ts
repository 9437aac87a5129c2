/**
 * A small fuzzer over the abuse suite's pieces: random programs (seeded, so any failure can be
 * replayed) built from loops, bombs, floods, escapes and ordinary work, run for a bounded time
 * in both isolation modes. Invariants: `run()` never rejects; the exit code is one of the
 * documented ones and matches the error code; an error is present exactly when the exit code
 * is not 0; nothing reaches the host; and the runtime still runs the seed program afterwards.
 *
 * Two more families (isobind issue #20): programs that first redefine built-ins the runtime's own
 * guest-side code might use (they may only ever end as the guest's own error), and programs that
 * try to close the async function the code runs in (always SYNTAX_ERROR, never run).
 *
 * `FUZZ_PROGRAMS` (default 60, split between the modes) extends the run; `FUZZ_SEED` replays one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime, type RunErrorCode, type RunResult } from "../src/index.ts";
import { abuseBindings, createProbe, expectHealthy, MODES } from "./abuse/helpers.ts";

const PROGRAMS = Number(process.env.FUZZ_PROGRAMS ?? 60);
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
  // Only the code tool produces these (input refused before running); listed for completeness.
  INVALID_ARGUMENTS: 1,
  UNSUPPORTED_LANGUAGE: 1,
  PAUSED: 75,
  REPLAY_DIVERGED: 1,
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

/**
 * The polluted-realm family (isobind issue #20): redefinitions of built-ins and prototype
 * accessors the runtime's own guest-side code might use. Whatever the guest breaks, it breaks
 * only for itself: the run ends with a documented code, never SANDBOX_CRASHED.
 */
const POLLUTIONS: string[] = [
  'Object.defineProperty(Object.prototype, "get", { get() { throw new Error("get"); }, configurable: true });',
  'Object.defineProperty(Object.prototype, "set", { get() { throw new Error("set"); }, configurable: true });',
  'Object.defineProperty(Object.prototype, "value", { get() { return 1; }, set() { throw new Error("value"); }, configurable: true });',
  'for (const k of ["kind", "name", "message", "resolve", "reject", "id", "json", "fn", "args", "code", "stack"]) Object.defineProperty(Object.prototype, k, { __proto__: null, set() { throw new Error(k); }, get() { return undefined; }, configurable: true });',
  "for (let i = 0; i < 32; i++) Object.defineProperty(Array.prototype, i, { __proto__: null, set(v) { throw new Error('index ' + i); }, configurable: true });",
  'Object.prototype.toJSON = function () { throw new Error("toJSON"); };',
  'Object.defineProperty(Promise.prototype, "constructor", { get() { throw new Error("ctor"); }, configurable: true });',
  'Promise.prototype.then = function () { throw new Error("then"); };',
  'Object.defineProperty(Promise, Symbol.species, { get() { throw new Error("species"); }, configurable: true });',
  'Promise.resolve = Promise.reject = () => { throw new Error("static"); };',
  'for (const C of [Map, Set]) for (const k of ["get", "set", "has", "delete", "add"]) C.prototype[k] = () => { throw new Error(k); };',
  "Array.prototype[Symbol.iterator] = function* () { throw new Error('iter'); };",
  'Object.getPrototypeOf(new Map().entries()).next = () => { throw new Error("next"); };',
  'for (const k of ["split", "replace", "indexOf", "slice", "toLowerCase"]) String.prototype[k] = () => { throw new Error(k); };',
  "RegExp.prototype.exec = () => { throw new Error('exec'); };",
  'Function.prototype.call = Function.prototype.apply = () => { throw new Error("call"); }; Reflect.apply = () => { throw new Error("apply"); };',
  'JSON.stringify = () => { throw new Error("stringify"); }; JSON.parse = () => { throw new Error("parse"); };',
  'Error.prepareStackTrace = () => { throw new Error("pst"); }; Error.stackTraceLimit = 0;',
  "Object.prototype.then = function (r) { delete Object.prototype.then; r(7); };",
  'Object.prototype.has = Object.prototype.ownKeys = function () { throw new Error("trap"); };',
  'Object.defineProperty = Object.freeze = () => { throw new Error("static"); };',
];

/** Ordinary work after a pollution: binding calls, failures, timers, console, a value. */
const AFTER_POLLUTION: string[] = [
  "await tools.echo({ n: 1 });",
  "const ps = [tools.echo({ a: 1 }), tools.fail({})]; await tools.echo({}); try { await ps[1]; } catch {}",
  "try { await tools.fail({}); } catch (e) { console.log(e.code); }",
  "tools.fail({});",
  'console.log("x", { a: [1, 2] }, new Map(), new Error("e"));',
  "setTimeout(() => console.log('timer'), 1);",
  "queueMicrotask(() => {});",
  'throw new Error("guest");',
  "return { ok: 1 };",
  "__return([1, 2]);",
];

/** The wrapper-closing family: code that tries to leave the async function it runs in. */
const WRAPPER_CLOSERS: string[] = [
  "}); for (;;) {} (async function () {",
  "}); globalThis.tools = null; (async function () {",
  "return 1 })(); while (true) {} (async function () {",
  "}, function () {",
  "} /*",
  "}); //",
  "})\n(async function () {",
  "}; (async () => {",
  "}); async function x() {",
  "}}}}}); (function () {{{{{",
  "}); tools.echo({ escaped: true }); (async function () {",
  '}); callBinding("echo", { escaped: true }); (function () {',
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

function pollutedProgram(rand: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const parts: string[] = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) parts.push(pick(POLLUTIONS));
  const m = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < m; i++) parts.push(`{ ${pick(AFTER_POLLUTION)} }`);
  return parts.join("\n");
}

function closingProgram(rand: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const before = rand() < 0.5 ? "await tools.echo({});\n" : "";
  const after = rand() < 0.5 ? "\nreturn 1;" : "";
  return `${before}${pick(WRAPPER_CLOSERS).replace("\\n", "\n")}${after}`;
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
    const seenCodes = new Set<string>();
    // A fixed number of programs, not a time budget: what is tested cannot depend on how busy
    // the machine is.
    for (let programs = 0; programs < PROGRAMS / MODES.length; programs++) {
      const { code, timeout } = program(rand);
      const where = `seed ${seed}, program #${programs} (FUZZ_SEED=${seed} replays)\n${code}`;
      let result: RunResult;
      try {
        result = await rt.run(code, { timeout });
      } catch (e) {
        throw new Error(`run() rejected (${String(e)}) at ${where}`);
      }
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
      expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
      await expectHealthy(rt);
    }
    // The pieces really exercised the limits, not just the happy path.
    expect(seenCodes.size).toBeGreaterThan(2);
  }, 300_000);

  it("keeps every invariant when the guest pollutes the realm first (issue #20)", async () => {
    const seed = SEED + 2 + (isolation === "process" ? 0 : 1);
    const rand = prng(seed);
    // A fixed count, never a time budget: the same seed runs the same programs on any machine.
    const count = Math.max(10, Math.round(PROGRAMS / MODES.length / 2));
    for (let programs = 0; programs < count; ) {
      const code = pollutedProgram(rand);
      const where = `seed ${seed}, polluted program #${programs}\n${code}`;
      const result = await rt.run(code, { timeout: 2000 });
      programs++;
      // Polluting only the guest's own realm never crashes the sandbox or trips a host limit.
      expect([0, 1], `${where}\n${JSON.stringify(result.error)}`).toContain(result.exitCode);
      // A throwing toJSON makes the guest's own value unserialisable: its doing, reported as such.
      expect(["GUEST_ERROR", "RESULT_NOT_SERIALIZABLE", undefined], where).toContain(
        result.error?.code,
      );
      expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
      await expectHealthy(rt);
    }
  }, 120_000);

  it("reports every attempt to close the code's wrapper as SYNTAX_ERROR (issue #20)", async () => {
    const seed = SEED + 4 + (isolation === "process" ? 0 : 1);
    const rand = prng(seed);
    for (let i = 0; i < 20; i++) {
      const code = closingProgram(rand);
      const result = await rt.run(code, { timeout: 2000 });
      expect(result.error?.code, `seed ${seed}, #${i}\n${code}`).toBe("SYNTAX_ERROR");
      expect(result.exitCode).toBe(1);
    }
    // No closer's top-level code ever ran: nothing it sends reached a binding.
    expect(probe.inputs).not.toContainEqual({ escaped: true });
    await expectHealthy(rt);
  }, 120_000);
});
