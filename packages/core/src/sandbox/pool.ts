/**
 * A pool of sandbox processes shared by many runtimes (or dedicated to one). Runtimes are
 * cheap handles ({@link PoolClient}): their runs wait in a bounded, fair queue and are sent to
 * the least busy process, which keeps its own warm isolates.
 *
 * Crash containment: a child acknowledges each run ("started") before any guest code of it
 * runs. When a process dies, runs it never acknowledged are sent again to another process
 * (once); only the runs that were executing there fail. A process that dies after it was
 * ready is replaced at once; one that cannot start is not respawned in a loop: the next run
 * that needs it tries again. A heartbeat finds stopped or wedged processes; a per-run
 * backstop ends a run about a second after its own deadline if its process does not.
 */
import type { RunErrorCode } from "../types.ts";
import {
  type FromChild,
  hostFailure,
  type ResolvedPoolOptions,
  type RunSink,
  type SandboxBackend,
  type SandboxOutcome,
  type SandboxPath,
  type StartRequest,
} from "./protocol.ts";
import { SandboxProcess } from "./sandbox-process.ts";
import { FairQueue } from "./scheduler.ts";

/** A run the process's own deadline should have ended gets this much longer before a kill. */
const BACKSTOP_GRACE_MS = 1000;
const MEMORY_POLL_MS = 50;
const HEARTBEAT_MS = 500;
/** Silence after which a process counts as stopped or wedged (its main thread never blocks long). */
const WEDGED_MS = 2000;
/** A run is sent at most this many times (a retry only when it never started executing). */
const MAX_ATTEMPTS = 2;

/** Everything that shapes a pool; shared pools with equal settings are one pool. */
export interface PoolSettings extends ResolvedPoolOptions {
  processMemoryLimitMb: number;
  poolSize: number;
  poolMemoryLimitMb: number;
}

interface PoolRun {
  client: PoolClient;
  req: StartRequest;
  sink: RunSink;
  resolve: (outcome: SandboxOutcome) => void;
  proc?: SandboxProcess;
  acked: boolean;
  attempts: number;
  backstop?: NodeJS.Timeout;
  settled: boolean;
  /** `performance.now()` when it was submitted: its queue wait ends at its first dispatch. */
  queuedAt: number;
}

/** One runtime's handle on a pool: the backend its run controller talks to. */
export class PoolClient implements SandboxBackend {
  readonly pool: SandboxPool;
  readonly bindingKey: string;
  closed = false;

  constructor(pool: SandboxPool, bindingKey: string) {
    this.pool = pool;
    this.bindingKey = bindingKey;
  }

  start(req: StartRequest, sink: RunSink): Promise<SandboxOutcome> {
    return this.pool.submit(this, req, sink);
  }
  settle(runId: string, callId: number, ok: 0 | 1, payload: string): void {
    this.pool.settle(this, runId, callId, ok, payload);
  }
  abort(runId: string, code: RunErrorCode, message: string): void {
    this.pool.abort(this, runId, code, message);
  }
  pause(runId: string): void {
    this.pool.pause(this, runId);
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.release(this);
  }
}

/** A set of supervised sandbox processes and the runs they serve. */
export class SandboxPool {
  readonly settings: PoolSettings;
  /** Called once when the pool starts closing (the shared-pool registry forgets it). */
  onClose: (() => void) | undefined;
  private readonly slots: (SandboxProcess | undefined)[];
  private readonly runs = new Map<string, PoolRun>();
  private readonly queue = new FairQueue<PoolClient, PoolRun>();
  private readonly clients = new Set<PoolClient>();
  private readonly bindingSets = new Map<string, { paths: SandboxPath[]; refs: number }>();
  private heartbeat: NodeJS.Timeout | undefined;
  private lastBeat = 0;
  private memoryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(settings: PoolSettings) {
    this.settings = settings;
    this.slots = new Array<SandboxProcess | undefined>(settings.processes).fill(undefined);
  }

  /** A handle for a runtime with these bindings; resolves once a process is ready. */
  async open(paths: SandboxPath[]): Promise<PoolClient> {
    const key = JSON.stringify(paths);
    const set = this.bindingSets.get(key);
    if (set) set.refs++;
    else this.bindingSets.set(key, { paths, refs: 1 });
    const client = new PoolClient(this, key);
    this.clients.add(client);
    try {
      await this.firstReady();
    } catch (e) {
      await client.close();
      throw e;
    }
    return client;
  }

  private async firstReady(): Promise<void> {
    if (this.slots.some((p) => p?.alive && p.wasReady)) return;
    if (!this.slots.some((p) => p?.alive)) this.spawn();
    const starting = this.slots.filter((p): p is SandboxProcess => p?.alive === true);
    try {
      await Promise.any(starting.map((p) => p.ready));
    } catch (e) {
      throw (e as AggregateError).errors?.[0] ?? e;
    }
  }

  /** Starts a process in an empty slot; undefined when every slot is taken. */
  private spawn(): SandboxProcess | undefined {
    const i = this.slots.findIndex((p) => !p?.alive);
    if (i === -1 || this.closed) return undefined;
    const { poolSize, poolMemoryLimitMb } = this.settings;
    const proc = new SandboxProcess(
      { poolSize, poolMemoryLimitMb },
      {
        message: (p, m) => this.onMessage(p, m),
        exit: (p, code, signal) => this.onExit(p, code, signal),
      },
    );
    this.slots[i] = proc;
    proc.ready.then(
      () => this.pump(),
      () => {},
    );
    this.startHeartbeat();
    return proc;
  }

  submit(client: PoolClient, req: StartRequest, sink: RunSink): Promise<SandboxOutcome> {
    if (this.closed || client.closed) {
      return Promise.resolve(hostFailure("ABORTED", "the runtime was disposed"));
    }
    return new Promise<SandboxOutcome>((resolve) => {
      const run: PoolRun = {
        client,
        req,
        sink,
        resolve,
        acked: false,
        attempts: 0,
        settled: false,
        queuedAt: performance.now(),
      };
      this.runs.set(req.runId, run);
      this.queue.push(client, run);
      this.pump();
      const full = this.queueFull(client);
      if (full && this.queue.remove(client, run)) {
        this.complete(run, hostFailure("QUEUE_FULL", `${full}; try again later`));
      }
    });
  }

  /**
   * Processes by state, for `isobind.pool.size`: busy ones run at least one run; idle ones are
   * alive and run none (including one still starting).
   */
  sizes(): { idle: number; busy: number } {
    let idle = 0;
    let busy = 0;
    for (const p of this.slots) {
      if (!p?.alive) continue;
      if (p.inFlight.size > 0) busy++;
      else idle++;
    }
    return { idle, busy };
  }

  /** Why a new run of `client` may not wait, if it may not. */
  private queueFull(client: PoolClient): string | undefined {
    const { maxQueuedRuns, maxQueuedRunsPerRuntime } = this.settings;
    if (this.queue.size > maxQueuedRuns) {
      return `the sandbox pool is at capacity: ${maxQueuedRuns} runs are already waiting (pool.maxQueuedRuns)`;
    }
    if (this.queue.sizeOf(client) > maxQueuedRunsPerRuntime) {
      return `this runtime already has ${maxQueuedRunsPerRuntime} runs waiting for the sandbox pool (pool.maxQueuedRunsPerRuntime)`;
    }
    return undefined;
  }

  /** Sends waiting runs to the least busy ready processes, growing the pool when all are busy. */
  private pump(): void {
    while (this.queue.size > 0 && !this.closed) {
      let best: SandboxProcess | undefined;
      for (const p of this.slots) {
        if (!p?.alive || !p.wasReady || p.inFlight.size >= this.settings.maxRunsPerProcess)
          continue;
        if (!best || p.inFlight.size < best.inFlight.size) best = p;
      }
      if (!best || best.inFlight.size > 0) this.grow();
      if (!best) return;
      this.dispatch(this.queue.shift()!, best);
    }
  }

  /** Adds a process when none is starting and a slot is free. */
  private grow(): void {
    if (this.slots.some((p) => p?.alive && !p.wasReady)) return;
    this.spawn();
  }

  private dispatch(run: PoolRun, proc: SandboxProcess): void {
    const { req, client } = run;
    run.proc = proc;
    run.attempts++;
    if (run.attempts === 1) run.sink.dispatched?.(performance.now() - run.queuedAt);
    proc.inFlight.add(req.runId);
    proc.ensureBindings(client.bindingKey, this.bindingSets.get(client.bindingKey)?.paths ?? []);
    run.backstop = setTimeout(() => {
      // The child's own deadline should have ended the run; it did not answer, so it is wedged.
      proc.kill({
        code: "TIMEOUT",
        message: `the run exceeded its ${req.limits.timeoutMs} ms timeout and the sandbox process did not stop; it was killed`,
        runId: req.runId,
      });
    }, req.limits.timeoutMs + BACKSTOP_GRACE_MS);
    this.startMemoryWatch();
    proc.post({ t: "start", req: { ...req, bindingKey: client.bindingKey } });
  }

  private onMessage(proc: SandboxProcess, message: FromChild): void {
    if (message.t === "ready" || message.t === "pong") return;
    const run = this.runs.get(message.runId);
    if (message.t === "done") {
      proc.inFlight.delete(message.runId);
      if (run?.proc === proc) this.complete(run, message.outcome);
      this.pump();
      return;
    }
    if (!run || run.proc !== proc || run.settled) return;
    if (message.t === "started") run.acked = true;
    else if (message.t === "call")
      run.sink.call(message.callId, message.name, message.input, message.replayed === true);
    else run.sink.output(message.stream, message.text);
  }

  private complete(run: PoolRun, outcome: SandboxOutcome): void {
    if (run.settled) return;
    run.settled = true;
    clearTimeout(run.backstop);
    this.runs.delete(run.req.runId);
    run.resolve(outcome);
  }

  private onExit(proc: SandboxProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const slot = this.slots.indexOf(proc);
    if (slot !== -1) this.slots[slot] = undefined;
    for (const runId of proc.inFlight) {
      const run = this.runs.get(runId);
      if (!run || run.settled || run.proc !== proc) continue;
      clearTimeout(run.backstop);
      run.proc = undefined;
      if (!run.acked && run.attempts < MAX_ATTEMPTS && !this.closed) {
        // It never started executing there: it keeps its place and runs elsewhere.
        this.queue.unshift(run.client, run);
        continue;
      }
      this.complete(run, exitOutcome(proc, runId, code, signal, this.closed));
    }
    proc.inFlight.clear();
    if (this.closed) return;
    if (proc.wasReady) {
      this.spawn();
    } else if (!this.slots.some((p) => p?.alive)) {
      // It could not even start: fail what waits instead of respawning in a loop; the next
      // run tries again.
      const reason = proc.stderrTail.trim() || `${signal ?? `exit code ${code}`}`;
      for (const run of this.queue.drain()) {
        this.complete(
          run,
          hostFailure("SANDBOX_CRASHED", `the sandbox process could not start: ${reason}`),
        );
      }
    }
    this.pump();
  }

  settle(client: PoolClient, runId: string, callId: number, ok: 0 | 1, payload: string): void {
    const run = this.runs.get(runId);
    if (run?.client === client && run.proc) {
      run.proc.post({ t: "settle", runId, callId, ok, payload });
    }
  }

  abort(client: PoolClient, runId: string, code: RunErrorCode, message: string): void {
    const run = this.runs.get(runId);
    if (run?.client !== client || run.settled) return;
    if (run.proc) run.proc.post({ t: "abort", runId, code, message });
    else if (this.queue.remove(client, run)) this.complete(run, hostFailure(code, message));
  }

  /** Asks the process running `runId` to end it `PAUSED` with its recorded state. */
  pause(client: PoolClient, runId: string): void {
    const run = this.runs.get(runId);
    if (run?.client === client && run.proc && !run.settled) run.proc.post({ t: "pause", runId });
  }

  /** Ends one runtime's runs (never another's) and closes the pool after its last runtime. */
  async release(client: PoolClient): Promise<void> {
    if (!this.clients.delete(client)) return;
    for (const run of this.queue.removeOwner(client)) {
      this.complete(run, hostFailure("ABORTED", "the runtime was disposed"));
    }
    for (const run of [...this.runs.values()]) {
      if (run.client !== client) continue;
      // The child ends the run and frees its isolate; the slot frees when it says "done".
      run.proc?.post({ t: "abort", runId: run.req.runId, code: "ABORTED", message: "disposed" });
      this.complete(run, hostFailure("ABORTED", "the runtime was disposed"));
    }
    const set = this.bindingSets.get(client.bindingKey);
    if (set && --set.refs === 0) {
      this.bindingSets.delete(client.bindingKey);
      for (const p of this.slots) p?.forgetBindings(client.bindingKey);
    }
    if (this.clients.size === 0) await this.close();
  }

  /** Stops every process; resolves once they are gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    clearInterval(this.heartbeat);
    clearInterval(this.memoryTimer);
    for (const run of this.queue.drain()) {
      this.complete(run, hostFailure("ABORTED", "the runtime was disposed"));
    }
    await Promise.all(this.slots.map((p) => p?.stop()));
    for (const run of [...this.runs.values()]) {
      this.complete(run, hostFailure("ABORTED", "the runtime was disposed"));
    }
  }

  private startMemoryWatch(): void {
    if (this.memoryTimer || process.platform !== "linux") return;
    this.memoryTimer = setInterval(() => {
      let busy = false;
      for (const p of this.slots) {
        if (!p?.alive || p.inFlight.size === 0) continue;
        busy = true;
        p.checkMemory(this.settings.processMemoryLimitMb);
      }
      if (!busy) {
        clearInterval(this.memoryTimer);
        this.memoryTimer = undefined;
      }
    }, MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.lastBeat = performance.now();
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private beat(): void {
    const now = performance.now();
    // This thread was itself blocked: the answers may be waiting unread, so judge nobody.
    const late = now - this.lastBeat > WEDGED_MS / 2;
    this.lastBeat = now;
    for (const p of this.slots) {
      if (!p?.alive || !p.wasReady) continue;
      if (!late && now - p.lastHeard > WEDGED_MS) {
        p.kill({
          code: "SANDBOX_CRASHED",
          message: `the sandbox process stopped responding for ${WEDGED_MS} ms and was replaced`,
        });
      } else p.ping();
    }
  }
}

function exitOutcome(
  proc: SandboxProcess,
  runId: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  closed: boolean,
): SandboxOutcome {
  const killed = proc.killedFor;
  if (killed && (killed.runId === undefined || killed.runId === runId)) {
    return hostFailure(killed.code, killed.message);
  }
  if (closed) return hostFailure("ABORTED", "the runtime was disposed");
  if (proc.diedOfOom()) {
    return hostFailure("MEMORY_LIMIT", "the sandbox process ran out of memory and was restarted");
  }
  if (killed?.runId !== undefined) {
    return hostFailure(
      "SANDBOX_CRASHED",
      "the sandbox process was killed because another run on it did not stop at its deadline",
    );
  }
  return hostFailure(
    "SANDBOX_CRASHED",
    `the sandbox process stopped (${signal ?? `exit code ${code}`}) and was restarted`,
  );
}
