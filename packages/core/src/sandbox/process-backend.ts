/**
 * Process isolation: the isolates live in a child process that the parent supervises. A guest
 * that trips one of V8's fatal out-of-memory paths (which abort the whole process whatever the
 * isolate's memoryLimit says) kills only the child; its runs end with MEMORY_LIMIT or
 * SANDBOX_CRASHED and a fresh child takes over. The parent also caps the child's resident
 * memory and keeps a wall-clock backstop, so a wedged child cannot hold a run forever.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { RunErrorCode } from "../types.ts";
import {
  type BackendOptions,
  type FromChild,
  hostFailure,
  type RunSink,
  type SandboxBackend,
  type SandboxOutcome,
  type StartRequest,
  type ToChild,
} from "./protocol.ts";

const CHILD_ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./process-child.ts" : "./process-child.js",
  import.meta.url,
);
const READY_TIMEOUT_MS = 20_000;
const BACKSTOP_GRACE_MS = 2_000;
const MEMORY_POLL_MS = 50;
const STDERR_TAIL = 4096;

interface PendingRun {
  req: StartRequest;
  sink: RunSink;
  resolve: (outcome: SandboxOutcome) => void;
  backstop: NodeJS.Timeout;
  worker: Worker;
}

/** One child process and what is known about it. */
interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  alive: boolean;
  /** True once the process said it was ready: only such a process is replaced eagerly. */
  wasReady: boolean;
  /** Why the parent killed it, when it did. */
  killedFor?: { code: RunErrorCode; message: string; runId?: string };
  stderrTail: string;
}

export class ProcessBackend implements SandboxBackend {
  private worker: Worker | undefined;
  private readonly runs = new Map<string, PendingRun>();
  private closed = false;
  private memoryTimer: NodeJS.Timeout | undefined;

  private readonly options: BackendOptions;

  private constructor(options: BackendOptions) {
    this.options = options;
  }

  static async start(options: BackendOptions): Promise<ProcessBackend> {
    const backend = new ProcessBackend(options);
    await backend.ensureWorker().ready;
    return backend;
  }

  private ensureWorker(): Worker {
    if (this.worker?.alive) return this.worker;
    const child = fork(CHILD_ENTRY, [], {
      execArgv: ["--no-node-snapshot"],
      // The sandbox process needs nothing from the host's environment, and holds no secrets.
      env: { PATH: process.env.PATH ?? "" },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    const worker: Worker = {
      child,
      alive: true,
      wasReady: false,
      stderrTail: "",
      ready: new Promise<void>((resolve, reject) => {
        resolveReady = resolve;
        rejectReady = reject;
      }),
    };
    worker.ready.catch(() => {});
    const readyTimer = setTimeout(() => {
      rejectReady(new Error(`the sandbox process did not start within ${READY_TIMEOUT_MS} ms`));
      child.kill("SIGKILL");
    }, READY_TIMEOUT_MS);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      worker.stderrTail = (worker.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    child.on("message", (message: FromChild) => {
      if (message.t === "ready") {
        clearTimeout(readyTimer);
        worker.wasReady = true;
        resolveReady();
      } else this.onMessage(message);
    });
    child.on("error", (e) => {
      clearTimeout(readyTimer);
      rejectReady(e);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(readyTimer);
      worker.alive = false;
      rejectReady(
        new Error(
          `the sandbox process exited before it was ready (${signal ?? `code ${code}`}): ${worker.stderrTail.trim() || "no output"}`,
        ),
      );
      this.onExit(worker, code, signal);
    });
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.post(worker, {
      t: "configure",
      paths: this.options.paths,
      poolSize: this.options.poolSize,
      poolMemoryLimitMb: this.options.poolMemoryLimitMb,
    });
    this.worker = worker;
    return worker;
  }

  private post(worker: Worker, message: ToChild): void {
    if (!worker.alive || !worker.child.connected) return;
    try {
      worker.child.send(message);
    } catch {
      // The exit handler reports the runs.
    }
  }

  private onMessage(message: FromChild): void {
    if (message.t === "ready") return;
    const run = this.runs.get(message.runId);
    if (!run) return;
    switch (message.t) {
      case "call":
        run.sink.call(message.callId, message.name, message.input, message.replayed);
        return;
      case "out":
        run.sink.output(message.stream, message.text);
        return;
      case "done":
        this.complete(message.runId, message.outcome);
        return;
    }
  }

  private complete(runId: string, outcome: SandboxOutcome): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    clearTimeout(run.backstop);
    if (this.runs.size === 0) this.stopMemoryWatch();
    run.resolve(outcome);
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.worker === worker) this.worker = undefined;
    const tail = worker.stderrTail;
    const oom = /out of memory|heap limit|catastrophic|allocation failed/i.test(tail);
    for (const [runId, run] of [...this.runs]) {
      if (run.worker !== worker) continue;
      let outcomeCode: RunErrorCode;
      let message: string;
      if (
        worker.killedFor &&
        (worker.killedFor.runId === undefined || worker.killedFor.runId === runId)
      ) {
        outcomeCode = worker.killedFor.code;
        message = worker.killedFor.message;
      } else if (this.closed) {
        outcomeCode = "ABORTED";
        message = "the runtime was disposed";
      } else if (oom || worker.killedFor?.code === "MEMORY_LIMIT") {
        outcomeCode = "MEMORY_LIMIT";
        message = "the sandbox process ran out of memory and was restarted";
      } else {
        outcomeCode = "SANDBOX_CRASHED";
        message = `the sandbox process stopped (${signal ?? `exit code ${code}`}) and was restarted`;
      }
      this.complete(runId, hostFailure(outcomeCode, message));
    }
    // Keep one warm for the next run; a process that died before it was ready is not respawned
    // in a loop: the next run tries again and reports the failure.
    if (!this.closed && worker.wasReady) setImmediate(() => !this.closed && this.ensureWorker());
  }

  async start(req: StartRequest, sink: RunSink): Promise<SandboxOutcome> {
    if (this.closed) return hostFailure("ABORTED", "the runtime was disposed");
    let worker = this.ensureWorker();
    try {
      await worker.ready;
    } catch (e) {
      // One more try with a fresh process before giving up on this run.
      worker = this.ensureWorker();
      try {
        await worker.ready;
      } catch {
        return hostFailure(
          "SANDBOX_CRASHED",
          `the sandbox process could not start: ${(e as Error).message}`,
        );
      }
    }
    return new Promise<SandboxOutcome>((resolve) => {
      const backstop = setTimeout(() => {
        // The child's own deadline should have ended the run; it did not answer, so it is wedged.
        worker.killedFor = {
          code: "TIMEOUT",
          message: `the run exceeded its ${req.limits.timeoutMs} ms timeout and the sandbox process did not stop; it was killed`,
          runId: req.runId,
        };
        worker.child.kill("SIGKILL");
      }, req.limits.timeoutMs + BACKSTOP_GRACE_MS);
      this.runs.set(req.runId, { req, sink, resolve, backstop, worker });
      this.startMemoryWatch();
      this.post(worker, { t: "start", req });
    });
  }

  settle(runId: string, callId: number, ok: 0 | 1, payload: string): void {
    const run = this.runs.get(runId);
    if (run) this.post(run.worker, { t: "settle", runId, callId, ok, payload });
  }

  abort(runId: string, code: RunErrorCode, message: string): void {
    const run = this.runs.get(runId);
    if (run) this.post(run.worker, { t: "abort", runId, code, message });
  }

  pause(runId: string): void {
    const run = this.runs.get(runId);
    if (run) this.post(run.worker, { t: "pause", runId });
  }

  private startMemoryWatch(): void {
    if (this.memoryTimer || process.platform !== "linux") return;
    const capBytes = this.options.processMemoryLimitMb * 1024 * 1024;
    this.memoryTimer = setInterval(() => {
      const worker = this.worker;
      const pid = worker?.child.pid;
      if (!worker?.alive || pid === undefined) return;
      readFile(`/proc/${pid}/statm`, "utf8").then(
        (text) => {
          const rssPages = Number(text.split(" ")[1]);
          if (rssPages * 4096 > capBytes && worker.alive) {
            worker.killedFor = {
              code: "MEMORY_LIMIT",
              message: `the sandbox process grew past processMemoryLimitMb (${this.options.processMemoryLimitMb} MB) and was restarted`,
            };
            worker.child.kill("SIGKILL");
          }
        },
        () => {},
      );
    }, MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }

  private stopMemoryWatch(): void {
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    this.memoryTimer = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopMemoryWatch();
    const worker = this.worker;
    this.worker = undefined;
    if (worker?.alive) {
      const exited = new Promise<void>((resolve) => worker.child.once("exit", () => resolve()));
      // The child is unref'd while idle; hold the event loop until it is really gone.
      worker.child.ref();
      worker.child.kill("SIGKILL");
      await exited;
    }
    for (const runId of [...this.runs.keys()]) {
      this.complete(runId, hostFailure("ABORTED", "the runtime was disposed"));
    }
  }
}
