/**
 * Public types of approvals: what a policy is asked, what an approver answers, what a paused run
 * lists, the events, and the store that makes a resume happen at most once. Self-contained (no
 * imports) so `types.ts` can build on it without a cycle.
 * @module
 */

/**
 * How a person (or program) decided one call: approve it, possibly with edited input, or deny it
 * with a reason the guest sees in its `APPROVAL_DENIED` error.
 */
export type ApprovalDecision =
  | {
      /** Run the call. */
      approved: true;
      /**
       * Replacement input. It is validated against the binding's `inputSchema` and checked by
       * the permission policy again before the handler sees it.
       * @defaultValue the input the guest sent
       */
      input?: unknown;
    }
  | {
      /** Do not run the call: it rejects in the guest with `code: "APPROVAL_DENIED"`. */
      approved: false;
      /** Why, shown to the guest (and so to the model) in the error message. */
      reason?: string;
    };

/** One call that waits for a decision. */
export interface PendingApproval {
  /** Key of this call's decision in `resume(continuation, { decisions })`. */
  readonly id: string;
  /** The binding's registered name. */
  readonly binding: string;
  /** The guest path of the binding (`["payments", "refund"]` for `tools.payments.refund`). */
  readonly path: readonly string[];
  /** The validated input of the call. */
  readonly input: unknown;
  /** Why it needs approval, when the policy gave a reason (a string instead of `true`). */
  readonly reason?: string;
}

/** What the inline approver receives: the pending call, plus the run it belongs to. */
export interface ApprovalRequest<Ctx = unknown> extends PendingApproval {
  /** The run the call belongs to. */
  readonly runId: string;
  /** The run's `context`. */
  readonly context: Ctx;
}

/** What a runtime-wide approval policy is asked about one call (after schema and permissions). */
export interface ApprovalPolicyRequest<Ctx = unknown> {
  /** The binding's registered name. */
  readonly name: string;
  /** The validated input of the call. */
  readonly input: unknown;
  /** The run the call belongs to. */
  readonly runId: string;
  /** The run's `context`. */
  readonly context: Ctx;
}

/**
 * The answer of an approval policy: `true`, or a non-empty string saying why, means the call
 * needs approval; `false` lets it run.
 */
export type ApprovalNeed = boolean | string;

/**
 * Records continuation ids so that each continuation is resumed at most once. `consume` must be
 * atomic: of two concurrent calls with the same id, exactly one may resolve `true`.
 * Redis: `SET isobind:cont:<id> 1 NX PXAT <expiresAtMs>` (true when it answers `OK`).
 * SQL: `INSERT INTO consumed(id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING` (true when one
 * row was inserted); delete rows past `expires_at` now and then.
 */
export interface ContinuationStore {
  /**
   * Marks `id` consumed. Resolves `true` the first time, `false` for an id already consumed.
   * The record may be forgotten after `expiresAtMs` (epoch milliseconds): the continuation is
   * refused as expired from then on anyway.
   */
  consume(id: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/** A call needs a decision (a paused run lists it; an inline approver is asked). */
export interface ApprovalRequestedEvent {
  type: "approval:requested";
  runId: string;
  callId: number;
  /** The pending id (the key of its decision). */
  id: string;
  name: string;
  input: unknown;
  reason?: string;
  /** Milliseconds since the run started. */
  atMs: number;
}

/** A decision was applied to a call (from the inline approver or from `resume()`). */
export interface ApprovalDecidedEvent {
  type: "approval:decided";
  runId: string;
  callId: number;
  id: string;
  name: string;
  approved: boolean;
  /** True when the decision replaced the input. */
  edited: boolean;
  reason?: string;
  /** Who decided: the inline `approve` callback, or the `decisions` given to `resume()`. */
  by: "approver" | "resume";
  /** Milliseconds since the run started. */
  atMs: number;
}

/** A call whose result came from the continuation: its handler did not run again. */
export interface BindingReplayedEvent {
  type: "binding:replayed";
  runId: string;
  callId: number;
  name: string;
  /** Milliseconds since the run started. */
  atMs: number;
}
