/**
 * Abuse suite, escapes: nothing of the host (no host function, object, error, stack, path or
 * isolated-vm handle) is reachable from the guest, and nothing the guest sends can change the
 * host's prototypes.
 */
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectBounded,
  expectFailure,
  expectHealthy,
  HOST_ROOT,
  MODES,
  measure,
  type Probe,
  SMALL_LIMITS,
} from "./helpers.ts";

describe.each(MODES)("abuse: escapes (%s)", (isolation) => {
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
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reaches only the guest global through constructor chains of every guest-visible value", async () => {
    const m = await measure<Record<string, string>>(
      rt,
      `
      const verdicts = {};
      const probe = (label, v) => {
        let ctor;
        try { ctor = v.constructor; } catch { verdicts[label] = "throws"; return; }
        if (ctor === undefined || ctor === null) { verdicts[label] = "none"; return; }
        let g;
        try { g = ctor.constructor("return this")(); } catch { verdicts[label] = "blocked"; return; }
        const host = typeof g.process !== "undefined" || typeof g.require !== "undefined" || typeof g.Buffer !== "undefined";
        verdicts[label] = g === globalThis && !host ? "guest" : "LEAK";
      };
      const result = await tools.echo({ list: [1], text: "t" });
      const nsResult = await tools.ns.deep.fn({});
      let bindingError, unknownError, pathError;
      try { await tools.fail({}); } catch (e) { bindingError = e; }
      try { await callBinding("no-such", {}); } catch (e) { unknownError = e; }
      try { await tools.not.there({}); } catch (e) { pathError = e; }
      const values = {
        globalThis, callBinding, tools, "tools.echo": tools.echo, "tools.ns": tools.ns,
        "tools.ns.deep": tools.ns.deep, "tools.ns.deep.fn": tools.ns.deep.fn,
        "tools.$helper": tools.$helper, "tools.missing": tools.missing,
        __return, console, "console.log": console.log, "console.error": console.error,
        "console.dir": console.dir, setTimeout, clearTimeout, queueMicrotask,
        "callBinding()": callBinding("echo", {}),
        result, "result.list": result.list, "result.text": result.text, nsResult,
        bindingError, unknownError, pathError,
        "Object.getPrototypeOf(tools)": Object.getPrototypeOf(tools),
        "Object.getPrototypeOf(bindingError)": Object.getPrototypeOf(bindingError),
        "timer id": setTimeout(() => {}, 0),
      };
      for (const [label, v] of Object.entries(values)) probe(label, v);
      return verdicts;
      `,
    );
    const v = m.result.value ?? {};
    expect(m.result.error).toBeUndefined();
    expect(Object.values(v)).not.toContain("LEAK");
    expect(Object.keys(v)).toHaveLength(28);
    // The tools namespaces are proxies that answer no `constructor`; everything else chains
    // to the guest's own Function, whose "return this" is the guest global.
    for (const label of ["tools", "tools.ns", "tools.ns.deep"]) expect(v[label]).toBe("none");
    for (const [label, verdict] of Object.entries(v)) {
      if (!["tools", "tools.ns", "tools.ns.deep"].includes(label))
        expect(verdict, label).toBe("guest");
    }
    expectBounded(m, isolation);
    await expectHealthy(rt);
  });

  it("finds no foreign function anywhere in the guest's reachable object graph", async () => {
    const m = await measure<{ objects: number; functions: number; foreign: string[] }>(
      rt,
      `
      const result = await tools.echo({ a: 1 });
      let err; try { await tools.fail({}); } catch (e) { err = e; }
      const FP = Function.prototype;
      const seen = new Set();
      const queue = [globalThis, result, err];
      let functions = 0;
      const foreign = [];
      while (queue.length > 0 && seen.size < 50000) {
        const o = queue.shift();
        if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
        seen.add(o);
        if (typeof o === "function") {
          functions++;
          let p = o;
          while (p !== null && p !== FP) p = Object.getPrototypeOf(p);
          if (p !== FP) foreign.push(String(o.name));
        }
        queue.push(Object.getPrototypeOf(o));
        for (const k of Reflect.ownKeys(o)) {
          const d = Object.getOwnPropertyDescriptor(o, k);
          if (!d) continue;
          if ("value" in d) queue.push(d.value); else queue.push(d.get, d.set);
        }
      }
      return { objects: seen.size, functions, foreign };
      `,
    );
    expect(m.result.error).toBeUndefined();
    const { objects, functions, foreign } = m.result.value ?? {
      objects: 0,
      functions: 0,
      foreign: [""],
    };
    expect(foreign).toEqual([]);
    // The whole ES standard library was walked, not an empty graph.
    expect(objects).toBeGreaterThan(500);
    expect(functions).toBeGreaterThan(300);
    await expectHealthy(rt);
  });

  it("adds exactly the documented globals to a standard context", async () => {
    const r = await rt.run<string[]>("return Object.getOwnPropertyNames(globalThis)");
    const standard = vm.runInNewContext("Object.getOwnPropertyNames(globalThis)") as string[];
    const names = r.value ?? [];
    expect(names.filter((n) => !standard.includes(n)).sort()).toEqual(
      [
        "__return",
        "callBinding",
        "clearTimeout",
        "performance",
        "queueMicrotask",
        "setTimeout",
        "tools",
      ].sort(),
    );
    // WebAssembly is removed: its memories are not counted by the isolate's memory limit.
    expect(standard.filter((n) => !names.includes(n))).toEqual(["WebAssembly"]);
    await expectHealthy(rt);
  });

  it("gives Function('return this'), eval and every function constructor only the guest global", async () => {
    const r = await rt.run<Record<string, string[]>>(`
      const hostNames = ["process", "require", "module", "exports", "Buffer", "global", "__dirname",
        "__filename", "fetch", "setImmediate", "setInterval", "structuredClone", "Deno", "Bun",
        "WebAssembly", "ivm", "_ivm", "send", "Isolate", "Reference", "ExternalCopy"];
      const present = (g) => hostNames.filter((n) => typeof g[n] !== "undefined");
      return {
        Function: present(Function("return this")()),
        eval: present(eval("this")),
        indirectEval: present((0, eval)("this")),
        asyncFunction: present(await (async function () {}).constructor("return this")()),
        generator: present((function* () {}).constructor("yield this")().next().value),
        asyncGenerator: present((await (async function* () {}).constructor("yield this")().next()).value),
        sloppyThis: present((function () { return this; })()),
      };
    `);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({
      Function: [],
      eval: [],
      indirectEval: [],
      asyncFunction: [],
      generator: [],
      asyncGenerator: [],
      sloppyThis: [],
    });
    await expectHealthy(rt);
  });

  it("rejects dynamic import() of host modules and data: URLs", async () => {
    const r = await rt.run<string[]>(`
      const out = [];
      for (const spec of ["fs", "node:child_process", "data:text/javascript,export default globalThis"]) {
        try { await import(spec); out.push("imported " + spec); } catch (e) { out.push(e.message); }
      }
      return out;
    `);
    expect(r.exitCode).toBe(0);
    expect(r.value).toEqual(["Not supported", "Not supported", "Not supported"]);
    await expectHealthy(rt);
  });

  it("refuses static import declarations with SYNTAX_ERROR", async () => {
    const r = await rt.run(
      `import fs from "node:fs";\nreturn fs.readFileSync("/etc/passwd", "utf8");`,
    );
    expectFailure(r, "SYNTAX_ERROR", 1, /import/i);
    await expectHealthy(rt);
  });

  it("shows Error.prepareStackTrace no host frame, host function or host receiver", async () => {
    const r = await rt.run<{
      files: string[];
      frames: number;
      bootstrapHandles: number;
      leaks: number;
    }>(`
      const seen = [];
      Error.stackTraceLimit = Infinity;
      Error.prepareStackTrace = (err, frames) => {
        for (const f of frames) {
          const fn = f.getFunction(), self = f.getThis();
          let leak = false;
          for (const v of [fn, self]) {
            if (v === undefined || v === null) continue;
            try {
              const g = v.constructor.constructor("return this")();
              if (g !== globalThis || typeof g.process !== "undefined") leak = true;
            } catch {}
          }
          seen.push({ file: f.getFileName(), fn: fn !== undefined, self: self !== undefined, leak });
        }
        return "trace";
      };
      try { await tools.fail({}); } catch (e) { e.stack; }
      try { await callBinding("no-such", {}); } catch (e) { e.stack; }
      try { await tools.not.there({}); } catch (e) { e.stack; }
      await tools.echo({ x: 1 }).then(() => new Error("in settle").stack);
      await new Promise((resolve) => setTimeout(() => { new Error("in timer").stack; resolve(); }, 1));
      console.log(new Error("logged"));
      const files = [...new Set(seen.map((s) => s.file).filter((f) => f !== undefined && f !== null))].sort();
      const bootstrapHandles = seen.filter((s) => s.file === "isobind-bootstrap.js" && (s.fn || s.self)).length;
      return { files, frames: seen.length, bootstrapHandles, leaks: seen.filter((s) => s.leak).length };
    `);
    expect(r.error).toBeUndefined();
    const v = r.value;
    expect(v?.frames).toBeGreaterThan(5);
    expect(v?.leaks).toBe(0);
    // The bootstrap is strict code: its frames hand out neither their function nor `this`.
    expect(v?.bootstrapHandles).toBe(0);
    for (const file of v?.files ?? []) expect(["code.js", "isobind-bootstrap.js"]).toContain(file);
    await expectHealthy(rt);
  });

  it("lets Error.captureStackTrace and stack limits reveal no host path", async () => {
    const r = await rt.run<string[]>(`
      Error.stackTraceLimit = Infinity;
      const stacks = [];
      const holder = {};
      Error.captureStackTrace(holder);
      stacks.push(holder.stack);
      try { await tools.fail({}); } catch (e) { Error.captureStackTrace(e); stacks.push(e.stack); }
      await new Promise((resolve) => setTimeout(() => { const o = {}; Error.captureStackTrace(o); stacks.push(o.stack); resolve(); }, 1));
      return stacks;
    `);
    expect(r.error).toBeUndefined();
    const text = (r.value ?? []).join("\n");
    expect(r.value).toHaveLength(3);
    expect(text).not.toContain(HOST_ROOT);
    expect(text).not.toMatch(/node_modules|node:internal|file:\/\/|isolated-vm/);
    await expectHealthy(rt);
  });

  it("gives the guest only the message of a host Error thrown by a handler, never its stack", async () => {
    const r = await rt.run<{ message: string; stack: string; keys: string[]; code: string }>(`
      try { await tools.fail({}); } catch (e) {
        return { message: e.message, stack: String(e.stack), keys: Object.getOwnPropertyNames(e).sort(), code: e.code };
      }
    `);
    expect(r.error).toBeUndefined();
    expect(r.value?.message).toBe("HANDLER_ERROR: fail: disk full");
    expect(r.value?.code).toBe("HANDLER_ERROR");
    expect(r.value?.keys).toEqual(["binding", "code", "message", "stack"]);
    expect(r.value?.stack).not.toContain(HOST_ROOT);
    expect(r.value?.stack).not.toMatch(/node_modules|node:internal|helpers\.ts/);

    const uncaught = await rt.run("await tools.fail({});");
    expectFailure(uncaught, "GUEST_ERROR", 1, /^HANDLER_ERROR: fail: disk full$/);
    const everything = JSON.stringify(uncaught);
    expect(everything).not.toContain(HOST_ROOT);
    expect(everything).not.toMatch(/node_modules|node:internal/);
    await expectHealthy(rt);
  });

  it("turns a thrown non-Error host object into a message, not an object", async () => {
    const r = await rt.run<{ message: string; secret: string; path: string }>(`
      try { await tools.failWeird({}); } catch (e) {
        return { message: e.message, secret: typeof e.secret, path: typeof e.path };
      }
    `);
    expect(r.value?.secret).toBe("undefined");
    expect(r.value?.path).toBe("undefined");
    expect(r.value?.message.startsWith("HANDLER_ERROR: fail-weird: ")).toBe(true);
    await expectHealthy(rt);
  });

  it("hands the host plain data for Proxy and getter input; traps and getters run only in the guest", async () => {
    const r = await rt.run<{ host: Record<string, unknown>; traps: boolean; getterCalls: number }>(`
      let traps = 0, getterCalls = 0;
      const p = new Proxy({ city: "x", nested: { n: 1 } }, {
        get(t, k, rcv) { traps++; return Reflect.get(t, k, rcv); },
        ownKeys(t) { traps++; return Reflect.ownKeys(t); },
      });
      const withGetter = { get secret() { getterCalls++; return "from-guest"; } };
      const host = await tools.inspect({ p, withGetter, fn: () => 1, sym: Symbol("s"), date: new Date(0), undef: undefined });
      return { host, traps: traps > 0, getterCalls };
    `);
    expect(r.error).toBeUndefined();
    expect(r.value?.traps).toBe(true);
    expect(r.value?.getterCalls).toBe(1);
    expect(r.value?.host).toEqual({
      plain: true,
      protoIsObject: true,
      ownProtoKey: false,
      hostPolluted: false,
      json: {
        p: { city: "x", nested: { n: 1 } },
        withGetter: { secret: "from-guest" },
        date: "1970-01-01T00:00:00.000Z",
      },
    });
    await expectHealthy(rt);
  });

  it("rejects input whose getter or toJSON throws with INVALID_INPUT before the host sees it", async () => {
    const before = probe.calls.inspect ?? 0;
    const r = await rt.run<string[]>(`
      const out = [];
      try { await tools.inspect({ get boom() { throw new Error("getter"); } }); } catch (e) { out.push(e.code + " " + e.message); }
      try { await tools.inspect({ toJSON() { return 1n; } }); } catch (e) { out.push(e.code); }
      const cyclic = {}; cyclic.self = cyclic;
      try { await tools.inspect(cyclic); } catch (e) { out.push(e.code); }
      return out;
    `);
    expect(r.value).toEqual([
      "INVALID_INPUT INVALID_INPUT: inspect: input is not JSON-serializable: getter",
      "INVALID_INPUT",
      "INVALID_INPUT",
    ]);
    expect(probe.calls.inspect ?? 0).toBe(before);
    await expectHealthy(rt);
  });

  it("delivers __proto__ and constructor.prototype keys in input as own data, polluting nothing", async () => {
    const r = await rt.run<Record<string, unknown>[]>(`
      return [
        await tools.inspect(JSON.parse('{"__proto__":{"polluted":"yes"},"a":1}')),
        await tools.inspect({ constructor: { prototype: { polluted: "yes" } } }),
        await tools.inspect(JSON.parse('{"nested":{"__proto__":{"polluted":"yes"}}}')),
      ];
    `);
    expect(r.error).toBeUndefined();
    const [proto, ctor, nested] = r.value ?? [];
    expect(proto).toMatchObject({
      plain: true,
      protoIsObject: true,
      ownProtoKey: true,
      hostPolluted: false,
    });
    expect(ctor).toMatchObject({
      plain: true,
      protoIsObject: true,
      ownProtoKey: false,
      hostPolluted: false,
    });
    expect(nested).toMatchObject({ plain: true, hostPolluted: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    await expectHealthy(rt);
  });

  it("returns values with __proto__ keys as own data and leaves the host's prototypes alone", async () => {
    const r = await rt.run<Record<string, unknown>>(
      `return JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');`,
    );
    expect(r.error).toBeUndefined();
    const value = r.value ?? {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectHealthy(rt);
  });

  it("gives the guest handler output with __proto__ keys as own data without polluting the guest", async () => {
    const r = await rt.run(`
      const out = await tools.polluted({});
      return { own: Object.hasOwn(out, "__proto__"), guestPolluted: ({}).polluted !== undefined, ok: out.ok, proto: Object.getPrototypeOf(out) === Object.prototype };
    `);
    expect(r.value).toEqual({ own: true, guestPolluted: false, ok: 1, proto: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectHealthy(rt);
  });

  it("confuses only the guest when it tampers with builtins the bootstrap relies on", async () => {
    const r = await rt.run(`
      JSON.stringify = () => '"pwned"';
      JSON.parse = () => "pwned";
      Map.prototype.get = () => undefined;
      Map.prototype.set = () => { throw new Error("no"); };
      Promise.prototype.then = function () { throw new Error("no then"); };
      Reflect.apply = () => { throw new Error("no apply"); };
      Object.prototype.polluted = "guest";
      Array.prototype.push = () => { throw new Error("no push"); };
      String.prototype.slice = () => "pwned";
      const got = await tools.echo({ n: 1 });
      console.log("still", got.n);
      __return({ n: got.n, list: [1, 2] });
    `);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({ n: 1, list: [1, 2] });
    expect(r.stdout).toBe("still 1\n");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectHealthy(rt);
  });

  it("keeps callBinding, tools, __return and console from being replaced", async () => {
    const r = await rt.run<string[]>(`
      "use strict";
      const out = [];
      for (const name of ["callBinding", "tools", "__return", "console", "setTimeout"]) {
        try { globalThis[name] = () => "mine"; out.push(name + " replaced"); } catch { out.push(name + " kept"); }
      }
      try { tools.echo = () => "mine"; out.push("tools.echo replaced"); } catch { out.push("tools.echo kept"); }
      try { Object.defineProperty(tools, "evil", { value: 1 }); out.push("defined"); } catch { out.push("define refused"); }
      try { Object.setPrototypeOf(tools, null); out.push("proto replaced"); } catch { out.push("proto kept"); }
      return out;
    `);
    expect(r.value).toEqual([
      "callBinding kept",
      "tools kept",
      "__return kept",
      "console kept",
      "setTimeout kept",
      "tools.echo kept",
      "define refused",
      "proto kept",
    ]);
    await expectHealthy(rt);
  });
});
