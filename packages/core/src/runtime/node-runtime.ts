/**
 * `NodeRuntime`: the host API. It owns the bindings, permissions and limits, and turns
 * everything a run does into a {@link RunResult}; the sandbox backend (in-process or a
 * supervised child process) owns the isolates.
 * @module
 */

import { byteLength, type CompiledBinding, compileBindings } from "../bindings/binding-table.ts";
import { type CallContext, invokeBinding } from "../bindings/invoke.ts";
import { buildNameMap } from "../bindings/names.ts";
import {
  InvalidOptionsError,
  type OptionIssue,
  RuntimeDisposedError,
  SandboxUnavailableError,
} from "../errors.ts";
import { createBackend } from "../sandbox/backend.ts";
import {
  HOST_ERROR_NAME,
  hostFailure,
  type SandboxBackend,
  type SandboxOutcome,
  type SandboxPath,
  type StartRequest,
} from "../sandbox/protocol.ts";
import type {
  BindingInfo,
  Bindings,
  IsolationMode,
  Permissions,
  RunError,
  RunEvent,
  RunOptions,
  RunResult,
  RuntimeOptions,
} from "../types.ts";
import { unsupportedNodeReason } from "./node-version.ts";
import {
  type ResolvedLimits,
  resolveLimits,
  validateCount,
  validateIsolation,
  validateLanguage,
  validateLimits,
  validatePool,
} from "./options.ts";

const RUNTIME_OPTION_KEYS = new Set([
  "bindings",
  "permissions",
  "limits",
  "isolation",
  "poolSize",
  "processMemoryLimitMb",
  "pool",
]);
const RUN_OPTION_KEYS = new Set(["timeout", "signal", "onEvent", "language", "limits", "helpers"]);

const EXIT_CODES: Record<string, RunResult["exitCode"]> = {
  GUEST_ERROR: 1,
  SYNTAX_ERROR: 1,
  RESULT_TOO_LARGE: 1,
  RESULT_NOT_SERIALIZABLE: 1,
  BINDING_CALL_LIMIT: 1,
  CODE_TOO_LARGE: 1,
  TIMEOUT: 124,
  CPU_TIME_LIMIT: 124,
  ABORTED: 130,
  MEMORY_LIMIT: 137,
  SANDBOX_CRASHED: 137,
  // sysexits' EX_TEMPFAIL: nothing ran, the same request may succeed later.
  QUEUE_FULL: 75,
};

let runtimeCounter = 0;

/**
 * A Code Mode runtime: run model-written JavaScript that calls your bindings, inside V8
 * isolates, and get one structured result back.
 *
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({ bindings: { "get-weather": { description, inputSchema, handler } } });
 * const result = await rt.run(`return await tools.getWeather({ city: "Tokyo" })`);
 * await rt.dispose();
 * ```
 */
export class NodeRuntime implements AsyncDisposable {
  /** The registered bindings, with the guest path of each (the one name map). */
  readonly bindings: readonly BindingInfo[];
  /** Where sandboxes run. */
  readonly isolation: IsolationMode;
  /** The default limits of every run, after defaults were applied. */
  readonly limits: Readonly<ResolvedLimits>;

  readonly #table: Map<string, CompiledBinding>;
  /** The limits as given (not resolved), so a run's timeout also moves the default CPU budget. */
  readonly #limitOptions: RuntimeOptions["limits"];
  readonly #permissions: Permissions;
  readonly #backend: SandboxBackend;
  readonly #active = new Set<Promise<unknown>>();
  readonly #id = ++runtimeCounter;
  #runCounter = 0;
  #disposed = false;

  private constructor(
    table: Map<string, CompiledBinding>,
    bindings: BindingInfo[],
    permissions: Permissions,
    limits: ResolvedLimits,
    limitOptions: RuntimeOptions["limits"],
    isolation: IsolationMode,
    backend: SandboxBackend,
  ) {
    this.#table = table;
    this.#limitOptions = limitOptions;
    this.bindings = Object.freeze(bindings);
    this.#permissions = permissions;
    this.limits = Object.freeze(limits);
    this.isolation = isolation;
    this.#backend = backend;
  }

  /**
   * Validates every option once and reports every problem at once (bad binding names, schemas
   * ajv cannot compile, name collisions after the JS-name mapping, bad limits), then prepares
   * the sandbox backend.
   *
   * @throws {@link InvalidOptionsError} listing every problem.
   * @throws {@link SandboxUnavailableError} when the sandbox cannot start at all.
   */
  static async create(options: RuntimeOptions = {}): Promise<NodeRuntime> {
    const issues: OptionIssue[] = [];
    if (typeof options !== "object" || options === null) {
      throw new InvalidOptionsError("NodeRuntime.create", [
        { path: "(options)", message: "must be an object" },
      ]);
    }
    for (const key of Object.keys(options)) {
      if (!RUNTIME_OPTION_KEYS.has(key)) {
        issues.push({
          path: key,
          message: `is not an option (known: ${[...RUNTIME_OPTION_KEYS].join(", ")})`,
        });
      }
    }
    const bindings: Bindings = options.bindings ?? {};
    let table = new Map<string, CompiledBinding>();
    const infos: BindingInfo[] = [];
    const paths: SandboxPath[] = [];
    if (typeof bindings !== "object" || bindings === null || Array.isArray(bindings)) {
      issues.push({ path: "bindings", message: "must be an object mapping names to bindings" });
    } else {
      const names = buildNameMap(Object.keys(bindings));
      for (const issue of names.issues) {
        issues.push({ path: `bindings.${issue.name}`, message: `name ${issue.message}` });
      }
      table = compileBindings(bindings, issues);
      for (const entry of names.entries) {
        const def = bindings[entry.name];
        if (!def || !table.has(entry.name)) continue;
        paths.push([entry.name, [...entry.path]]);
        infos.push({
          name: entry.name,
          path: Object.freeze([...entry.path]),
          description: def.description,
          inputSchema: def.inputSchema,
          ...(def.outputSchema !== undefined ? { outputSchema: def.outputSchema } : {}),
        });
      }
    }
    const permissions = options.permissions ?? {};
    if (typeof permissions !== "object" || permissions === null) {
      issues.push({ path: "permissions", message: "must be an object" });
    } else if (permissions.binding !== undefined && typeof permissions.binding !== "function") {
      issues.push({ path: "permissions.binding", message: "must be a function" });
    }
    validateLimits(options.limits, "limits", issues);
    const isolation = validateIsolation(options.isolation, issues);
    const poolSize = validateCount(options.poolSize, "poolSize", 2, 0, 64, issues);
    const processMemoryLimitMb = validateCount(
      options.processMemoryLimitMb,
      "processMemoryLimitMb",
      1024,
      64,
      1024 * 1024,
      issues,
    );
    const pool = validatePool(options.pool, issues);
    if (issues.length > 0) throw new InvalidOptionsError("NodeRuntime.create", issues);

    const tooOld = unsupportedNodeReason(process.version);
    if (tooOld) throw new SandboxUnavailableError(`NodeRuntime.create: ${tooOld}`);
    const limits = resolveLimits(options.limits);
    let backend: SandboxBackend;
    try {
      backend = await createBackend({
        isolation,
        paths,
        poolSize,
        poolMemoryLimitMb: limits.memoryLimitMb,
        processMemoryLimitMb,
        pool,
      });
    } catch (e) {
      throw new SandboxUnavailableError(
        `NodeRuntime.create: the sandbox could not start: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    return new NodeRuntime(table, infos, permissions, limits, options.limits, isolation, backend);
  }

  /**
   * Runs guest code and resolves with its result. Never rejects because of anything the guest
   * did: syntax errors, throws, limits, crashes and aborts all come back in the result.
   *
   * @throws {@link RuntimeDisposedError} after `dispose()`.
   * @throws {@link InvalidOptionsError} when `code` is not a string or an option is invalid.
   */
  async run<T = unknown>(code: string, options: RunOptions = {}): Promise<RunResult<T>> {
    if (this.#disposed) throw new RuntimeDisposedError("run()");
    const issues: OptionIssue[] = [];
    if (typeof code !== "string") {
      issues.push({ path: "code", message: `must be a string, got ${typeof code}` });
    }
    if (typeof options !== "object" || options === null) {
      throw new InvalidOptionsError("run", [{ path: "(options)", message: "must be an object" }]);
    }
    for (const key of Object.keys(options)) {
      if (!RUN_OPTION_KEYS.has(key)) {
        issues.push({
          path: key,
          message: `is not a run option (known: ${[...RUN_OPTION_KEYS].join(", ")})`,
        });
      }
    }
    if (options.timeout !== undefined) {
      validateCount(options.timeout, "timeout", 0, 1, 2_147_483_647, issues);
    }
    validateLimits(options.limits, "limits", issues);
    const language = validateLanguage(options.language, "language", issues);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
      issues.push({ path: "signal", message: "must be an AbortSignal" });
    }
    if (options.onEvent !== undefined && typeof options.onEvent !== "function") {
      issues.push({ path: "onEvent", message: "must be a function" });
    }
    const helpers = options.helpers ?? {};
    for (const [name, fn] of Object.entries(helpers)) {
      if (!/^\$[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
        issues.push({
          path: `helpers.${name}`,
          message: "helper names look like $search: '$' then letters, digits, '_'",
        });
      } else if (typeof fn !== "function") {
        issues.push({ path: `helpers.${name}`, message: "must be a function" });
      }
    }
    if (issues.length > 0) throw new InvalidOptionsError("run", issues);

    // Resolve from the options as given: the resolved runtime limits carry a concrete
    // cpuTimeMs, which would pin the CPU budget to the runtime's timeout.
    const limits = resolveLimits(
      this.#limitOptions,
      options.limits,
      options.timeout !== undefined ? { timeoutMs: options.timeout } : undefined,
    );
    const promise = this.#execute<T>(code, options, limits, language, helpers);
    this.#active.add(promise);
    try {
      return await promise;
    } finally {
      this.#active.delete(promise);
    }
  }

  async #execute<T>(
    code: string,
    options: RunOptions,
    limits: ResolvedLimits,
    language: StartRequest["language"],
    helpers: NonNullable<RunOptions["helpers"]>,
  ): Promise<RunResult<T>> {
    const startedAt = performance.now();
    const runId = `${this.#id}.${++this.#runCounter}`;
    const out = new OutputBuffer(limits.maxOutputBytes);
    const handlers = new AbortController();
    const emit = (event: RunEvent) => {
      if (!options.onEvent) return;
      try {
        options.onEvent(event);
      } catch {
        // A listener's failure is the listener's problem, not the run's.
      }
    };
    const atMs = () => Math.round((performance.now() - startedAt) * 1000) / 1000;
    let bindingCalls = 0;

    const finish = (outcome: SandboxOutcome): RunResult<T> => {
      handlers.abort(new Error(outcome.code ? `run ended: ${outcome.code}` : "run ended"));
      const dropped = Math.max(out.dropped, outcome.droppedOutputBytes);
      let value: T | undefined;
      if (outcome.valueJson !== undefined) {
        try {
          value = JSON.parse(outcome.valueJson) as T;
        } catch {
          value = undefined;
        }
      }
      let stdout = out.text("stdout");
      const stderr = out.text("stderr");
      if (dropped > 0) {
        stdout += `\n[isobind: output truncated: ${dropped} more bytes were dropped (limits.maxOutputBytes = ${limits.maxOutputBytes})]\n`;
      }
      const result: RunResult<T> = {
        exitCode: outcome.code ? (EXIT_CODES[outcome.code] ?? 1) : 0,
        stdout,
        stderr,
        value,
        stats: {
          wallMs: atMs(),
          cpuMs: outcome.cpuMs,
          bindingCalls,
          droppedOutputBytes: dropped,
        },
      };
      if (outcome.code) {
        const error: RunError = outcome.error ?? {
          code: outcome.code,
          name: HOST_ERROR_NAME,
          message: outcome.code,
        };
        result.error = error;
        const isLimit = error.name === HOST_ERROR_NAME;
        const line = isLimit
          ? `${error.code}: ${error.message}`
          : (error.stack ?? `${error.name}: ${error.message}`);
        result.stderr += `${result.stderr === "" || result.stderr.endsWith("\n") ? "" : "\n"}${line}\n`;
      }
      return result;
    };

    const codeBytes = byteLength(code);
    if (codeBytes > limits.maxCodeBytes) {
      return finish(
        hostFailure(
          "CODE_TOO_LARGE",
          `the code is ${codeBytes} bytes, over the limit of ${limits.maxCodeBytes} bytes (limits.maxCodeBytes)`,
        ),
      );
    }
    if (options.signal?.aborted) {
      return finish(hostFailure("ABORTED", "the run was aborted before it started"));
    }

    // The guest holds calls past the concurrency limit itself; this queue is only a backstop
    // for a guest that does not (it can only hold calls whose input already crossed).
    let inFlight = 0;
    const queue: (() => void)[] = [];
    const ctxBase = { signal: handlers.signal, runId };
    const scope = { table: this.#table, helpers, permissions: this.#permissions, limits };
    const backend = this.#backend;
    const sink = {
      call: (callId: number, name: string, inputJson: string) => {
        bindingCalls++;
        if (bindingCalls > limits.maxBindingCalls) {
          backend.abort(
            runId,
            "BINDING_CALL_LIMIT",
            `the run made more than ${limits.maxBindingCalls} binding calls (limits.maxBindingCalls)`,
          );
          return;
        }
        const job = () => {
          // A call still queued when the run ended is dropped: no validation, policy or handler.
          if (handlers.signal.aborted) {
            queue.length = 0;
            return;
          }
          inFlight++;
          const started = atMs();
          emit({ type: "binding:start", runId, callId, name, atMs: started });
          const ctx: CallContext = { ...ctxBase, callId, name };
          invokeBinding(scope, ctx, name, inputJson).then((settled) => {
            inFlight--;
            const ended = atMs();
            emit({
              type: "binding:end",
              runId,
              callId,
              name,
              ok: settled.ok === 1,
              ...(settled.errorCode ? { errorCode: settled.errorCode } : {}),
              atMs: ended,
              durationMs: Math.round((ended - started) * 1000) / 1000,
            });
            if (!handlers.signal.aborted)
              backend.settle(runId, callId, settled.ok, settled.payload);
            queue.shift()?.();
          });
        };
        if (inFlight < limits.maxConcurrentBindingCalls) job();
        else queue.push(job);
      },
      output: (stream: "stdout" | "stderr", text: string) => {
        const kept = out.write(stream, text);
        if (kept.length > 0) emit({ type: "console", runId, stream, text: kept, atMs: atMs() });
      },
    };

    const onAbort = () => backend.abort(runId, "ABORTED", abortMessage(options.signal));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const outcome = await backend.start(
        { runId, code, language, limits: sandboxLimits(limits) },
        sink,
      );
      return finish(outcome);
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Ends every run in progress (`ABORTED`), stops the sandboxes and releases their memory.
   * Idempotent: later calls resolve at once.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#backend.close();
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

function abortMessage(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  const text =
    reason instanceof Error ? reason.message : reason === undefined ? "" : String(reason);
  return text ? `the run was aborted: ${text}` : "the run was aborted by its signal";
}

function sandboxLimits(l: ResolvedLimits): StartRequest["limits"] {
  return {
    timeoutMs: l.timeoutMs,
    cpuTimeMs: l.cpuTimeMs,
    memoryLimitMb: l.memoryLimitMb,
    maxOutputBytes: l.maxOutputBytes,
    maxResultBytes: l.maxResultBytes,
    maxBindingCalls: l.maxBindingCalls,
    maxConcurrentBindingCalls: l.maxConcurrentBindingCalls,
    maxBindingInputBytes: l.maxBindingInputBytes,
    maxPendingTimers: l.maxPendingTimers,
  };
}

/** stdout/stderr of one run, bounded on the host too (the guest bounds it first). */
class OutputBuffer {
  private readonly parts = { stdout: [] as string[], stderr: [] as string[] };
  private bytes = 0;
  dropped = 0;
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  write(stream: "stdout" | "stderr", text: string): string {
    const size = byteLength(text);
    if (this.bytes + size <= this.max) {
      this.bytes += size;
      this.parts[stream].push(text);
      return text;
    }
    const room = Math.max(0, this.max - this.bytes);
    const kept = Buffer.from(text, "utf8")
      .subarray(0, room)
      .toString("utf8")
      .replace(/\uFFFD$/, "");
    const keptBytes = byteLength(kept);
    this.bytes += keptBytes;
    this.dropped += size - keptBytes;
    if (kept) this.parts[stream].push(kept);
    return kept;
  }

  text(stream: "stdout" | "stderr"): string {
    return this.parts[stream].join("");
  }
}
