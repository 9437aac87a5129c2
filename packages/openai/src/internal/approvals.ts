/**
 * Approvals across one batch of tool calls: which code runs paused, the requests a person
 * decides, the batch as JSON (so it survives a process restart), and resuming it.
 * @module
 */
import {
  type ApprovalDecision,
  InvalidOptionsError,
  type OptionIssue,
  type PendingApproval,
} from "@isobind/core";
import type { ToolApprovalRequest, ToolCallHandlerOptions, ToolCallOutcome } from "../types.ts";
import type { PendingCall } from "./execute-call.ts";

/** One answered call of a batch, or one whose code run waits for decisions. */
export type BatchCall =
  | { callId: string; name: string; kind: PendingCall["kind"]; output: string; isError: boolean }
  | {
      callId: string;
      name: string;
      kind: PendingCall["kind"];
      continuation: string;
      pending: PendingApproval[];
    };

/** The calls of one assistant turn, in call order. */
export interface Batch {
  calls: BatchCall[];
}

/** The outcomes of a batch when no run is paused, or the paused batch and its requests. */
export type Settled =
  | { paused: false; outcomes: ToolCallOutcome[] }
  | { paused: true; batch: Batch; approvals: ToolApprovalRequest[] };

/** The decision key of one nested call: unique across the calls of a turn. */
function approvalId(callId: string, pendingId: string): string {
  return `${callId}:${pendingId}`;
}

/** Sorts outcomes into answered and paused calls. */
export function settle(
  calls: readonly { callId: string; kind: PendingCall["kind"] }[],
  outcomes: readonly ToolCallOutcome[],
): Settled {
  if (!outcomes.some((o) => o.result?.status === "paused")) {
    return { paused: false, outcomes: [...outcomes] };
  }
  const kinds = new Map(calls.map((c) => [c.callId, c.kind]));
  const batch: Batch = { calls: [] };
  const approvals: ToolApprovalRequest[] = [];
  for (const o of outcomes) {
    const kind = kinds.get(o.callId) ?? "function";
    const result = o.result;
    if (result?.status !== "paused") {
      batch.calls.push({
        callId: o.callId,
        name: o.name,
        kind,
        output: o.output,
        isError: o.isError,
      });
      continue;
    }
    const pending = result.pending.map((p) => ({ ...p, path: [...p.path] }));
    batch.calls.push({
      callId: o.callId,
      name: o.name,
      kind,
      continuation: result.continuation,
      pending,
    });
    approvals.push(...requestsOf(o.callId, pending));
  }
  return { paused: true, batch, approvals };
}

function requestsOf(callId: string, pending: readonly PendingApproval[]): ToolApprovalRequest[] {
  return pending.map((p) => ({
    id: approvalId(callId, p.id),
    callId,
    binding: p.binding,
    path: p.path,
    input: p.input,
    ...(p.reason === undefined ? {} : { reason: p.reason }),
  }));
}

/** The requests a paused batch waits for. */
export function batchApprovals(batch: Batch): ToolApprovalRequest[] {
  return batch.calls.flatMap((c) => ("continuation" in c ? requestsOf(c.callId, c.pending) : []));
}

/**
 * Resumes every paused run of a batch with its decisions (concurrently) and settles the batch
 * again: a resumed run may pause once more. Decisions are checked before anything runs.
 * @throws InvalidOptionsError for missing or unknown decision ids; core's continuation errors.
 */
export async function resumeBatch(
  batch: Batch,
  decisions: unknown,
  options: ToolCallHandlerOptions,
  where: string,
): Promise<Settled> {
  const split = splitDecisions(batch, decisions, where);
  const resume = options.codeTool.resume?.bind(options.codeTool);
  if (resume === undefined) {
    throw new InvalidOptionsError(where, [
      { path: "codeTool.resume", message: "is missing: use a tool made by createCodeTool" },
    ]);
  }
  const resumed = await Promise.all(
    batch.calls.map(async (c): Promise<ToolCallOutcome> => {
      const ref = { callId: c.callId, name: c.name };
      if (!("continuation" in c)) return { ...ref, output: c.output, isError: c.isError };
      const onRunEvent = options.onRunEvent;
      const executed = await resume(c.continuation, {
        decisions: split.get(c.callId) ?? {},
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onRunEvent ? { onEvent: (event) => onRunEvent(event, ref) } : {}),
      });
      const outcome = {
        ...ref,
        output: executed.text,
        isError: executed.isError,
        result: executed.result,
      };
      notify(options, outcome);
      return outcome;
    }),
  );
  return settle(batch.calls, resumed);
}

function notify(options: ToolCallHandlerOptions, outcome: ToolCallOutcome): void {
  try {
    options.onToolResult?.(outcome);
  } catch {
    // An observer's failure must not lose the result the model is waiting for.
  }
}

/** Decisions by tool call, keyed by core's pending ids; every problem reported at once. */
function splitDecisions(
  batch: Batch,
  decisions: unknown,
  where: string,
): Map<string, Record<string, ApprovalDecision>> {
  if (typeof decisions !== "object" || decisions === null || Array.isArray(decisions)) {
    throw new InvalidOptionsError(where, [
      { path: "decisions", message: "must be an object mapping each approval id to a decision" },
    ]);
  }
  const given = decisions as Record<string, ApprovalDecision>;
  const issues: OptionIssue[] = [];
  const byCall = new Map<string, Record<string, ApprovalDecision>>();
  const known = new Set<string>();
  for (const c of batch.calls) {
    if (!("continuation" in c)) continue;
    const own: Record<string, ApprovalDecision> = {};
    for (const p of c.pending) {
      const id = approvalId(c.callId, p.id);
      known.add(id);
      if (Object.hasOwn(given, id)) own[p.id] = given[id] as ApprovalDecision;
      else issues.push({ path: `decisions.${id}`, message: `is missing (${p.binding})` });
    }
    byCall.set(c.callId, own);
  }
  for (const id of Object.keys(given)) {
    if (!known.has(id)) {
      issues.push({
        path: `decisions.${id}`,
        message: `is not a pending approval (pending: ${[...known].join(", ")})`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  return byCall;
}

/** Encodes a state object as the JSON string callers keep. */
export function encodeState(kind: string, body: object): string {
  return JSON.stringify({ isobind: kind, v: 1, ...body });
}

/**
 * Parses a state string made by {@link encodeState} of the given kind, checking the batch's
 * shape (the rest is checked by the caller). Throws one error naming what is wrong.
 */
export function decodeState(
  state: unknown,
  kind: string,
  where: string,
): Record<string, unknown> & { batch: Batch } {
  const fail = (message: string): never => {
    throw new InvalidOptionsError(where, [{ path: "state", message }]);
  };
  if (typeof state !== "string") return fail(`must be the state string, got ${typeof state}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return fail("is not JSON: pass the state string exactly as it was returned");
  }
  const o = parsed as Record<string, unknown>;
  if (typeof o !== "object" || o === null || o.isobind !== kind || o.v !== 1) {
    return fail(`is not a version-1 ${kind} state`);
  }
  if (!isBatch(o.batch)) return fail("has a malformed batch of tool calls");
  return o as Record<string, unknown> & { batch: Batch };
}

function isBatch(value: unknown): value is Batch {
  const calls = (value as Batch | null)?.calls;
  return (
    Array.isArray(calls) &&
    calls.every(
      (c) =>
        typeof c === "object" &&
        c !== null &&
        typeof c.callId === "string" &&
        typeof c.name === "string" &&
        (c.kind === "function" || c.kind === "custom") &&
        ("continuation" in c
          ? typeof c.continuation === "string" &&
            Array.isArray(c.pending) &&
            c.pending.every((p) => typeof p?.id === "string" && typeof p?.binding === "string")
          : typeof c.output === "string" && typeof c.isError === "boolean"),
    )
  );
}
