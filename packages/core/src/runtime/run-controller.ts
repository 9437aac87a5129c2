/**
 * One run on the host side: it answers the sandbox's binding calls (validation, permissions,
 * approvals, handlers), forwards console output, counts, and turns the sandbox's outcome into a
 * {@link RunResult}. A run that pauses for approval waits for its calls in flight, then seals
 * its recorded state into a continuation; a resumed run answers recorded calls from that state.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { ContinuationState } from "../approvals/continuation.ts";
import type { CheckedDecision } from "../approvals/decisions.ts";
import type { ApprovalScope, PendingCall } from "../approvals/gate.ts";
import { type CallRecord, pausedMessage, sealPause } from "../approvals/paused-state.ts";
import type { CompiledBinding } from "../bindings/binding-table.ts";
import {
  type CallContext,
  type InvokeScope,
  invokeBinding,
  messageOf,
  type Settled,
} from "../bindings/invoke.ts";
import {
  HOST_ERROR_NAME,
  hostFailure,
  type RunSink,
  type SandboxBackend,
  type SandboxOutcome,
  type StartRequest,
} from "../sandbox/protocol.ts";
import type { RunTelemetry } from "../telemetry/telemetry.ts";
import type {
  ApprovalOptions,
  Approver,
  GuestLanguage,
  Permissions,
  RunError,
  RunEvent,
  RunOptions,
  RunResult,
} from "../types.ts";
import { sandboxLimits } from "./limits.ts";
import type { ResolvedLimits } from "./options.ts";
import { OutputBuffer } from "./output-buffer.ts";
import { EXIT_CODES, type RuntimeCore } from "./runtime-core.ts";

/** What one run is: the code, its options after validation, and a resume's state. */
export interface RunPlan {
  runId: string;
  code: string;
  language: GuestLanguage;
  limits: ResolvedLimits;
  helpers: NonNullable<RunOptions["helpers"]>;
  context: unknown;
  approve: Approver | undefined;
  signal: AbortSignal | undefined;
  onEvent: ((event: RunEvent) => void) | undefined;
  resume?: { state: ContinuationState; decisions: Map<number, CheckedDecision> };
  /** The run's spans and metrics (a direct call when telemetry is off). */
  telemetry: RunTelemetry;
}

/** What the runtime shares with its runs. */
export interface RunScope extends RuntimeCore {
  table: Map<string, CompiledBinding>;
  permissions: Permissions;
  approvals: ApprovalOptions;
  backend: SandboxBackend;
}

/** What the telemetry is told a replayed call settled with when its result is not held here. */
const REPLAYED: Settled = { ok: 1, payload: "" };

/** Drives one run from start to result. */
export class RunController<T> {
  readonly #scope: RunScope;
  readonly #plan: RunPlan;
  readonly #startedAt = performance.now();
  readonly #out: OutputBuffer;
  readonly #handlers = new AbortController();
  readonly #calls = new Map<number, CallRecord>();
  readonly #pending: PendingCall[] = [];
  readonly #held: Map<number, Settled>;
  readonly #queue: (() => void)[] = [];
  #inFlight = 0;
  /** Calls forwarded and not yet settled or pending; a pause waits until this is 0. */
  #open = 0;
  #onIdle: (() => void) | undefined;
  #bindingCalls = 0;
  #replayedCalls = 0;

  constructor(scope: RunScope, plan: RunPlan) {
    this.#scope = scope;
    this.#plan = plan;
    this.#out = new OutputBuffer(plan.limits.maxOutputBytes);
    this.#held = new Map(
      (plan.resume?.state.held ?? []).map(([id, ok, payload]) => [id, { ok, payload }]),
    );
  }

  /** True when a call of this run may pause it (so the sandbox records and journals). */
  get #mayPause(): boolean {
    return this.#plan.resume !== undefined || (this.#scope.mayNeedApproval && !this.#plan.approve);
  }

  async execute(): Promise<RunResult<T>> {
    const { limits, signal, code } = this.#plan;
    const codeBytes = Buffer.byteLength(code, "utf8");
    if (codeBytes > limits.maxCodeBytes) {
      return this.#finish(
        hostFailure(
          "CODE_TOO_LARGE",
          `the code is ${codeBytes} bytes, over the limit of ${limits.maxCodeBytes} bytes (limits.maxCodeBytes)`,
        ),
      );
    }
    if (signal?.aborted)
      return this.#finish(hostFailure("ABORTED", "the run was aborted before it started"));
    const onAbort = () =>
      this.#scope.backend.abort(this.#plan.runId, "ABORTED", abortMessage(signal));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const outcome = await this.#scope.backend.start(this.#startRequest(), this.#sink());
      if (outcome.code === "PAUSED" && outcome.paused) return await this.#paused(outcome);
      return this.#finish(outcome);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  #startRequest(): StartRequest {
    const { runId, code, language, limits, resume } = this.#plan;
    const req: StartRequest = { runId, code, language, limits: sandboxLimits(limits) };
    if (!this.#mayPause) return req;
    const state = resume?.state;
    this.#seed = state?.seed ?? [...new Uint32Array(randomBytes(16).buffer)];
    req.record = {
      seed: this.#seed,
      ...(state
        ? {
            replay: {
              entries: state.entries,
              calls: state.calls,
              clock: state.clock,
              timers: state.timers,
            },
          }
        : {}),
    };
    return req;
  }

  #emit(event: RunEvent): void {
    if (!this.#plan.onEvent) return;
    try {
      this.#plan.onEvent(event);
    } catch {
      // A listener's failure is the listener's problem, not the run's.
    }
  }

  #atMs(): number {
    return Math.round((performance.now() - this.#startedAt) * 1000) / 1000;
  }

  #sink(): RunSink {
    return {
      call: (callId, name, inputJson, replayed) => this.#onCall(callId, name, inputJson, replayed),
      dispatched: (waitMs) => this.#plan.telemetry.queueWait(Math.round(waitMs * 1000) / 1000),
      output: (stream, text) => {
        const kept = this.#out.write(stream, text);
        if (kept.length > 0) {
          this.#emit({
            type: "console",
            runId: this.#plan.runId,
            stream,
            text: kept,
            atMs: this.#atMs(),
          });
        }
      },
    };
  }

  #onCall(callId: number, name: string, inputJson: string, replayed: boolean): void {
    const { limits, runId } = this.#plan;
    this.#bindingCalls++;
    if (this.#bindingCalls > limits.maxBindingCalls) {
      this.#scope.backend.abort(
        runId,
        "BINDING_CALL_LIMIT",
        `the run made more than ${limits.maxBindingCalls} binding calls (limits.maxBindingCalls)`,
      );
      return;
    }
    const record: CallRecord = { name, inputJson };
    this.#calls.set(callId, record);
    const held = this.#held.get(callId);
    if (replayed || held) {
      // Answered from the continuation: the handler ran before the pause and must not run again.
      this.#replayedCalls++;
      this.#emit({ type: "binding:replayed", runId, callId, name, atMs: this.#atMs() });
      // Reported as replayed, never as executed again (no execute_tool span).
      void this.#plan.telemetry.call({ callId, name, inputJson, phase: "replay" }, async () =>
        held ? { ok: held.ok, payload: held.payload } : REPLAYED,
      );
      if (held) {
        record.settled = held;
        this.#scope.backend.settle(runId, callId, held.ok, held.payload);
      }
      return;
    }
    this.#open++;
    const job = () => this.#invoke(callId, name, inputJson, record);
    if (this.#inFlight < limits.maxConcurrentBindingCalls) job();
    else this.#queue.push(job);
  }

  #invoke(callId: number, name: string, inputJson: string, record: CallRecord): void {
    const { runId } = this.#plan;
    // A call still queued when the run ended is dropped: no validation, policy or handler.
    if (this.#handlers.signal.aborted) {
      this.#queue.length = 0;
      return;
    }
    this.#inFlight++;
    const started = this.#atMs();
    this.#emit({ type: "binding:start", runId, callId, name, atMs: started });
    const ctx: CallContext = {
      signal: this.#handlers.signal,
      runId,
      callId,
      name,
      context: this.#plan.context,
    };
    // The handler runs inside its execute_tool span's context (telemetry/telemetry.ts).
    const invoke = () => invokeBinding(this.#invokeScope(), ctx, name, inputJson);
    // invokeBinding never rejects; the fallback keeps that true for the guest even if it did.
    this.#plan.telemetry
      .call({ callId, name, inputJson }, invoke)
      .then(undefined, handlerFailed)
      .then((settled) => {
        this.#inFlight--;
        const ended = this.#atMs();
        if (!settled.paused) {
          record.settled = settled;
          this.#emit({
            type: "binding:end",
            runId,
            callId,
            name,
            ok: settled.ok === 1,
            ...(settled.errorCode ? { errorCode: settled.errorCode } : {}),
            atMs: ended,
            durationMs: Math.round((ended - started) * 1000) / 1000,
          });
          if (!this.#handlers.signal.aborted) {
            this.#scope.backend.settle(runId, callId, settled.ok, settled.payload);
          }
        }
        this.#queue.shift()?.();
        if (--this.#open === 0) this.#onIdle?.();
      });
  }

  #invokeScopeCache: InvokeScope | undefined;
  #invokeScope(): InvokeScope {
    if (this.#invokeScopeCache) return this.#invokeScopeCache;
    const { table, permissions, approvals } = this.#scope;
    const scope: InvokeScope = {
      table,
      helpers: this.#plan.helpers,
      permissions,
      limits: this.#plan.limits,
    };
    if (this.#scope.mayNeedApproval || this.#plan.resume)
      scope.approvals = this.#approvalScope(approvals);
    this.#invokeScopeCache = scope;
    return scope;
  }

  #approvalScope(approvals: ApprovalOptions): ApprovalScope {
    const roundTag = randomUUID().slice(0, 8);
    return {
      policy: approvals.needsApproval,
      approve: this.#plan.approve,
      decisions: this.#plan.resume?.decisions ?? new Map(),
      pendingId: (callId) => `${roundTag}-${callId}`,
      pathOf: (name) => this.#scope.pathOf(name),
      onPending: (call) => {
        this.#pending.push(call);
        if (this.#pending.length === 1) this.#scope.backend.pause(this.#plan.runId);
      },
      emit: (event) => this.#emit(event),
      atMs: () => this.#atMs(),
    };
  }

  /** The sandbox paused: wait for the calls in flight (inside the run's budget), then seal. */
  async #paused(outcome: SandboxOutcome): Promise<RunResult<T>> {
    const snapshot = outcome.paused;
    if (!snapshot) return this.#finish(outcome);
    const ended = await this.#settleOpenCalls();
    if (ended) return this.#finish(ended);
    const plan = this.#plan;
    const sealed = sealPause({
      snapshot,
      calls: this.#calls,
      pending: this.#pending,
      code: plan.code,
      language: plan.language,
      limits: plan.limits,
      seed: this.#seed ?? [],
      previous: plan.resume?.state,
      keys: this.#scope.keys,
      ttlMs: this.#scope.continuationTtlMs,
      maxBytes: this.#scope.maxContinuationBytes,
      bindingsHash: this.#scope.bindingsHash,
    });
    if ("failure" in sealed) return this.#finish(hostFailure("RESULT_TOO_LARGE", sealed.failure));
    const base = this.#finish({
      ...hostFailure("PAUSED", pausedMessage(this.#pending)),
      cpuMs: outcome.cpuMs,
      droppedOutputBytes: outcome.droppedOutputBytes,
    });
    return {
      ...base,
      status: "paused",
      exitCode: 75,
      error: base.error as RunError,
      pending: this.#pending.map(({ callId: _c, inputJson: _j, ...p }) => Object.freeze(p)),
      continuation: sealed.token,
    };
  }

  /** Resolves `undefined` once no call is open, or the outcome that ended the wait. */
  #settleOpenCalls(): Promise<SandboxOutcome | undefined> {
    if (this.#open === 0) return Promise.resolve(undefined);
    const { limits, signal } = this.#plan;
    return new Promise((resolve) => {
      const left = Math.max(1, limits.timeoutMs - (performance.now() - this.#startedAt));
      const timer = setTimeout(
        () =>
          resolve(
            hostFailure(
              "TIMEOUT",
              `the run exceeded its ${limits.timeoutMs} ms timeout (timeoutMs)`,
            ),
          ),
        left,
      );
      const onAbort = () => resolve(hostFailure("ABORTED", abortMessage(signal)));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#onIdle = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(undefined);
      };
    });
  }

  #seed: number[] | undefined;

  #finish(outcome: SandboxOutcome): RunResult<T> {
    this.#handlers.abort(new Error(outcome.code ? `run ended: ${outcome.code}` : "run ended"));
    const { limits } = this.#plan;
    const dropped = Math.max(this.#out.dropped, outcome.droppedOutputBytes);
    let value: T | undefined;
    if (outcome.valueJson !== undefined) {
      try {
        value = JSON.parse(outcome.valueJson) as T;
      } catch {
        value = undefined;
      }
    }
    let stdout = this.#out.text("stdout");
    if (dropped > 0) {
      stdout += `\n[isobind: output truncated: ${dropped} more bytes were dropped (limits.maxOutputBytes = ${limits.maxOutputBytes})]\n`;
    }
    const result: RunResult<T> = {
      status: "completed",
      exitCode: outcome.code ? (EXIT_CODES[outcome.code] ?? 1) : 0,
      stdout,
      stderr: this.#out.text("stderr"),
      value,
      stats: {
        wallMs: this.#atMs(),
        cpuMs: outcome.cpuMs,
        bindingCalls: this.#bindingCalls,
        droppedOutputBytes: dropped,
        replayedCalls: this.#replayedCalls,
        executedCalls: this.#bindingCalls - this.#replayedCalls,
      },
    };
    if (outcome.code) {
      const error: RunError = outcome.error ?? {
        code: outcome.code,
        name: HOST_ERROR_NAME,
        message: outcome.code,
      };
      result.error = error;
      const line =
        error.name === HOST_ERROR_NAME
          ? `${error.code}: ${error.message}`
          : (error.stack ?? `${error.name}: ${error.message}`);
      result.stderr += `${result.stderr === "" || result.stderr.endsWith("\n") ? "" : "\n"}${line}\n`;
    }
    return result;
  }
}

function abortMessage(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  const text =
    reason instanceof Error ? reason.message : reason === undefined ? "" : String(reason);
  return text ? `the run was aborted: ${text}` : "the run was aborted by its signal";
}

/** How a call settles if invoking it failed in a way invokeBinding did not turn into a payload. */
function handlerFailed(e: unknown): Settled {
  return {
    ok: 0,
    payload: JSON.stringify({ code: "HANDLER_ERROR", message: messageOf(e) }),
    errorCode: "HANDLER_ERROR",
  };
}
