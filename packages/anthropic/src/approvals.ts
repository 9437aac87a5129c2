/**
 * Approvals in hand-written Messages API loops: the `tool_use` blocks of a turn are answered,
 * or the turn comes back paused with the nested calls a person decides and a state string;
 * resuming it answers the same `tool_use_id`s.
 * @module
 */
import type { ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages/messages";
import {
  type ApprovalDecision,
  InvalidOptionsError,
  type OptionIssue,
  type PendingApproval,
  type RunEvent,
} from "@isobind/core";
import { type AssistantContent, runToolUseBlocks, toToolResults } from "./handle-tool-uses.ts";
import type { HandleToolUsesOptions, ToolUseOutcome } from "./types.ts";

/** One binding call inside a code run that waits for a person's decision. */
export interface ToolUseApprovalRequest {
  /** Key of its decision: `<tool_use id>:<pending id>`, unique across the turn. */
  readonly id: string;
  /** The code tool's `tool_use` id whose run paused (its `tool_result` waits for the decision). */
  readonly toolUseId: string;
  /** The binding's registered name. */
  readonly binding: string;
  /** Its guest path (`["payments", "refund"]`). */
  readonly path: readonly string[];
  /** The validated input the guest passed. */
  readonly input: unknown;
  /** Why it needs approval, when the policy gave a reason. */
  readonly reason?: string;
}

/** The outcome of {@link runToolUses} / {@link resumeToolUses}. */
export type ToolUsesStep =
  | {
      /** Every `tool_use` is answered: send `results` as the next user message's content. */
      status: "done";
      results: ToolResultBlockParam[];
    }
  | {
      /** A code run waits for decisions; nothing goes to the model yet. */
      status: "paused";
      approvals: ToolUseApprovalRequest[];
      /**
       * The turn as a JSON string for {@link resumeToolUses}: the finished calls' results (plain
       * text) and each paused run's sealed continuation (encrypted and signed by the runtime).
       */
      state: string;
    };

type StoredCall =
  | { toolUseId: string; name: string; content: string; isError: boolean }
  | { toolUseId: string; name: string; continuation: string; pending: PendingApproval[] };

const KIND = "anthropic.tool-uses";

/**
 * Like `handleToolUses`, but a code run that pauses for approval is not answered: the turn
 * comes back `paused` with the requests and a `state` string to keep (a database row, a queue).
 * {@link resumeToolUses} with the decisions answers the same `tool_use_id`s: recorded binding
 * calls are replayed, never run twice, and the other calls of the turn are not run again.
 *
 * @example
 * ```ts
 * const turn = await runToolUses(message, { codeTool });
 * if (turn.status === "paused") return save(turn.state, turn.approvals);
 * messages.push({ role: "assistant", content: message.content }, { role: "user", content: turn.results });
 * ```
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors.
 */
export async function runToolUses(
  message: AssistantContent,
  options: HandleToolUsesOptions,
): Promise<ToolUsesStep> {
  return settle(await runToolUseBlocks(message, options, "runToolUses"));
}

/**
 * Resumes a turn {@link runToolUses} left paused, with one decision per request id:
 * `{ approved: true, input? }` or `{ approved: false, reason? }` (the call rejects in the guest
 * with `APPROVAL_DENIED`). Returns the `tool_result` blocks of every call of the turn, or
 * `paused` again when a resumed run reaches another call that needs approval.
 * @throws InvalidOptionsError for a malformed state or missing/unknown decisions (nothing ran);
 * `InvalidContinuationError` / `ContinuationConsumedError` from `@isobind/core`.
 */
export async function resumeToolUses(
  state: string,
  decisions: Readonly<Record<string, ApprovalDecision>>,
  options: HandleToolUsesOptions,
): Promise<ToolUsesStep> {
  const where = "resumeToolUses";
  const calls = decode(state, where);
  const resume = options?.codeTool?.resume?.bind(options.codeTool);
  if (resume === undefined) {
    throw new InvalidOptionsError(where, [
      { path: "options.codeTool", message: "must be a code tool from createCodeTool(rt)" },
    ]);
  }
  const split = splitDecisions(calls, decisions, where);
  const outcomes = await Promise.all(
    calls.map(async (c): Promise<ToolUseOutcome> => {
      const ref = { toolUseId: c.toolUseId, name: c.name };
      if (!("continuation" in c)) return { ...ref, content: c.content, isError: c.isError };
      const onRunEvent = options.onRunEvent;
      const executed = await resume(c.continuation, {
        decisions: split.get(c.toolUseId) ?? {},
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onRunEvent
          ? {
              onEvent: (event: RunEvent) => {
                try {
                  onRunEvent(event, ref);
                } catch {
                  // A listener's failure must not end the run.
                }
              },
            }
          : {}),
      });
      const outcome = {
        ...ref,
        content: executed.text,
        isError: executed.isError,
        result: executed.result,
      };
      try {
        options.onToolResult?.(outcome);
      } catch {
        // Observing must not change the result.
      }
      return outcome;
    }),
  );
  return settle(outcomes);
}

function settle(outcomes: readonly ToolUseOutcome[]): ToolUsesStep {
  if (!outcomes.some((o) => o.result?.status === "paused")) {
    return { status: "done", results: toToolResults(outcomes) };
  }
  const calls: StoredCall[] = outcomes.map((o) => {
    const result = o.result;
    return result?.status === "paused"
      ? {
          toolUseId: o.toolUseId,
          name: o.name,
          continuation: result.continuation,
          pending: result.pending.map((p) => ({ ...p, path: [...p.path] })),
        }
      : { toolUseId: o.toolUseId, name: o.name, content: o.content, isError: o.isError };
  });
  return {
    status: "paused",
    approvals: calls.flatMap(requestsOf),
    state: JSON.stringify({ isobind: KIND, v: 1, calls }),
  };
}

function requestsOf(call: StoredCall): ToolUseApprovalRequest[] {
  if (!("continuation" in call)) return [];
  return call.pending.map((p) => ({
    id: `${call.toolUseId}:${p.id}`,
    toolUseId: call.toolUseId,
    binding: p.binding,
    path: p.path,
    input: p.input,
    ...(p.reason === undefined ? {} : { reason: p.reason }),
  }));
}

function decode(state: unknown, where: string): StoredCall[] {
  const fail = (message: string): never => {
    throw new InvalidOptionsError(where, [{ path: "state", message }]);
  };
  if (typeof state !== "string") return fail(`must be the state string, got ${typeof state}`);
  let parsed: { isobind?: unknown; v?: unknown; calls?: unknown };
  try {
    parsed = JSON.parse(state);
  } catch {
    return fail("is not JSON: pass the state string exactly as it was returned");
  }
  if (parsed?.isobind !== KIND || parsed.v !== 1 || !Array.isArray(parsed.calls)) {
    return fail(`is not a version-1 ${KIND} state`);
  }
  const ok = parsed.calls.every(
    (c: Partial<Record<string, unknown>>) =>
      typeof c?.toolUseId === "string" &&
      typeof c.name === "string" &&
      (typeof c.continuation === "string"
        ? Array.isArray(c.pending) &&
          c.pending.every((p: { id?: unknown }) => typeof p?.id === "string")
        : typeof c.content === "string" && typeof c.isError === "boolean"),
  );
  if (!ok) fail("has a malformed list of calls");
  return parsed.calls as StoredCall[];
}

function splitDecisions(
  calls: readonly StoredCall[],
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
  const known = new Set<string>();
  const byCall = new Map<string, Record<string, ApprovalDecision>>();
  for (const c of calls) {
    if (!("continuation" in c)) continue;
    const own: Record<string, ApprovalDecision> = {};
    for (const p of c.pending) {
      const id = `${c.toolUseId}:${p.id}`;
      known.add(id);
      if (Object.hasOwn(given, id)) own[p.id] = given[id] as ApprovalDecision;
      else issues.push({ path: `decisions.${id}`, message: `is missing (${p.binding})` });
    }
    byCall.set(c.toolUseId, own);
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
