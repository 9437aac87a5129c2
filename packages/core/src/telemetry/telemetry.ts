/**
 * OpenTelemetry for runs and binding calls. The runtime makes two calls into this module: one
 * around a whole run ({@link RuntimeTelemetry.traceRun}) and one around each binding call
 * ({@link RunTelemetry.call}). Everything else (span names, attributes, content capture,
 * metrics) stays here.
 *
 * Parenting is explicit, never read from the ambient context at call time: binding calls
 * arrive from the sandbox through IPC or isolate callbacks, whose async context is not the
 * run's. So the run remembers the context active when `run()` was called, each call's span is
 * started under the run span, and the call itself runs inside its span's context, so that a
 * handler's own instrumented calls (HTTP, database) nest under its `execute_tool` span.
 * @module
 */
import type { Attributes, Context, Span, Tracer } from "@opentelemetry/api";
import type { Settled } from "../bindings/invoke.ts";
import type { BindingInfo, GuestLanguage, IsolationMode, RunResult } from "../types.ts";
import { ATTR, EVENT, INSTRUMENTATION_SCOPE, SPAN, VALUE } from "./attributes.ts";
import { boundContent, clip, settledMessage } from "./content.ts";
import { instrumentsFor, type PoolSizeSource, watchPoolSize } from "./instruments.ts";
import { loadOtelApi, type OtelApi } from "./load.ts";
import type { ResolvedTelemetry } from "./options.ts";

/** What the run span is told at the start of a run. */
export interface RunMeta {
  runId: string;
  code: string;
  language: GuestLanguage;
  /** The run's helpers (`tools.$search`, …): their names count as known tool names. */
  helpers: Readonly<Record<string, unknown>>;
  /** True for a run resumed from a continuation (approvals). */
  resumed?: boolean;
}

/**
 * Whether a binding call really executes, or is answered from a record while a paused run is
 * replayed. A replayed call MUST NOT be reported as executed again (GenAI conventions,
 * `gen-ai-execution.md`): it gets no `execute_tool` span and no duration, only an event on
 * the run span.
 */
export type BindingPhase = "execute" | "replay";

/**
 * Set on a call span at its end when the call paused the run for approval: its handler did not
 * run (it runs, with a span of its own, when the run is resumed and the call approved).
 */
export const PAUSED_PHASE = "paused";

/** One binding call as the run span sees it. */
export interface CallMeta {
  callId: number;
  name: string;
  inputJson: string;
  /** @defaultValue "execute" */
  phase?: BindingPhase;
}

/** The telemetry of one run. */
export interface RunTelemetry {
  /** Runs `invoke` (one binding call) inside its `execute_tool` span and records its duration. */
  call(meta: CallMeta, invoke: () => Promise<Settled>): Promise<Settled>;
  /** The hook for the shared pool: how long this run waited for a sandbox, in milliseconds. */
  queueWait(ms: number): void;
}

/** The telemetry of one runtime. */
export interface RuntimeTelemetry {
  /** Runs `execute` (one whole run) inside the run span and records the outcome. */
  traceRun<T>(
    meta: RunMeta,
    execute: (run: RunTelemetry) => Promise<RunResult<T>>,
  ): Promise<RunResult<T>>;
  /**
   * The runtime runs on this pool of sandbox processes: report its size (`isobind.pool.size`)
   * from the first run on, until {@link RuntimeTelemetry.close}.
   */
  watchPool(pool: PoolSizeSource): void;
  /** The runtime is disposed: stop reporting its pool. */
  close(): void;
}

const NO_RUN: RunTelemetry = {
  call: (_meta, invoke) => invoke(),
  queueWait: () => {},
};

/** Telemetry turned off, or `@opentelemetry/api` not installed: a direct call, nothing else. */
export const NO_TELEMETRY: RuntimeTelemetry = {
  traceRun: (_meta, execute) => execute(NO_RUN),
  watchPool: () => {},
  close: () => {},
};

/** Longest tool name put on a span for a name no binding has (the guest chose it). */
const MAX_UNKNOWN_NAME = 128;

/**
 * The telemetry of a new runtime: {@link NO_TELEMETRY} when it is off or the API is not
 * installed. With the API but no SDK registered, spans are the API's non-recording ones and
 * instruments are no-ops (measured in `bench/`: `pnpm bench:telemetry`).
 */
export async function createTelemetry(
  options: ResolvedTelemetry | false,
  isolation: IsolationMode,
  bindings: readonly BindingInfo[],
): Promise<RuntimeTelemetry> {
  if (options === false) return NO_TELEMETRY;
  const api = await loadOtelApi();
  if (!api) return NO_TELEMETRY;
  const tracer = options.tracerProvider
    ? (options.tracerProvider.getTracer(INSTRUMENTATION_SCOPE) as Tracer)
    : // A ProxyTracer: it follows an SDK registered after the runtime was created.
      api.trace.getTracer(INSTRUMENTATION_SCOPE);
  const descriptions = new Map(bindings.map((b) => [b.name, b.description]));
  return new OtelTelemetry(api, tracer, options, isolation, descriptions);
}

class OtelTelemetry implements RuntimeTelemetry {
  readonly api: OtelApi;
  readonly tracer: Tracer;
  readonly options: ResolvedTelemetry;
  readonly isolation: IsolationMode;
  readonly descriptions: ReadonlyMap<string, string>;

  constructor(
    api: OtelApi,
    tracer: Tracer,
    options: ResolvedTelemetry,
    isolation: IsolationMode,
    descriptions: ReadonlyMap<string, string>,
  ) {
    this.api = api;
    this.tracer = tracer;
    this.options = options;
    this.isolation = isolation;
    this.descriptions = descriptions;
  }

  content(text: string): string {
    return boundContent(text, this.options.maxContentChars);
  }

  #pool: PoolSizeSource | undefined;
  #unwatchPool: (() => void) | undefined;
  #closed = false;

  watchPool(pool: PoolSizeSource): void {
    this.#pool = pool;
  }

  close(): void {
    this.#closed = true;
    this.#unwatchPool?.();
    this.#unwatchPool = undefined;
  }

  async traceRun<T>(
    meta: RunMeta,
    execute: (run: RunTelemetry) => Promise<RunResult<T>>,
  ): Promise<RunResult<T>> {
    // At the first run, not at create(): the global meter provider has no proxy, and an
    // application often registers its SDK after creating the runtime.
    const pool = this.#pool;
    if (pool && !this.#unwatchPool && !this.#closed) {
      this.#unwatchPool =
        guard(this.api, "watching the pool size", () =>
          watchPoolSize(this.api, pool, this.options.meterProvider),
        ) ?? (() => {});
    }
    const traced = guard(this.api, "starting the run span", () => this.startRun(meta));
    if (!traced) return execute(NO_RUN);
    const { span, runContext, run } = traced;
    const started = performance.now();
    let result: RunResult<T>;
    try {
      result = await this.api.context.with(runContext, () => execute(run));
    } catch (e) {
      // Host misuse (a disposed runtime): still a finished span with a reason.
      const code = (e as { code?: unknown })?.code;
      const errorType = typeof code === "string" ? code : VALUE.other;
      guard(this.api, "ending the run span", () => this.endRun(span, started, errorType));
      throw e;
    }
    // A pause is not a failure: its span is not an error, its outcome is `paused`.
    const errorCode = result.status === "paused" ? undefined : result.error?.code;
    guard(this.api, "ending the run span", () => this.endRun(span, started, errorCode, result));
    return result;
  }

  startRun(meta: RunMeta): { span: Span; runContext: Context; run: OtelRun } {
    const { api } = this;
    const parent = api.context.active();
    const attributes: Attributes = {
      [ATTR.runId]: meta.runId,
      [ATTR.isolation]: this.isolation,
      [ATTR.language]: meta.language,
    };
    if (meta.resumed) attributes[ATTR.runResumed] = true;
    if (this.options.captureContent) attributes[ATTR.runCode] = this.content(meta.code);
    const span = this.tracer.startSpan(
      SPAN.run,
      { kind: api.SpanKind.INTERNAL, attributes },
      parent,
    );
    const runContext = api.trace.setSpan(parent, span);
    return { span, runContext, run: new OtelRun(this, meta, span, runContext) };
  }

  endRun(span: Span, started: number, errorCode: string | undefined, result?: RunResult): void {
    const status = (result as { status?: unknown } | undefined)?.status;
    const outcome = errorCode ?? (status === "paused" ? "paused" : VALUE.outcomeOk);
    if (result) {
      span.setAttributes({
        [ATTR.runOutcome]: outcome,
        [ATTR.runExitCode]: result.exitCode,
        [ATTR.runBindingCalls]: result.stats.bindingCalls,
        [ATTR.runCpuMs]: result.stats.cpuMs,
      });
      if (this.options.captureContent) this.captureResult(span, result);
    }
    if (errorCode) {
      span.setAttribute(ATTR.errorType, errorCode);
      const message = result?.error?.message;
      span.setStatus({
        code: this.api.SpanStatusCode.ERROR,
        message: this.options.captureContent && message ? this.content(message) : errorCode,
      });
    }
    span.end();
    const attributes: Attributes = { [ATTR.runOutcome]: outcome, [ATTR.isolation]: this.isolation };
    if (errorCode) attributes[ATTR.errorType] = errorCode;
    const instruments = instrumentsFor(this.api, this.options.meterProvider);
    instruments.runs.add(1, attributes);
    instruments.runDuration.record((performance.now() - started) / 1000, attributes);
  }

  captureResult(span: Span, result: RunResult): void {
    if (result.stdout) span.setAttribute(ATTR.runStdout, this.content(result.stdout));
    if (result.stderr) span.setAttribute(ATTR.runStderr, this.content(result.stderr));
    if (result.value !== undefined) {
      span.setAttribute(ATTR.runValue, this.content(JSON.stringify(result.value)));
    }
  }
}

class OtelRun implements RunTelemetry {
  readonly #t: OtelTelemetry;
  readonly #meta: RunMeta;
  readonly #span: Span;
  readonly #context: Context;

  constructor(telemetry: OtelTelemetry, meta: RunMeta, span: Span, context: Context) {
    this.#t = telemetry;
    this.#meta = meta;
    this.#span = span;
    this.#context = context;
  }

  /** Registered bindings and this run's helpers; any other name came from the guest alone. */
  #known(name: string): boolean {
    return this.#t.descriptions.has(name) || Object.hasOwn(this.#meta.helpers, name);
  }

  async call(meta: CallMeta, invoke: () => Promise<Settled>): Promise<Settled> {
    const t = this.#t;
    const known = this.#known(meta.name);
    // An unknown name is the guest's free text: bounded on the span, folded into "_OTHER" on
    // metrics so that a hostile guest cannot create unbounded metric series.
    const toolName = known ? meta.name : clip(meta.name, MAX_UNKNOWN_NAME);
    const callId = `${this.#meta.runId}.${meta.callId}`;
    if (meta.phase === "replay") {
      guard(t.api, "noting a replayed call", () =>
        this.#span.addEvent(EVENT.bindingReplayed, {
          [ATTR.toolName]: toolName,
          [ATTR.toolCallId]: callId,
        }),
      );
      return invoke();
    }
    const span = guard(t.api, "starting a call span", () =>
      this.#startCall(meta, toolName, callId),
    );
    if (!span) return invoke();
    const started = performance.now();
    let settled: Settled | undefined;
    try {
      settled = await t.api.context.with(t.api.trace.setSpan(this.#context, span), invoke);
      return settled;
    } finally {
      const errorType = settled === undefined ? VALUE.other : settled.errorCode;
      guard(t.api, "ending a call span", () => {
        if (settled?.paused) {
          span.setAttribute(ATTR.bindingPhase, PAUSED_PHASE);
          span.end();
          return;
        }
        this.#endCall(span, settled, errorType);
        const metric: Attributes = { [ATTR.toolName]: known ? meta.name : VALUE.other };
        if (errorType) metric[ATTR.errorType] = errorType;
        instrumentsFor(t.api, t.options.meterProvider).bindingDuration.record(
          (performance.now() - started) / 1000,
          metric,
        );
      });
    }
  }

  #startCall(meta: CallMeta, toolName: string, callId: string): Span {
    const t = this.#t;
    const attributes: Attributes = {
      [ATTR.operationName]: VALUE.executeTool,
      [ATTR.toolName]: toolName,
      [ATTR.toolCallId]: callId,
      [ATTR.toolType]: VALUE.toolTypeFunction,
      [ATTR.runId]: this.#meta.runId,
      [ATTR.bindingPhase]: "execute",
    };
    const description = t.descriptions.get(meta.name);
    if (description !== undefined) attributes[ATTR.toolDescription] = description;
    if (t.options.captureContent) attributes[ATTR.toolCallArguments] = t.content(meta.inputJson);
    return t.tracer.startSpan(
      `${SPAN.executeTool} ${toolName}`,
      { kind: t.api.SpanKind.INTERNAL, attributes },
      this.#context,
    );
  }

  #endCall(span: Span, settled: Settled | undefined, errorType: string | undefined): void {
    const t = this.#t;
    if (errorType) {
      span.setAttribute(ATTR.errorType, errorType);
      const message = settled ? settledMessage(settled) : undefined;
      span.setStatus({
        code: t.api.SpanStatusCode.ERROR,
        message: t.options.captureContent && message ? t.content(message) : errorType,
      });
    } else if (t.options.captureContent && settled && settled.payload !== "") {
      span.setAttribute(ATTR.toolCallResult, t.content(settled.payload));
    }
    span.end();
  }

  queueWait(ms: number): void {
    const t = this.#t;
    guard(t.api, "recording queue wait", () => {
      this.#span.setAttribute(ATTR.queueWaitMs, ms);
      const attributes = { [ATTR.isolation]: t.isolation };
      instrumentsFor(t.api, t.options.meterProvider).queueWait.record(ms / 1000, attributes);
    });
  }
}

/**
 * Runs one piece of instrumentation. A failure in it (a span processor or exporter that throws,
 * a broken meter provider) is reported through OpenTelemetry's own diagnostic logger and never
 * reaches the run: `run()` still never rejects for anything but host misuse, and a binding call
 * still settles.
 */
function guard<T>(api: OtelApi, what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    api.diag.error(`@isobind/core: telemetry failed while ${what}; the run goes on`, e);
    return undefined;
  }
}
