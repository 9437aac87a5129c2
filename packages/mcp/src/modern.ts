/**
 * The code tool served on MCP revision 2026-07-28 with the v2 SDK (`@modelcontextprotocol/server`).
 * That revision has no server-to-client requests: a call that needs approval answers
 * `input_required` with one elicitation per pending call and the run's signed continuation as
 * `requestState`; the client asks the person and calls again, and the retry resumes the run.
 * @module
 */

import type { ApprovalDecision, CodeTool, CodeToolResult, RunEvent } from "@isobind/core";
import { codedMessage } from "@isobind/core/internal";
import {
  type CallToolResult,
  inputRequired,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
  type Tool,
} from "@modelcontextprotocol/server";
import {
  approvalForm,
  decisionFromAnswer,
  notExecutedOutcome,
  type ResumableRuntime,
  resumeRun,
} from "./approvals.ts";
import { listing, progressMessage, toCallToolResult } from "./internal/tool-result.ts";
import { PACKAGE_VERSION } from "./internal/version.ts";

/** A 2026-07-28 server (the v2 SDK's low-level `Server`). */
export type ModernServer = Server;

/** What {@link createModernServer} needs: the options of `createCodeModeServer`, resolved. */
export interface ModernServerOptions {
  current: () => CodeTool;
  title: string;
  name?: string;
  version?: string;
  instructions?: string;
  runtime?: ResumableRuntime;
}

/** The key of the client's capabilities in a 2026-07-28 request's `_meta` envelope. */
const CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

/** Whether this request's client can answer a form-mode elicitation embedded in `input_required`. */
function canElicitForms(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES] as
    | { elicitation?: { form?: unknown; url?: unknown } }
    | undefined;
  const elicitation = capabilities?.elicitation;
  if (elicitation === undefined) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/** Binding calls as `notifications/progress` when the request carries a progress token. */
function progressEvents(ctx: ServerContext): ((event: RunEvent) => void) | undefined {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return undefined;
  let progress = 0;
  return (event) => {
    // Progress is per executed call, as for 2025-era clients: approval and replay events are
    // not calls that ran.
    if (event.type !== "binding:start" && event.type !== "binding:end") return;
    progress += 1;
    ctx.mcpReq
      .notify({
        method: "notifications/progress",
        params: { progressToken: token, progress, message: progressMessage(event) },
      })
      .catch(() => {});
  };
}

/**
 * The decisions carried by a retry: one per `inputResponses` key (the pending ids this server
 * asked about). The values are the client's: {@link decisionFromAnswer} reads them strictly, and
 * `resume()` refuses ids the continuation does not list and pending ids left unanswered.
 */
function decisionsOf(
  responses: Record<string, unknown> | undefined,
): Record<string, ApprovalDecision> {
  const decisions: Record<string, ApprovalDecision> = {};
  for (const [id, answer] of Object.entries(responses ?? {})) {
    decisions[id] = decisionFromAnswer(answer);
  }
  return decisions;
}

/** Runs (or, on a retry, resumes) the code; a pause becomes `input_required` when it can. */
async function callTool(
  options: ModernServerOptions,
  tool: CodeTool,
  args: unknown,
  ctx: ServerContext,
): Promise<CallToolResult | ReturnType<typeof inputRequired>> {
  const onEvent = progressEvents(ctx);
  const runOptions = { signal: ctx.mcpReq.signal, ...(onEvent && { onEvent }) };
  const state = ctx.mcpReq.requestState();
  let outcome: CodeToolResult;
  if (typeof state === "string") {
    if (options.runtime === undefined) {
      outcome = unusableState("this server was set up without a runtime to resume runs");
    } else {
      // The code comes from the sealed continuation, never from this retry's arguments.
      outcome = await resumeRun(options.runtime, state, {
        ...runOptions,
        decisions: decisionsOf(ctx.mcpReq.inputResponses),
      });
    }
  } else {
    outcome = await tool.execute(args ?? {}, runOptions);
  }
  const result = outcome.result;
  if (result.status !== "paused") return toCallToolResult(outcome) as CallToolResult;
  if (!canElicitForms(ctx) || options.runtime === undefined) {
    const why =
      options.runtime === undefined
        ? "This server cannot resume runs (no runtime was given to it)."
        : "This MCP client cannot ask a person: it declared no elicitation capability.";
    return toCallToolResult(notExecutedOutcome(result, why)) as CallToolResult;
  }
  const inputRequests: Record<string, ReturnType<typeof inputRequired.elicit>> = {};
  for (const pending of result.pending) {
    inputRequests[pending.id] = inputRequired.elicit(approvalForm(pending));
  }
  return inputRequired({ inputRequests, requestState: result.continuation });
}

function unusableState(why: string): CodeToolResult {
  const text = `Error (INVALID_CONTINUATION): the approval state could not be used, and nothing ran: ${why}. Run the code again to start over.`;
  return {
    text,
    isError: true,
    result: {
      status: "completed",
      exitCode: 1,
      stdout: "",
      stderr: `${text}\n`,
      value: undefined,
      error: { code: "GUEST_ERROR", name: "IsobindError", message: text },
      stats: {
        wallMs: 0,
        cpuMs: 0,
        bindingCalls: 0,
        droppedOutputBytes: 0,
        replayedCalls: 0,
        executedCalls: 0,
      },
    },
  };
}

/**
 * Builds the 2026-07-28 server over the same code tool as the 2025-era one. The transports make
 * one per modern request (HTTP) or connection (stdio); 2025-era clients never reach it.
 */
export function createModernServer(options: ModernServerOptions): ModernServer {
  const server = new Server(
    { name: options.name ?? "isobind-mcp", version: options.version ?? PACKAGE_VERSION },
    {
      capabilities: { tools: {} },
      ...(options.instructions !== undefined && { instructions: options.instructions }),
    },
  );
  server.setRequestHandler("tools/list", () => ({
    tools: [listing(options.current(), options.title) as Tool],
  }));
  server.setRequestHandler("tools/call", async (request, ctx) => {
    const tool = options.current();
    if (request.params.name !== tool.name) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        codedMessage(
          "UNKNOWN_TOOL",
          `no tool "${request.params.name}": this server has one tool, "${tool.name}"`,
        ),
      );
    }
    return callTool(options, tool, request.params.arguments, ctx);
  });
  return server;
}
