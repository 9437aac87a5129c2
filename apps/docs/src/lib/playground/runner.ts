/**
 * Runs playground requests against one shared `NodeRuntime` with the playground's bindings and
 * the library's default limits (the request may only lower the timeout).
 * @module
 */
import type {
  CompletedRunResult,
  NodeRuntime,
  PausedRunResult,
  RunEvent,
  RunOptions,
  RunResult,
} from "@isobind/core";
import { playgroundBindings, playgroundPermissions } from "./bindings.ts";
import type { PlaygroundRequest, ResumeRequest } from "./request.ts";

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
    NodeRuntime.create({ bindings: playgroundBindings, permissions: playgroundPermissions }),
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
    return { ...result, events, droppedEvents };
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
