/**
 * Runs playground requests against one shared `NodeRuntime` with the playground's bindings and
 * the library's default limits (the request may only lower the timeout).
 * @module
 */
import type {
  BindingContext,
  Bindings,
  CompletedRunResult,
  NodeRuntime,
  PausedRunResult,
  RunEvent,
  RunOptions,
  RunResult,
} from "@isobind/core";
import { playgroundBindings, playgroundPermissions } from "./bindings.ts";
import type { PlaygroundRequest, ResumeRequest } from "./request.ts";

/** Calls per run whose input and output are kept for the timeline; later ones are counted. */
export const MAX_CALL_DETAILS = 200;

/** Characters of one call's input or output JSON kept for the timeline. */
export const MAX_DETAIL_CHARS = 2000;

/** What the timeline shows when a call is opened: what the handler got and gave back. */
export interface CallDetail {
  callId: number;
  /** The validated input, as JSON text (cut at {@link MAX_DETAIL_CHARS}). */
  input: string;
  /** The handler's result as JSON text, when it returned. */
  output?: string;
  /** The handler's error message, when it threw. */
  error?: string;
}

/** Handler calls by run id, filled while a run is in progress and taken when it ends. */
const details = new Map<string, CallDetail[]>();

function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}… (cut)` : text;
}

/**
 * The playground's bindings, each handler wrapped to keep its input and output for the timeline.
 * Calls refused before the handler (bad input, the permission policy) have no detail: the
 * timeline shows their error code.
 */
export function recordingBindings(bindings: Bindings): Bindings {
  return Object.fromEntries(
    Object.entries(bindings).map(([name, binding]) => {
      // The table's handlers take their own input types; the runtime has validated the input.
      const handler = binding.handler as (input: unknown, ctx: BindingContext) => unknown;
      return [
        name,
        {
          ...binding,
          handler: async (input: unknown, ctx: BindingContext) => {
            const calls = details.get(ctx.runId) ?? [];
            details.set(ctx.runId, calls);
            const detail: CallDetail | undefined =
              calls.length < MAX_CALL_DETAILS
                ? { callId: ctx.callId, input: clip(input) }
                : undefined;
            if (detail) calls.push(detail);
            try {
              const output = await handler(input, ctx);
              if (detail) detail.output = clip(output);
              return output;
            } catch (error) {
              if (detail) detail.error = error instanceof Error ? error.message : String(error);
              throw error;
            }
          },
        },
      ];
    }),
  );
}

/** At most this many events are returned per run (a run may make 1,000 binding calls). */
export const MAX_EVENTS = 5000;

/** Runs executing at once on this server; more get HTTP 429 instead of queueing without bound. */
export const MAX_CONCURRENT_RUNS = 4;

/**
 * What the endpoint sends back: the run result plus the events `onEvent` received. A paused run
 * also carries `pending` and `continuation`, which the page sends back to `POST /api/resume`.
 */
export type PlaygroundResponse = (
  | Omit<CompletedRunResult, "value">
  | Omit<PausedRunResult, "value">
) &
  PlaygroundExtras;

/** Fields the playground adds to a run result. */
export interface PlaygroundExtras {
  /** The returned value; absent when the guest returned nothing. */
  value?: unknown;
  /** Binding calls and console output, in order, with `atMs` since the run started. */
  events: RunEvent[];
  /** Events left out past {@link MAX_EVENTS}. */
  droppedEvents: number;
  /** Input and output of the calls that reached a handler, by call id. */
  calls: CallDetail[];
}

let runtime: Promise<NodeRuntime> | undefined;
let running = 0;

/**
 * Loaded by Node at run time, never bundled: the runtime starts its sandbox process from its
 * own files and loads isolated-vm's native addon, which a bundle would break. The specifier is
 * a variable so that no bundler step tries to inline the package.
 */
const CORE_PACKAGE = "@isobind/core";

function getRuntime(): Promise<NodeRuntime> {
  runtime ??= (
    import(/* @vite-ignore */ CORE_PACKAGE) as Promise<typeof import("@isobind/core")>
  ).then(({ NodeRuntime }) =>
    // No approvals.secret: continuations resume in this server process only (the playground's
    // one runtime), and a restart invalidates them, which is what a demo wants.
    NodeRuntime.create({
      bindings: recordingBindings(playgroundBindings),
      permissions: playgroundPermissions,
    }),
  );
  // A failed start is not cached: the next request tries again.
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

/** True when another run may start now. */
export function hasCapacity(): boolean {
  return running < MAX_CONCURRENT_RUNS;
}

/** Runs one request. Never rejects for guest faults: they are in the response. */
export function runPlayground(
  request: PlaygroundRequest,
  signal?: AbortSignal,
): Promise<PlaygroundResponse> {
  return withEvents((rt, onEvent) =>
    rt.run(request.code, {
      language: request.language,
      timeout: request.timeoutMs,
      signal,
      onEvent,
    }),
  );
}

/**
 * Resumes a paused run with the reader's decisions. Rejects with the runtime's own errors for a
 * refused continuation (`InvalidContinuationError`, `ContinuationConsumedError`) or decisions
 * (`InvalidOptionsError`); the endpoint reports them.
 */
export function resumePlayground(
  request: ResumeRequest,
  signal?: AbortSignal,
): Promise<PlaygroundResponse> {
  return withEvents((rt, onEvent) =>
    rt.resume(request.continuation, {
      decisions: request.decisions,
      timeout: request.timeoutMs,
      signal,
      onEvent,
    }),
  );
}

async function withEvents(
  start: (rt: NodeRuntime, onEvent: NonNullable<RunOptions["onEvent"]>) => Promise<RunResult>,
): Promise<PlaygroundResponse> {
  running++;
  try {
    const rt = await getRuntime();
    const events: RunEvent[] = [];
    let droppedEvents = 0;
    const result = await start(rt, (event) => {
      if (events.length < MAX_EVENTS) events.push(event);
      else droppedEvents++;
    });
    const runId = events[0]?.runId;
    const calls = (runId !== undefined && details.get(runId)) || [];
    if (runId !== undefined) details.delete(runId);
    return { ...result, events, droppedEvents, calls };
  } finally {
    running--;
  }
}

/** Disposes the shared runtime (tests and shutdown). */
export async function disposePlayground(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  if (current) await (await current).dispose();
}
