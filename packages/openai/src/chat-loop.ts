/**
 * The Chat Completions agent loop: call the model, run its tool calls, send the results back,
 * repeat until it answers or the step limit is reached.
 * @module
 */
import { InvalidOptionsError, UpstreamError } from "@isobind/core";
import type {
  ChatCompletion,
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import {
  type Batch,
  decodeState,
  encodeState,
  resumeBatch,
  type Settled,
  settle,
} from "./internal/approvals.ts";
import { assertNoIssues, chatCalls, runCalls, toolCallOptionIssues } from "./internal/calls.ts";
import { collectChatStream } from "./internal/chat-stream.ts";
import { loopOptionIssues } from "./internal/loop-options.ts";
import { toChatCompletionTool } from "./tool-definitions.ts";
import type {
  ToolApprovalDecisions,
  ToolApprovalRequest,
  ToolCallHandlerOptions,
  ToolCallOutcome,
} from "./types.ts";

/**
 * The part of an OpenAI client the Chat Completions loop uses. The official `OpenAI` (and
 * `AzureOpenAI`) client fits as is.
 */
export interface ChatCompletionsClient {
  /** `client.chat.completions.create`, streaming and not. */
  chat: {
    completions: {
      create(
        body: ChatCompletionCreateParamsNonStreaming,
        options?: { signal?: AbortSignal | null | undefined },
      ): PromiseLike<ChatCompletion>;
      create(
        body: ChatCompletionCreateParamsStreaming,
        options?: { signal?: AbortSignal | null | undefined },
      ): PromiseLike<AsyncIterable<ChatCompletionChunk>>;
    };
  };
}

/** The request of every step: the usual create() body, without `stream` (see the `stream` option). */
export type ChatLoopParams = Omit<ChatCompletionCreateParamsBase, "stream">;

/** Options of {@link runChatCompletionsLoop}. */
export interface ChatLoopOptions extends Omit<ToolCallHandlerOptions, "unknownTools"> {
  /**
   * Most model requests the loop makes. When the last one still asks for tools, the loop stops
   * without running them (`stopReason: "max_steps"`, the calls in `pendingToolCalls`).
   * @defaultValue 10
   */
  maxSteps?: number;
  /**
   * Request each step with `stream: true` and assemble the streamed tool-call deltas; text
   * arrives through `onTextDelta` as it is generated.
   * @defaultValue false
   */
  stream?: boolean;
  /** Receives the answer's text as it streams (only with `stream: true`). */
  onTextDelta?: (delta: string) => void;
  /** Receives every model response (assembled from the chunks when streaming), with its 1-based step. */
  onResponse?: (completion: ChatCompletion, step: number) => void;
}

/** What {@link runChatCompletionsLoop} resolves with. */
export interface ChatLoopResult {
  /** The final assistant text; `null` when the loop stopped at the step limit or the model sent none. */
  text: string | null;
  /** The conversation: the messages given, then every assistant and tool message of the loop. */
  messages: ChatCompletionMessageParam[];
  /** The last model response. */
  completion: ChatCompletion;
  /** Model requests made. */
  steps: number;
  /**
   * `"answer"`: the model answered without tool calls; `"max_steps"`: the step limit was
   * reached; `"approval"`: a code run paused for approval (see `approvals` and `state`).
   */
  stopReason: "answer" | "max_steps" | "approval";
  /** With `"approval"`: the nested calls that wait for a decision; otherwise empty. */
  approvals: ToolApprovalRequest[];
  /**
   * With `"approval"`: the paused loop as a JSON string, for {@link resumeChatCompletionsLoop}.
   * It holds the conversation (plain text) and each paused run's sealed continuation.
   */
  state?: string;
  /** Tool calls of the last response left unanswered because of the step limit. */
  pendingToolCalls: ChatCompletionMessageToolCall[];
  /** Every tool call's outcome, in call order. */
  outcomes: ToolCallOutcome[];
}

/** The response message as a request message: only the fields the API takes back. */
function toAssistantParam(message: ChatCompletionMessage): ChatCompletionAssistantMessageParam {
  return {
    role: "assistant",
    content: message.content,
    ...(message.refusal ? { refusal: message.refusal } : {}),
    ...(message.audio ? { audio: { id: message.audio.id } } : {}),
    ...(message.tool_calls && message.tool_calls.length > 0
      ? { tool_calls: message.tool_calls }
      : {}),
  };
}

/**
 * Runs the Code Mode loop over Chat Completions: sends `params` with the code tool added to
 * `params.tools`, runs the tool calls of each response (the code tool, and the `handlers` of
 * any other tools you listed), appends the assistant and `role: "tool"` messages and asks
 * again, until the model answers without tool calls or `maxSteps` requests were made.
 *
 * Failed runs, invalid arguments and unknown tools go back to the model as tool messages it
 * can act on; API errors (network, 4xx/5xx) reject, as they do from the client itself.
 *
 * @example
 * ```ts
 * const { text } = await runChatCompletionsLoop(
 *   new OpenAI(),
 *   { model: "gpt-5", messages: [{ role: "user", content: "Is it warmer in Paris or Oslo?" }] },
 *   { codeTool: createCodeTool(rt) },
 * );
 * ```
 * @throws InvalidOptionsError for bad options; whatever the client throws for a failed request.
 */
export async function runChatCompletionsLoop(
  client: ChatCompletionsClient,
  params: ChatLoopParams,
  options: ChatLoopOptions,
): Promise<ChatLoopResult> {
  assertNoIssues("runChatCompletionsLoop", [
    ...toolCallOptionIssues(options),
    ...loopOptionIssues(options),
    ...(Array.isArray(params?.messages)
      ? []
      : [{ path: "params.messages", message: "must be an array of messages" }]),
    ...(params?.tools ?? [])
      .filter((t) => t.type === "function" && t.function.name === options?.codeTool?.name)
      .map(() => ({
        path: "params.tools",
        message: `already has a tool named ${JSON.stringify(options.codeTool.name)}; the loop adds the code tool itself`,
      })),
  ]);
  return drive(client, params, options, {
    messages: [...params.messages],
    outcomes: [],
    steps: 0,
  });
}

/** Where a loop is: the conversation so far, the outcomes, the requests made. */
interface Progress {
  messages: ChatCompletionMessageParam[];
  outcomes: ToolCallOutcome[];
  steps: number;
}

const LOOP_STATE = "openai.chat-loop";

/** Options of {@link resumeChatCompletionsLoop}: the loop's options plus what to resume. */
export interface ChatLoopResumeOptions extends ChatLoopOptions {
  /** The `state` of the paused result. */
  state: string;
  /** One decision per approval request, keyed by its `id`. */
  decisions: ToolApprovalDecisions;
}

/**
 * Resumes a loop that stopped with `stopReason: "approval"`: resumes the paused code runs with
 * the decisions (recorded binding calls are replayed, never run twice), answers the turn's
 * tool calls, and goes on asking the model. Nothing is asked again: the model's turn that made
 * the calls is in the state, and its other calls' answers too. `params` is the same request
 * body as before; its `messages` are ignored (the state carries the conversation). The result
 * may stop for approval again. Each state resumes at most once.
 *
 * @example
 * ```ts
 * const paused = await runChatCompletionsLoop(client, params, { codeTool });
 * // … later, maybe in another process with the same approvals.secret:
 * const done = await resumeChatCompletionsLoop(client, params, {
 *   codeTool,
 *   state: paused.state!,
 *   decisions: { [paused.approvals[0].id]: { approved: true } },
 * });
 * ```
 * @throws InvalidOptionsError for bad options, a malformed state or missing/unknown decisions
 * (nothing ran); `InvalidContinuationError` / `ContinuationConsumedError` from `@isobind/core`.
 */
export async function resumeChatCompletionsLoop(
  client: ChatCompletionsClient,
  params: ChatLoopParams,
  options: ChatLoopResumeOptions,
): Promise<ChatLoopResult> {
  const where = "resumeChatCompletionsLoop";
  assertNoIssues(where, [...toolCallOptionIssues(options), ...loopOptionIssues(options)]);
  const state = decodeState(options.state, LOOP_STATE, where);
  if (!Array.isArray(state.messages) || typeof state.steps !== "number") {
    throw new InvalidOptionsError(where, [{ path: "state", message: "is malformed" }]);
  }
  const progress: Progress = {
    messages: state.messages as ChatCompletionMessageParam[],
    outcomes: [],
    steps: state.steps,
  };
  const completion = state.completion as ChatCompletion;
  const settled = await resumeBatch(state.batch, options.decisions, options, where);
  const stopped = answer(settled, progress, completion);
  return stopped ?? drive(client, params, options, progress);
}

/** Appends the turn's tool messages, or returns the paused result. */
function answer(
  settled: Settled,
  progress: Progress,
  completion: ChatCompletion,
): ChatLoopResult | undefined {
  if (settled.paused) return pausedResult(progress, completion, settled.batch, settled.approvals);
  progress.outcomes.push(...settled.outcomes);
  for (const o of settled.outcomes) {
    progress.messages.push({ role: "tool", tool_call_id: o.callId, content: o.output });
  }
  return undefined;
}

function pausedResult(
  progress: Progress,
  completion: ChatCompletion,
  batch: Batch,
  approvals: ToolApprovalRequest[],
): ChatLoopResult {
  const { messages, outcomes, steps } = progress;
  return {
    text: null,
    messages,
    completion,
    steps,
    stopReason: "approval",
    pendingToolCalls: [],
    outcomes,
    approvals,
    state: encodeState(LOOP_STATE, { steps, messages, completion, batch }),
  };
}

async function drive(
  client: ChatCompletionsClient,
  params: ChatLoopParams,
  options: ChatLoopOptions,
  progress: Progress,
): Promise<ChatLoopResult> {
  const maxSteps = options.maxSteps ?? 10;
  const tools = [...(params.tools ?? []), toChatCompletionTool(options.codeTool)];
  const { messages, outcomes } = progress;
  const requestOptions = options.signal ? { signal: options.signal } : undefined;

  for (let step = progress.steps + 1; ; step++) {
    progress.steps = step;
    const body = { ...params, messages: [...messages], tools };
    const completion = options.stream
      ? await collectChatStream(
          await client.chat.completions.create({ ...body, stream: true }, requestOptions),
          options.onTextDelta,
        )
      : await client.chat.completions.create({ ...body, stream: false }, requestOptions);
    options.onResponse?.(completion, step);
    const choice = completion.choices[0];
    if (!choice) {
      throw new UpstreamError(
        "OpenAI Chat Completions",
        `runChatCompletionsLoop: the response of step ${step} has no choices`,
      );
    }
    messages.push(toAssistantParam(choice.message));
    const toolCalls = choice.message.tool_calls ?? [];
    const base = { messages, completion, steps: step, outcomes, approvals: [] };
    if (toolCalls.length === 0) {
      return { ...base, text: choice.message.content, stopReason: "answer", pendingToolCalls: [] };
    }
    if (step >= maxSteps) {
      return { ...base, text: null, stopReason: "max_steps", pendingToolCalls: toolCalls };
    }
    // Every call must be answered before the next request, so unknown tools get an error here.
    const calls = chatCalls(toolCalls);
    const answered = await runCalls(calls, { ...options, unknownTools: "error" }, "error");
    const stopped = answer(settle(calls, answered), progress, completion);
    if (stopped) return stopped;
  }
}
