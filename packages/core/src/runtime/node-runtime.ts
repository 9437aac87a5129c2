/**
 * `NodeRuntime`: the host API. It owns the bindings, permissions, approvals and limits; each run
 * is driven by a {@link RunController}; the sandbox backend (in-process or a supervised child
 * process) owns the isolates.
 * @module
 */

import {
  bindingSetHash,
  type ContinuationState,
  deriveKeys,
  openContinuation,
} from "../approvals/continuation.ts";
import { checkDecisions } from "../approvals/decisions.ts";
import { MemoryContinuationStore } from "../approvals/store.ts";
import type { ContinuationStore } from "../approvals/types.ts";
import {
  ContinuationConsumedError,
  InvalidOptionsError,
  type OptionIssue,
  RuntimeDisposedError,
  SandboxUnavailableError,
} from "../errors.ts";
import { createBackend } from "../sandbox/backend.ts";
import type { SandboxBackend } from "../sandbox/protocol.ts";
import { createTelemetry, type RuntimeTelemetry } from "../telemetry/telemetry.ts";
import type {
  BindingInfo,
  IsolationMode,
  ResumeOptions,
  RunOptions,
  RunResult,
  RuntimeOptions,
} from "../types.ts";
import { unsupportedNodeReason } from "./node-version.ts";
import { type ResolvedLimits, resolveLimits, validateLanguage, validateLimits } from "./options.ts";
import { RunController, type RunPlan, type RunScope } from "./run-controller.ts";
import {
  type CheckedRuntimeOptions,
  checkCommonRunOptions,
  checkRuntimeOptions,
  unknownKeys,
} from "./validate.ts";

const RUN_OPTION_KEYS = new Set([
  "timeout",
  "signal",
  "onEvent",
  "language",
  "limits",
  "helpers",
  "context",
  "approve",
]);
const RESUME_OPTION_KEYS = new Set([
  "decisions",
  "context",
  "timeout",
  "signal",
  "onEvent",
  "approve",
  "helpers",
]);
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_CONTINUATION_BYTES = 1024 * 1024;

let runtimeCounter = 0;

/**
 * A Code Mode runtime: run model-written JavaScript that calls your bindings, inside V8
 * isolates, and get one structured result back.
 *
 * @typeParam Ctx - The type of the per-run `context` handlers and policies receive.
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({ bindings: { "get-weather": { description, inputSchema, handler } } });
 * const result = await rt.run(`return await tools.getWeather({ city: "Tokyo" })`);
 * await rt.dispose();
 * ```
 */
export class NodeRuntime<Ctx = unknown> implements AsyncDisposable {
  /** The registered bindings, with the guest path of each (the one name map). */
  readonly bindings: readonly BindingInfo[];
  /** Where sandboxes run. */
  readonly isolation: IsolationMode;
  /** The default limits of every run, after defaults were applied. */
  readonly limits: Readonly<ResolvedLimits>;

  /**
   * Warnings about the bindings found by `create()` that do not stop it, each with the dotted
   * path it concerns: ajv's `unknown format "json" ignored` (the format is then not checked)
   * and the like. Reported here rather than printed on the host's console.
   */
  get diagnostics(): readonly OptionIssue[] {
    return this.#diagnostics;
  }

  readonly #diagnostics: OptionIssue[] = [];
  readonly #scope: RunScope;
  /** The limits as given (not resolved), so a run's timeout also moves the default CPU budget. */
  readonly #limitOptions: RuntimeOptions["limits"];
  readonly #store: ContinuationStore;
  readonly #telemetry: RuntimeTelemetry;
  readonly #active = new Set<Promise<unknown>>();
  readonly #id = ++runtimeCounter;
  #runCounter = 0;
  #disposed = false;

  private constructor(
    scope: RunScope,
    bindings: BindingInfo[],
    limitOptions: RuntimeOptions["limits"],
    isolation: IsolationMode,
    store: ContinuationStore,
    telemetry: RuntimeTelemetry,
  ) {
    this.#scope = scope;
    this.#limitOptions = limitOptions;
    this.#store = store;
    this.#telemetry = telemetry;
    this.bindings = Object.freeze(bindings);
    this.limits = Object.freeze(resolveLimits(limitOptions));
    this.isolation = isolation;
  }

  /**
   * Validates every option once and reports every problem at once (bad binding names, schemas
   * ajv cannot compile, name collisions after the JS-name mapping, bad limits, approvals), then
   * prepares the sandbox backend.
   *
   * @throws {@link InvalidOptionsError} listing every problem.
   * @throws {@link SandboxUnavailableError} when the sandbox cannot start at all.
   */
  static async create<Ctx = unknown>(options: RuntimeOptions<Ctx> = {}): Promise<NodeRuntime<Ctx>> {
    if (typeof options !== "object" || options === null) {
      throw new InvalidOptionsError("NodeRuntime.create", [
        { path: "(options)", message: "must be an object" },
      ]);
    }
    const issues: OptionIssue[] = [];
    const checked = checkRuntimeOptions(options as RuntimeOptions, issues);
    if (issues.length > 0) throw new InvalidOptionsError("NodeRuntime.create", issues);

    const tooOld = unsupportedNodeReason(process.version);
    if (tooOld) throw new SandboxUnavailableError(`NodeRuntime.create: ${tooOld}`);
    const limits = resolveLimits(options.limits);
    // Before the backend: nothing to release if a user's tracer provider throws.
    const telemetry = await createTelemetry(checked.telemetry, checked.isolation, checked.infos);
    let backend: SandboxBackend;
    try {
      backend = await createBackend({
        isolation: checked.isolation,
        paths: checked.paths,
        poolSize: checked.poolSize,
        poolMemoryLimitMb: limits.memoryLimitMb,
        processMemoryLimitMb: checked.processMemoryLimitMb,
        pool: checked.pool,
      });
    } catch (e) {
      throw new SandboxUnavailableError(
        `NodeRuntime.create: the sandbox could not start: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    if (backend.pool) telemetry.watchPool(backend.pool);
    const scope = runScope(checked, backend);
    const store = checked.approvals.store ?? new MemoryContinuationStore();
    const rt = new NodeRuntime<Ctx>(
      scope,
      checked.infos,
      options.limits,
      checked.isolation,
      store,
      telemetry,
    );
    rt.#diagnostics.push(...checked.diagnostics);
    return rt;
  }

  /**
   * Runs guest code and resolves with its result. Never rejects because of anything the guest
   * did: syntax errors, throws, limits, crashes and aborts all come back in the result. A call
   * that needs approval with no inline approver pauses the run (`status: "paused"`).
   *
   * @throws {@link RuntimeDisposedError} after `dispose()`.
   * @throws {@link InvalidOptionsError} when `code` is not a string or an option is invalid.
   */
  async run<T = unknown>(code: string, options: RunOptions<Ctx> = {}): Promise<RunResult<T>> {
    if (this.#disposed) throw new RuntimeDisposedError("run()");
    if (typeof options !== "object" || options === null) {
      throw new InvalidOptionsError("run", [{ path: "(options)", message: "must be an object" }]);
    }
    const issues: OptionIssue[] = [];
    if (typeof code !== "string") {
      issues.push({ path: "code", message: `must be a string, got ${typeof code}` });
    }
    unknownKeys(options, RUN_OPTION_KEYS, "", "run option", issues);
    validateLimits(options.limits, "limits", issues);
    const language = validateLanguage(options.language, "language", issues);
    const helpers = checkCommonRunOptions(options as RunOptions, issues);
    if (issues.length > 0) throw new InvalidOptionsError("run", issues);

    // Resolve from the options as given: the resolved runtime limits carry a concrete
    // cpuTimeMs, which would pin the CPU budget to the runtime's timeout.
    const limits = resolveLimits(
      this.#limitOptions,
      options.limits,
      options.timeout !== undefined ? { timeoutMs: options.timeout } : undefined,
    );
    return this.#start<T>({
      runId: this.#nextRunId(),
      code,
      language,
      limits,
      helpers: helpers as RunPlan["helpers"],
      context: options.context,
      approve: (options.approve ?? this.#scope.approvals.approve) as RunPlan["approve"],
      signal: options.signal,
      onEvent: options.onEvent,
    });
  }

  /**
   * Resumes a paused run: replays its program from the start with the recorded results (no
   * handler runs twice), applies the decisions (approved calls run, denied ones reject in the
   * guest with `APPROVAL_DENIED`) and goes on; the result may be paused again. Each
   * continuation resumes at most once.
   *
   * @throws {@link InvalidContinuationError} naming the check that failed; nothing ran.
   * @throws {@link InvalidOptionsError} for missing, unknown or malformed decisions; nothing ran.
   * @throws {@link ContinuationConsumedError} when the continuation was resumed before.
   * @throws {@link RuntimeDisposedError} after `dispose()`.
   */
  async resume<T = unknown>(
    continuation: string,
    options: ResumeOptions<Ctx>,
  ): Promise<RunResult<T>> {
    if (this.#disposed) throw new RuntimeDisposedError("resume()");
    if (typeof options !== "object" || options === null) {
      throw new InvalidOptionsError("resume", [
        { path: "(options)", message: "must be an object with decisions" },
      ]);
    }
    const issues: OptionIssue[] = [];
    unknownKeys(options, RESUME_OPTION_KEYS, "", "resume option", issues);
    const helpers = checkCommonRunOptions(options as ResumeOptions, issues);
    if (issues.length > 0) throw new InvalidOptionsError("resume", issues);
    const { keys, maxContinuationBytes, bindingsHash, table } = this.#scope;
    const state = openContinuation(continuation, keys, maxContinuationBytes, bindingsHash);
    const decisions = checkDecisions(options.decisions, state.pending, table, issues);
    if (issues.length > 0) throw new InvalidOptionsError("resume", issues);
    if (!(await this.#store.consume(state.id, state.exp)))
      throw new ContinuationConsumedError(state.id);
    if (this.#disposed) throw new RuntimeDisposedError("resume()");
    return this.#start<T>({
      runId: this.#nextRunId(),
      code: state.code,
      language: state.language,
      limits: resumedLimits(state, options.timeout),
      helpers: helpers as RunPlan["helpers"],
      context: options.context,
      approve: (options.approve ?? this.#scope.approvals.approve) as RunPlan["approve"],
      signal: options.signal,
      onEvent: options.onEvent,
      resume: { state, decisions },
    });
  }

  #nextRunId(): string {
    return `${this.#id}.${++this.#runCounter}`;
  }

  async #start<T>(plan: Omit<RunPlan, "telemetry">): Promise<RunResult<T>> {
    const { runId, code, language, helpers } = plan;
    const meta = { runId, code, language, helpers, resumed: plan.resume !== undefined };
    const promise = this.#telemetry.traceRun(meta, (telemetry) =>
      new RunController<T>(this.#scope, { ...plan, telemetry }).execute(),
    );
    this.#active.add(promise);
    try {
      return await promise;
    } finally {
      this.#active.delete(promise);
    }
  }

  /**
   * Ends every run in progress (`ABORTED`), stops the sandboxes and releases their memory.
   * Idempotent: later calls resolve at once.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#telemetry.close();
    await this.#scope.backend.close();
    await Promise.allSettled([...this.#active]);
  }

  /** `await using rt = await NodeRuntime.create(...)` disposes the runtime at scope exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** True once `dispose()` was called. */
  get disposed(): boolean {
    return this.#disposed;
  }
}

/** What every run of a runtime shares: bindings, policies, the backend, continuation settings. */
function runScope(checked: CheckedRuntimeOptions, backend: SandboxBackend): RunScope {
  const { approvals, table, infos } = checked;
  const paths = new Map(infos.map((b) => [b.name, b.path]));
  const gated = [...table.values()].some((b) => {
    const need = b.definition.needsApproval;
    return need !== undefined && need !== false && need !== "";
  });
  return {
    table,
    permissions: checked.permissions,
    approvals,
    backend,
    mayNeedApproval: gated || approvals.needsApproval !== undefined,
    keys: deriveKeys(approvals.secret),
    continuationTtlMs: approvals.continuationTtlMs ?? DEFAULT_TTL_MS,
    maxContinuationBytes: approvals.maxContinuationBytes ?? DEFAULT_MAX_CONTINUATION_BYTES,
    bindingsHash: bindingSetHash(infos),
    pathOf: (name) => paths.get(name) ?? [name],
  };
}

/** A resumed run keeps the paused run's limits, with its own wall-clock (and CPU) budget. */
function resumedLimits(state: ContinuationState, timeout: number | undefined): ResolvedLimits {
  if (timeout === undefined) return state.limits;
  const cpuWasTimeout = state.limits.cpuTimeMs === state.limits.timeoutMs;
  return {
    ...state.limits,
    timeoutMs: timeout,
    cpuTimeMs: cpuWasTimeout ? timeout : state.limits.cpuTimeMs,
  };
}
