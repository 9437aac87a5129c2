/**
 * quickjs-emscripten: QuickJS compiled to WebAssembly. The WASM module loads once per process
 * (as isolated-vm's native addon does); each run gets its own QuickJS runtime (own heap, memory
 * limit and interrupt deadline) and context, so runs share nothing, as in isobind.
 *
 * The bridge follows the library's README for async host functions: a host function returns a
 * `newPromise()` handle, and `executePendingJobs()` runs after each settlement, so calls made in
 * `Promise.all` overlap. Values cross as JSON strings.
 */
import {
  getQuickJS,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
  shouldInterruptAfterDeadline,
} from "quickjs-emscripten";
import { calculate, getWeather, type SeedOutcome, seedCode } from "../runtime/seed.ts";
import { type Engine, installedVersion } from "./engine.ts";

const HANDLERS: Record<string, (input: unknown) => unknown> = {
  "get-weather": getWeather,
  calculate,
};

const PRELUDE = `
globalThis.callBinding = (name, input) => __hostCall(name, JSON.stringify(input)).then(JSON.parse);
globalThis.__return = (v) => __hostReturn(JSON.stringify(v));
globalThis.console = { log: (...a) => __hostLog(a.map(String).join(" ")) };
`;

const CODE = `(async () => {${seedCode({
  call: (name, input) => `callBinding(${JSON.stringify(name)}, ${input})`,
  giveBack: (expr) => `globalThis.__return(${expr});`,
})}})()`;

function setFunction(
  ctx: QuickJSContext,
  name: string,
  fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined,
): void {
  const handle = ctx.newFunction(name, fn);
  ctx.setProp(ctx.global, name, handle);
  handle.dispose();
}

async function runOnce(qjs: QuickJSWASMModule): Promise<SeedOutcome> {
  const runtime = qjs.newRuntime();
  runtime.setMemoryLimit(128 * 1024 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + 5000));
  const ctx = runtime.newContext();
  let returned: string | undefined;
  const out: string[] = [];
  try {
    setFunction(ctx, "__hostCall", (nameH, inputH) => {
      const name = ctx.getString(nameH!);
      const input = JSON.parse(ctx.getString(inputH!));
      const deferred = ctx.newPromise();
      Promise.resolve()
        .then(() => {
          const handler = HANDLERS[name];
          if (!handler) throw new Error(`UNKNOWN_BINDING: ${name}`);
          return handler(input);
        })
        .then(
          (value) => ctx.newString(JSON.stringify(value)).consume((h) => deferred.resolve(h)),
          (error: unknown) => ctx.newError(String(error)).consume((h) => deferred.reject(h)),
        );
      deferred.settled.then(() => runtime.executePendingJobs());
      return deferred.handle;
    });
    setFunction(ctx, "__hostReturn", (h) => {
      returned = ctx.getString(h!);
      return undefined;
    });
    setFunction(ctx, "__hostLog", (h) => {
      out.push(ctx.getString(h!));
      return undefined;
    });
    ctx.unwrapResult(ctx.evalCode(PRELUDE)).dispose();
    const promise = ctx.unwrapResult(ctx.evalCode(CODE));
    runtime.executePendingJobs();
    const settled = await ctx.resolvePromise(promise);
    promise.dispose();
    ctx.unwrapResult(settled).dispose();
    return {
      value: returned === undefined ? undefined : JSON.parse(returned),
      stdout: `${out.join("\n")}\n`,
    };
  } finally {
    ctx.dispose();
    runtime.dispose();
  }
}

/** The quickjs-emscripten engine. */
export const quickjsEngine: Engine = {
  id: "quickjs-emscripten",
  version: `quickjs-emscripten ${installedVersion("quickjs-emscripten")} (release-sync variant)`,
  isolation: "WebAssembly linear memory (QuickJS interpreter), in the host process",
  warmPath: "a fresh QuickJS runtime + context per run; the WASM module loaded once",
  coldPath: "the same as a warm run (the library has no runtime object of its own)",
  async create() {
    const qjs = await getQuickJS();
    return { runSeed: () => runOnce(qjs), dispose: async () => {} };
  },
};
