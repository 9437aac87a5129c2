/**
 * Published sandbox attacks, ported to isobind's guest API: the proof-of-concept code of public
 * advisories and issues (vm2, safe-eval, gf3/sandbox, static-eval, SandboxJS, Node's `vm`, Deno,
 * isolated-vm), each citing its source, plus the cases of isobind issue #20 (a guest that attacks
 * the runtime's own code). A PoC that reached the host through `process`/`require` there must
 * find nothing here: every escape attempt ends by returning `verdict(candidate)`, which is
 * "contained" unless the candidate is a host global.
 */
import type { Limits, RunErrorCode } from "../../src/index.ts";

/** What a case must end with: a value (exit 0), or exactly one documented error code. */
export type Expectation = { value: unknown } | { error: RunErrorCode; message?: RegExp };

export interface PublishedCase {
  /** Advisory id, CVE or URL of the published PoC (or of the isobind issue). */
  source: string;
  title: string;
  code: string;
  expect: Expectation;
  limits?: Partial<Limits>;
  stdout?: RegExp;
  stderr?: RegExp;
  /** Without the `verdict` prelude (cases whose line numbers or syntax matter). */
  raw?: boolean;
}

/** Put in front of each case: judges what a PoC obtained. */
export const PRELUDE = `const verdict = (g) => {
  try {
    const host = !!g && (typeof g.process !== "undefined" || typeof g.require !== "undefined" ||
      typeof g.Buffer !== "undefined" || typeof g.module !== "undefined" || typeof g.Deno !== "undefined");
    return host ? "LEAK" : "contained";
  } catch { return "contained"; }
};
`;

const contained = { value: "contained" } as const;
const ISSUE_20 = "isobind issue #20";

/** PoCs from vm2's advisories (github.com/patriksimek/vm2/security/advisories). */
const VM2: PublishedCase[] = [
  {
    source: "GHSA-mrgp-mrhc-5jrq (CVE-2022-36067, vm2 'SandBreak')",
    title: "Error.prepareStackTrace hands out CallSite.getThis() of every frame",
    code: `let found = "contained";
      Error.prepareStackTrace = (e, frames) => { for (const f of frames) { const t = f.getThis(); if (t && verdict(t.constructor?.constructor?.("return this")?.()) === "LEAK") found = "LEAK"; } return ""; };
      try { await tools.fail({}); } catch (e) { e.stack; }
      new Error("x").stack;
      return found;`,
    expect: contained,
  },
  {
    source: "GHSA-7jxr-cg7f-gpgv (CVE-2023-29017)",
    title: "prepareStackTrace on an error raised in an async continuation",
    code: `let g;
      Error.prepareStackTrace = (e, frames) => { frames.map((f) => f.getThis()).forEach((t) => { if (t) g = t; }); return ""; };
      async function aa() { await tools.echo({}); eval("1=1"); }
      try { await aa(); } catch (e) { e.stack; }
      return g === undefined ? "contained" : verdict(g.constructor.constructor("return this")());`,
    expect: contained,
  },
  {
    source: "GHSA-ch3r-j5x3-6q2m (CVE-2023-30547)",
    title: "a Proxy whose getPrototypeOf overflows the stack escapes exception sanitising",
    code: `const handler = { getPrototypeOf() { (function stack() { new Error().stack; stack(); })(); } };
      const proxiedErr = new Proxy({}, handler);
      try { throw proxiedErr; } catch ({ constructor: c }) { return verdict(c.constructor("return this")()); }`,
    expect: contained,
  },
  {
    source: "GHSA-xj72-wvfv-8985 (CVE-2023-29199)",
    title: "a stack overflow caught under a name the transformer misses",
    limits: { timeoutMs: 10_000 },
    code: `globalThis.aVM2_INTERNAL_TMPNAME = {}; Error.stackTraceLimit = 1; // cheaper frames, same overflow
      function stack() { new Error().stack; stack(); }
      try { stack(); } catch (a$tmpname) { return verdict(a$tmpname.constructor.constructor("return this")()); }`,
    expect: contained,
  },
  {
    source: "GHSA-whpj-8f3w-67p5 (CVE-2023-32314)",
    title: "an error whose name's toString is a Proxy reaching args.constructor (caught)",
    code: `let seen = "contained";
      const err = new Error("x");
      err.name = { toString: new Proxy(() => "", { apply(t, thiz, args) { seen = verdict(args.constructor.constructor("return this")()); return "n"; } }) };
      try { throw err; } catch (e) { String(e); }
      return seen;`,
    expect: contained,
  },
  {
    source: "GHSA-whpj-8f3w-67p5 (CVE-2023-32314), uncaught",
    title: "the same error thrown out of the body: the runtime describes it without crashing",
    code: `const err = new Error("poisoned");
      err.name = { toString: new Proxy(() => "", { apply() { throw err; } }) };
      throw err;`,
    expect: { error: "GUEST_ERROR", message: /poisoned/ },
  },
  {
    source: "GHSA-p5gc-c584-jj6v (CVE-2023-32313, inspect manipulation)",
    title: "console.log of a Proxy whose traps try to reach the inspector",
    code: `const p = new Proxy({}, { ownKeys() { return ["a"]; }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; }, get(t, k) { return typeof k === "symbol" ? undefined : verdict(this.constructor.constructor("return this")()); } });
      console.log(p);
      return "contained";`,
    expect: contained,
    stdout: /\{ a: 'contained' \}/,
  },
  {
    source: "GHSA-g644-9gfx-q4q4 (CVE-2023-37903, custom inspect)",
    title: "a nodejs.util.inspect.custom function is never called with a host inspect",
    code: `let called = false;
      const obj = { [Symbol.for("nodejs.util.inspect.custom")]: (depth, opts, inspect) => { called = true; return verdict(inspect.constructor("return this")()); } };
      console.log(obj);
      return called ? "LEAK" : "contained";`,
    expect: contained,
  },
  {
    source: "GHSA-v37h-5mfm-c47c (vm2 breakout through inspect)",
    title: "console.dir/console.table of hostile getters and proxies",
    code: `const evil = { get x() { return verdict(this.constructor.constructor("return this")()); } };
      console.dir(new Proxy(evil, {}));
      console.table([evil]);
      return "contained";`,
    expect: contained,
  },
  {
    source: "GHSA-cchq-frgv-rjh5 (CVE-2023-37466)",
    title: "a fake Symbol.species on an async function's promise receives the rejection",
    limits: { timeoutMs: 10_000 },
    code: `let got = "contained"; Error.stackTraceLimit = 1; // cheaper frames, same overflow
      async function fn() { (function stack() { new Error().stack; stack(); })(); }
      const p = fn();
      p.constructor = { [Symbol.species]: class FakePromise { constructor(executor) { executor((x) => x, (err) => { got = verdict(err.constructor.constructor("return this")()); }); } } };
      p.then();
      await null; await null;
      return got;`,
    expect: contained,
  },
  {
    source: "GHSA-99p7-6v5w-7xg8 (CVE-2026-22709)",
    title: "catch on the promise of a failed binding call hands over its error",
    code: `return await tools.fail({}).catch((e) => verdict(e.constructor.constructor("return this")()));`,
    expect: contained,
  },
  {
    source: "GHSA-qvjj-29qf-hp7p (vm2 breakout through Promise species)",
    title: "an own constructor with a fake species on a binding call's promise",
    code: `let got = "contained";
      const p = tools.fail({});
      p.constructor = { [Symbol.species]: function (executor) { executor(() => {}, (e) => { got = verdict(e.constructor.constructor("return this")()); }); } };
      try { p.then(() => {}); } catch {}
      try { await p; } catch {}
      await null;
      return got;`,
    expect: contained,
  },
  {
    source: "GHSA-grj5-jjm8-h35p (vm2 breakout through __lookupGetter__)",
    title: "__lookupGetter__('__proto__') applied to runtime-provided functions",
    code: `const lookup = ({}).__lookupGetter__;
      const protoGetter = lookup.call(tools.echo, "__proto__");
      const results = [tools.echo, callBinding, console.log, setTimeout].map((f) => verdict(protoGetter.call(f).constructor("return this")()));
      return results.every((r) => r === "contained") ? "contained" : "LEAK";`,
    expect: contained,
  },
  {
    source: "GHSA-55hx-c926-fr95 (vm2 escape through SuppressedError)",
    title: "a SuppressedError from DisposableStack carrying a binding error",
    code: `let err;
      try {
        const stack = new DisposableStack();
        stack.defer(() => { throw new Error("dispose"); });
        try { await tools.fail({}); } catch (e) { stack.defer(() => { throw e; }); }
        stack.dispose();
      } catch (e) { err = e; }
      const parts = [err, err?.error, err?.suppressed];
      return parts.every((p) => !p || verdict(p.constructor.constructor("return this")()) === "contained") ? "contained" : "LEAK";`,
    expect: contained,
  },
  {
    source: "GHSA-ffh4-j6h5-pg66 (vm2 WASM sandbox escape)",
    title: "WebAssembly is not there to compile an escape with",
    code: `return typeof WebAssembly === "undefined" ? "contained" : "LEAK";`,
    expect: contained,
  },
  {
    source: "GHSA-8hg8-63c5-gwmx (vm2 nesting: true)",
    title: "no require or module loader to nest another sandbox with",
    code: `let r = "contained";
      try { await import("vm2"); r = "LEAK"; } catch {}
      if (typeof require !== "undefined") r = "LEAK";
      return r;`,
    expect: contained,
  },
  {
    source: "CVE-2026-47140 (vm2 incomplete builtin denylist: process, inspector/promises)",
    title: "neither process nor inspector/promises is reachable",
    code: `let r = typeof process === "undefined" ? "contained" : "LEAK";
      try { await import("node:inspector/promises"); r = "LEAK"; } catch {}
      return r;`,
    expect: contained,
  },
  {
    source: "CVE-2026-45411 (vm2 async generator yield* catching a host exception)",
    title: "yield* over an iterator whose next/return reject with binding errors",
    code: `const inner = { [Symbol.asyncIterator]() { return { next: () => tools.fail({}), return: () => tools.fail({}) }; } };
      async function* g() { yield* inner; }
      try { for await (const x of g()) {} } catch (e) { return verdict(e.constructor.constructor("return this")()); }
      return "contained";`,
    expect: contained,
  },
  {
    source: "CVE-2021-23449 (vm2 dynamic import)",
    title: "import('fs') rejects",
    code: `try { const fs = await import("fs"); return verdict({ process: fs }); } catch { return "contained"; }`,
    expect: contained,
  },
  {
    source: "CVE-2019-10761 (vm2 breakout through a stack overflow)",
    title: "the RangeError of a stack overflow chains to the guest's Function",
    code: `function f() { try { return f(); } catch (e) { return e; } }
      const e = f();
      return verdict(e.constructor.constructor("return this")());`,
    expect: contained,
  },
];

/** PoCs from other JavaScript sandboxes' issues and advisories. */
const OTHERS: PublishedCase[] = [
  {
    source: "CVE-2017-16088 (safe-eval)",
    title: "this.constructor.constructor('return process')()",
    code: `try { return verdict({ process: this.constructor.constructor("return process")() }); }
      catch (e) { return e instanceof ReferenceError ? "contained" : "LEAK"; }`,
    expect: contained,
  },
  {
    source: "https://github.com/hacksparrow/safe-eval/issues/28",
    title: "prepareStackTrace + getThis, then pollute the host's Object.prototype",
    code: `Error.prepareStackTrace = (_, c) => c.map((c) => c.getThis()).find((a) => a);
      const ret = new Error().stack;
      if (ret && ret.__proto__) ret.__proto__.polluted = "ret.__proto__.polluted";
      const host = await tools.inspect({});
      return host.hostPolluted ? "LEAK" : "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/hacksparrow/safe-eval/issues/31",
    title: "the error of a stack overflow during new Error().stack",
    limits: { timeoutMs: 10_000 },
    code: `Error.stackTraceLimit = 1; // cheaper frames, same overflow
      function stack() { new Error().stack; stack(); }
      try { stack(); } catch (pp) { return verdict(pp.constructor.constructor("return this")()); }`,
    expect: contained,
  },
  {
    source: "https://github.com/hacksparrow/safe-eval/issues/32",
    title: "the TypeError of __defineGetter__ with a missing getter",
    code: `try { __defineGetter__("x"); } catch (ret) { return verdict(ret.constructor.constructor("return this")()); }
      return "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/gf3/sandbox/issues/65",
    title: "prepareStackTrace returning the first frame's this",
    code: `Error.prepareStackTrace = (_, c) => c[0].getThis();
      const ret = Error().stack;
      return ret ? verdict(ret.constructor.constructor("return this")()) : "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/gf3/sandbox/issues/67",
    title: "the TypeError of propertyIsEnumerable.call(undefined)",
    code: `try { propertyIsEnumerable.call(undefined); } catch (pp) { return verdict(pp.constructor.constructor("return this")()); }
      return "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/gf3/sandbox/issues/69",
    title: "the error of calling the global's toLocaleString()",
    code: `try { toLocaleString(); } catch (pp) { return verdict(pp.constructor.constructor("return this")()); }
      return "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/gf3/sandbox/issues/70",
    title: "the error of calling the global's valueOf()",
    code: `try { valueOf(); } catch (pp) { return verdict(pp.constructor.constructor("return this")()); }
      return "contained";`,
    expect: contained,
  },
  {
    source: "https://github.com/browserify/static-eval/issues/32",
    title: "Object.prototype.toString replaced by a getter, then the runtime is used",
    code: `({})["__proto__"]["__defineGetter__"]("toString", ({})["constructor"]);
      console.log({ a: 1 }, [1, 2]);
      const r = await tools.echo({ n: 7 });
      return r.n === 7 ? "contained" : "broken";`,
    expect: contained,
    stdout: /\{ a: 1 \} \[ 1, 2 \]/,
  },
  {
    source: "CVE-2025-34146 / GHSA-9qm3-6qrr-c76m (SandboxJS prototype pollution)",
    title: '"".sub.__proto__.__proto__.__defineGetter__ pollutes only the guest',
    code: `"".sub.__proto__.__proto__.__defineGetter__("polluted", {}.constructor.constructor("return true"));
      const host = await tools.inspect({ a: 1 });
      return host.hostPolluted === false && ({}).polluted === true ? "contained" : "LEAK";`,
    expect: contained,
  },
  {
    source: "https://github.com/denoland/deno/issues/30351",
    title: "node:vm-style prepareStackTrace to reach globalThis",
    code: `let g;
      Error.prepareStackTrace = (_, stack) => { g = stack[0].getThis()?.constructor.constructor("return globalThis")(); return ""; };
      new Error().stack;
      return g === undefined || g === globalThis ? verdict(g) : "LEAK";`,
    expect: contained,
  },
  {
    source: "https://nodejs.org/api/vm.html (node:vm is not a security mechanism)",
    title: "the classic constructor chain from a runtime-provided object",
    code: `return verdict(console.log.constructor("return this")());`,
    expect: contained,
  },
  {
    source: "https://nodejs.org/api/vm.html, via a binding result",
    title: "the constructor chain from an object a binding returned",
    code: `const r = await tools.echo({ a: { b: [1] } });
      return verdict(r.a.b.constructor.constructor("return this")());`,
    expect: contained,
  },
];

/** isolated-vm's own issues and advisories (github.com/laverdet/isolated-vm). */
const ISOLATED_VM: PublishedCase[] = [
  {
    source: "GHSA-864f-rcv7-6rh4 (isolated-vm; precondition: any ivm object in the guest)",
    title: "no Reference, ExternalCopy, Callback or Isolate anywhere in the reachable graph",
    code: `const seen = new Set(); const queue = [globalThis, tools, await tools.echo({ a: 1 })];
      try { await tools.fail({}); } catch (e) { queue.push(e); }
      const bad = [];
      while (queue.length && seen.size < 30000) {
        const o = queue.pop();
        if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
        seen.add(o);
        if (typeof o === "function" && /^(Reference|ExternalCopy|Callback|Isolate|NativeModule|Context|Script|Module)$/.test(o.name)) bad.push(o.name);
        queue.push(Object.getPrototypeOf(o));
        for (const k of Reflect.ownKeys(o)) { const d = Object.getOwnPropertyDescriptor(o, k); if (d) queue.push(d.value, d.get, d.set); }
      }
      return bad.length === 0 ? "contained" : "LEAK";`,
    expect: contained,
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/451",
    title: "a rejection nobody handles does not kill the run",
    code: `Promise.reject(new Error("nobody listens"));
      await tools.echo({});
      return "contained";`,
    expect: contained,
    stderr: /unhandled promise rejection.*nobody listens/,
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/518",
    title: "timeout does not cover code after an awaited host call",
    code: `await tools.echo({}); while (true) {}`,
    limits: { timeoutMs: 5000, cpuTimeMs: 300 },
    expect: { error: "CPU_TIME_LIMIT" },
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/185",
    title: "a promise that never settles runs into the wall clock",
    code: `await new Promise(() => {});`,
    limits: { timeoutMs: 400 },
    expect: { error: "TIMEOUT" },
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/215",
    title: "an endless microtask chain is CPU time",
    code: `const q = () => { Promise.resolve().then(q); }; q(); await new Promise(() => {});`,
    limits: { timeoutMs: 5000, cpuTimeMs: 300 },
    expect: { error: "CPU_TIME_LIMIT" },
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/266",
    title: "a tight while(true) is stopped as a CPU limit, not a catastrophic error",
    code: `while (true) {}`,
    limits: { timeoutMs: 5000, cpuTimeMs: 300 },
    expect: { error: "CPU_TIME_LIMIT" },
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/107",
    title: "a heap bomb disposes the isolate with MEMORY_LIMIT",
    code: `const a = []; while (true) a.push({ s: "abc" + Math.random() });`,
    limits: { timeoutMs: 10_000 },
    expect: { error: "MEMORY_LIMIT" },
  },
  {
    source: "https://github.com/laverdet/isolated-vm/issues/460",
    title: "ArrayBuffers past the memory limit are refused, catchably",
    code: `const kept = []; try { for (;;) kept.push(new ArrayBuffer(1 << 20)); } catch (e) { return e instanceof RangeError && kept.length < 200 ? "contained" : "LEAK"; }`,
    expect: contained,
  },
  {
    source: "isolated-vm README (host errors carry host stacks across)",
    title: "a binding error's stack holds guest frames only",
    code: `try { await tools.fail({}); } catch (e) { return /node_modules|\\/src\\/|file:/.test(String(e.stack)) ? "LEAK" : "contained"; }`,
    expect: contained,
  },
  {
    source: "isolated-vm README (forwarded console.log queued 1.44 GB in the host)",
    title: "a million console.log calls are bounded in the guest",
    code: `for (let i = 0; i < 1e6; i++) console.log("flood", i); return "contained";`,
    limits: { maxOutputBytes: 4096, timeoutMs: 20000 },
    expect: contained,
  },
];

/** isobind issue #20: the guest redefines built-ins the runtime's own code uses. */
const POLLUTED_REALM: PublishedCase[] = [
  {
    source: `${ISSUE_20}, class 2 (Object.prototype.get)`,
    title: "a throwing `get` accessor on Object.prototype",
    code: `Object.defineProperty(Object.prototype, "get", { get() { throw new Error("get"); }, configurable: true });
      const r = await tools.echo({ n: 1 }); console.log("ok"); return r.n;`,
    expect: { value: 1 },
    stdout: /^ok\n$/,
  },
  {
    source: `${ISSUE_20}, class 2 (Object.prototype.kind setter)`,
    title: "a throwing `kind` setter, then the body throws",
    code: `Object.defineProperty(Object.prototype, "kind", { set() { throw new Error("kind"); }, get() { return "x"; }, configurable: true });
      throw new Error("the real error");`,
    expect: { error: "GUEST_ERROR", message: /the real error/ },
  },
  {
    source: `${ISSUE_20}, class 2 (setters named like the runtime's fields)`,
    title: "setters for resolve/reject/name/id/json/fn/args/handled/settled/code/message",
    code: `let hits = 0;
      for (const k of ["resolve", "reject", "name", "id", "json", "fn", "args", "handled", "settled", "rejected", "code", "message", "stack", "binding", "site", "promise", "error", "value", "maxByteLength", "stdout", "stderr"])
        Object.defineProperty(Object.prototype, k, { __proto__: null, set() { hits++; throw new Error(k); }, get() { hits++; return undefined; }, configurable: true });
      const before = hits;
      const a = await tools.echo({ n: 1 }); const b = await tools.echo({ n: 2 });
      await new Promise((r) => setTimeout(r, 1, "x"));
      let code; try { await tools.fail({}); } catch (e) { code = Object.getOwnPropertyDescriptor(e, "code")?.value; }
      console.log("done", new Map([[1, 2]]), new Error("e"));
      return [a.n + b.n, code, hits === before ? "no runtime hits" : "hits " + (hits - before)];`,
    expect: { value: [3, "HANDLER_ERROR", "no runtime hits"] },
  },
  {
    source: `${ISSUE_20}, class 2 (toJSON on Object.prototype)`,
    title: "a throwing Object.prototype.toJSON does not touch the runtime's error report",
    code: `Object.defineProperty(Object.prototype, "toJSON", { value() { throw new Error("toJSON"); }, configurable: true, writable: true });
      throw new Error("boom");`,
    expect: { error: "GUEST_ERROR", message: /^boom$/ },
  },
  {
    source: `${ISSUE_20}, class 2 (Array.prototype index setters)`,
    title: "index setters on Array.prototype never see the queue of waiting calls",
    limits: { maxConcurrentBindingCalls: 2 },
    code: `let hits = 0; const grabbed = [];
      for (let i = 0; i < 64; i++) Object.defineProperty(Array.prototype, i, { set(v) { hits++; grabbed.push(v); if (v && typeof v === "object") v.json = JSON.stringify({ s: "x".repeat(1e6) }); }, get() { return undefined; }, configurable: true });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => tools.echo({ i })));
      return { hits, ok: results.every((r, i) => r && r.i === i) };`,
    expect: { value: { hits: 0, ok: true } },
  },
  {
    source: `${ISSUE_20}, class 2 (Promise.prototype.constructor)`,
    title: "a throwing Promise.prototype.constructor getter",
    code: `Object.defineProperty(Promise.prototype, "constructor", { get() { throw new Error("ctor"); }, configurable: true });
      tools.echo({ n: 5 }).then((x) => console.log("got", x.n));
      setTimeout(() => {}, 5); // the run waits for the timer, the then callback runs before it
      return 5;`,
    expect: { value: 5 },
    stdout: /got 5/,
  },
  {
    source: `${ISSUE_20}, class 2 (Promise.prototype.then)`,
    title: "Promise.prototype.then replaced by a throwing function",
    code: `Promise.prototype.then = function () { throw new Error("then"); };
      return 5;`,
    expect: { value: 5 },
  },
  {
    source: `${ISSUE_20}, class 2 (Symbol.species)`,
    title: "a throwing Promise[Symbol.species] getter",
    code: `Object.defineProperty(Promise, Symbol.species, { get() { throw new Error("species"); }, configurable: true });
      const r = await tools.echo({ n: 6 });
      queueMicrotask(() => console.log("micro"));
      return r.n;`,
    expect: { value: 6 },
    stdout: /micro/,
  },
  {
    source: `${ISSUE_20}, class 2 (Map and Set methods)`,
    title: "Map.prototype.get/set/has/delete and Set methods replaced",
    code: `for (const C of [Map, Set]) for (const k of ["get", "set", "has", "delete", "add", "forEach", "entries", "values"]) C.prototype[k] = () => { throw new Error(k); };
      const r = await Promise.all([tools.echo({ n: 1 }), tools.echo({ n: 2 })]);
      return r[0].n + r[1].n;`,
    expect: { value: 3 },
  },
  {
    source: `${ISSUE_20}, class 2 (JSON)`,
    title: "JSON.stringify and JSON.parse replaced",
    code: `JSON.stringify = () => '"pwned"'; JSON.parse = () => "pwned";
      const r = await tools.echo({ n: 4 });
      return { n: r.n };`,
    expect: { value: { n: 4 } },
  },
  {
    source: `${ISSUE_20}, class 2 (iterators)`,
    title: "Array, Map and Set iterators and their next methods replaced",
    code: `Array.prototype[Symbol.iterator] = function* () { throw new Error("iter"); };
      Object.getPrototypeOf(new Map().entries()).next = () => { throw new Error("next"); };
      Object.getPrototypeOf(new Set().values()).next = () => { throw new Error("next"); };
      const m = new Map(); Map.prototype.set.call(m, "k", 1);
      console.log(m, [1, 2]);
      return (await tools.echo({ n: 8 })).n;`,
    expect: { value: 8 },
    stdout: /Map\(1\) \{ 'k' => 1 \} \[ 1, 2 \]/,
  },
  {
    source: `${ISSUE_20}, class 2 (String and RegExp methods)`,
    title: "split, replace, indexOf, slice, toLowerCase, RegExp exec/test replaced",
    code: `for (const k of ["split", "replace", "indexOf", "slice", "toLowerCase", "charCodeAt"]) String.prototype[k] = () => { throw new Error(k); };
      RegExp.prototype.exec = () => { throw new Error("exec"); }; RegExp.prototype.test = () => true;
      RegExp.prototype[Symbol.replace] = () => "x"; String.prototype[Symbol.split] = () => [];
      console.log("it's", { "a b": "c'd" });
      try { await tools.ehco({}); } catch (e) { return e.code + " " + e.message.includes("did you mean tools.echo?"); }`,
    expect: { value: "UNKNOWN_BINDING true" },
    stdout: /it's \{ 'a b': 'c\\'d' \}/,
  },
  {
    source: `${ISSUE_20}, class 2 (Error internals)`,
    title: "Error.prepareStackTrace throwing and Error.prototype setters",
    code: `Error.prepareStackTrace = () => { throw new Error("pst"); };
      Object.defineProperty(Error.prototype, "message", { set() { throw new Error("msg"); }, get() { return "m"; }, configurable: true });
      Object.defineProperty(Error.prototype, "code", { set() { throw new Error("code"); }, configurable: true });
      try { await tools.fail({}); } catch (e) { return e.code; }`,
    expect: { value: "HANDLER_ERROR" },
  },
  {
    source: `${ISSUE_20}, class 2 (Function.prototype and Reflect)`,
    title: "call/apply/bind and Reflect.apply/construct replaced",
    code: `Function.prototype.call = Function.prototype.apply = Function.prototype.bind = () => { throw new Error("fn"); };
      Reflect.apply = Reflect.construct = () => { throw new Error("reflect"); };
      setTimeout((a, b) => console.log("timer", a, b), 1, "x", 2);
      await new Promise((r) => setTimeout(r, 5));
      return (await tools.echo({ n: 9 })).n;`,
    expect: { value: 9 },
    stdout: /timer x 2/,
  },
  {
    source: `${ISSUE_20}, class 2 (Object statics)`,
    title: "Object.defineProperty/freeze/keys/getPrototypeOf replaced",
    code: `for (const k of ["defineProperty", "freeze", "keys", "getPrototypeOf", "hasOwn", "getOwnPropertyDescriptor"]) Object[k] = () => { throw new Error(k); };
      console.log({ a: [1] });
      return (await tools.ns.deep.fn({})).ok;`,
    expect: { value: true },
  },
  {
    source: `${ISSUE_20}, class 2 (Object.prototype.__proto__ setter)`,
    title: "a throwing __proto__ setter",
    code: `Object.defineProperty(Object.prototype, "__proto__", { set() { throw new Error("proto"); }, get() { return null; }, configurable: true });
      try { await tools.fail({}); } catch (e) { console.log(e.code); }
      return (await tools.echo({ n: 2 })).n;`,
    expect: { value: 2 },
    stdout: /HANDLER_ERROR/,
  },
  {
    source: `${ISSUE_20}, class 2 (proxy traps on Object.prototype)`,
    title:
      "has/ownKeys/getOwnPropertyDescriptor on Object.prototype never become the tools proxy's traps",
    code: `let hits = 0;
      for (const k of ["has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "apply"]) Object.prototype[k] = function () { hits++; throw new Error(k); };
      const inTools = "echo" in tools; const keys = Object.keys(tools);
      return { hits, inTools, echo: keys.includes("echo") };`,
    expect: { value: { hits: 0, inTools: true, echo: true } },
  },
  {
    source: `${ISSUE_20}, class 2 (thenable pollution)`,
    title: "Object.prototype.then turns every object into a thenable; the run still ends",
    code: `Object.prototype.then = function (resolve) { delete Object.prototype.then; resolve(42); };
      return { x: 1 };`,
    expect: { value: 42 },
  },
  {
    source: `${ISSUE_20}, class 2 (a binding call's promise, tampered with)`,
    title: "own then/constructor on a binding call's promise confuse only the guest",
    code: `const p = tools.echo({ n: 3 });
      try { Object.getPrototypeOf(p).then = () => {}; } catch {}
      const frozen = Object.isFrozen(Object.getPrototypeOf(p));
      return { frozen, n: (await p).n };`,
    expect: { value: { frozen: true, n: 3 } },
  },
];

/** isobind issue #20, classes 1, 3, 4 and 5. */
const RUNTIME_CLASSES: PublishedCase[] = [
  {
    source: `${ISSUE_20}, class 1`,
    title: "a call that fails while the code awaits another, handled afterwards",
    code: `const p = tools.fail({}); await tools.echo({}); try { await p; } catch (e) { return "caught " + e.code; }`,
    expect: { value: "caught HANDLER_ERROR" },
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "the same with .catch attached late, and with Promise.allSettled",
    code: `const p = tools.fail({}); const q = tools.fail({}); await new Promise((r) => setTimeout(r, 20));
      const a = await p.catch((e) => e.code); const [b] = await Promise.allSettled([q]);
      return [a, b.status];`,
    expect: { value: ["HANDLER_ERROR", "rejected"] },
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "a failed call never handled is reported on stderr with its line; the value stands",
    code: `tools.fail({});\nawait tools.echo({});\nreturn "value";`,
    raw: true,
    expect: { value: "value" },
    stderr:
      /unhandled promise rejection \(the call was never awaited or handled\): HANDLER_ERROR: fail: disk full \(line 1\)/,
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "an async function that throws and is never awaited",
    code: `(async () => { await tools.echo({}); throw new TypeError("lost"); })();
      await tools.echo({}); await tools.echo({});
      return "value";`,
    expect: { value: "value" },
    stderr: /unhandled promise rejection.*TypeError: lost/,
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "a guest promise rejected in one turn and handled in a later one",
    code: `const p = (async () => { throw new Error("later"); })(); await tools.echo({});
      try { await p; } catch (e) { return e.message; }`,
    expect: { value: "later" },
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "a queueMicrotask callback that throws ends the run as the guest's error",
    code: `queueMicrotask(() => { throw new RangeError("in a microtask"); }); await tools.echo({}); return 1;`,
    expect: { error: "GUEST_ERROR", message: /in a microtask/ },
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "a rejection carrying a fake 'Script execution timed out.' is not a timeout",
    code: `Promise.reject(new Error("Script execution timed out.")); await tools.echo({}); return "value";`,
    expect: { value: "value" },
    stderr: /unhandled promise rejection.*timed out/,
  },
  {
    source: `${ISSUE_20}, class 1`,
    title: "a rejection carrying a fake 'Isolate was disposed' message is not a crash",
    code: `Promise.reject("Isolate was disposed during execution due to memory limit"); await tools.echo({}); return "value";`,
    expect: { value: "value" },
  },
  {
    source: `${ISSUE_20}, class 3`,
    title: "`}); for(;;){} (async function(){` cannot close the wrapper",
    code: "}); for(;;){} (async function(){",
    raw: true,
    expect: { error: "SYNTAX_ERROR", message: /closes the async function.*line 1/ },
  },
  {
    source: `${ISSUE_20}, class 3`,
    title: "a wrapper closed on line 3 with a plain function after it",
    code: "const a = 1;\nconst b = 2;\nreturn a + b });\n(function () {\nreturn 1;",
    raw: true,
    expect: { error: "SYNTAX_ERROR", message: /line 3/ },
  },
  {
    source: `${ISSUE_20}, class 3`,
    title: "closing the wrapper to run top-level code that hides a global",
    code: `}); globalThis.tools = undefined; (async function () {`,
    raw: true,
    expect: { error: "SYNTAX_ERROR" },
  },
  {
    source: `${ISSUE_20}, class 3`,
    title: "a stray brace inside otherwise valid code",
    code: "const x = 1;\n}\nreturn x;",
    raw: true,
    expect: { error: "SYNTAX_ERROR" },
  },
  {
    source: `${ISSUE_20}, class 3`,
    title: "stack lines stay right for ordinary code",
    code: "const a = 1;\n\nthrow new Error('line three');",
    raw: true,
    expect: { error: "GUEST_ERROR", message: /line three/ },
  },
  {
    source: `${ISSUE_20}, class 2 (host re-checks)`,
    title: "a helper name too long for the protocol is an unknown binding, not a crash",
    code: `try { await tools["$" + "x".repeat(100000)]({}); } catch (e) { return e.code; }`,
    expect: { value: "UNKNOWN_BINDING" },
  },
  {
    source: `${ISSUE_20}, class 4`,
    title: "FinalizationRegistry cleanup callbacks cannot burn untimed CPU",
    code: `const r = new FinalizationRegistry(() => { for (;;) {} });`,
    expect: { error: "GUEST_ERROR", message: /FinalizationRegistry is not defined/ },
  },
  {
    source: `${ISSUE_20}, class 4 + https://github.com/laverdet/isolated-vm/issues/451`,
    title: "a prepareStackTrace loop run while isolated-vm copies an unhandled rejection",
    code: `Error.prepareStackTrace = () => { for (;;) {} }; Promise.reject(new Error("x")); await tools.echo({}); return 1;`,
    limits: { timeoutMs: 5000, cpuTimeMs: 300 },
    expect: { error: "CPU_TIME_LIMIT" },
  },
  {
    source: `${ISSUE_20}, class 4 + https://github.com/laverdet/isolated-vm/issues/451`,
    title: "a rejection reason whose traps loop when inspected",
    code: `Promise.reject(new Proxy({}, { get() { for (;;) {} }, getPrototypeOf() { for (;;) {} }, ownKeys() { for (;;) {} } })); await tools.echo({}); return 1;`,
    limits: { timeoutMs: 5000, cpuTimeMs: 300 },
    expect: { error: "CPU_TIME_LIMIT" },
  },
  {
    source: `${ISSUE_20}, class 4`,
    title: "Atomics.waitAsync continuations cannot run outside an entry",
    code: `return typeof Atomics.waitAsync;`,
    expect: { value: "undefined" },
  },
  {
    source: `${ISSUE_20}, class 4`,
    title: "WeakRef stays, and runs no guest code",
    code: `const w = new WeakRef({ a: 1 }); return typeof w.deref();`,
    expect: { value: "object" },
  },
  {
    source: `${ISSUE_20}, class 5`,
    title: "holding Intl.DateTimeFormat objects (ICU memory) is capped by the memory limit",
    code: `const a = []; for (let i = 0; i < 2e5; i++) a.push(new Intl.DateTimeFormat("en", { timeZone: "UTC", hour: "numeric" }));`,
    limits: { timeoutMs: 20000 },
    expect: { error: "GUEST_ERROR", message: /Intl objects as its memory limit allows/ },
  },
  {
    source: `${ISSUE_20}, class 5`,
    title: "holding Intl.Segmenter segments is capped too",
    code: `const s = new Intl.Segmenter("en", { granularity: "word" }); const a = []; for (let i = 0; i < 2e5; i++) a.push(s.segment("hello " + i));`,
    limits: { timeoutMs: 20000 },
    expect: { error: "GUEST_ERROR", message: /Intl objects/ },
  },
  {
    source: `${ISSUE_20}, class 5`,
    title: "ordinary Intl and toLocaleString use still works",
    code: `return [new Intl.NumberFormat("en-US").format(1234.5), (1234.5).toLocaleString("de-DE"), [..."ab"].length, [...new Intl.Segmenter("en").segment("a b")].length];`,
    expect: { value: ["1,234.5", "1.234,5", 2, 3] },
  },
];

/** Every case, in a stable order. */
export const PUBLISHED_CASES: PublishedCase[] = [
  ...VM2,
  ...OTHERS,
  ...ISOLATED_VM,
  ...POLLUTED_REALM,
  ...RUNTIME_CLASSES,
];
