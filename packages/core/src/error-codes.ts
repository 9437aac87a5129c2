/**
 * Every error code of every isobind package, in one table. Adding a code is a one-place change:
 * add a row here. The unions ({@link RunErrorCode}, {@link BindingErrorCode}, …), the runtime
 * list ({@link ERROR_CODES}), the runtime's exit codes and the docs page
 * (`reference/errors`, checked against this table by a test) all follow from it.
 * @module
 */

/**
 * Where a code appears.
 *
 * - `"host"`: `error.code` of an {@link IsobindError} thrown to (or rejected at) the host, for
 *   misuse of the API or a failed service; never caused by guest code.
 * - `"run"`: `result.error.code` of a run (or of a code-tool call refused before running); the
 *   run resolves, the failure is data.
 * - `"binding"`: `err.code` of the error a binding call rejects with inside the guest (and
 *   `result.error.bindingCode` when the guest did not catch it).
 * - `"tool-call"`: the prefix of the text an adapter answers a model's tool call with when the
 *   call itself was unusable (`UNKNOWN_TOOL: …`); no run happened.
 */
export type ErrorCodeKind = "host" | "run" | "binding" | "tool-call";

/**
 * Exit codes of a run, following shell habit (124 timeout, 130 interrupted, 137 killed); `75` is
 * `EX_TEMPFAIL` of sysexits.h ("try again later"), for a run that paused waiting for approval
 * or that a full sandbox queue refused.
 */
export type ExitCode = 0 | 1 | 75 | 124 | 130 | 137;

type Row =
  | { kind: "run"; exitCode: Exclude<ExitCode, 0>; meaning: string }
  | { kind: Exclude<ErrorCodeKind, "run">; meaning: string };

// `satisfies` checks every row (a run code without an exit code fails typecheck) while
// `as const` keeps each row's literal kind, from which the unions below are derived.
const TABLE = {
  // Host: thrown to the host.
  INVALID_OPTIONS: {
    kind: "host",
    meaning:
      "Options, arguments or a configuration were invalid; `issues` lists every problem with a dotted path.",
  },
  RUNTIME_DISPOSED: { kind: "host", meaning: "The runtime was used after `dispose()`." },
  SANDBOX_UNAVAILABLE: {
    kind: "host",
    meaning: "The sandbox could not start at all (isolated-vm failed to load, Node too old).",
  },
  INVALID_CONTINUATION: {
    kind: "host",
    meaning:
      "`resume()` refused the continuation (format, version, size, secret, signature, expiry or binding set); `details.check` names the check. Nothing ran.",
  },
  CONTINUATION_CONSUMED: {
    kind: "host",
    meaning: "`resume()` was given a continuation that was already resumed once. Nothing ran.",
  },
  UPSTREAM_ERROR: {
    kind: "host",
    meaning:
      "A service an adapter talks to (the model API, an upstream MCP server) failed or answered something unusable.",
  },
  // Run: `result.error.code`.
  GUEST_ERROR: { kind: "run", exitCode: 1, meaning: "The guest code threw and did not catch it." },
  SYNTAX_ERROR: {
    kind: "run",
    exitCode: 1,
    meaning: 'The code does not parse as JavaScript (or TypeScript, for `language: "typescript"`).',
  },
  TIMEOUT: {
    kind: "run",
    exitCode: 124,
    meaning: "The run exceeded `limits.timeoutMs` (wall clock).",
  },
  CPU_TIME_LIMIT: {
    kind: "run",
    exitCode: 124,
    meaning: "The guest exceeded `limits.cpuTimeMs` of CPU time.",
  },
  MEMORY_LIMIT: {
    kind: "run",
    exitCode: 137,
    meaning: "The guest exceeded `limits.memoryLimitMb`; its isolate was disposed.",
  },
  RESULT_TOO_LARGE: {
    kind: "run",
    exitCode: 1,
    meaning: "The returned value is larger than `limits.maxResultBytes` as JSON.",
  },
  RESULT_NOT_SERIALIZABLE: {
    kind: "run",
    exitCode: 1,
    meaning: "The returned value is not JSON (a function, a cycle, a BigInt, …).",
  },
  BINDING_CALL_LIMIT: {
    kind: "run",
    exitCode: 1,
    meaning: "The guest made more than `limits.maxBindingCalls` binding calls.",
  },
  CODE_TOO_LARGE: {
    kind: "run",
    exitCode: 1,
    meaning: "The submitted code is longer than `limits.maxCodeBytes`.",
  },
  ABORTED: {
    kind: "run",
    exitCode: 130,
    meaning: "The run's `signal` aborted it, or the runtime was disposed during the run.",
  },
  SANDBOX_CRASHED: {
    kind: "run",
    exitCode: 137,
    meaning: "The sandbox process died during the run (the runtime starts a new one).",
  },
  PAUSED: {
    kind: "run",
    exitCode: 75,
    meaning:
      "The run paused: calls that need approval wait in `pending`; decide them and pass `continuation` to `rt.resume()`.",
  },
  QUEUE_FULL: {
    kind: "run",
    exitCode: 75,
    meaning:
      "The sandbox pool's queue was full (`pool.maxQueuedRuns`, or `pool.maxQueuedRunsPerRuntime` for this runtime); nothing ran, retry later.",
  },
  REPLAY_DIVERGED: {
    kind: "run",
    exitCode: 1,
    meaning:
      "On resume, the program took another path than the first time (another binding, input or order); no recorded call ran again.",
  },
  INVALID_ARGUMENTS: {
    kind: "run",
    exitCode: 1,
    meaning:
      "A tool call's arguments were unusable (not JSON, not `{ code: string }`, empty code); nothing ran.",
  },
  UNSUPPORTED_LANGUAGE: {
    kind: "run",
    exitCode: 1,
    meaning: "The code tool received Python or a shell command instead of JavaScript; nothing ran.",
  },
  // Binding: `err.code` inside the guest.
  UNKNOWN_BINDING: { kind: "binding", meaning: "No binding of that name is registered." },
  INVALID_INPUT: {
    kind: "binding",
    meaning:
      "The call's input was not JSON, was larger than `limits.maxBindingInputBytes`, or failed the binding's `inputSchema`.",
  },
  APPROVAL_DENIED: {
    kind: "binding",
    meaning: "A person (or the approval policy) denied this call; the reason is in the message.",
  },
  PERMISSION_DENIED: {
    kind: "binding",
    meaning: "The runtime's `permissions` do not allow this binding.",
  },
  HANDLER_ERROR: {
    kind: "binding",
    meaning: "The host handler threw or rejected, or the run ended while the call was pending.",
  },
  INVALID_OUTPUT: {
    kind: "binding",
    meaning:
      "The handler's result was not JSON, was larger than `limits.maxBindingOutputBytes`, or failed the binding's `outputSchema`.",
  },
  // Tool call: an adapter's answer to an unusable tool call.
  UNKNOWN_TOOL: {
    kind: "tool-call",
    meaning: 'The model called a tool the adapter does not know (OpenAI `unknownTools: "error"`).',
  },
  INTERNAL_ERROR: {
    kind: "tool-call",
    meaning: "The code tool failed unexpectedly (a bug, not the model's fault); the text says why.",
  },
} as const satisfies Record<string, Row>;

type Table = typeof TABLE;
type CodesOf<K extends ErrorCodeKind> = {
  [C in keyof Table]: Table[C]["kind"] extends K ? C : never;
}[keyof Table];

/** Every error code of every isobind package. */
export type ErrorCode = keyof Table;
/** Codes of errors thrown to the host (`IsobindError.code`). */
export type IsobindErrorCode = CodesOf<"host">;
/** Stable error codes of a failed run (`result.error.code`). */
export type RunErrorCode = CodesOf<"run">;
/** Stable error codes with which a binding call rejects inside the guest (`err.code`). */
export type BindingErrorCode = CodesOf<"binding">;
/** Codes an adapter prefixes to its answer to an unusable tool call. */
export type ToolCallErrorCode = CodesOf<"tool-call">;

/** One row of {@link ERROR_CODES}. */
export interface ErrorCodeInfo {
  /** The code. */
  readonly code: ErrorCode;
  /** Where it appears; see {@link ErrorCodeKind}. */
  readonly kind: ErrorCodeKind;
  /** The run's exit code, for `"run"` codes; `undefined` for the others. */
  readonly exitCode: Exclude<ExitCode, 0> | undefined;
  /** What it means, in one sentence. */
  readonly meaning: string;
}

/** Every error code with its kind, exit code and meaning; frozen, in a stable order. */
export const ERROR_CODES: readonly ErrorCodeInfo[] = Object.freeze(
  (Object.keys(TABLE) as ErrorCode[]).map((code) => {
    const row: Row = TABLE[code];
    return Object.freeze({
      code,
      kind: row.kind,
      exitCode: row.kind === "run" ? row.exitCode : undefined,
      meaning: row.meaning,
    });
  }),
);

/** The exit code of every run error code; a run code without one fails typecheck. */
export const RUN_EXIT_CODES: Readonly<Record<RunErrorCode, Exclude<ExitCode, 0>>> = Object.freeze(
  Object.fromEntries(
    ERROR_CODES.filter((c) => c.kind === "run").map((c) => [c.code, c.exitCode]),
  ) as Record<RunErrorCode, Exclude<ExitCode, 0>>,
);
