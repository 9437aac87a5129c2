/**
 * Approvals for `createAgent`: a code run that pauses for approval becomes a LangGraph
 * `interrupt()` in the shape of LangChain's human-in-the-loop middleware, and
 * `Command({ resume: { decisions } })` resumes it. Import from `@isobind/langchain/approvals`
 * (it needs `langchain` and `@langchain/langgraph`, which the main entry does not).
 * @module
 */
import type {
  ApprovalDecision,
  CodeTool,
  OptionIssue,
  PausedRunResult,
  PendingApproval,
} from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { checkCodeTool } from "@isobind/core/internal";
import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { interrupt } from "@langchain/langgraph";
import {
  type ActionRequest,
  createMiddleware,
  type DecisionType,
  type HITLRequest,
  type ReviewConfig,
} from "langchain";

/** Options of {@link codeModeApprovalMiddleware}. */
export interface CodeModeApprovalOptions {
  /**
   * The decisions a reviewer may send for a nested call (`reviewConfigs[].allowedDecisions`).
   * A decision of another type is refused.
   * @defaultValue ["approve", "edit", "reject"]
   */
  allowedDecisions?: DecisionType[];
}

/** A code tool message whose run is paused, with its place in the state. */
interface PausedMessage {
  message: ToolMessage;
  result: PausedRunResult;
}

const ALL_DECISIONS: DecisionType[] = ["approve", "edit", "reject"];

/**
 * Middleware for `createAgent` that carries the code tool's approvals to a person. When a
 * code run pauses (a binding with `needsApproval`), its `ToolMessage` holds the paused run
 * (the artifact, with its sealed continuation) in the agent's state, and this middleware
 * interrupts before the next model call with a `HITLRequest`: one `actionRequests` entry per
 * waiting binding call (`name` = binding, `args` = its input, `description` = the reason) and
 * a `reviewConfigs` entry per binding. Resume with
 * `agent.invoke(new Command({ resume: { decisions: [...] } }), config)`, one decision per action
 * request in order: `{ type: "approve" }`, `{ type: "edit", editedAction: { name, args } }` or
 * `{ type: "reject", message }`. The run resumes from its continuation (binding calls made
 * before the pause are replayed, never run again), the `ToolMessage` is replaced with the
 * result, and the model goes on. A resumed run that pauses again interrupts again.
 *
 * The interrupt happens at the start of its own node, and the continuation lives in the
 * checkpointed state, so LangGraph's re-run of the node on resume runs nothing twice, and a
 * fresh agent (another process) sharing only the checkpointer resumes it. Needs a checkpointer.
 *
 * @example
 * ```ts
 * const codeTool = createCodeTool(rt);
 * const agent = createAgent({
 *   model,
 *   tools: [createCodeModeTool(codeTool)],
 *   middleware: [codeModeApprovalMiddleware(codeTool)],
 *   checkpointer,
 * });
 * const paused = await agent.invoke({ messages }, config);
 * const request = paused.__interrupt__?.[0]?.value; // HITLRequest
 * await agent.invoke(new Command({ resume: { decisions: [{ type: "approve" }] } }), config);
 * ```
 * @throws InvalidOptionsError when `codeTool` is not a code tool that can resume, or an option is invalid.
 */
export function codeModeApprovalMiddleware(
  codeTool: CodeTool,
  options: CodeModeApprovalOptions = {},
) {
  const allowed = checkOptions(codeTool, options);
  return createMiddleware({
    name: "CodeModeApprovalMiddleware",
    beforeModel: {
      canJumpTo: ["tools"],
      hook: async (state) => {
        const paused = pausedMessages(state.messages, codeTool.name);
        if (paused.length === 0) return undefined;
        const pending = paused.flatMap((p) => p.result.pending);
        const request = hitlRequest(pending, allowed);
        let error: string | undefined;
        // Nothing before a valid decision has side effects: LangGraph re-runs this node on
        // resume, replaying earlier (refused) answers, so a refused answer asks again with the
        // error instead of failing the thread for good.
        for (;;) {
          const response: unknown = await interrupt(error ? { ...request, error } : request);
          const outcome = await decide(codeTool, paused, pending, allowed, response);
          if (typeof outcome === "string") {
            error = outcome;
            continue;
          }
          const again = outcome.some((m) => isPaused(m.artifact));
          // A run that paused again must interrupt in a fresh node: the tools node answers no
          // call (each has its message) and leads back here.
          return again ? { messages: outcome, jumpTo: "tools" as const } : { messages: outcome };
        }
      },
    },
  });
}

/**
 * Resumes the paused runs (one after another) with the answer; returns the replacement
 * messages, or the error message when the answer was refused before any run resumed.
 */
async function decide(
  codeTool: CodeTool,
  paused: readonly PausedMessage[],
  pending: readonly PendingApproval[],
  allowed: DecisionType[],
  response: unknown,
): Promise<ToolMessage[] | string> {
  let decisions: ApprovalDecision[];
  try {
    decisions = toDecisions(response, pending, allowed);
  } catch (e) {
    return (e as Error).message;
  }
  const replaced: ToolMessage[] = [];
  let offset = 0;
  for (const p of paused) {
    const own = decisions.slice(offset, offset + p.result.pending.length);
    offset += p.result.pending.length;
    try {
      replaced.push(await resumeOne(codeTool, p, own));
    } catch (e) {
      // Core refuses bad decisions (an edit that fails the schema) before consuming anything;
      // once a run has resumed, its continuation is spent and asking again cannot help.
      if (replaced.length === 0 && e instanceof InvalidOptionsError) return e.message;
      throw e;
    }
  }
  return replaced;
}
function checkOptions(codeTool: CodeTool, options: CodeModeApprovalOptions): DecisionType[] {
  const issues: OptionIssue[] = [];
  checkCodeTool(codeTool, "codeTool", issues);
  if (typeof codeTool?.resume !== "function") {
    issues.push({
      path: "codeTool.resume",
      message: "is missing: use a tool made by createCodeTool",
    });
  }
  const allowed = options?.allowedDecisions ?? ALL_DECISIONS;
  if (
    !Array.isArray(allowed) ||
    allowed.length === 0 ||
    allowed.some((d) => !ALL_DECISIONS.includes(d))
  ) {
    issues.push({
      path: "options.allowedDecisions",
      message: 'must be a non-empty list of "approve", "edit", "reject"',
    });
  }
  if (issues.length > 0) throw new InvalidOptionsError("codeModeApprovalMiddleware", issues);
  return allowed;
}

function isPaused(artifact: unknown): artifact is PausedRunResult {
  const a = artifact as PausedRunResult | undefined;
  return (
    typeof a === "object" &&
    a !== null &&
    a.status === "paused" &&
    typeof a.continuation === "string" &&
    Array.isArray(a.pending)
  );
}

/** The code tool's paused messages of the latest tool turn (after the last AI message). */
function pausedMessages(messages: readonly BaseMessage[], toolName: string): PausedMessage[] {
  const lastAi = messages.findLastIndex((m) => AIMessage.isInstance(m));
  return messages
    .slice(lastAi + 1)
    .filter((m): m is ToolMessage => ToolMessage.isInstance(m) && m.name === toolName)
    .filter((m) => isPaused(m.artifact))
    .map((message) => ({ message, result: message.artifact as PausedRunResult }));
}

function hitlRequest(pending: readonly PendingApproval[], allowed: DecisionType[]): HITLRequest {
  const actionRequests: ActionRequest[] = pending.map((p) => ({
    name: p.binding,
    args: (p.input ?? {}) as Record<string, unknown>,
    description: `tools.${p.path.join(".")} needs approval${p.reason ? `: ${p.reason}` : ""}`,
  }));
  const names = [...new Set(pending.map((p) => p.binding))];
  const reviewConfigs: ReviewConfig[] = names.map((actionName) => ({
    actionName,
    allowedDecisions: allowed,
  }));
  return { actionRequests, reviewConfigs };
}

/** Maps `{ decisions: [...] }` to core decisions, in action-request order; checks them all. */
function toDecisions(
  response: unknown,
  pending: readonly PendingApproval[],
  allowed: DecisionType[],
): ApprovalDecision[] {
  const where = "codeModeApprovalMiddleware (Command resume)";
  const list = (response as { decisions?: unknown } | null)?.decisions;
  if (!Array.isArray(list) || list.length !== pending.length) {
    throw new InvalidOptionsError(where, [
      {
        path: "resume.decisions",
        message: `must be a list of ${pending.length} decisions, one per action request in order`,
      },
    ]);
  }
  const issues: OptionIssue[] = [];
  const out = pending.map((p, i) =>
    toDecision(list[i], p, allowed, `resume.decisions.${i}`, issues),
  );
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  return out as ApprovalDecision[];
}

function toDecision(
  value: unknown,
  p: PendingApproval,
  allowed: DecisionType[],
  at: string,
  issues: OptionIssue[],
): ApprovalDecision | undefined {
  const d = value as {
    type?: unknown;
    message?: unknown;
    editedAction?: { name?: unknown; args?: unknown };
  };
  if (typeof d !== "object" || d === null || !allowed.includes(d.type as DecisionType)) {
    issues.push({ path: `${at}.type`, message: `must be one of ${allowed.join(", ")}` });
    return undefined;
  }
  if (d.type === "approve") return { approved: true };
  if (d.type === "reject") {
    if (d.message !== undefined && typeof d.message !== "string") {
      issues.push({ path: `${at}.message`, message: "must be a string" });
      return undefined;
    }
    return d.message === undefined ? { approved: false } : { approved: false, reason: d.message };
  }
  if (d.editedAction?.name !== p.binding) {
    issues.push({
      path: `${at}.editedAction.name`,
      message: `must be ${JSON.stringify(p.binding)}: an edit changes the input, not the binding`,
    });
    return undefined;
  }
  return { approved: true, input: d.editedAction.args };
}

/** Resumes one paused run and returns the message that replaces its `ToolMessage`. */
async function resumeOne(
  codeTool: CodeTool,
  paused: PausedMessage,
  decisions: readonly ApprovalDecision[],
): Promise<ToolMessage> {
  const own: Record<string, ApprovalDecision> = {};
  paused.result.pending.forEach((p, i) => {
    own[p.id] = decisions[i] as ApprovalDecision;
  });
  // checkOptions made sure resume exists.
  const executed = await codeTool.resume!(paused.result.continuation, { decisions: own });
  const { message } = paused;
  return new ToolMessage({
    ...(message.id === undefined ? {} : { id: message.id }),
    tool_call_id: message.tool_call_id,
    name: message.name ?? codeTool.name,
    content: executed.text,
    artifact: executed.result,
    status: executed.isError ? "error" : "success",
  });
}
