import {
  type BindingContext,
  type Bindings,
  InvalidOptionsError,
  IsobindError,
  type IsolationMode,
  NodeRuntime,
  type RunEvent,
  RuntimeDisposedError,
} from "@isobind/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    });
  });

const weather: Bindings = {
  "get-weather": {
    description: "Look up the current temperature for a city",
    inputSchema: {
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    },
    handler: (input: { city: string }) =>
      ({ "San Francisco": { temp_f: 61 }, Tokyo: { temp_f: 75 } })[input.city] ?? { temp_f: null },
  },
};

/**
 * A handler that holds every call until `expected` calls are in flight at once, then releases
 * them all: a run of sequential calls can never get past the first.
 */
function barrier(expected: number): (input: unknown, ctx: BindingContext) => Promise<number> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async (_input, ctx) => {
    arrived += 1;
    if (arrived === expected) release();
    await Promise.race([
      all,
      new Promise<never>((_, reject) =>
        ctx.signal.addEventListener("abort", () => reject(new Error("run ended"))),
      ),
    ]);
    return arrived;
  };
}

/** A binding whose handler waits until its run ends. */
const slowBinding = {
  description: "slow",
  inputSchema: { type: "object" },
  handler: (_input: unknown, ctx: BindingContext) => sleep(10_000, ctx.signal).catch(() => 0),
};

describe.each<IsolationMode>(["process", "in-process"])("NodeRuntime (%s)", (isolation) => {
  let rt: NodeRuntime;
  const seen: { input: unknown; ctx: BindingContext }[] = [];
  const signals: AbortSignal[] = [];

  beforeAll(async () => {
    rt = await NodeRuntime.create({
      isolation,
      bindings: {
        ...weather,
        "github.create_issue": {
          description: "Create an issue",
          inputSchema: {
            type: "object",
            properties: {
              title: { type: "string" },
              labels: { type: "array", items: { type: "string" } },
            },
            required: ["title"],
            additionalProperties: false,
          },
          outputSchema: {
            type: "object",
            properties: { number: { type: "integer" } },
            required: ["number"],
          },
          handler: (input: { title: string }) => ({ number: input.title.length }),
        },
        echo: {
          description: "Echo the input back",
          inputSchema: { type: "object" },
          handler: (input: unknown, ctx: BindingContext) => {
            seen.push({ input, ctx });
            return input;
          },
        },
        mutate: {
          description: "Mutates its input object (must not affect the guest)",
          inputSchema: { type: "object" },
          handler: (input: { list?: number[] }) => {
            input.list?.push(99);
            return { ok: true };
          },
        },
        fail: {
          description: "Throws a host error",
          inputSchema: { type: "object" },
          handler: () => {
            throw new Error("database is down");
          },
        },
        "bad-output": {
          description: "Returns output that breaks its outputSchema",
          inputSchema: { type: "object" },
          outputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
          handler: () => ({ n: "not a number" }),
        },
        wait: {
          description: "Waits ms milliseconds",
          inputSchema: {
            type: "object",
            properties: { ms: { type: "integer" } },
            required: ["ms"],
          },
          handler: async (input: { ms: number }, ctx: BindingContext) => {
            signals.push(ctx.signal);
            await sleep(input.ms, ctx.signal);
            return { waited: input.ms };
          },
        },
        "delete-user": {
          description: "Denied by the policy",
          inputSchema: { type: "object" },
          handler: () => {
            throw new Error("the handler must never run");
          },
        },
      },
      permissions: {
        binding: async (req) => {
          await sleep(1);
          return req.name !== "delete-user";
        },
      },
    });
  });
  afterAll(async () => {
    await rt.dispose();
  });

  it("runs the seed's chained calls and returns the value passed to __return", async () => {
    const result = await rt.run<{ warmer: string; diff: number }>(
      `const [sf, tokyo] = await Promise.all([
         callBinding("get-weather", { city: "San Francisco" }),
         callBinding("get-weather", { city: "Tokyo" }),
       ]);
       console.log("chained");
       globalThis.__return({ warmer: sf.temp_f > tokyo.temp_f ? "San Francisco" : "Tokyo", diff: tokyo.temp_f - sf.temp_f });`,
      { timeout: 5000 },
    );
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: "chained\n",
      stderr: "",
      value: { warmer: "Tokyo", diff: 14 },
    });
    expect(result.error).toBeUndefined();
    expect(result.stats.bindingCalls).toBe(2);
    expect(result.stats.wallMs).toBeGreaterThan(0);
    expect(result.stats.cpuMs).toBeGreaterThanOrEqual(0);
  });

  it("treats a top-level return like __return, and gives undefined when nothing is returned", async () => {
    expect((await rt.run("return 1 + 2")).value).toBe(3);
    const none = await rt.run("const x = 1;");
    expect(none.exitCode).toBe(0);
    expect(none.value).toBeUndefined();
  });

  it("exposes bindings as tools.* with camelCase names and dotted namespaces", async () => {
    const result = await rt.run(
      `const w = await tools.getWeather({ city: "Tokyo" });
       const issue = await tools.github.createIssue({ title: "hello" });
       return { w, issue };`,
    );
    expect(result.value).toEqual({ w: { temp_f: 75 }, issue: { number: 5 } });
    expect(rt.bindings.map((b) => [b.name, b.path.join(".")])).toContainEqual([
      "github.create_issue",
      "github.createIssue",
    ]);
  });

  it.each([
    ["callBinding('nope', {})", "UNKNOWN_BINDING", "nope"],
    ["tools.getWether({ city: 'x' })", "UNKNOWN_BINDING", "did you mean"],
    ["tools.getWeather({})", "INVALID_INPUT", "city is required"],
    ["tools.getWeather({ city: 5 })", "INVALID_INPUT", "city must be string"],
    ["tools.github.createIssue({ title: 'x', extra: 1 })", "INVALID_INPUT", "extra is not allowed"],
    ["callBinding('delete-user', {})", "PERMISSION_DENIED", "denied"],
    ["callBinding('fail', {})", "HANDLER_ERROR", "database is down"],
    ["callBinding('bad-output', {})", "INVALID_OUTPUT", "n must be number"],
  ])("rejects %s with %s, catchable by the guest", async (call, code, text) => {
    const result = await rt.run(
      `try { await ${call}; return "no error"; } catch (e) { return { code: e.code, message: e.message, isError: e instanceof Error }; }`,
    );
    expect(result.exitCode).toBe(0);
    const value = result.value as { code: string; message: string; isError: boolean };
    expect(value.code).toBe(code);
    expect(value.isError).toBe(true);
    expect(value.message).toContain(code);
    expect(value.message.toLowerCase()).toContain(text.toLowerCase());
  });

  it("never lets a host stack or host path reach the guest", async () => {
    const result = await rt.run(
      "try { await callBinding('fail', {}) } catch (e) { return String(e.stack) + JSON.stringify(Object.getOwnPropertyNames(e)) }",
    );
    const text = String(result.value);
    expect(text).toContain("database is down");
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/node_modules|invoke\.ts|runtime\.(ts|js)|file:\/\//);
  });

  it("never runs the handler of a denied call", async () => {
    const result = await rt.run("await callBinding('delete-user', {})");
    expect(result.exitCode).toBe(1);
    expect(result.error?.bindingCode).toBe("PERMISSION_DENIED");
  });

  it("fails the run with the binding's code and name when the guest does not catch", async () => {
    const code = 'const a = 1;\nawait tools.getWeather({ town: "Paris" });\nreturn a;';
    const result = await rt.run(code);
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatchObject({
      code: "GUEST_ERROR",
      bindingCode: "INVALID_INPUT",
      binding: "get-weather",
      line: 2,
    });
    expect(result.error?.message).toBe("INVALID_INPUT: get-weather: city is required");
    expect(result.stderr).toContain("INVALID_INPUT: get-weather: city is required");
    expect(result.error?.stack).toMatch(/code\.js:2:/);
  });

  it("reports guest errors with guest-only frames and the submitted line numbers", async () => {
    const result = await rt.run(
      "const x = 1;\n\nfunction boom() {\n  throw new TypeError('bad thing');\n}\nboom();",
    );
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatchObject({
      code: "GUEST_ERROR",
      name: "TypeError",
      message: "bad thing",
      line: 4,
    });
    expect(result.error?.stack).toContain("code.js:4:");
    expect(result.error?.stack).not.toMatch(/bootstrap|isolated-vm|node:internal/);
    expect(result.stderr).toContain("TypeError: bad thing");
  });

  it("reports syntax errors with their line", async () => {
    const result = await rt.run("const a = 1;\nconst b = ;\nreturn a;");
    expect(result.exitCode).toBe(1);
    expect(result.error).toMatchObject({ code: "SYNTAX_ERROR", name: "SyntaxError", line: 2 });
    expect(result.stderr).toContain("SyntaxError");
  });

  it("reports a thrown non-Error value", async () => {
    const result = await rt.run("throw 'plain string'");
    expect(result.exitCode).toBe(1);
    expect(result.error?.message).toBe("plain string");
  });

  it("sends console.log/info/debug to stdout and warn/error to stderr, objects readably", async () => {
    const result = await rt.run(
      `console.log("a", 1, { b: [1, "two", null], c: undefined });
       console.info(new Map([["k", 1]]));
       console.debug([1, [2, [3, [4]]]]);
       console.warn("careful");
       console.error(new Error("oops"));`,
    );
    expect(result.stdout).toBe(
      "a 1 { b: [ 1, 'two', null ], c: undefined }\nMap(1) { 'k' => 1 }\n[ 1, [ 2, [ 3, [Array] ] ] ]\n",
    );
    expect(result.stderr).toMatch(/^careful\nError: oops\n\s+at code\.js:5:/);
  });

  it("has setTimeout and clearTimeout, and waits for pending timers before finishing", async () => {
    const result = await rt.run(
      `let fired = [];
       const t = setTimeout(() => fired.push("cancelled"), 10);
       clearTimeout(t);
       setTimeout((x) => { fired.push(x); __return(fired); }, 20, "late");
       await new Promise((r) => setTimeout(r, 5));
       fired.push("early");`,
    );
    expect(result.value).toEqual(["early", "late"]);
  });

  it("bounds a timer by the run's deadline", async () => {
    // TIMEOUT proves the deadline ended the run: the 60 s timer would outlast the test's timeout.
    const result = await rt.run("setTimeout(() => {}, 60000)", { timeout: 300 });
    expect(result).toMatchObject({ exitCode: 124, error: { code: "TIMEOUT" } });
  });

  it("times out a never-settling promise, and a pending binding call whose handler sees the abort", async () => {
    const hang = await rt.run("await new Promise(() => {})", { timeout: 300 });
    expect(hang).toMatchObject({ exitCode: 124, error: { code: "TIMEOUT" } });
    signals.length = 0;
    const pending = await rt.run("await tools.wait({ ms: 20000 })", { timeout: 300 });
    expect(pending).toMatchObject({ exitCode: 124, error: { code: "TIMEOUT" } });
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("times out a synchronous loop and a loop that starts after an awaited call", async () => {
    const sync = await rt.run("while (true) {}", { timeout: 300 });
    expect(sync).toMatchObject({ exitCode: 124, error: { code: "TIMEOUT" } });
    const after = await rt.run("await tools.wait({ ms: 1 }); while (true) {}", { timeout: 300 });
    expect(after).toMatchObject({ exitCode: 124, error: { code: "TIMEOUT" } });
  });

  it("ends a run with CPU_TIME_LIMIT when cpuTimeMs runs out first", async () => {
    const result = await rt.run("while (true) {}", {
      limits: { timeoutMs: 10000, cpuTimeMs: 200 },
    });
    // CPU_TIME_LIMIT, not TIMEOUT: the 200 ms CPU budget ended the run, not the 10 s deadline.
    expect(result).toMatchObject({ exitCode: 124, error: { code: "CPU_TIME_LIMIT" } });
  });

  it("aborts through the caller's signal, and running handlers see ctx.signal abort", async () => {
    signals.length = 0;
    const controller = new AbortController();
    const promise = rt.run("await tools.wait({ ms: 20000 })", { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 150));
    controller.abort(new Error("user pressed stop"));
    const result = await promise;
    expect(result).toMatchObject({ exitCode: 130, error: { code: "ABORTED" } });
    expect(result.error?.message).toContain("user pressed stop");
    expect(signals[0]?.aborted).toBe(true);
    const already = await rt.run("return 1", { signal: AbortSignal.abort() });
    expect(already.exitCode).toBe(130);
  });

  it("aborts ctx.signal when a run completes normally", async () => {
    seen.length = 0;
    await rt.run("await callBinding('echo', { a: 1 })");
    expect(seen[0]?.ctx.signal.aborted).toBe(true);
    expect(seen[0]?.ctx.name).toBe("echo");
    expect(seen[0]?.ctx.callId).toBe(1);
  });

  it("runs binding calls in parallel", async () => {
    // Every handler waits until all ten are in flight: run one after another, the first would
    // wait forever and the run would end with TIMEOUT. No clock is read.
    const gate = barrier(10);
    const events: RunEvent[] = [];
    await using parallel = await NodeRuntime.create({
      isolation,
      bindings: { gate: { description: "gate", inputSchema: { type: "object" }, handler: gate } },
    });
    const result = await parallel.run(
      "return (await Promise.all(Array.from({ length: 10 }, () => tools.gate({})))).length",
      { timeout: 20_000, onEvent: (e) => events.push(e) },
    );
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(10);
    // The events overlap: all ten calls started before the first one ended.
    const kinds = events
      .map((e) => e.type)
      .filter((type) => type === "binding:start" || type === "binding:end");
    expect(kinds).toEqual([
      ...Array<string>(10).fill("binding:start"),
      ...Array<string>(10).fill("binding:end"),
    ]);
  });

  it("copies input as data: the handler gets a plain object and its changes do not reach the guest", async () => {
    seen.length = 0;
    const result = await rt.run(
      `const input = { list: [1, 2], get computed() { return "from getter"; } };
       await callBinding("mutate", input);
       await callBinding("echo", input);
       return input.list;`,
    );
    expect(result.value).toEqual([1, 2]);
    expect(seen[0]?.input).toEqual({ list: [1, 2], computed: "from getter" });
    expect(Object.getPrototypeOf(seen[0]?.input)).toBe(Object.prototype);
  });

  it("sends {} for a call without input", async () => {
    seen.length = 0;
    const result = await rt.run("await tools.echo(); await callBinding('echo'); return 1");
    expect(result.exitCode).toBe(0);
    expect(seen.map((s) => s.input)).toEqual([{}, {}]);
  });

  it("gives every run a fresh global scope, in sequence and concurrently", async () => {
    await rt.run("globalThis.leak = 42; Object.prototype.polluted = true; Array.prototype.x = 1;");
    const next = await rt.run("return [typeof leak, ({}).polluted, [].x]");
    expect(next.value).toEqual(["undefined", null, null]);
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        rt.run(`globalThis.mine = ${i}; await tools.wait({ ms: 30 }); return globalThis.mine;`),
      ),
    );
    expect(runs.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("has no host capabilities in the guest", async () => {
    const result = await rt.run(
      "return [typeof require, typeof process, typeof fetch, typeof module, typeof Buffer, typeof __hostSend]",
    );
    expect(result.value).toEqual(Array(6).fill("undefined"));
    const dyn = await rt.run("await import('node:fs')");
    expect(dyn.exitCode).toBe(1);
  });

  it("reports values that cannot become JSON, and values over the result limit", async () => {
    const big = await rt.run("return 10n");
    expect(big).toMatchObject({ exitCode: 1, error: { code: "RESULT_NOT_SERIALIZABLE" } });
    const fn = await rt.run("return () => 1");
    expect(fn.error?.code).toBe("RESULT_NOT_SERIALIZABLE");
    const large = await rt.run("return 'x'.repeat(2000)", { limits: { maxResultBytes: 1000 } });
    expect(large).toMatchObject({ exitCode: 1, error: { code: "RESULT_TOO_LARGE" } });
  });

  it("ends the run when the guest exceeds maxBindingCalls", async () => {
    const result = await rt.run("for (let i = 0; i < 100; i++) await callBinding('echo', {})", {
      limits: { maxBindingCalls: 5 },
    });
    expect(result).toMatchObject({ exitCode: 1, error: { code: "BINDING_CALL_LIMIT" } });
    expect(result.stats.bindingCalls).toBeLessThanOrEqual(6);
  });

  it("queues calls beyond maxConcurrentBindingCalls", async () => {
    const events: RunEvent[] = [];
    const result = await rt.run(
      "await Promise.all([1,2,3,4,5,6].map(() => tools.wait({ ms: 50 })))",
      {
        limits: { maxConcurrentBindingCalls: 2 },
        onEvent: (e) => events.push(e),
      },
    );
    expect(result.exitCode).toBe(0);
    let live = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === "binding:start") peak = Math.max(peak, ++live);
      if (e.type === "binding:end") live--;
    }
    expect(peak).toBe(2);
    expect(events.filter((e) => e.type === "binding:end")).toHaveLength(6);
  });

  it("streams console output and binding calls to onEvent", async () => {
    const events: RunEvent[] = [];
    await rt.run(
      "console.log('hi'); await tools.getWeather({ city: 'Tokyo' }); console.error('bye')",
      {
        onEvent: (e) => events.push(e),
      },
    );
    expect(
      events.map((e) => (e.type === "console" ? `${e.stream}:${e.text}` : `${e.type}:${e.name}`)),
    ).toEqual([
      "stdout:hi\n",
      "binding:start:get-weather",
      "binding:end:get-weather",
      "stderr:bye\n",
    ]);
  });

  it("runs TypeScript when language is typescript, keeping line numbers", async () => {
    const ok = await rt.run(
      "interface P { n: number }\nconst p: P = { n: 2 };\nreturn (p.n as number) * 21;",
      { language: "typescript" },
    );
    expect(ok.value).toBe(42);
    const err = await rt.run("const a: string = 'x';\nthrow new Error(a);", {
      language: "typescript",
    });
    expect(err.error?.line).toBe(2);
    const enumCode = await rt.run("enum E { A }\nreturn E.A;", { language: "typescript" });
    expect(enumCode.error?.code).toBe("SYNTAX_ERROR");
  });

  it("refuses code over maxCodeBytes before running it", async () => {
    const result = await rt.run(`return ${"1+".repeat(600)}1`, { limits: { maxCodeBytes: 1000 } });
    expect(result).toMatchObject({ exitCode: 1, error: { code: "CODE_TOO_LARGE" } });
  });

  it("truncates output past maxOutputBytes with a visible marker", async () => {
    const result = await rt.run("for (let i = 0; i < 10000; i++) console.log('line ' + i)", {
      limits: { maxOutputBytes: 200 },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith("line 0\nline 1\n")).toBe(true);
    expect(result.stdout).toMatch(/output truncated: \d+ more bytes were dropped/);
    expect(result.stats.droppedOutputBytes).toBeGreaterThan(80000);
  });

  it("rejects invalid run options as host misuse", async () => {
    await expect(rt.run(42 as unknown as string)).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(rt.run("1", { timeout: -5 })).rejects.toThrow(
      /timeout: must be an integer from 1/,
    );
    await expect(rt.run("1", { limits: { timeoutMs: 1.5 } })).rejects.toThrow(/limits\.timeoutMs/);
    await expect(rt.run("1", { language: "python" as "javascript" })).rejects.toThrow(/language/);
  });
});

describe.each<IsolationMode>(["process", "in-process"])(
  "binding calls past the concurrency limit (%s)",
  (isolation) => {
    it("wait inside the sandbox: the host never sees the ones still waiting when the run ends", async () => {
      const asked: string[] = [];
      await using rt = await NodeRuntime.create({
        isolation,
        bindings: { slow: slowBinding },
        permissions: {
          binding: (req) => {
            asked.push(req.name);
            return true;
          },
        },
        limits: { maxConcurrentBindingCalls: 1 },
      });
      const result = await rt.run(
        "await Promise.all([1, 2, 3, 4, 5].map((n) => tools.slow({ n })))",
        { timeout: 300 },
      );
      expect(result.exitCode).toBe(124);
      await sleep(200);
      expect(asked).toEqual(["slow"]);
    });

    it("keep a flood of large inputs out of the host: in the sandbox process, or within the isolate's memory limit", async () => {
      await using rt = await NodeRuntime.create({
        isolation,
        bindings: { slow: slowBinding },
        limits: { maxConcurrentBindingCalls: 1, memoryLimitMb: isolation === "process" ? 512 : 64 },
      });
      const before = process.memoryUsage().rss;
      let peak = before;
      const timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const result = await rt.run(
        "const big = 'x'.repeat(1000000); await Promise.all(Array.from({ length: 150 }, (_, i) => tools.slow({ i, big })))",
        { timeout: 1500 },
      );
      clearInterval(timer);
      if (isolation === "process") {
        // The waiting inputs (150 MB) live in the sandbox process; the host holds one at a time.
        expect(result.exitCode).toBe(124);
        expect((peak - before) / 1024 / 1024).toBeLessThan(60);
      } else {
        // In-process the isolate's heap is the host's memory, so its limit is what bounds them.
        expect(result).toMatchObject({ exitCode: 137, error: { code: "MEMORY_LIMIT" } });
      }
    });
  },
);

describe("NodeRuntime.create", () => {
  it("reports every problem at once", async () => {
    const error = await NodeRuntime.create({
      bindings: {
        "bad name!": { description: "x", inputSchema: { type: "object" }, handler: () => 1 },
        "get-weather": { description: "x", inputSchema: { type: "object" }, handler: () => 1 },
        get_weather: { description: "x", inputSchema: { type: "object" }, handler: () => 1 },
        broken: { description: "x", inputSchema: { type: "nonsense" }, handler: () => 1 },
        nohandler: { description: "x", inputSchema: { type: "object" } } as never,
      },
      limits: { timeoutMs: -1, memoryLimitMb: 2 },
      isolation: "vm" as "process",
      typo: 1,
    } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    const issues = (error as InvalidOptionsError).issues.map((i) => i.path);
    expect(issues).toEqual(
      expect.arrayContaining([
        "typo",
        "bindings.bad name!",
        "bindings.get_weather",
        "bindings.broken.inputSchema",
        "bindings.nohandler.handler",
        "limits.timeoutMs",
        "limits.memoryLimitMb",
        "isolation",
      ]),
    );
    expect((error as InvalidOptionsError).message).toMatch(/8 invalid options/);
    expect(IsobindError.isInstance(error)).toBe(true);
    expect((error as IsobindError).code).toBe("INVALID_OPTIONS");
  });

  it("recognises its errors across package copies by brand", () => {
    const foreign = Object.assign(new Error("x"), {
      [Symbol.for("isobind.error")]: true,
      code: "RUNTIME_DISPOSED",
    });
    expect(IsobindError.isInstance(foreign)).toBe(true);
    expect(IsobindError.isInstance(new Error("x"))).toBe(false);
  });

  it("disposes idempotently, refuses runs afterwards, and supports await using", async () => {
    let kept: NodeRuntime | undefined;
    {
      await using rt = await NodeRuntime.create({ isolation: "in-process", bindings: weather });
      kept = rt;
      expect((await rt.run("return 1")).value).toBe(1);
    }
    expect(kept.disposed).toBe(true);
    await kept.dispose();
    await expect(kept.run("return 1")).rejects.toBeInstanceOf(RuntimeDisposedError);
  });

  it("ends runs in progress when disposed", async () => {
    const rt = await NodeRuntime.create({ isolation: "process" });
    const running = rt.run("await new Promise(() => {})");
    await new Promise((r) => setTimeout(r, 100));
    await rt.dispose();
    expect(await running).toMatchObject({ exitCode: 130, error: { code: "ABORTED" } });
  });
});
