/**
 * Public types of `@isobind/core`: bindings, options, limits, run results and events.
 * @module
 */

import type { BindingErrorCode, ExitCode, RunErrorCode } from "./error-codes.ts";

// The code unions live with the code table (error-codes.ts); re-exported so this module stays
// the one place for the types of results and events.
export type { BindingErrorCode, ExitCode, RunErrorCode };

import type {
  ApprovalDecidedEvent,
  ApprovalDecision,
  ApprovalNeed,
  ApprovalPolicyRequest,
  ApprovalRequest,
  ApprovalRequestedEvent,
  BindingReplayedEvent,
  ContinuationStore,
  PendingApproval,
} from "./approvals/types.ts";

/** A JSON Schema object, as ajv accepts it (draft-07 / 2019-09 / 2020-12 keywords). */
export type JsonSchema = { [key: string]: unknown } | boolean;

/** Any value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * What a binding handler receives besides its input.
 * @typeParam Ctx - The type of the per-run `context` (see {@link RunOptions.context}).
 */
export interface BindingContext<Ctx = unknown> {
  /**
   * Aborts when the run ends for any reason: normal completion, guest error, timeout, CPU or
   * memory limit, binding call limit, the caller's `signal`, or `rt.dispose()`. Pass it on to
   * `fetch`, database drivers and upstream calls so that nothing outlives the run.
   */
  readonly signal: AbortSignal;
  /** The binding's name as registered (for example `"get-weather"`). */
  readonly name: string;
  /** Identifier of the run this call belongs to, unique within the runtime. */
  readonly runId: string;
  /** Identifier of this call, unique within the run (1, 2, 3, …). */
  readonly callId: number;
  /**
   * The run's `context` (`rt.run(code, { context })`): the user, tenant or request the run acts
   * for. Host-side only: the guest never sees it. `undefined` when the run was given none.
   */
  readonly context: Ctx;
}

/**
 * One host function the guest may call. The handler runs on the host, never in the sandbox:
 * the guest receives a copy of what it returns, and nothing else of the host.
 *
 * @typeParam I - The input type the handler expects (after `inputSchema` validation).
 * @typeParam O - The handler's result type.
 * @typeParam Ctx - The type of the per-run `context`.
 */
export interface BindingDefinition<I = unknown, O = unknown, Ctx = unknown> {
  /** What the binding does, shown to the model in the code tool's declaration. */
  description: string;
  /**
   * JSON Schema of the input. Compiled once by ajv in `NodeRuntime.create()`; every call is
   * validated against it before the permission check and the handler. A call with bad input
   * rejects in the guest with `INVALID_INPUT` and a message naming the failing field.
   */
  inputSchema: JsonSchema;
  /**
   * Optional JSON Schema of the handler's result. When present the result is validated (a
   * mismatch rejects in the guest with `INVALID_OUTPUT`) and the code tool declares the
   * return type from it; when absent the declared return type is `unknown`.
   */
  outputSchema?: JsonSchema;
  /**
   * The host function. May be sync or async. Its result must be JSON-serialisable (`undefined`
   * is delivered as `undefined`). A thrown error reaches the guest as `HANDLER_ERROR` with the
   * error's message only: never its stack, never host paths.
   */
  handler: (input: I, ctx: BindingContext<Ctx>) => O | Promise<O>;
  /**
   * Whether a call needs a person's approval before the handler runs: a boolean for every
   * call, or a function of the validated input (argument-aware: "refunds above 100 EUR").
   * `true` or a non-empty string (the reason, shown to the approver) means it does. Asked after
   * schema validation and the permission policy. A function that throws denies the call
   * (`APPROVAL_DENIED`). See the Approvals guide.
   * @defaultValue false
   */
  needsApproval?:
    | ApprovalNeed
    | ((input: I, ctx: BindingContext<Ctx>) => ApprovalNeed | Promise<ApprovalNeed>);
}

/** A map from binding name to definition. Names: letters, digits, `_`, `-`, `.` (dots make namespaces). */
export type Bindings<Ctx = unknown> = Record<string, BindingDefinition<never, unknown, Ctx>>;

/** What a permission policy is asked about one binding call. */
export interface BindingRequest<Ctx = unknown> {
  /** The binding's registered name. */
  readonly name: string;
  /** The validated input of the call (a copy: changing it changes nothing). */
  readonly input: unknown;
  /** The run the call belongs to. */
  readonly runId: string;
  /** The run's `context`. */
  readonly context: Ctx;
}

/** Permission policies, consulted on every call. */
export interface Permissions<Ctx = unknown> {
  /**
   * Decides whether one binding call may run. Return (or resolve to) `true` to allow. Anything
   * else, a throw included, denies: the guest sees `PERMISSION_DENIED` and the handler never runs.
   * @defaultValue every call is allowed
   */
  binding?: (request: BindingRequest<Ctx>) => boolean | Promise<boolean>;
}

/**
 * The inline approver: decides a call while the run waits (inside its timeout). A throw denies
 * the call (`APPROVAL_DENIED`, "the approver failed: …"); `ctx.signal` aborts when the run ends.
 */
export type Approver<Ctx = unknown> = (
  request: ApprovalRequest<Ctx>,
  ctx: BindingContext<Ctx>,
) => ApprovalDecision | Promise<ApprovalDecision>;

/** Runtime-wide approval settings (see the Approvals guide). */
export interface ApprovalOptions<Ctx = unknown> {
  /**
   * A runtime-wide policy, asked about every binding call (after its schema and permissions)
   * besides each binding's own `needsApproval`: a call needs approval when either says so.
   * @defaultValue no runtime-wide policy
   */
  needsApproval?: (request: ApprovalPolicyRequest<Ctx>) => ApprovalNeed | Promise<ApprovalNeed>;
  /**
   * Decides calls inline. Without one (and without a run's own `approve`), a call that needs
   * approval pauses the run: it ends with `status: "paused"` and a `continuation`.
   * @defaultValue none: runs pause
   */
  approve?: Approver<Ctx>;
  /**
   * Key material of continuations (at least 32 bytes; a string counts its UTF-8 bytes). Every
   * process that should resume a continuation needs the same secret and the same bindings.
   * @defaultValue a random key made once per process: only this process can resume
   */
  secret?: string | Uint8Array;
  /**
   * How long a continuation can be resumed, in milliseconds.
   * @defaultValue 86400000 (24 hours)
   */
  continuationTtlMs?: number;
  /**
   * Largest continuation string, in bytes, made or accepted. A paused state larger than this
   * ends the run with `RESULT_TOO_LARGE` instead of pausing.
   * @defaultValue 1048576 (1 MiB)
   */
  maxContinuationBytes?: number;
  /**
   * Where consumed continuation ids are recorded, so that a continuation resumes at most once.
   * Share one store (Redis, SQL) between processes that resume.
   * @defaultValue an in-memory store (this process only)
   */
  store?: ContinuationStore;
}

/**
 * Resource limits of one run. Every field is optional in options; the defaults below apply.
 * All sizes are in bytes of UTF-8 text unless the name says otherwise.
 */
export interface Limits {
  /**
   * Wall-clock budget of a run in milliseconds, covering everything: synchronous code, awaited
   * promises, pending binding calls and timers. Exceeding it ends the run with `TIMEOUT` (exit 124).
   * @defaultValue 30000
   */
  timeoutMs: number;
  /**
   * CPU time the guest may spend executing JavaScript, in milliseconds. Exceeding it ends the
   * run with `CPU_TIME_LIMIT` (exit 124). Time spent waiting on the host is not counted.
   * @defaultValue the run's `timeoutMs`
   */
  cpuTimeMs?: number;
  /**
   * Heap limit of the sandbox isolate in MB (minimum 8). Exceeding it ends the run with
   * `MEMORY_LIMIT` (exit 137). Memory V8 would commit outside this limit is closed off:
   * `WebAssembly` does not exist in the guest, resizable or growable buffers may reserve
   * (`maxByteLength`), in total per run, no more than this limit, and `Intl` objects may hold
   * (ICU memory, charged per object at creation) no more than this limit per run.
   * @defaultValue 128
   */
  memoryLimitMb: number;
  /**
   * stdout + stderr bytes kept per run. Output past the limit is dropped and a visible marker
   * says how much; the host never buffers more than this.
   * @defaultValue 1048576 (1 MiB)
   */
  maxOutputBytes: number;
  /**
   * Size of the returned value as JSON text. A larger value ends the run with
   * `RESULT_TOO_LARGE` (exit 1).
   * @defaultValue 1048576 (1 MiB)
   */
  maxResultBytes: number;
  /**
   * Binding calls per run. The call past this limit ends the run with `BINDING_CALL_LIMIT` (exit 1).
   * @defaultValue 1000
   */
  maxBindingCalls: number;
  /**
   * Binding calls whose handlers run at the same time. Further calls wait their turn inside the
   * sandbox (their inputs count against the sandbox's memory, never the host's).
   * @defaultValue 128
   */
  maxConcurrentBindingCalls: number;
  /**
   * Size of one binding call's input as JSON text. A larger input rejects with `INVALID_INPUT`.
   * @defaultValue 1048576 (1 MiB)
   */
  maxBindingInputBytes: number;
  /**
   * Size of one handler result as JSON text. A larger result rejects with `INVALID_OUTPUT`.
   * @defaultValue 4194304 (4 MiB)
   */
  maxBindingOutputBytes: number;
  /**
   * Size of the submitted code in bytes. Larger code is refused with `CODE_TOO_LARGE` (exit 1)
   * before anything runs.
   * @defaultValue 262144 (256 KiB)
   */
  maxCodeBytes: number;
  /**
   * Timers (`setTimeout`) pending at once in a run. Creating one more throws a `RangeError`
   * in the guest. A run may create at most ten times this many timers in all (set/clear churn
   * would otherwise flood the host with messages).
   * @defaultValue 1000
   */
  maxPendingTimers: number;
}

/** Where sandboxes run. */
export type IsolationMode = "process" | "in-process";

/**
 * Options of {@link NodeRuntime.create}.
 * @typeParam Ctx - The type of the per-run `context` handlers and policies receive.
 */
export interface RuntimeOptions<Ctx = unknown> {
  /** The host functions the guest may call. @defaultValue `{}` */
  bindings?: Bindings<Ctx>;
  /** Permission policies. @defaultValue every binding call is allowed */
  permissions?: Permissions<Ctx>;
  /** Approvals: a runtime-wide policy, the inline approver, and continuation settings. */
  approvals?: ApprovalOptions<Ctx>;
  /** Default limits of every run; `run()` may override them per run. */
  limits?: Partial<Limits>;
  /**
   * `"process"` runs sandboxes in a supervised child process with an OS-level memory cap, so
   * that a V8 out-of-memory abort cannot take the host down. `"in-process"` runs them in the
   * host process: faster, but a hostile program that trips one of V8's fatal out-of-memory
   * paths aborts the whole host. Choose it only for trusted code or when something else
   * contains the process.
   * @defaultValue "process"
   */
  isolation?: IsolationMode;
  /**
   * Sandboxes kept ready ahead of demand (isolate, context and bootstrap prepared), so a run
   * does not pay their creation. `0` disables the pool.
   * @defaultValue 2
   */
  poolSize?: number;
  /**
   * Process mode only: the resident memory cap of each sandbox process in MB. The supervisor
   * kills a process when it grows past this cap; the runs executing there end with
   * `MEMORY_LIMIT` and a new process takes over.
   * @defaultValue 1024
   */
  processMemoryLimitMb?: number;
  /**
   * Process mode only: which sandbox processes serve this runtime's runs. By default every
   * runtime of the host process with the same pool settings shares one pool.
   * @defaultValue `{ mode: "shared" }`
   */
  pool?: PoolOptions;
  /**
   * OpenTelemetry traces and metrics. With `@opentelemetry/api` installed and an SDK
   * registered, every run is a span and every binding call a child `execute_tool {name}` span;
   * without either, nothing is recorded and nothing is paid. `false` turns it off entirely
   * (the API is not even loaded); an object tunes it. See {@link TelemetryOptions}.
   * @defaultValue true (on when the API is installed; no content captured)
   */
  telemetry?: boolean | TelemetryOptions;
}

/**
 * The part of an OpenTelemetry `TracerProvider` isobind uses. Written out structurally so that
 * `@opentelemetry/api` stays an optional peer dependency: pass the SDK's provider as it is.
 */
export interface TelemetryTracerProvider {
  /** Returns a tracer (an `@opentelemetry/api` `Tracer`). */
  getTracer(name: string, version?: string): unknown;
}

/** The part of an OpenTelemetry `MeterProvider` isobind uses (see {@link TelemetryTracerProvider}). */
export interface TelemetryMeterProvider {
  /** Returns a meter (an `@opentelemetry/api` `Meter`). */
  getMeter(name: string, version?: string): unknown;
}

/** Options of the OpenTelemetry instrumentation (`RuntimeOptions.telemetry`). */
export interface TelemetryOptions {
  /**
   * Record content: each binding call's arguments and result (`gen_ai.tool.call.arguments`,
   * `gen_ai.tool.call.result`), the guest code, its console output, its value and error
   * messages. Content may hold personal or secret data, so it is off unless asked for.
   * @defaultValue `true` when the environment variable
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` is `true` (read once, at `create()`),
   * otherwise `false`
   */
  captureContent?: boolean;
  /**
   * Largest recorded content value, in characters: a longer one is cut and ends with a marker
   * saying how much was dropped. Applies to each attribute separately.
   * @defaultValue 4096
   */
  maxContentChars?: number;
  /**
   * The tracer provider to use instead of the global one (`trace.setGlobalTracerProvider`).
   * @defaultValue the global provider
   */
  tracerProvider?: TelemetryTracerProvider;
  /**
   * The meter provider to use instead of the global one (`metrics.setGlobalMeterProvider`).
   * @defaultValue the global provider
   */
  meterProvider?: TelemetryMeterProvider;
}

/**
 * The pool of sandbox processes behind process isolation. Runtimes whose `pool`,
 * `poolSize` and `processMemoryLimitMb` settings are equal share one pool (per host process);
 * it starts processes on demand and stops them when its last runtime is disposed.
 */
export interface PoolOptions {
  /**
   * `"shared"`: runtimes share processes (each run still gets a fresh isolate and context;
   * a process shares its heap address space and CPU). Creating a runtime then costs a few
   * milliseconds and almost no memory. `"dedicated"`: this runtime gets processes of its own
   * (about 150 ms and 80 MB each): choose it when one tenant's fatal out-of-memory or wedged
   * process must never end another tenant's run, or to pin a tenant's CPU use.
   * @defaultValue "shared"
   */
  mode?: "shared" | "dedicated";
  /**
   * Most sandbox processes of the pool. They start on demand: one at first, one more whenever
   * every running process is busy.
   * @defaultValue the host's cores (`os.availableParallelism()`), at most 8
   */
  processes?: number;
  /**
   * Runs that may wait for a free process. Past this, `run()` resolves at once with
   * `QUEUE_FULL` (exit 75). Waiting runs are served round-robin across runtimes. A run's
   * `timeoutMs` starts when it starts executing, not while it waits: bound the wait with the
   * run's `signal`.
   * @defaultValue 1000
   */
  maxQueuedRuns?: number;
  /**
   * Runs of one runtime that may wait at once; past this, its next run ends at once with
   * `QUEUE_FULL` while other runtimes can still queue. Set it when runtimes are tenants, so one
   * tenant cannot fill the shared queue.
   * @defaultValue `maxQueuedRuns` (no limit of its own)
   */
  maxQueuedRunsPerRuntime?: number;
  /**
   * Runs one process executes at once (most of a run's life is usually spent waiting on
   * bindings). Together with `processes`, this bounds the runs in progress.
   * @defaultValue 16
   */
  maxRunsPerProcess?: number;
}

/** Language of the submitted code. */
export type GuestLanguage = "javascript" | "typescript";

/** Options of one {@link NodeRuntime.run} call. */
export interface RunOptions<Ctx = unknown> {
  /**
   * A host value for this run (the user, tenant or request): handlers get it as `ctx.context`,
   * and the permission policy, the approval policies and the approver get it too. It never
   * enters the sandbox, and a continuation does not store it: pass it to `resume()` again.
   * @defaultValue undefined
   */
  context?: Ctx;
  /** An inline approver for this run, in place of the runtime's `approvals.approve`. */
  approve?: Approver<Ctx>;
  /**
   * Wall-clock budget of this run in milliseconds (alias of `limits.timeoutMs`, named as in
   * the seed document: `rt.run(code, { timeout: 5000 })`).
   * @defaultValue the runtime's `limits.timeoutMs`
   */
  timeout?: number;
  /** Ends the run early with `ABORTED` (exit 130) when it aborts. */
  signal?: AbortSignal;
  /** Receives binding calls and console output as they happen. Exceptions it throws are ignored. */
  onEvent?: (event: RunEvent) => void;
  /**
   * `"typescript"` strips type annotations before running (Node's built-in stripper: erasable
   * syntax only; enums and namespaces are refused with `SYNTAX_ERROR`).
   * @defaultValue "javascript"
   */
  language?: GuestLanguage;
  /** Limits for this run only, over the runtime's defaults. */
  limits?: Partial<Limits>;
  /**
   * Run-scoped helper functions the guest reaches as `tools.$<name>(input)`; keys must look
   * like `$search`. The code tool uses this for `tools.$search` / `tools.$describe`. Helpers
   * skip schema validation and permissions (they are the host's own), but count toward
   * `maxBindingCalls` and receive the same `ctx.signal`.
   */
  helpers?: Record<string, (input: unknown, ctx: BindingContext<Ctx>) => unknown>;
}

/** Options of {@link NodeRuntime.resume}. */
export interface ResumeOptions<Ctx = unknown> {
  /**
   * One decision per pending call, keyed by its `id`: `{ approved: true, input? }` or
   * `{ approved: false, reason? }`. Every pending id needs one; unknown ids are refused.
   */
  decisions: Record<string, ApprovalDecision>;
  /** The context of the resumed run (a continuation never stores one). @defaultValue undefined */
  context?: Ctx;
  /**
   * Wall-clock budget of the resumed run in milliseconds; the resumed run has its own budget,
   * and the replay of the program up to the pause counts in it (and in its CPU time).
   * @defaultValue the paused run's timeout
   */
  timeout?: number;
  /** Ends the resumed run early with `ABORTED`. */
  signal?: AbortSignal;
  /** Receives events of the resumed run (replayed calls as `binding:replayed`). */
  onEvent?: (event: RunEvent) => void;
  /** An inline approver for calls that need approval after the resumed ones. */
  approve?: Approver<Ctx>;
  /** The run-scoped helpers of the original run (`tools.$name`), if it had any. */
  helpers?: Record<string, (input: unknown, ctx: BindingContext<Ctx>) => unknown>;
}

/** A registered binding as the runtime exposes it (for declarations and adapters). */
export interface BindingInfo {
  /** The registered binding name. */
  readonly name: string;
  /** Its path under `tools` in the guest (`["github", "createIssue"]`). */
  readonly path: readonly string[];
  /** The binding's description. */
  readonly description: string;
  /** The input JSON Schema as given. */
  readonly inputSchema: JsonSchema;
  /** The output JSON Schema as given, if any. */
  readonly outputSchema?: JsonSchema;
}

/** Why a run failed. Present exactly when `exitCode !== 0`. */
export interface RunError {
  /** Stable code; see {@link RunErrorCode}. */
  code: RunErrorCode;
  /** The guest error's class name (`"TypeError"`, …), or `"IsobindError"` for limits. */
  name: string;
  /** Human-readable message; for an uncaught binding failure it starts with the binding code and name. */
  message: string;
  /** Guest frames only, with line numbers of the code as submitted. */
  stack?: string;
  /** 1-based line in the submitted code where the error was raised, when known. */
  line?: number;
  /** For an uncaught binding failure: the binding error code (`INVALID_INPUT`, …). */
  bindingCode?: BindingErrorCode;
  /** For an uncaught binding failure: the binding name. */
  binding?: string;
}

/** Measurements of one run. */
export interface RunStats {
  /** Wall-clock time from `run()` to the result, in milliseconds. */
  wallMs: number;
  /** CPU time the guest spent executing JavaScript, in milliseconds. */
  cpuMs: number;
  /** Binding calls the guest made (including rejected ones). */
  bindingCalls: number;
  /** Bytes of stdout + stderr dropped because of `maxOutputBytes`. */
  droppedOutputBytes: number;
  /** Calls answered from a continuation's record on resume: their handlers did not run. */
  replayedCalls: number;
  /** Calls handled live in this run: `bindingCalls - replayedCalls`. */
  executedCalls: number;
}

/**
 * The outcome of a run: completed (`status: "completed"`, succeeded or failed) or paused for
 * approval (`status: "paused"`). `run()` and `resume()` resolve with this for everything the
 * guest does, failures included.
 * @typeParam T - The expected type of `value` (not checked at run time).
 */
export type RunResult<T = unknown> = CompletedRunResult<T> | PausedRunResult<T>;

/** A run that ended: succeeded (`exitCode` 0) or failed. */
export interface CompletedRunResult<T = unknown> extends RunResultBase<T> {
  status: "completed";
}

/**
 * A run that waits for approval: exit code 75, `error.code` `"PAUSED"`. Decide every pending
 * call and pass the continuation to `rt.resume()`.
 */
export interface PausedRunResult<T = unknown> extends RunResultBase<T> {
  status: "paused";
  exitCode: 75;
  error: RunError;
  /**
   * The calls that wait for a decision. Those issued in the same tick pause together, up to
   * `maxConcurrentBindingCalls`; calls waiting in the sandbox past that limit come in later rounds.
   */
  pending: readonly PendingApproval[];
  /**
   * The paused run, sealed: encrypted (AES-256-GCM) and signed (HMAC-SHA256) with the
   * runtime's secret, bound to its binding set, expiring. Opaque; safe to hand to a browser.
   */
  continuation: string;
}

/** Fields every run result has. */
export interface RunResultBase<T = unknown> {
  /** `0` ok, `1` guest error, `75` paused for approval (or the pool's queue was full: nothing ran; retry later), `124` timeout or CPU limit, `130` aborted, `137` memory limit or sandbox crash. */
  exitCode: ExitCode;
  /** What `console.log/info/debug` printed, one line per call. */
  stdout: string;
  /** What `console.warn/error` printed, plus the uncaught error of a failed run. */
  stderr: string;
  /** The JSON value passed to `__return` (or returned at top level); `undefined` when none. */
  value: T | undefined;
  /** Present when `exitCode !== 0`. */
  error?: RunError;
  /** Measurements. */
  stats: RunStats;
}

/** A binding call started. */
export interface BindingStartEvent {
  type: "binding:start";
  runId: string;
  callId: number;
  name: string;
  /** Milliseconds since the run started. */
  atMs: number;
}

/** A binding call settled. */
export interface BindingEndEvent {
  type: "binding:end";
  runId: string;
  callId: number;
  name: string;
  ok: boolean;
  /** The binding error code when `ok` is false. */
  errorCode?: BindingErrorCode;
  /** Milliseconds since the run started. */
  atMs: number;
  durationMs: number;
}

/** Console output, delivered in order (several lines may arrive in one event). */
export interface ConsoleEvent {
  type: "console";
  runId: string;
  stream: "stdout" | "stderr";
  text: string;
  /** Milliseconds since the run started. */
  atMs: number;
}

/** Everything `onEvent` receives. */
export type RunEvent =
  | BindingStartEvent
  | BindingEndEvent
  | BindingReplayedEvent
  | ConsoleEvent
  | ApprovalRequestedEvent
  | ApprovalDecidedEvent;

/** The JSON Schema of the code tool's input: one required string field, `code`. Strict-mode compatible. */
export interface CodeToolInputSchema {
  type: "object";
  properties: { code: { type: "string"; description: string } };
  required: ["code"];
  additionalProperties: false;
}

/** Options of `createCodeTool`. */
export interface CodeToolOptions {
  /** The tool's name. @defaultValue "execute_code" */
  name?: string;
  /**
   * How the description presents the bindings.
   * - `"auto"`: every binding declared in TypeScript while that declaration is estimated at no
   *   more than `discoveryTokenBudget` tokens; past it, discovery (`tools.$search(query)` /
   *   `tools.$describe(name)`) instead.
   * - `"full"` / `"discovery"`: always that.
   * - `"stable"`: for prompt caching. A description that is the same whatever the bindings
   *   (discovery, without counts or namespace names), so a provider's prefix cache survives
   *   catalogue changes; send `generateDeclarations(rt.bindings)` in a message of your own when
   *   the model should see the catalogue up front.
   * @defaultValue "auto"
   */
  mode?: CodeToolMode;
  /**
   * In `"auto"` mode, the largest declaration (estimated o200k tokens) sent in full; larger
   * catalogues use discovery. `Infinity` never switches.
   * @defaultValue 4000 (`DEFAULT_DISCOVERY_TOKEN_BUDGET`; see its documentation for the numbers)
   */
  discoveryTokenBudget?: number;
  /**
   * Above this many bindings, discovery instead of full declarations.
   * @deprecated Counting tools misjudges real catalogues (a real tool's declaration costs 15 to
   * 780 tokens); use `discoveryTokenBudget`. Still honoured in `"auto"` mode when set, and then
   * it replaces the token budget: `0` always uses discovery, `Infinity` never does.
   */
  discoveryThreshold?: number;
  /** Language the model writes. @defaultValue "javascript" */
  language?: GuestLanguage;
  /** Per-run limits passed to `rt.run`. */
  limits?: Partial<Limits>;
  /** Largest JSON text of the value put into the model-facing text, in characters. @defaultValue 20000 */
  maxValueChars?: number;
  /** Largest console output put into the model-facing text, in characters. @defaultValue 8000 */
  maxOutputChars?: number;
}

/** How a code tool presents its bindings; see {@link CodeToolOptions.mode}. */
export type CodeToolMode = "auto" | "full" | "discovery" | "stable";

/** What the code tool's `execute` returns. */
export interface CodeToolResult<T = unknown> {
  /** Compact text for the model: the value as JSON, console output, and on failure the error code, message and guest line. */
  text: string;
  /** True when the run failed (`exitCode !== 0`) or the input was unusable. */
  isError: boolean;
  /** The full run result, for programs (MCP `structuredContent`, LangChain artifacts). */
  result: RunResult<T>;
}

/** Options of one `execute` call of the code tool. */
export interface CodeToolExecuteOptions {
  /** Cancels the run (`ABORTED`, exit 130). */
  signal?: AbortSignal;
  /** Receives binding calls and console output as they happen. */
  onEvent?: (event: RunEvent) => void;
  /**
   * An inline approver for this run (for example one that asks the user through the client),
   * in place of the runtime's `approvals.approve`.
   * @defaultValue the runtime's `approvals.approve`; without one, calls that need approval pause the run
   */
  approve?: Approver;
  /**
   * The run's per-run context (the user, tenant or request), handed to handlers and policies as
   * `ctx.context` and never to the guest: adapters pass their framework's tool context here.
   * @defaultValue undefined
   */
  context?: unknown;
}

/** A framework-neutral tool: what every adapter turns into its framework's own format. */
export interface CodeTool {
  /** Tool name. */
  readonly name: string;
  /** Tool description, with the TypeScript declaration of the bindings (or the discovery instructions). */
  readonly description: string;
  /** `{ code: string }`, strict-mode compatible. */
  readonly inputSchema: CodeToolInputSchema;
  /**
   * Runs the model's code. Accepts `{ code }` (or the raw JSON argument string of a tool call) and
   * never rejects for anything the model wrote: bad input becomes an error result.
   */
  execute(input: unknown, options?: CodeToolExecuteOptions): Promise<CodeToolResult>;
  /**
   * Resumes a run that `execute` left paused for approval (`result.status === "paused"`), with
   * one decision per pending call, and formats the outcome like `execute` (which may be paused
   * again). Present on every tool `createCodeTool` makes; adapters use it to carry approvals.
   * @throws the errors of `NodeRuntime.resume` (invalid or consumed continuation, bad decisions).
   */
  resume?(continuation: string, options: CodeToolResumeOptions): Promise<CodeToolResult>;
}

/** Options of the code tool's `resume`. */
export interface CodeToolResumeOptions {
  /** One decision per pending id of the paused run. */
  decisions: Record<string, ApprovalDecision>;
  /** Cancels the resumed run (`ABORTED`, exit 130). */
  signal?: AbortSignal;
  /** Receives the resumed run's events (replayed calls as `binding:replayed`). */
  onEvent?: (event: RunEvent) => void;
  /** The resumed run's context (a continuation never stores one). @defaultValue undefined */
  context?: unknown;
}
