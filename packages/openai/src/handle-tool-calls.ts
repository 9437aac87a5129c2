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
  decodeState,
  encodeState,
  resumeBatch,
  type Settled,
  settle,
} from "./internal/approvals.ts";
import {
  assertNoIssues,
  chatCalls,
  responsesCalls,
  responsesOutputItems,
  runCalls,
  toolCallOptionIssues,
} from "./internal/calls.ts";
import type {
  ResponsesToolOutputItem,
  ToolApprovalDecisions,
  ToolCallHandlerOptions,
  ToolCallOutcome,
  ToolCallsStep,
} from "./types.ts";

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

const CHAT_STATE = "openai.chat-tool-calls";
const RESPONSES_STATE = "openai.responses-tool-calls";

function chatMessages(outcomes: readonly ToolCallOutcome[]): ChatCompletionToolMessageParam[] {
  return outcomes.map((o) => ({ role: "tool", tool_call_id: o.callId, content: o.output }));
}

function step<O>(
  settled: Settled,
  kind: string,
  toOutputs: (outcomes: ToolCallOutcome[]) => O[],
): ToolCallsStep<O> {
  if (!settled.paused) return { status: "done", outputs: toOutputs(settled.outcomes) };
  return {
    status: "paused",
    approvals: settled.approvals,
    state: encodeState(kind, { batch: settled.batch }),
  };
}

/**
 * Like {@link handleChatToolCalls}, but a code run that pauses for approval is not answered:
 * the step comes back `paused` with the requests a person decides and a `state` string to keep
 * (a database row, a job queue). {@link resumeChatToolCalls} with the decisions finishes the
 * same calls: recorded binding calls are replayed, never run twice, and the calls that had
 * finished are not run again.
 *
 * @example
 * ```ts
 * const turn = await runChatToolCalls(message.tool_calls, { codeTool });
 * if (turn.status === "paused") return save(turn.state, turn.approvals);
 * messages.push(message, ...turn.outputs);
 * ```
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors.
 */
export async function runChatToolCalls(
  toolCalls: readonly ChatCompletionMessageToolCall[] | null | undefined,
  options: ToolCallHandlerOptions,
): Promise<ToolCallsStep<ChatCompletionToolMessageParam>> {
  assertNoIssues("runChatToolCalls", toolCallOptionIssues(options));
  const calls = chatCalls(toolCalls ?? []);
  return step(settle(calls, await runCalls(calls, options, "skip")), CHAT_STATE, chatMessages);
}

/**
 * Resumes a step {@link runChatToolCalls} left paused: applies one decision per approval
 * request (approved calls run, denied ones reject in the guest with `APPROVAL_DENIED`) and
 * returns the tool messages of every call of the turn, or `paused` again when a resumed run
 * reaches another call that needs approval. Each state resumes at most once.
 * @throws InvalidOptionsError for a malformed state or missing/unknown decisions (nothing ran);
 * `InvalidContinuationError` / `ContinuationConsumedError` from `@isobind/core`.
 */
export async function resumeChatToolCalls(
  state: string,
  decisions: ToolApprovalDecisions,
  options: ToolCallHandlerOptions,
): Promise<ToolCallsStep<ChatCompletionToolMessageParam>> {
  assertNoIssues("resumeChatToolCalls", toolCallOptionIssues(options));
  const { batch } = decodeState(state, CHAT_STATE, "resumeChatToolCalls");
  const settled = await resumeBatch(batch, decisions, options, "resumeChatToolCalls");
  return step(settled, CHAT_STATE, chatMessages);
}

/**
 * Like {@link handleResponsesToolCalls}, but a code run that pauses for approval comes back as
 * a `paused` step (see {@link runChatToolCalls}); {@link resumeResponsesToolCalls} finishes it.
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors.
 */
export async function runResponsesToolCalls(
  output: readonly ResponseOutputItem[] | null | undefined,
  options: ToolCallHandlerOptions,
): Promise<ToolCallsStep<ResponsesToolOutputItem>> {
  assertNoIssues("runResponsesToolCalls", toolCallOptionIssues(options));
  const calls = responsesCalls(output ?? []);
  const settled = settle(calls, await runCalls(calls, options, "skip"));
  return step(settled, RESPONSES_STATE, (o) => responsesOutputItems(calls, o));
}

/**
 * Resumes a step {@link runResponsesToolCalls} left paused (see {@link resumeChatToolCalls}).
 * @throws InvalidOptionsError for a malformed state or missing/unknown decisions (nothing ran);
 * `InvalidContinuationError` / `ContinuationConsumedError` from `@isobind/core`.
 */
export async function resumeResponsesToolCalls(
  state: string,
  decisions: ToolApprovalDecisions,
  options: ToolCallHandlerOptions,
): Promise<ToolCallsStep<ResponsesToolOutputItem>> {
  assertNoIssues("resumeResponsesToolCalls", toolCallOptionIssues(options));
  const { batch } = decodeState(state, RESPONSES_STATE, "resumeResponsesToolCalls");
  const settled = await resumeBatch(batch, decisions, options, "resumeResponsesToolCalls");
  return step(settled, RESPONSES_STATE, (o) => responsesOutputItems(batch.calls, o));
}
