/**
 * The isolate side of a run: prepares sandboxes (isolate + context + bootstrap), starts the
 * guest's code in one, relays its messages, and enforces the budgets isolated-vm cannot
 * enforce alone. Runs in the host process (in-process mode) or in the sandbox child process.
 *
 * Why it is built this way (see shared research on isolated-vm 7):
 * - `timeout` on an isolated-vm call only bounds that one synchronous entry, so every entry
 *   into the guest (the start and every settle/timer delivery) carries the CPU budget that is
 *   left, and a host timer disposes the isolate at the wall-clock deadline.
 * - Exactly one host function crosses into the guest: a fire-and-forget `Callback`. Results go
 *   back through a guest function that only the host holds a `Reference` to. No `Reference`,
 *   `ExternalCopy` or host object is ever reachable from the guest.
 * - A sandbox serves one run and is then disposed; a small pool prepares the next ones ahead.
 *
 * This file prepares sandboxes and hands them out; a run's life inside one is `active-run.ts`.
 */
import { createRequire } from "node:module";
import type ivmTypes from "isolated-vm";
import type { RunErrorCode } from "../types.ts";
import { ActiveRun, type Sandbox } from "./active-run.ts";
import { guestBootstrapSource } from "./guest-bootstrap.ts";
import {
  hostFailure,
  type RunSink,
  type SandboxOutcome,
  type SandboxPath,
  type StartRequest,
} from "./protocol.ts";

type Ivm = typeof ivmTypes;
const require = createRequire(import.meta.url);
let ivmModule: Ivm | undefined;
/** isolated-vm is a native addon; load it on first use so importing the package stays cheap. */
export function loadIvm(): Ivm {
  ivmModule ??= require("isolated-vm") as Ivm;
  return ivmModule;
}

/**
 * V8's code cache of the bootstrap, produced by the first sandbox this process prepares and
 * handed to every later compile: it cuts the bootstrap's compile from about 0.8 ms to 0.1 ms
 * of each sandbox's preparation. It only ever comes from our own source in this process
 * (a code cache from elsewhere is machine code: never accept one from users).
 */
let bootstrapCache: ivmTypes.ExternalCopy<ArrayBuffer> | undefined;

/** Options of an executor. */
export interface ExecutorOptions {
  /**
   * The binding set of runs that name none (in-process: the runtime's one set). A shared
   * sandbox process serves many runtimes: it gets each set once with {@link Executor.defineBindings}.
   */
  paths: SandboxPath[];
  poolSize: number;
  poolMemoryLimitMb: number;
  /** Process mode: abort the process on V8's catastrophic errors so the supervisor restarts it. */
  onCatastrophicError?: (message: string) => void;
}

/**
 * Owns the isolates of one runtime (or of one sandbox process): a pool of prepared sandboxes
 * and the runs in progress.
 */
export class Executor {
  private readonly pool: Sandbox[] = [];
  /**
   * Binding sets by key. The bootstrap bakes the paths into the guest's `tools` object when a
   * sandbox is prepared, so prepared sandboxes are keyed by binding set: a shared process keeps
   * them warm for the set of its latest run (many tenants usually share one set).
   */
  private readonly bindingSets = new Map<string, SandboxPath[]>();
  /** The shape the pool refills with: the latest run's binding set and memory limit. */
  private refillShape: { bindingKey: string; memoryLimitMb: number };
  private refillScheduled = false;
  private readonly runs = new Map<string, ActiveRun>();
  private closed = false;
  private readonly ivm = loadIvm();

  private readonly options: ExecutorOptions;

  constructor(options: ExecutorOptions) {
    this.options = options;
    this.bindingSets.set("", options.paths);
    this.refillShape = { bindingKey: "", memoryLimitMb: options.poolMemoryLimitMb };
    this.refill();
  }

  /** Registers a binding set that runs then name by key (shared sandbox processes). */
  defineBindings(key: string, paths: SandboxPath[]): void {
    this.bindingSets.set(key, paths);
  }

  /** Drops a binding set no runtime uses any more, with its prepared sandboxes. */
  forgetBindings(key: string): void {
    if (key === "") return;
    this.bindingSets.delete(key);
    for (let i = this.pool.length - 1; i >= 0; i--) {
      if (this.pool[i]!.bindingKey === key) disposeQuietly(this.pool.splice(i, 1)[0]!.isolate);
    }
  }

  /**
   * Prepares sandboxes until the pool is full, but only while no run is in progress: preparing
   * costs about a millisecond of this thread, which would only slow the runs it competes with.
   * Under sustained load runs prepare their own sandbox; between bursts the pool fills up.
   */
  private refill(): void {
    if (this.refillScheduled || this.closed) return;
    this.refillScheduled = true;
    setImmediate(() => {
      this.refillScheduled = false;
      const { bindingKey, memoryLimitMb } = this.refillShape;
      const fits = (s: Sandbox) => s.bindingKey === bindingKey && s.memoryLimitMb === memoryLimitMb;
      while (
        !this.closed &&
        this.runs.size === 0 &&
        this.bindingSets.has(bindingKey) &&
        this.pool.filter(fits).length < this.options.poolSize
      ) {
        // Full of sandboxes for other sets or limits: the oldest of those makes room.
        if (this.pool.length >= this.options.poolSize) {
          const stale = this.pool.findIndex((s) => !fits(s));
          if (stale === -1) return;
          disposeQuietly(this.pool.splice(stale, 1)[0]!.isolate);
        }
        try {
          this.pool.push(this.prepare(memoryLimitMb, bindingKey));
        } catch {
          // A failure to prepare shows up again, with its message, when a run needs a sandbox.
          return;
        }
      }
    });
  }

  private prepare(memoryLimitMb: number, bindingKey: string): Sandbox {
    const { ivm } = this;
    const isolate = new ivm.Isolate({
      memoryLimit: memoryLimitMb,
      ...(this.options.onCatastrophicError
        ? { onCatastrophicError: this.options.onCatastrophicError }
        : {}),
    });
    try {
      const context = isolate.createContextSync();
      const route: Sandbox["route"] = {};
      const send = new ivm.Callback(
        (kind: string, a: unknown, b: unknown, c: unknown) => route.run?.onGuest(kind, a, b, c),
        { ignored: true },
      );
      const script = isolate.compileScriptSync(guestBootstrapSource(), {
        filename: "isobind-bootstrap.js",
        ...(bootstrapCache ? { cachedData: bootstrapCache } : { produceCachedData: true }),
      });
      // isolated-vm sets `cachedData` on the script; its typings leave it off `Script`.
      bootstrapCache ??= (script as ivmTypes.Script & ivmTypes.CachedDataResult).cachedData;
      const factory = script.runSync(context, { reference: true }) as ivmTypes.Reference<
        (send: unknown, config: string) => unknown
      >;
      const api = factory.applySync(
        undefined,
        [send, JSON.stringify({ paths: this.bindingSets.get(bindingKey) ?? [] })],
        { result: { reference: true } },
      ) as unknown as ivmTypes.Reference<Record<string, unknown>>;
      const start = api.getSync("start", { reference: true }) as Sandbox["start"];
      const dispatch = api.getSync("dispatch", { reference: true }) as Sandbox["dispatch"];
      const check = api.getSync("check", { reference: true }) as Sandbox["check"];
      factory.release();
      api.release();
      return { isolate, context, start, dispatch, check, memoryLimitMb, bindingKey, route };
    } catch (e) {
      isolate.dispose();
      throw e;
    }
  }

  private take(memoryLimitMb: number, bindingKey: string): Sandbox {
    if (!this.bindingSets.has(bindingKey)) {
      throw new Error(`unknown binding set ${JSON.stringify(bindingKey)}`);
    }
    this.refillShape = { bindingKey, memoryLimitMb };
    const i = this.pool.findIndex(
      (s) => s.memoryLimitMb === memoryLimitMb && s.bindingKey === bindingKey,
    );
    return i === -1 ? this.prepare(memoryLimitMb, bindingKey) : this.pool.splice(i, 1)[0]!;
  }

  /** Starts a run; resolves with its outcome. Never rejects. */
  start(req: StartRequest, sink: RunSink): Promise<SandboxOutcome> {
    let sandbox: Sandbox;
    try {
      sandbox = this.take(req.limits.memoryLimitMb, req.bindingKey ?? "");
    } catch (e) {
      const message = `could not create a sandbox: ${e instanceof Error ? e.message : String(e)}`;
      return Promise.resolve(hostFailure("SANDBOX_CRASHED", message));
    }
    const run = new ActiveRun(req, sandbox, sink, (r) => this.finished(r));
    sandbox.route.run = run;
    this.runs.set(req.runId, run);
    run.begin();
    return run.outcome;
  }

  private finished(run: ActiveRun): void {
    this.runs.delete(run.req.runId);
    run.sandbox.route.run = undefined;
    if (this.runs.size === 0) this.refill();
    // Disposing stops a guest that is still spinning at once; off the critical path otherwise.
    const { isolate } = run.sandbox;
    setImmediate(() => {
      try {
        if (!isolate.isDisposed) isolate.dispose();
      } catch {
        // already disposed by isolated-vm (memory limit)
      }
    });
  }

  settle(runId: string, callId: number, ok: 0 | 1, payload: string): void {
    this.runs.get(runId)?.settle(callId, ok, payload);
  }

  abort(runId: string, code: RunErrorCode, message: string): void {
    this.runs.get(runId)?.fail(code, message);
  }

  pause(runId: string): void {
    this.runs.get(runId)?.pause();
  }

  /** Ends every run and disposes every isolate. */
  close(): void {
    this.closed = true;
    for (const run of [...this.runs.values()]) {
      run.fail("ABORTED", "the runtime was disposed");
    }
    for (const s of this.pool.splice(0)) disposeQuietly(s.isolate);
  }
}

function disposeQuietly(isolate: ivmTypes.Isolate): void {
  try {
    if (!isolate.isDisposed) isolate.dispose();
  } catch {
    // already disposed by isolated-vm (memory limit)
  }
}
