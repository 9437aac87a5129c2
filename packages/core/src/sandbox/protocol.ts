/**
 * What passes between the run controller (which owns bindings, permissions and results) and a
 * sandbox (which owns isolates). In-process these are plain calls; in process mode the same
 * objects travel over the child's IPC channel, so everything here is plain data.
 */
import type { GuestLanguage, IsolationMode, RunError, RunErrorCode } from "../types.ts";

/** The limits a sandbox enforces itself. */
export interface SandboxLimits {
  timeoutMs: number;
  cpuTimeMs: number;
  memoryLimitMb: number;
  maxOutputBytes: number;
  maxResultBytes: number;
  maxBindingCalls: number;
  maxConcurrentBindingCalls: number;
  maxBindingInputBytes: number;
  maxPendingTimers: number;
}

/** One binding in a sandbox's dispatch table: its registered name and its path under `tools`. */
export type SandboxPath = [name: string, path: string[]];

/**
 * One entry into the guest after its start, as recorded for replay: `["settle", callId, ok,
 * payload, …]` (a batch of results) or `["timer", id]`. Replayed entry by entry.
 */
export type LogEntry = (string | number)[];

/** Clock reads of a run that can pause, in the order the guest made them. */
export interface ClockJournal {
  date: number[];
  perf: number[];
}

/** What a run that may pause records (and, on resume, replays). */
export interface RecordRequest {
  /** Seed of the guest's Math.random (four 32-bit integers). */
  seed: number[];
  /** Present on resume: what to replay before going live. */
  replay?: ReplayPlan;
}

/** The recorded part of a paused run that the sandbox replays. */
export interface ReplayPlan {
  entries: LogEntry[];
  /** Every call the guest sent before the pause: callId, name, input JSON. */
  calls: [callId: number, name: string, inputJson: string][];
  clock: ClockJournal;
  /** Timers pending at the pause, with the milliseconds they had left. */
  timers: [id: number, remainingMs: number][];
}

/** What the sandbox hands over when a run pauses. */
export interface PausedSnapshot {
  entries: LogEntry[];
  clock: ClockJournal;
  timers: [id: number, remainingMs: number][];
  /** The guest read a clock too often to journal every read. */
  overflow: boolean;
}

/** Everything a sandbox needs to start one run. */
export interface StartRequest {
  runId: string;
  code: string;
  language: GuestLanguage;
  limits: SandboxLimits;
  /** Present when the run may pause for approval (or is a resume). */
  record?: RecordRequest;
  /** The binding set of the run, in a shared sandbox process; absent = the executor's own. */
  bindingKey?: string;
}

/** How a run ended, as the sandbox saw it. */
export interface SandboxOutcome {
  /** `null` when the run succeeded. */
  code: RunErrorCode | null;
  error?: RunError;
  /** The value as JSON text; `undefined` when the guest returned nothing. */
  valueJson?: string;
  cpuMs: number;
  droppedOutputBytes: number;
  /** With code `PAUSED`: the recorded state. */
  paused?: PausedSnapshot;
}

/** The error name of failures the host reports (limits, aborts, crashes), as opposed to guest errors. */
export const HOST_ERROR_NAME = "IsobindError";

/** An outcome for a run the host ended or could not run: no CPU used, nothing dropped. */
export function hostFailure(code: RunErrorCode, message: string): SandboxOutcome {
  return { code, error: { code, name: HOST_ERROR_NAME, message }, cpuMs: 0, droppedOutputBytes: 0 };
}

/** Calls from a sandbox to its controller, for one run. */
export interface RunSink {
  /** A binding call; `replayed` when its result comes from the replay log (do not run it). */
  call(callId: number, name: string, inputJson: string, replayed: boolean): void;
  output(stream: "stdout" | "stderr", text: string): void;
  /**
   * Process isolation: the run left the pool's queue for a sandbox process after `waitMs`
   * milliseconds (once per run, at its first dispatch; the first run of a pool also waits for
   * a process to start).
   */
  dispatched?(waitMs: number): void;
}

/** Messages from the controller to a sandbox child process. */
export type ToChild =
  | { t: "configure"; poolSize: number; poolMemoryLimitMb: number }
  | { t: "bindings"; key: string; paths: SandboxPath[] }
  | { t: "forget"; key: string }
  | { t: "ping"; n: number }
  | { t: "start"; req: StartRequest }
  | { t: "settle"; runId: string; callId: number; ok: 0 | 1; payload: string }
  | { t: "abort"; runId: string; code: RunErrorCode; message: string }
  | { t: "pause"; runId: string };

/** Messages from a sandbox child process to the controller. */
export type FromChild =
  | { t: "ready" }
  | { t: "pong"; n: number }
  /** The child took the run: from here on, its guest code may be executing. */
  | { t: "started"; runId: string }
  | { t: "call"; runId: string; callId: number; name: string; input: string; replayed: boolean }
  | { t: "out"; runId: string; stream: "stdout" | "stderr"; text: string }
  | { t: "done"; runId: string; outcome: SandboxOutcome };

/** The sandbox side as the run controller sees it. */
export interface SandboxBackend {
  start(req: StartRequest, sink: RunSink): Promise<SandboxOutcome>;
  settle(runId: string, callId: number, ok: 0 | 1, payload: string): void;
  abort(runId: string, code: RunErrorCode, message: string): void;
  /** Stops entering the guest and ends the run `PAUSED` with its recorded state. */
  pause(runId: string): void;
  close(): Promise<void>;
  /** Process isolation: the pool of sandbox processes the runtime runs on (for its metrics). */
  readonly pool?: { sizes(): { idle: number; busy: number } };
}

/** Options of a backend. */
export interface BackendOptions {
  isolation: IsolationMode;
  paths: SandboxPath[];
  poolSize: number;
  poolMemoryLimitMb: number;
  processMemoryLimitMb: number;
  /** Process isolation: which pool of sandbox processes serves the runtime. */
  pool: ResolvedPoolOptions;
}

/** The process-pool settings after defaults (see `PoolOptions` in types.ts). */
export interface ResolvedPoolOptions {
  mode: "shared" | "dedicated";
  processes: number;
  maxQueuedRuns: number;
  maxQueuedRunsPerRuntime: number;
  maxRunsPerProcess: number;
}
