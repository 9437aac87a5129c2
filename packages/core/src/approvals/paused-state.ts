/**
 * Turns what a paused run recorded (the sandbox's snapshot, the controller's calls and pending
 * approvals) into a sealed continuation, or says why the run cannot pause.
 */
import { randomUUID } from "node:crypto";
import type { Settled } from "../bindings/invoke.ts";
import type { ResolvedLimits } from "../runtime/options.ts";
import type { PausedSnapshot } from "../sandbox/protocol.ts";
import type { GuestLanguage } from "../types.ts";
import { type ContinuationKeys, type ContinuationState, sealContinuation } from "./continuation.ts";
import type { PendingCall } from "./gate.ts";

/** One binding call as the controller saw it. */
export interface CallRecord {
  name: string;
  inputJson: string;
  settled?: Settled;
}

/** Everything a pause is made of. */
export interface PauseInput {
  snapshot: PausedSnapshot;
  calls: ReadonlyMap<number, CallRecord>;
  pending: readonly PendingCall[];
  code: string;
  language: GuestLanguage;
  limits: ResolvedLimits;
  seed: number[];
  /** The state this run resumed from, if any. */
  previous: ContinuationState | undefined;
  keys: ContinuationKeys;
  ttlMs: number;
  maxBytes: number;
  bindingsHash: string;
}

/** The sealed continuation, or the reason the run cannot pause (it then fails `RESULT_TOO_LARGE`). */
export function sealPause(input: PauseInput): { token: string } | { failure: string } {
  if (input.snapshot.overflow) {
    return {
      failure: "the run cannot pause: it read the clock more than 65536 times, too many to replay",
    };
  }
  const token = sealContinuation(buildState(input), input.keys, input.maxBytes);
  if (token === undefined) {
    return {
      failure: `the run cannot pause: its continuation would be over approvals.maxContinuationBytes (${input.maxBytes})`,
    };
  }
  return { token };
}

/** The `PAUSED` message; the model reads it too (the code tool shows it). */
export function pausedMessage(pending: readonly PendingCall[]): string {
  const names = [...new Set(pending.map((p) => p.binding))].join(", ");
  const n = pending.length;
  return `the run is paused: ${n} call${n === 1 ? "" : "s"} (${names}) wait${n === 1 ? "s" : ""} for a person's approval; the host resumes the program once decided`;
}

/**
 * Results the guest already received are in the log entries; results of calls that finished
 * after the sandbox stopped entering the guest are `held`, delivered on resume without a rerun.
 */
function buildState(input: PauseInput): ContinuationState {
  const delivered = new Set<number>();
  for (const entry of input.snapshot.entries) {
    if (entry[0] !== "settle") continue;
    for (let i = 1; i + 2 < entry.length; i += 3) delivered.add(entry[i] as number);
  }
  const pendingIds = new Set(input.pending.map((p) => p.callId));
  const calls: ContinuationState["calls"] = [];
  const held: ContinuationState["held"] = [];
  for (const [callId, record] of input.calls) {
    calls.push([callId, record.name, record.inputJson]);
    if (delivered.has(callId) || pendingIds.has(callId) || !record.settled) continue;
    held.push([callId, record.settled.ok, record.settled.payload]);
  }
  const { previous, snapshot } = input;
  return {
    id: randomUUID(),
    exp: Date.now() + input.ttlMs,
    bindings: input.bindingsHash,
    round: (previous?.round ?? 0) + 1,
    code: input.code,
    language: input.language,
    limits: previous?.limits ?? input.limits,
    seed: input.seed,
    entries: snapshot.entries,
    calls,
    held,
    pending: input.pending.map((p) => [p.id, p.callId, p.binding, p.inputJson, p.reason ?? ""]),
    clock: snapshot.clock,
    timers: snapshot.timers,
  };
}
