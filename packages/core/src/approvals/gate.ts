/**
 * The approval step of one binding call, run after schema validation and the permission policy:
 * does the call need approval (the binding's `needsApproval`, the runtime-wide policy), and if
 * so who decides: a decision passed to `resume()`, the inline approver, or nobody yet (the run
 * pauses). Every failure here denies: a policy or approver that throws never lets a call through.
 */
import { BindingFailure, type CompiledBinding } from "../bindings/binding-table.ts";
import type { ApprovalOptions, Approver, BindingContext, RunEvent } from "../types.ts";
import type { ApprovalDecision, ApprovalNeed, PendingApproval } from "./types.ts";

/** A call that waits for a decision, as the controller keeps it. */
export interface PendingCall extends PendingApproval {
  readonly callId: number;
  readonly inputJson: string;
}

/** What the approval step of one run is checked against; built once per run. */
export interface ApprovalScope {
  /** The runtime-wide policy. */
  policy: ApprovalOptions["needsApproval"];
  /** The inline approver of this run, if any. */
  approve: Approver | undefined;
  /** Decisions given to `resume()`, by call id. */
  decisions: ReadonlyMap<number, { id: string; decision: ApprovalDecision }>;
  /** The pending id of a call. */
  pendingId(callId: number): string;
  /** The guest path of a binding. */
  pathOf(name: string): readonly string[];
  /** A call needs a decision nobody can give now: the run pauses. */
  onPending(call: PendingCall): void;
  emit(event: RunEvent): void;
  atMs(): number;
}

/** Thrown (and caught by `invokeBinding`) when a call waits for a decision: it is not settled. */
export class ApprovalPause extends Error {}

/**
 * Decides whether the call may run, and with which input. Resolves the input the handler gets
 * (the guest's, or the approver's edited one after `recheck`); throws a {@link BindingFailure}
 * (`APPROVAL_DENIED`, or the recheck's code) or {@link ApprovalPause}.
 */
export async function passApproval(
  scope: ApprovalScope,
  binding: CompiledBinding,
  input: unknown,
  ctx: BindingContext,
  recheck: (edited: unknown) => Promise<unknown>,
): Promise<unknown> {
  const name = binding.name;
  const decided = scope.decisions.get(ctx.callId);
  if (decided) return apply(scope, ctx, decided.id, decided.decision, "resume", input, recheck);
  const need = await askPolicies(scope, binding, input, ctx);
  if (need === false) return input;
  const id = scope.pendingId(ctx.callId);
  const pending: PendingCall = {
    id,
    binding: name,
    path: scope.pathOf(name),
    input,
    ...(typeof need === "string" ? { reason: need } : {}),
    callId: ctx.callId,
    inputJson: JSON.stringify(input),
  };
  scope.emit({
    type: "approval:requested",
    runId: ctx.runId,
    callId: ctx.callId,
    id,
    name,
    input,
    ...(pending.reason !== undefined ? { reason: pending.reason } : {}),
    atMs: scope.atMs(),
  });
  if (!scope.approve) {
    scope.onPending(pending);
    throw new ApprovalPause();
  }
  const { callId: _c, inputJson: _j, ...request } = pending;
  let decision: ApprovalDecision;
  try {
    decision = checkDecision(
      await scope.approve({ ...request, runId: ctx.runId, context: ctx.context }, ctx),
    );
  } catch (e) {
    decision = { approved: false, reason: `the approver failed: ${messageOf(e)}` };
  }
  return apply(scope, ctx, id, decision, "approver", input, recheck);
}

/** True, or the reason, when the call needs approval; a policy that throws denies the call. */
async function askPolicies(
  scope: ApprovalScope,
  binding: CompiledBinding,
  input: unknown,
  ctx: BindingContext,
): Promise<true | string | false> {
  const own = binding.definition.needsApproval as
    | ApprovalNeed
    | ((input: unknown, ctx: BindingContext) => ApprovalNeed | Promise<ApprovalNeed>)
    | undefined;
  try {
    const byBinding = typeof own === "function" ? await own(input, ctx) : own;
    if (byBinding === true || (typeof byBinding === "string" && byBinding !== "")) {
      return byBinding;
    }
    const byRuntime = await scope.policy?.({
      name: binding.name,
      input,
      runId: ctx.runId,
      context: ctx.context,
    });
    if (byRuntime === true || (typeof byRuntime === "string" && byRuntime !== "")) {
      return byRuntime;
    }
    return false;
  } catch (e) {
    throw new BindingFailure("APPROVAL_DENIED", `the approval policy failed: ${messageOf(e)}`);
  }
}

async function apply(
  scope: ApprovalScope,
  ctx: BindingContext,
  id: string,
  decision: ApprovalDecision,
  by: "approver" | "resume",
  input: unknown,
  recheck: (edited: unknown) => Promise<unknown>,
): Promise<unknown> {
  const edited = decision.approved && decision.input !== undefined;
  const reason = decision.approved ? undefined : decision.reason;
  scope.emit({
    type: "approval:decided",
    runId: ctx.runId,
    callId: ctx.callId,
    id,
    name: ctx.name,
    approved: decision.approved,
    edited,
    ...(reason !== undefined ? { reason } : {}),
    by,
    atMs: scope.atMs(),
  });
  if (!decision.approved) {
    throw new BindingFailure(
      "APPROVAL_DENIED",
      reason ? `the call was denied: ${reason}` : "the call was denied",
    );
  }
  return edited ? recheck(decision.input) : input;
}

/** An approver's answer must be a decision; anything else denies, saying what came back. */
function checkDecision(value: unknown): ApprovalDecision {
  if (typeof value === "object" && value !== null) {
    const d = value as { approved?: unknown; reason?: unknown; input?: unknown };
    if (d.approved === true)
      return d.input === undefined ? { approved: true } : { approved: true, input: d.input };
    if (d.approved === false) {
      return typeof d.reason === "string"
        ? { approved: false, reason: d.reason }
        : { approved: false };
    }
  }
  throw new Error("it returned no decision ({ approved: true | false })");
}

function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
