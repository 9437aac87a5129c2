/**
 * Abuse suite, resources: every way of burning CPU, memory, output, binding calls or timers
 * ends with its own exact outcome within a bounded time, the host stays within bounded memory,
 * and the same runtime runs the next program normally.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectBounded,
  expectFailure,
  expectHealthy,
  MODES,
  measure,
  type Probe,
  SMALL_LIMITS,
} from "./helpers.ts";

/** CPU budget well under the wall budget, so a busy guest trips the CPU limit, not the clock. */
const CPU = { cpuTimeMs: 300, timeoutMs: 3000 };

describe.each(MODES)("abuse: resources (%s)", (isolation) => {
  let rt: NodeRuntime;
  let probe: Probe;

  beforeAll(async () => {
    probe = createProbe();
    rt = await NodeRuntime.create({
      isolation,
      bindings: abuseBindings(probe),
      limits: SMALL_LIMITS,
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  describe("CPU and time", () => {
    it("ends a synchronous infinite loop with CPU_TIME_LIMIT", async () => {
      const m = await measure(rt, "while (true) {}", { limits: CPU });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124, /300 ms of CPU time/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends a synchronous infinite loop with TIMEOUT when the CPU budget is the timeout", async () => {
      const m = await measure(rt, "for (;;) {}", { timeout: 500 });
      expectFailure(m.result, "TIMEOUT", 124, /500 ms timeout/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends an endless chain of awaits (a microtask loop) with CPU_TIME_LIMIT", async () => {
      const m = await measure(rt, "for (;;) await null;", { limits: CPU });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("finishes with the body's value when endless microtasks outlive the body", async () => {
      const m = await measure(rt, 'const f = () => queueMicrotask(f); f(); return "body done";', {
        limits: CPU,
      });
      expect(m.result.exitCode).toBe(0);
      expect(m.result.value).toBe("body done");
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("lets a run's own timeout raise the default CPU budget past the runtime's timeout", async () => {
      // The runtime's timeoutMs is 1000 and cpuTimeMs is not set: it follows each run's timeout.
      const m = await measure(
        rt,
        'const t = Date.now(); while (Date.now() - t < 1500) {} return "done";',
        { timeout: 6000 },
      );
      expect(m.result.error).toBeUndefined();
      expect(m.result.value).toBe("done");
      expectBounded(m, isolation);
    });

    it("ends a never-settling promise with TIMEOUT at the wall-clock deadline", async () => {
      const m = await measure(rt, "await new Promise(() => {});", { timeout: 500 });
      expectFailure(m.result, "TIMEOUT", 124, /500 ms timeout/);
      expect(m.result.stats.wallMs).toBeGreaterThanOrEqual(490);
      expect(m.result.stats.cpuMs).toBeLessThan(250);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends a loop that starts after an awaited binding call with CPU_TIME_LIMIT", async () => {
      const m = await measure(rt, "await tools.echo({ n: 1 }); while (true) {}", { limits: CPU });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124);
      expect(m.result.stats.bindingCalls).toBe(1);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends a loop inside a timer callback with CPU_TIME_LIMIT", async () => {
      const m = await measure(rt, "setTimeout(() => { while (true) {} }, 5);", { limits: CPU });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends catastrophic regex backtracking with CPU_TIME_LIMIT", async () => {
      const m = await measure(rt, 'return /(a+)+$/.test("a".repeat(40) + "b");', { limits: CPU });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends Atomics.wait on a shared buffer with TIMEOUT", async () => {
      const m = await measure(
        rt,
        "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 1;",
        { timeout: 500 },
      );
      expectFailure(m.result, "TIMEOUT", 124);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends a run waiting on a slow handler with TIMEOUT and aborts the handler's signal", async () => {
      const before = probe.signals.length;
      const m = await measure(rt, "return await tools.slow({});", { timeout: 500 });
      expectFailure(m.result, "TIMEOUT", 124);
      expectBounded(m, isolation);
      const signal = probe.signals[before];
      expect(signal?.aborted).toBe(true);
      expect(String(signal?.reason)).toMatch(/TIMEOUT/);
      await expectHealthy(rt);
    });

    it("aborts the handlers in flight when the guest trips the CPU limit", async () => {
      const before = probe.signals.length;
      const m = await measure(rt, "tools.slow({}); tools.slow({}); await null; while (true) {}", {
        limits: CPU,
      });
      expectFailure(m.result, "CPU_TIME_LIMIT", 124);
      // Both calls reached their handlers before the limit tripped; both signals are aborted.
      const signals = probe.signals.slice(before);
      expect(signals).toHaveLength(2);
      expect(signals.map((s) => s.aborted)).toEqual([true, true]);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends an endless chain of timers with TIMEOUT", async () => {
      const m = await measure(rt, "const f = () => setTimeout(f, 0); f();", { timeout: 500 });
      expectFailure(m.result, "TIMEOUT", 124);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("ends a run with ABORTED soon after its signal aborts mid-loop", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("user pressed stop")), 100);
      const m = await measure(rt, "while (true) {}", { signal: controller.signal, timeout: 5000 });
      expectFailure(m.result, "ABORTED", 130, /user pressed stop/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });
  });

  describe("memory", () => {
    it("ends a heap bomb with MEMORY_LIMIT", async () => {
      const m = await measure(
        rt,
        "const a = []; while (true) a.push({ x: Math.random(), s: 'abc' + Math.random() });",
        { timeout: 10_000 },
      );
      expectFailure(m.result, "MEMORY_LIMIT", 137, /memoryLimitMb: 32/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("refuses a giant typed array with a RangeError the guest could catch", async () => {
      const m = await measure(rt, "return new Float64Array(2 ** 30).length;");
      expectFailure(m.result, "GUEST_ERROR", 1, /^Array buffer allocation failed$/);
      expect(m.result.error?.name).toBe("RangeError");
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("refuses typed arrays past the memory limit one megabyte at a time", async () => {
      const m = await measure<{ error: string; kept: number }>(
        rt,
        `const kept = [];
         try { for (;;) kept.push(new Uint8Array(1024 * 1024).fill(1)); }
         catch (e) { return { error: e.message, kept: kept.length }; }`,
      );
      expect(m.result.exitCode).toBe(0);
      expect(m.result.value?.error).toBe("Array buffer allocation failed");
      expect(m.result.value?.kept).toBeLessThan(64);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it.each([
      ["ArrayBuffer", "new ArrayBuffer(1, { maxByteLength: 2 ** 31 })", "resize"],
      ["SharedArrayBuffer", "new SharedArrayBuffer(1, { maxByteLength: 2 ** 31 })", "grow"],
    ])(
      "refuses a resizable %s that would commit memory past the limit",
      async (_name, make, grow) => {
        const m = await measure(
          rt,
          `const b = ${make}; b.${grow}(2 ** 30); new Uint8Array(b).fill(1); return b.byteLength;`,
        );
        expectFailure(m.result, "GUEST_ERROR", 1, /maxByteLength .* memory limit/);
        expect(m.result.error?.name).toBe("RangeError");
        expectBounded(m, isolation);
        await expectHealthy(rt);
      },
    );

    it("lets resizable buffers within the memory limit work", async () => {
      const r = await rt.run(`
        const b = new ArrayBuffer(8, { maxByteLength: 1024 * 1024 });
        b.resize(4096);
        class Mine extends ArrayBuffer {}
        const sub = new Mine(4, { maxByteLength: 64 });
        return [b.byteLength, b.resizable, b instanceof ArrayBuffer, b.constructor === ArrayBuffer,
          sub instanceof Mine, sub.maxByteLength, new ArrayBuffer(16).slice(4).byteLength];
      `);
      expect(r.error).toBeUndefined();
      expect(r.value).toEqual([4096, true, true, true, true, 64, 12]);
    });

    it("has no WebAssembly, whose memories the isolate's limit does not count", async () => {
      const m = await measure(
        rt,
        "const mem = new WebAssembly.Memory({ initial: 16000 }); new Uint8Array(mem.buffer).fill(1);",
      );
      expectFailure(m.result, "GUEST_ERROR", 1, /WebAssembly is not defined/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("stops string doubling at V8's string length limit", async () => {
      const m = await measure(rt, "let s = 'x'; while (true) s += s;");
      expectFailure(m.result, "GUEST_ERROR", 1, /^Invalid string length$/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("stops deep recursion with a RangeError", async () => {
      const m = await measure(rt, "const f = (n) => f(n + 1) + 1; f(0);");
      expectFailure(m.result, "GUEST_ERROR", 1, /^Maximum call stack size exceeded$/);
      expect(m.result.error?.name).toBe("RangeError");
      await expectHealthy(rt);
    });

    it("refuses a value nested too deeply to serialise with RESULT_NOT_SERIALIZABLE", async () => {
      const m = await measure(rt, "let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return a;");
      expectFailure(m.result, "RESULT_NOT_SERIALIZABLE", 1, /Maximum call stack size exceeded/);
      await expectHealthy(rt);
    });
  });

  describe("output and results", () => {
    it("truncates a console flood at maxOutputBytes with a visible marker", async () => {
      const limits = { maxOutputBytes: 64 * 1024 };
      const m = await measure(
        rt,
        'for (let i = 0; i < 1e6; i++) console.log("line " + i); return "flooded";',
        { limits: { ...limits, timeoutMs: 5000 } },
      );
      expect(m.result.exitCode).toBe(0);
      expect(m.result.value).toBe("flooded");
      expect(Buffer.byteLength(m.result.stdout)).toBeLessThan(limits.maxOutputBytes + 200);
      expect(m.result.stdout.startsWith("line 0\nline 1\n")).toBe(true);
      expect(m.result.stdout).toMatch(
        /\[isobind: output truncated: \d+ more bytes were dropped \(limits\.maxOutputBytes = 65536\)\]\n$/,
      );
      expect(m.result.stats.droppedOutputBytes).toBeGreaterThan(5_000_000);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("truncates one giant console line the same way", async () => {
      const m = await measure(rt, 'console.error("y".repeat(5e6)); return 1;', {
        limits: { maxOutputBytes: 1000, timeoutMs: 5000 },
      });
      expect(m.result.exitCode).toBe(0);
      expect(m.result.stderr.length).toBeLessThanOrEqual(1000);
      expect(m.result.stdout).toMatch(/output truncated: 4999001 more bytes/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("counts stdout and stderr against one budget", async () => {
      const r = await rt.run(
        'for (let i = 0; i < 1000; i++) { console.log("out"); console.warn("err"); }',
        { limits: { maxOutputBytes: 400 } },
      );
      expect(r.exitCode).toBe(0);
      expect(Buffer.byteLength(r.stderr)).toBeLessThanOrEqual(400);
      expect(
        Buffer.byteLength(r.stdout.replace(/\n\[isobind: output truncated[^\n]*\n$/, "")),
      ).toBe(400 - Buffer.byteLength(r.stderr));
      expect(r.stats.droppedOutputBytes).toBe(8000 - 400);
    });

    it("refuses a giant result with RESULT_TOO_LARGE", async () => {
      const m = await measure(rt, 'return { big: "x".repeat(2 * 1024 * 1024) };', {
        limits: { timeoutMs: 5000, memoryLimitMb: 64 },
      });
      expectFailure(
        m.result,
        "RESULT_TOO_LARGE",
        1,
        /2097162 bytes as JSON, over the limit of 1048576/,
      );
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("refuses a result with no JSON form with RESULT_NOT_SERIALIZABLE", async () => {
      const m = await measure(rt, "return { n: 1n };");
      expectFailure(m.result, "RESULT_NOT_SERIALIZABLE", 1, /BigInt/);
      await expectHealthy(rt);
    });
  });

  describe("bindings and timers", () => {
    it("ends a binding flood with BINDING_CALL_LIMIT after exactly maxBindingCalls handler calls", async () => {
      const before = probe.calls.echo ?? 0;
      const m = await measure(
        rt,
        "await Promise.all(Array.from({ length: 5000 }, (_, i) => tools.echo({ i })));",
        { limits: { maxBindingCalls: 50, timeoutMs: 5000 } },
      );
      expectFailure(m.result, "BINDING_CALL_LIMIT", 1, /more than 50 binding calls/);
      expect((probe.calls.echo ?? 0) - before).toBeLessThanOrEqual(50);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("counts run-scoped helpers toward the binding call limit", async () => {
      let helperCalls = 0;
      const m = await measure(rt, "for (;;) await tools.$ping({});", {
        limits: { maxBindingCalls: 20, timeoutMs: 5000 },
        helpers: { $ping: () => ++helperCalls },
      });
      expectFailure(m.result, "BINDING_CALL_LIMIT", 1);
      expect(helperCalls).toBe(20);
      await expectHealthy(rt);
    });

    it("throws a RangeError in the guest past maxPendingTimers", async () => {
      const m = await measure(rt, "for (let i = 0; i < 5000; i++) setTimeout(() => {}, 10);", {
        limits: { maxPendingTimers: 100 },
      });
      expectFailure(m.result, "GUEST_ERROR", 1, /more than 100 timers pending/);
      expectBounded(m, isolation);
      await expectHealthy(rt);
    });

    it("bounds timers created per run, so set/clear churn cannot flood the host", async () => {
      const m = await measure(rt, "for (;;) clearTimeout(setTimeout(() => {}, 1e9));", {
        limits: { timeoutMs: 3000, maxPendingTimers: 100 },
      });
      expectFailure(m.result, "GUEST_ERROR", 1, /more than 1000 timers created in this run/);
      expect(m.result.error?.name).toBe("RangeError");
      expectBounded(m, isolation);
      expect(m.rssGrowthMb).toBeLessThan(96);
      await expectHealthy(rt);
    });

    it("rejects a binding input over maxBindingInputBytes with INVALID_INPUT and never calls the handler", async () => {
      const before = probe.calls.echo ?? 0;
      const r = await rt.run<string>(
        'try { await tools.echo({ s: "x".repeat(200000) }); } catch (e) { return e.message; }',
        { limits: { maxBindingInputBytes: 100_000 } },
      );
      expect(r.value).toBe(
        "INVALID_INPUT: echo: input is at least 200008 bytes as JSON, over the limit of 100000 bytes (limits.maxBindingInputBytes)",
      );
      expect(probe.calls.echo ?? 0).toBe(before);
      await expectHealthy(rt);
    });

    it("rejects a handler result over maxBindingOutputBytes with INVALID_OUTPUT", async () => {
      const r = await rt.run<string>(
        "try { await tools.big({ n: 300000 }); } catch (e) { return e.code + ': ' + e.message; }",
        { limits: { maxBindingOutputBytes: 100_000 } },
      );
      expect(r.value).toMatch(
        /^INVALID_OUTPUT: INVALID_OUTPUT: big: the handler's result is 300002 bytes/,
      );
      await expectHealthy(rt);
    });

    it("refuses code over maxCodeBytes with CODE_TOO_LARGE before anything runs", async () => {
      const before = probe.calls.echo ?? 0;
      const code = `await tools.echo({});\n//${"x".repeat(300 * 1024)}`;
      const m = await measure(rt, code);
      expectFailure(m.result, "CODE_TOO_LARGE", 1, /over the limit of 262144 bytes/);
      expect(m.result.stats.bindingCalls).toBe(0);
      expect(probe.calls.echo ?? 0).toBe(before);
      await expectHealthy(rt);
    });
  });
});
