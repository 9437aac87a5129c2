/**
 * Approvals over MCP, shared by both protocol eras: the elicitation form that asks a person
 * about one pending call, reading the answer back as a decision, the result the model gets when
 * nobody can be asked, and resuming a paused run from a continuation the client sent back.
 * @module
 */

import {
  type ApprovalDecision,
  type Approver,
  type CodeToolResult,
  formatRunResult,
  IsobindError,
  type PausedRunResult,
  type PendingApproval,
  type ResumeOptions,
  type RunResult,
} from "@isobind/core";
import { errorMessage } from "@isobind/core/internal";

/** What the server needs to resume a run paused for approval; `NodeRuntime` is one. */
export interface ResumableRuntime {
  /** Resumes a paused run with one decision per pending call (see `NodeRuntime.resume`). */
  resume<T = unknown>(continuation: string, options: ResumeOptions): Promise<RunResult<T>>;
}

/** One primitive field of an elicitation form. */
export type FormField =
  | { type: "boolean"; title: string; description: string }
  | { type: "string"; title: string; description: string };

/** A form-mode elicitation request (`elicitation/create` params), as both SDK majors take it. */
export interface ApprovalForm {
  message: string;
  requestedSchema: {
    type: "object";
    properties: Record<string, FormField>;
    required: string[];
  };
}

/**
 * Longest input shown in an approval message. Past it the message says how much is hidden: a
 * person must never approve what they were not shown without being told so.
 */
const MAX_INPUT_CHARS = 2000;

/** The guest-visible name of a pending call: `tools.fs.write_file`. */
function callName(p: Pick<PendingApproval, "path">): string {
  return `tools.${p.path.join(".")}`;
}

function summary(input: unknown): string {
  const text = JSON.stringify(input) ?? "undefined";
  return text.length > MAX_INPUT_CHARS
    ? `${text.slice(0, MAX_INPUT_CHARS)}… (${text.length - MAX_INPUT_CHARS} more characters NOT SHOWN: deny unless you know what they are)`
    : text;
}

/**
 * The form that asks a person about one call: the binding, its input as JSON (cut past 2,000 characters, saying so)
 * and why it needs approval; fields `approve` (required), `reason` (shown to the model on a
 * denial) and `input` (a replacement input as JSON, validated like the original).
 */
export function approvalForm(p: PendingApproval): ApprovalForm {
  const why = p.reason === undefined ? "" : `\nWhy it needs approval: ${p.reason}`;
  return {
    message: `The code wants to call ${callName(p)} (${p.binding}) with:\n${summary(p.input)}${why}\nApprove this call?`,
    requestedSchema: {
      type: "object",
      properties: {
        approve: {
          type: "boolean",
          title: "Approve",
          description: `Run ${callName(p)} with this input`,
        },
        reason: {
          type: "string",
          title: "Reason",
          description: "Why not (optional; the model sees it when you deny)",
        },
        input: {
          type: "string",
          title: "Edited input",
          description: "Optional: run it with this JSON input instead",
        },
      },
      required: ["approve"],
    },
  };
}

/**
 * Reads an elicitation answer (`{ action, content }`, from the client: untrusted) as a decision.
 * Anything but an accepted `approve: true` denies; an edited input that is not JSON denies too,
 * so a typo never runs a call with something nobody approved.
 */
export function decisionFromAnswer(answer: unknown): ApprovalDecision {
  if (typeof answer !== "object" || answer === null) {
    return { approved: false, reason: "no answer came back" };
  }
  const { action, content } = answer as { action?: unknown; content?: unknown };
  if (action === "decline") return { approved: false, reason: "the user declined" };
  if (action !== "accept") return { approved: false, reason: "the user cancelled" };
  const fields = (typeof content === "object" && content !== null ? content : {}) as Record<
    string,
    unknown
  >;
  if (fields.approve !== true) {
    const reason = typeof fields.reason === "string" && fields.reason !== "" ? fields.reason : "";
    return reason === "" ? { approved: false } : { approved: false, reason };
  }
  if (typeof fields.input !== "string" || fields.input.trim() === "") return { approved: true };
  try {
    return { approved: true, input: JSON.parse(fields.input) as unknown };
  } catch (e) {
    return {
      approved: false,
      reason: `the edited input is not valid JSON (${errorMessage(e)})`,
    };
  }
}

/**
 * An inline approver that asks through `elicit` (a form-mode `elicitation/create`); `signal`
 * aborts the question when the run ends (timeout, cancellation).
 */
export function elicitingApprover(
  elicit: (form: ApprovalForm, signal: AbortSignal) => Promise<unknown>,
): Approver {
  return async (request, ctx) =>
    decisionFromAnswer(await elicit(approvalForm(request), ctx.signal));
}

/**
 * The result the model gets when a run paused and this client cannot ask anybody: which calls
 * were not executed and what to do instead. Nothing after the pause ran.
 */
export function notExecutedOutcome(result: PausedRunResult, why: string): CodeToolResult {
  const names = [...new Set(result.pending.map(callName))].join(", ");
  const text = [
    `Error (APPROVAL_REQUIRED): calls to ${names} need a person's approval and were not executed; the run stopped there. ${why}`,
    "Do the task without these calls, or tell the user which call you need so they can approve it in a client that supports approvals.",
    formatRunResult(result),
  ].join("\n");
  return { text, isError: true, result };
}

/**
 * The MCP-facing copy of a run result: plain JSON, without the continuation (the client gets
 * it as `requestState`, never in the content the model reads).
 */
export function structuredResult(result: RunResult): Record<string, unknown> {
  const { continuation: _dropped, ...rest } = result as RunResult & { continuation?: string };
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/**
 * Resumes a run with the decisions. A continuation that fails its checks, was already used, or
 * decisions that do not match its pending calls become an error result (nothing ran): the
 * client controls all three, so none of them may throw past the tool.
 */
export async function resumeRun(
  runtime: ResumableRuntime,
  continuation: string,
  options: ResumeOptions,
): Promise<CodeToolResult> {
  try {
    const result = await runtime.resume(continuation, options);
    return { text: formatRunResult(result), isError: result.exitCode !== 0, result };
  } catch (e) {
    if (!IsobindError.isInstance(e)) throw e;
    const text = `Error (${e.code}): the approval answer could not be applied, and nothing ran: ${errorMessage(e)}\nRun the code again to start over.`;
    return { text, isError: true, result: refused(e.code, text) };
  }
}

function refused(code: string, message: string): RunResult {
  return {
    status: "completed",
    exitCode: 1,
    stdout: "",
    stderr: `${message}\n`,
    value: undefined,
    error: { code: code as "GUEST_ERROR", name: "IsobindError", message },
    stats: {
      wallMs: 0,
      cpuMs: 0,
      bindingCalls: 0,
      droppedOutputBytes: 0,
      replayedCalls: 0,
      executedCalls: 0,
    },
  };
}
