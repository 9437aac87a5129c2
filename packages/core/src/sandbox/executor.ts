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
 */
import { createRequire } from "node:module";
import type ivmTypes from "isolated-vm";
import type { RunError, RunErrorCode } from "../types.ts";
import { guestBootstrapSource } from "./guest-bootstrap.ts";
import {
  HOST_ERROR_NAME,
  hostFailure,
  type RunSink,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxPath,
  type StartRequest,
} from "./protocol.ts";
import { stripTypes } from "./typescript.ts";

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

/** The file name guest frames carry; stacks are filtered to it. */
export const GUEST_FILENAME = "code.js";

interface Sandbox {
  isolate: ivmTypes.Isolate;
  context: ivmTypes.Context;
  start: ivmTypes.Reference<(main: unknown, limitsJson: string) => void>;
  dispatch: ivmTypes.Reference<(...args: ivmTypes.Transferable[]) => void>;
  memoryLimitMb: number;
  /** The binding set baked into this sandbox's bootstrap (see {@link Executor.defineBindings}). */
  bindingKey: string;
  /** Where the guest's messages go; set when a run takes the sandbox. */
  route: { run?: ActiveRun };
}

interface GuestErrorPayload {
  kind: RunErrorCode;
  name: string;
  message: string;
  stack?: string;
  code?: string;
  binding?: string;
}

const BINDING_CODES = new Set([
  "UNKNOWN_BINDING",
  "INVALID_INPUT",
  "PERMISSION_DENIED",
  "HANDLER_ERROR",
  "INVALID_OUTPUT",
]);

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

/** A run in progress inside one sandbox. */
class ActiveRun {
  readonly startedAt = performance.now();
  private done = false;
  private deadline: NodeJS.Timeout | undefined;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private droppedOutputBytes = 0;
  private resolveOutcome!: (o: SandboxOutcome) => void;
  readonly outcome = new Promise<SandboxOutcome>((r) => {
    this.resolveOutcome = r;
  });

  readonly req: StartRequest;
  readonly sandbox: Sandbox;
  readonly sink: RunSink;
  private readonly release: (run: ActiveRun) => void;

  constructor(
    req: StartRequest,
    sandbox: Sandbox,
    sink: RunSink,
    release: (run: ActiveRun) => void,
  ) {
    this.req = req;
    this.sandbox = sandbox;
    this.sink = sink;
    this.release = release;
  }

  get limits(): SandboxLimits {
    return this.req.limits;
  }

  /**
   * Time budget of the next entry, as the integer milliseconds isolated-vm wants: the smaller
   * of the wall-clock and CPU budgets left. Which of the two it was is what later tells a
   * timeout from a CPU limit; the clock read after the timeout fires can land a hair short of
   * the deadline, so it cannot tell.
   */
  private entryBudget(): { timeout: number; boundBy: "wall" | "cpu" } {
    const wallLeft = this.limits.timeoutMs - (performance.now() - this.startedAt);
    const cpuLeft = this.limits.cpuTimeMs - this.cpuMs();
    return {
      timeout: Math.max(1, Math.ceil(Math.min(wallLeft, cpuLeft))),
      // The two clocks differ by fractions of a millisecond; a tie is the wall clock's.
      boundBy: wallLeft <= cpuLeft + 1 ? "wall" : "cpu",
    };
  }

  /** CPU time of this run: the isolate's counter also holds the bootstrap, run when pooled. */
  cpuMs(): number {
    try {
      return Number(this.sandbox.isolate.cpuTime) / 1e6 - this.cpuBaseMs;
    } catch {
      return this.lastCpuMs;
    }
  }
  private lastCpuMs = 0;
  private cpuBaseMs = 0;

  begin(): void {
    this.cpuBaseMs = this.cpuMs();
    this.deadline = setTimeout(
      () =>
        this.fail(
          "TIMEOUT",
          `the run exceeded its ${this.limits.timeoutMs} ms timeout (timeoutMs)`,
        ),
      this.limits.timeoutMs,
    );
    const { sandbox, req } = this;
    let code = req.code;
    if (req.language === "typescript") {
      const stripped = stripTypes(code);
      if (!stripped.ok) {
        this.finishWith({
          code: "SYNTAX_ERROR",
          error: { code: "SYNTAX_ERROR", name: "SyntaxError", message: stripped.message },
        });
        return;
      }
      code = stripped.code;
    }
    let main: ivmTypes.Reference<unknown>;
    try {
      // Line 1 of the submitted code is line 1 in stacks: the wrapper sits on line 0.
      const script = sandbox.isolate.compileScriptSync(`(async function () {\n${code}\n})`, {
        filename: GUEST_FILENAME,
        lineOffset: -1,
      });
      main = script.runSync(sandbox.context, { reference: true, timeout: 1000 });
      script.release();
    } catch (e) {
      this.finishWith(syntaxOutcome(e));
      return;
    }
    const budget = this.entryBudget();
    sandbox.start
      .apply(undefined, [main.derefInto(), JSON.stringify(this.limits)], {
        timeout: budget.timeout,
      })
      .catch((e: unknown) => this.entryFailed(e, budget.boundBy));
  }

  /** A message from the guest's `send`. */
  onGuest(kind: string, a: unknown, b: unknown, c: unknown): void {
    if (this.done) return;
    switch (kind) {
      case "call":
        this.sink.call(a as number, b as string, c as string);
        return;
      case "out":
        this.sink.output(a === "stderr" ? "stderr" : "stdout", String(b));
        return;
      case "timer":
        this.armTimer(a as number, b as number);
        return;
      case "clear": {
        const t = this.timers.get(a as number);
        if (t) clearTimeout(t);
        this.timers.delete(a as number);
        return;
      }
      case "limit":
        this.droppedOutputBytes = Number(c) || 0;
        this.fail(a as RunErrorCode, String(b));
        return;
      case "done":
        this.droppedOutputBytes = Number(c) || 0;
        if (a === 1) {
          this.finishWith({ code: null, valueJson: b === "" ? undefined : String(b) });
        } else {
          this.finishWith(guestErrorOutcome(String(b)));
        }
        return;
    }
  }

  private armTimer(id: number, ms: number): void {
    const handle = setTimeout(() => {
      this.timers.delete(id);
      this.enter(["timer", id]);
    }, ms);
    this.timers.set(id, handle);
  }

  private settleQueue: ivmTypes.Transferable[] = [];

  /**
   * Delivers a binding result into the guest. Results that arrive in the same tick (the usual
   * `Promise.all` case) go in one entry: each entry is a thread hop into the isolate.
   */
  settle(callId: number, ok: 0 | 1, payload: string): void {
    if (this.done) return;
    this.settleQueue.push(callId, ok, payload);
    if (this.settleQueue.length === 3) {
      queueMicrotask(() => {
        const batch = this.settleQueue;
        this.settleQueue = [];
        this.enter(["settle", ...batch]);
      });
    }
  }

  private enter(args: ivmTypes.Transferable[]): void {
    if (this.done) return;
    const budget = this.entryBudget();
    this.sandbox.dispatch
      .apply(undefined, args, { timeout: budget.timeout })
      .catch((e: unknown) => this.entryFailed(e, budget.boundBy));
  }

  /** An entry into the guest threw: a timeout, a dispose (memory), or an internal fault. */
  private entryFailed(e: unknown, boundBy: "wall" | "cpu"): void {
    if (this.done) return;
    const message = e instanceof Error ? e.message : String(e);
    if (/memory limit/i.test(message)) {
      this.fail(
        "MEMORY_LIMIT",
        `the sandbox ran out of memory (memoryLimitMb: ${this.limits.memoryLimitMb})`,
      );
    } else if (/timed out/i.test(message)) {
      if (boundBy === "wall") {
        this.fail(
          "TIMEOUT",
          `the run exceeded its ${this.limits.timeoutMs} ms timeout (timeoutMs)`,
        );
      } else {
        this.fail(
          "CPU_TIME_LIMIT",
          `the run used more than ${this.limits.cpuTimeMs} ms of CPU time (cpuTimeMs)`,
        );
      }
    } else if (/disposed/i.test(message)) {
      this.fail("SANDBOX_CRASHED", `the sandbox stopped unexpectedly: ${message}`);
    } else {
      this.fail("SANDBOX_CRASHED", `the sandbox failed: ${message}`);
    }
  }

  /** Ends the run from the host side (limit, abort, deadline). */
  fail(code: RunErrorCode, message: string): void {
    this.finishWith({ code, error: { code, name: HOST_ERROR_NAME, message } });
  }

  private finishWith(partial: Omit<SandboxOutcome, "cpuMs" | "droppedOutputBytes">): void {
    if (this.done) return;
    this.lastCpuMs = this.cpuMs();
    this.done = true;
    if (this.deadline) clearTimeout(this.deadline);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.release(this);
    this.resolveOutcome({
      ...partial,
      cpuMs: Math.round(this.lastCpuMs * 1000) / 1000,
      droppedOutputBytes: this.droppedOutputBytes,
    });
  }
}

function syntaxOutcome(e: unknown): Omit<SandboxOutcome, "cpuMs" | "droppedOutputBytes"> {
  const raw = e instanceof Error ? e.message : String(e);
  // isolated-vm reports "SyntaxError: Unexpected token ')' [code.js:3:7]".
  const at = /\[code\.js:(\d+):(\d+)\]\s*$/.exec(raw);
  const message = raw.replace(/^SyntaxError:\s*/, "").replace(/\s*\[code\.js:\d+:\d+\]\s*$/, "");
  const error: RunError = { code: "SYNTAX_ERROR", name: "SyntaxError", message };
  if (at) {
    error.line = Number(at[1]);
    error.message = `${message} (line ${at[1]}, column ${at[2]})`;
    error.stack = `SyntaxError: ${message}\n    at ${GUEST_FILENAME}:${at[1]}:${at[2]}`;
  }
  return { code: "SYNTAX_ERROR", error };
}

function guestErrorOutcome(json: string): Omit<SandboxOutcome, "cpuMs" | "droppedOutputBytes"> {
  let p: GuestErrorPayload;
  try {
    p = JSON.parse(json) as GuestErrorPayload;
  } catch {
    p = { kind: "GUEST_ERROR", name: "Error", message: "the guest reported an unreadable error" };
  }
  const code: RunErrorCode =
    p.kind === "RESULT_TOO_LARGE" || p.kind === "RESULT_NOT_SERIALIZABLE" ? p.kind : "GUEST_ERROR";
  const error: RunError = { code, name: String(p.name), message: String(p.message) };
  if (typeof p.stack === "string" && p.stack.length > 0) {
    error.stack = p.stack;
    const line = new RegExp(`${GUEST_FILENAME.replace(".", "\\.")}:(\\d+):\\d+`).exec(p.stack);
    if (line) error.line = Number(line[1]);
  }
  if (typeof p.code === "string" && BINDING_CODES.has(p.code)) {
    error.bindingCode = p.code as RunError["bindingCode"];
    if (typeof p.binding === "string") error.binding = p.binding;
  }
  return { code, error };
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
      factory.release();
      api.release();
      return { isolate, context, start, dispatch, memoryLimitMb, bindingKey, route };
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
