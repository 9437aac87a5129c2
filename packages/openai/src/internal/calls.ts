import { InvalidOptionsError, type OptionIssue } from "@isobind/core";
import { checkCodeTool } from "@isobind/core/internal";
import type { ChatCompletionMessageToolCall } from "openai/resources/chat/completions";
import type { ResponseOutputItem } from "openai/resources/responses/responses";
import type { ResponsesToolOutputItem, ToolCallHandlerOptions, ToolCallOutcome } from "../types.ts";
import { executeCall, type PendingCall } from "./execute-call.ts";

/** Function tool or custom (free-text) tool. */
export type PendingCallKind = PendingCall["kind"];

/** Checks the handler options; returns every problem found (does not throw). */
export function toolCallOptionIssues(options: ToolCallHandlerOptions | undefined): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const tool = options?.codeTool;
  checkCodeTool(tool, "codeTool", issues);
  const handlers: object = options?.handlers ?? {};
  if (typeof handlers !== "object" || handlers === null) {
    issues.push({ path: "handlers", message: "must be an object of functions by tool name" });
  } else {
    for (const [name, handler] of Object.entries(handlers)) {
      if (typeof handler !== "function") {
        issues.push({
          path: `handlers.${name}`,
          message: `must be a function, got ${typeof handler}`,
        });
      } else if (name === tool?.name) {
        issues.push({
          path: `handlers.${name}`,
          message: "has the code tool's name; the code tool runs itself",
        });
      }
    }
  }
  const unknownTools = options?.unknownTools;
  if (unknownTools !== undefined && unknownTools !== "skip" && unknownTools !== "error") {
    issues.push({
      path: "unknownTools",
      message: `must be "skip" or "error", got ${JSON.stringify(unknownTools)}`,
    });
  }
  return issues;
}

/** Throws one `InvalidOptionsError` listing every problem, if there is any. */
export function assertNoIssues(where: string, issues: readonly OptionIssue[]): void {
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
}

/** Runs the calls concurrently; returns the outcomes of those not skipped, in call order. */
export async function runCalls(
  calls: readonly PendingCall[],
  options: ToolCallHandlerOptions,
  defaultUnknownTools: "skip" | "error",
): Promise<ToolCallOutcome[]> {
  const outcomes = await Promise.all(
    calls.map(async (call) => {
      const outcome = await executeCall(call, {
        codeTool: options.codeTool,
        handlers: options.handlers ?? {},
        unknownTools: options.unknownTools ?? defaultUnknownTools,
        signal: options.signal,
        onRunEvent: options.onRunEvent,
      });
      if (outcome && options.onToolResult) {
        try {
          options.onToolResult(outcome);
        } catch {
          // An observer's failure must not lose the result the model is waiting for.
        }
      }
      return outcome;
    }),
  );
  return outcomes.filter((o): o is ToolCallOutcome => o !== null);
}

/** The Chat Completions tool calls of one assistant message. */
export function chatCalls(toolCalls: readonly ChatCompletionMessageToolCall[]): PendingCall[] {
  return toolCalls.map((call) =>
    call.type === "custom"
      ? { callId: call.id, name: call.custom.name, input: call.custom.input, kind: "custom" }
      : {
          callId: call.id,
          name: call.function.name,
          input: call.function.arguments,
          kind: "function",
        },
  );
}

/** The tool-call items of a Responses output list; other items are not calls we answer. */
export function responsesCalls(output: readonly ResponseOutputItem[]): PendingCall[] {
  const calls: PendingCall[] = [];
  for (const item of output) {
    if (item.type === "function_call") {
      calls.push({
        callId: item.call_id,
        name: item.name,
        input: item.arguments,
        kind: "function",
      });
    } else if (item.type === "custom_tool_call") {
      calls.push({ callId: item.call_id, name: item.name, input: item.input, kind: "custom" });
    }
  }
  return calls;
}

/** The answers to Responses calls, each of the item type matching its call. */
export function responsesOutputItems(
  calls: readonly { callId: string; kind: PendingCallKind }[],
  outcomes: readonly ToolCallOutcome[],
): ResponsesToolOutputItem[] {
  const kinds = new Map(calls.map((c) => [c.callId, c.kind]));
  return outcomes.map((o) =>
    kinds.get(o.callId) === "custom"
      ? { type: "custom_tool_call_output", call_id: o.callId, output: o.output }
      : { type: "function_call_output", call_id: o.callId, output: o.output },
  );
}
