/**
 * Turns the model's tool calls into the exact messages (Chat Completions) or input items
 * (Responses) to send back, running the code tool and any other tool handlers on the way.
 * @module
 */
import type {
  ChatCompletionMessageToolCall,
  ChatCompletionToolMessageParam,
} from "openai/resources/chat/completions";
import type { ResponseOutputItem } from "openai/resources/responses/responses";
import {
  assertNoIssues,
  chatCalls,
  responsesCalls,
  responsesOutputItems,
  runCalls,
  toolCallOptionIssues,
} from "./internal/calls.ts";
import type { ResponsesToolOutputItem, ToolCallHandlerOptions } from "./types.ts";

/**
 * Runs the tool calls of one Chat Completions assistant message and returns the
 * `{ role: "tool", tool_call_id, content }` messages to append, in call order. Calls of the
 * code tool run the model's code; calls of tools in `handlers` run the handler; other calls
 * are skipped or answered with an error (see {@link ToolCallHandlerOptions.unknownTools}).
 * Several calls run concurrently.
 *
 * Never rejects for anything the model did: a failed run, invalid JSON arguments or a
 * throwing handler all become a tool message the model can read and act on.
 *
 * @example
 * ```ts
 * const message = completion.choices[0].message;
 * messages.push(message, ...(await handleChatToolCalls(message.tool_calls, { codeTool })));
 * ```
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors (a disposed runtime).
 */
export async function handleChatToolCalls(
  toolCalls: readonly ChatCompletionMessageToolCall[] | null | undefined,
  options: ToolCallHandlerOptions,
): Promise<ChatCompletionToolMessageParam[]> {
  assertNoIssues("handleChatToolCalls", toolCallOptionIssues(options));
  const outcomes = await runCalls(chatCalls(toolCalls ?? []), options, "skip");
  return outcomes.map((o) => ({ role: "tool", tool_call_id: o.callId, content: o.output }));
}

/**
 * Runs the `function_call` (and `custom_tool_call`) items of a Responses output list and
 * returns the `{ type: "function_call_output", call_id, output }` items to send back, in call
 * order. Other output items (messages, reasoning, hosted tools) are ignored. Same rules as
 * {@link handleChatToolCalls}.
 *
 * @example
 * ```ts
 * input.push(...response.output, ...(await handleResponsesToolCalls(response.output, { codeTool })));
 * ```
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors (a disposed runtime).
 */
export async function handleResponsesToolCalls(
  output: readonly ResponseOutputItem[] | null | undefined,
  options: ToolCallHandlerOptions,
): Promise<ResponsesToolOutputItem[]> {
  assertNoIssues("handleResponsesToolCalls", toolCallOptionIssues(options));
  const calls = responsesCalls(output ?? []);
  return responsesOutputItems(calls, await runCalls(calls, options, "skip"));
}
