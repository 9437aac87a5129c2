/**
 * One supervised sandbox child process of a pool: its start-up, its messages, and the three
 * ways the parent decides it must die (its resident memory grew past the cap, it stopped
 * answering the heartbeat, or a run outlived its own deadline there). The pool decides what
 * happens to the runs; this file only knows the process.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { RunErrorCode } from "../types.ts";
import type { FromChild, SandboxPath, ToChild } from "./protocol.ts";

const CHILD_ENTRY = new URL(
  import.meta.url.endsWith(".ts") ? "./process-child.ts" : "./process-child.js",
  import.meta.url,
);
const READY_TIMEOUT_MS = 20_000;
const STDERR_TAIL = 4096;

/** Why the parent killed a process; `runId` narrows the reason to one run. */
export interface KillReason {
  code: RunErrorCode;
  message: string;
  runId?: string;
}

/** What a sandbox process reports to its pool. */
export interface ProcessEvents {
  message(proc: SandboxProcess, message: FromChild): void;
  exit(proc: SandboxProcess, code: number | null, signal: NodeJS.Signals | null): void;
}

/** Settings a process starts with. */
export interface ProcessSettings {
  poolSize: number;
  poolMemoryLimitMb: number;
}

/** A sandbox child process and what the parent knows about it. */
export class SandboxProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  alive = true;
  /** True once the process said it was ready. */
  wasReady = false;
  killedFor: KillReason | undefined;
  stderrTail = "";
  /** Runs sent to this process and not yet reported done (including abandoned ones). */
  readonly inFlight = new Set<string>();
  /** Binding sets this process was given. */
  readonly bindingKeys = new Set<string>();
  /** When the process last answered (ready, pong or any message), `performance.now()`. */
  lastHeard = performance.now();
  private pingCounter = 0;

  constructor(settings: ProcessSettings, events: ProcessEvents) {
    const child = fork(CHILD_ENTRY, [], {
      execArgv: ["--no-node-snapshot"],
      // The sandbox process needs nothing from the host's environment, and holds no secrets.
      env: { PATH: process.env.PATH ?? "" },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.child = child;
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.ready.catch(() => {});
    const readyTimer = setTimeout(() => {
      rejectReady(new Error(`the sandbox process did not start within ${READY_TIMEOUT_MS} ms`));
      child.kill("SIGKILL");
    }, READY_TIMEOUT_MS);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    child.on("message", (message: FromChild) => {
      this.lastHeard = performance.now();
      if (message.t === "ready") {
        clearTimeout(readyTimer);
        this.wasReady = true;
        resolveReady();
      } else if (message.t !== "pong") events.message(this, message);
    });
    child.on("error", (e) => {
      clearTimeout(readyTimer);
      rejectReady(e);
    });
    // "close", not "exit": it comes after the last message and the last stderr bytes (the
    // out-of-memory report) were read, so the pool judges the runs on everything the child said.
    child.on("close", (code, signal) => {
      clearTimeout(readyTimer);
      this.alive = false;
      rejectReady(
        new Error(
          `the sandbox process exited before it was ready (${signal ?? `code ${code}`}): ${this.stderrTail.trim() || "no output"}`,
        ),
      );
      events.exit(this, code, signal);
    });
    // An idle pool must not keep the host alive; a run in progress holds the loop with its
    // own timers.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.post({ t: "configure", ...settings });
  }

  /** Sends a message; a dead process drops it (its exit handler reports the runs). */
  post(message: ToChild): void {
    if (!this.alive || !this.child.connected) return;
    try {
      this.child.send(message);
    } catch {
      // The exit handler reports the runs.
    }
  }

  /** Gives the process a binding set once, before the first run that needs it. */
  ensureBindings(key: string, paths: SandboxPath[]): void {
    if (this.bindingKeys.has(key)) return;
    this.bindingKeys.add(key);
    this.post({ t: "bindings", key, paths });
  }

  forgetBindings(key: string): void {
    if (this.bindingKeys.delete(key)) this.post({ t: "forget", key });
  }

  /** Kills the process (once), recording why; the exit event follows. */
  kill(reason: KillReason): void {
    if (!this.alive) return;
    this.killedFor ??= reason;
    this.child.kill("SIGKILL");
  }

  /** Sends a heartbeat; the answer updates {@link SandboxProcess.lastHeard}. */
  ping(): void {
    this.post({ t: "ping", n: ++this.pingCounter });
  }

  /** Kills the process when its resident memory is over the cap (Linux: /proc). */
  checkMemory(capMb: number): void {
    const pid = this.child.pid;
    if (!this.alive || pid === undefined || process.platform !== "linux") return;
    readFile(`/proc/${pid}/statm`, "utf8").then(
      (text) => {
        const rssPages = Number(text.split(" ")[1]);
        if (rssPages * 4096 > capMb * 1024 * 1024) {
          this.kill({
            code: "MEMORY_LIMIT",
            message: `the sandbox process grew past processMemoryLimitMb (${capMb} MB) and was restarted`,
          });
        }
      },
      () => {},
    );
  }

  /** Kills the process and resolves once it is gone. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once("close", () => resolve()));
    // The child is unref'd while idle; hold the event loop until it is really gone.
    this.child.ref();
    this.kill({ code: "ABORTED", message: "the runtime was disposed" });
    await exited;
  }

  /** True when the stderr tail says V8 ran out of memory. */
  diedOfOom(): boolean {
    return /out of memory|heap limit|catastrophic|allocation failed/i.test(this.stderrTail);
  }
}
