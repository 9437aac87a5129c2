/**
 * The Responses API agent loop: create a response, run its function calls, send the
 * `function_call_output` items back, repeat until the model answers or the step limit.
 * @module
 */
import { InvalidOptionsError, type OptionIssue, UpstreamError } from "@isobind/core";
import type {
  Response,
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseCreateParamsStreaming,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
} from "openai/resources/responses/responses";
import {
  type Batch,
  decodeState,
  encodeState,
  resumeBatch,
  type Settled,
  settle,
} from "./internal/approvals.ts";
import {
  assertNoIssues,
  type PendingCallKind,
  responsesCalls,
  responsesOutputItems,
  runCalls,
  toolCallOptionIssues,
} from "./internal/calls.ts";
import { loopOptionIssues } from "./internal/loop-options.ts";
import { outputText } from "./internal/output-text.ts";
import { collectResponsesStream } from "./internal/responses-stream.ts";
import { toResponsesTool } from "./tool-definitions.ts";
import type {
  ToolApprovalDecisions,
  ToolApprovalRequest,
  ToolCallHandlerOptions,
  ToolCallOutcome,
} from "./types.ts";

/** The part of an OpenAI client the Responses loop uses. The official `OpenAI` client fits as is. */
export interface ResponsesClient {
  /** `client.responses.create`, streaming and not. */
  responses: {
    create(
      body: ResponseCreateParamsNonStreaming,
      options?: { signal?: AbortSignal | null | undefined },
    ): PromiseLike<Response>;
    create(
      body: ResponseCreateParamsStreaming,
      options?: { signal?: AbortSignal | null | undefined },
    ): PromiseLike<AsyncIterable<ResponseStreamEvent>>;
  };
}

/** The request of every step: the usual create() body, without `stream` (see the `stream` option). */
export type ResponsesLoopParams = Omit<ResponseCreateParamsBase, "stream">;

/** Options of {@link runResponsesLoop}. */
export interface ResponsesLoopOptions extends Omit<ToolCallHandlerOptions, "unknownTools"> {
  /**
   * Most model requests the loop makes. When the last one still asks for tools, the loop stops
   * without running them (`stopReason: "max_steps"`, the calls in `pendingToolCalls`).
   * @defaultValue 10
   */
  maxSteps?: number;
  /**
   * Request each step with `stream: true`; the loop reads the events to `response.completed`.
   * Text arrives through `onTextDelta` as it is generated.
   * @defaultValue false
   */
  stream?: boolean;
  /**
   * How each step carries the conversation so far. `"replay"` sends every item again in
   * `input` (works with `store: false`); `"previous_response_id"` sends only the new
   * `function_call_output` items and points `previous_response_id` at the last response (the
   * API must have stored it). With `params.conversation` set, only new items are sent either
   * way: the conversation already holds the rest.
   * @defaultValue "replay"
   */
  chaining?: "replay" | "previous_response_id";
  /** Receives the answer's text as it streams (only with `stream: true`). */
  onTextDelta?: (delta: string) => void;
  /** Receives every model response, with its 1-based step. */
  onResponse?: (response: Response, step: number) => void;
}

/** What {@link runResponsesLoop} resolves with. */
export interface ResponsesLoopResult {
  /** The final answer's text (`response.output_text`); `""` when the loop stopped at the step limit. */
  text: string;
  /** The conversation as input items: the input given, then every output item and tool output. */
  items: ResponseInputItem[];
  /** The last response. */
  response: Response;
  /** Model requests made. */
  steps: number;
  /**
   * `"answer"`: the model answered without tool calls; `"max_steps"`: the step limit was
   * reached; `"approval"`: a code run paused for approval (see `approvals` and `state`).
   */
  stopReason: "answer" | "max_steps" | "approval";
  /** Tool-call items of the last response left unanswered because of the step limit. */
  pendingToolCalls: ResponseOutputItem[];
  /** With `"approval"`: the nested calls that wait for a decision; otherwise empty. */
  approvals: ToolApprovalRequest[];
  /**
   * With `"approval"`: the paused loop as a JSON string, for {@link resumeResponsesLoop}. It
   * holds the conversation items (plain text) and each paused run's sealed continuation.
   */
  state?: string;
  /** Every tool call's outcome, in call order. */
  outcomes: ToolCallOutcome[];
}

/**
 * Output items go back as input items: the documented way to continue a conversation without
 * `previous_response_id`. The SDK types the two lists separately, so the conversion is a cast.
 */
function asInputItems(output: readonly ResponseOutputItem[]): ResponseInputItem[] {
  return output as unknown as ResponseInputItem[];
}

function initialItems(input: ResponsesLoopParams["input"]): ResponseInputItem[] {
  if (input === undefined) return [];
  if (typeof input === "string") return [{ role: "user", content: input }];
  return [...input];
}

function chainingIssues(chaining: unknown): OptionIssue[] {
  return chaining === undefined || chaining === "replay" || chaining === "previous_response_id"
    ? []
    : [
        {
          path: "chaining",
          message: `must be "replay" or "previous_response_id", got ${JSON.stringify(chaining)}`,
        },
      ];
}

function paramIssues(
  params: ResponsesLoopParams | undefined,
  codeToolName: unknown,
): OptionIssue[] {
  const issues: OptionIssue[] = [];
  if (typeof params !== "object" || params === null) {
    return [{ path: "params", message: "must be a responses.create() request body" }];
  }
  const input = params.input;
  if (input !== undefined && typeof input !== "string" && !Array.isArray(input)) {
    issues.push({ path: "params.input", message: "must be a string or an array of input items" });
  }
  for (const tool of params.tools ?? []) {
    if (tool.type === "function" && tool.name === codeToolName) {
      issues.push({
        path: "params.tools",
        message: `already has a tool named ${JSON.stringify(codeToolName)}; the loop adds the code tool itself`,
      });
    }
  }
  return issues;
}

/**
 * Runs the Code Mode loop over the Responses API: creates a response with the code tool added
 * to `params.tools`, runs its `function_call` items (the code tool, and the `handlers` of any
 * other function tools you listed), sends the `function_call_output` items back and asks
 * again, until the model answers without tool calls or `maxSteps` requests were made.
 *
 * Failed runs, invalid arguments and unknown tools go back to the model as outputs it can act
 * on; API errors, and a response whose status is `"failed"`, reject.
 *
 * @example
 * ```ts
 * const { text } = await runResponsesLoop(
 *   new OpenAI(),
 *   { model: "gpt-5", input: "Is it warmer in Paris or Oslo?" },
 *   { codeTool: createCodeTool(rt) },
 * );
 * ```
 * @throws InvalidOptionsError for bad options; whatever the client throws for a failed request.
 */
export async function runResponsesLoop(
  client: ResponsesClient,
  params: ResponsesLoopParams,
  options: ResponsesLoopOptions,
): Promise<ResponsesLoopResult> {
  const chaining = options?.chaining;
  assertNoIssues("runResponsesLoop", [
    ...toolCallOptionIssues(options),
    ...loopOptionIssues(options),
    ...paramIssues(params, options?.codeTool?.name),
    ...chainingIssues(chaining),
  ]);
  const items = initialItems(params.input);
  return drive(client, params, options, {
    items,
    next: [...items],
    previousResponseId: params.previous_response_id ?? undefined,
    outcomes: [],
    steps: 0,
  });
}

/** Where a loop is: the items so far, what the next request sends, the outcomes, the steps. */
interface Progress {
  items: ResponseInputItem[];
  next: ResponseInputItem[];
  previousResponseId: string | undefined;
  outcomes: ToolCallOutcome[];
  steps: number;
}

const LOOP_STATE = "openai.responses-loop";

/** Options of {@link resumeResponsesLoop}: the loop's options plus what to resume. */
export interface ResponsesLoopResumeOptions extends ResponsesLoopOptions {
  /** The `state` of the paused result. */
  state: string;
  /** One decision per approval request, keyed by its `id`. */
  decisions: ToolApprovalDecisions;
}

/**
 * Resumes a loop that stopped with `stopReason: "approval"` (see `resumeChatCompletionsLoop`):
 * the paused runs resume with the decisions, the turn's calls are answered, and the loop goes
 * on. With `chaining: "previous_response_id"` (or a `conversation`) only the new outputs are
 * sent, chained to the response that made the calls. `params` is the same body as before; its
 * `input` is ignored (the state carries the items). Each state resumes at most once.
 * @throws InvalidOptionsError for bad options, a malformed state or missing/unknown decisions
 * (nothing ran); `InvalidContinuationError` / `ContinuationConsumedError` from `@isobind/core`.
 */
export async function resumeResponsesLoop(
  client: ResponsesClient,
  params: ResponsesLoopParams,
  options: ResponsesLoopResumeOptions,
): Promise<ResponsesLoopResult> {
  const where = "resumeResponsesLoop";
  assertNoIssues(where, [
    ...toolCallOptionIssues(options),
    ...loopOptionIssues(options),
    ...chainingIssues(options?.chaining),
  ]);
  const state = decodeState(options.state, LOOP_STATE, where);
  if (!Array.isArray(state.items) || typeof state.steps !== "number") {
    throw new InvalidOptionsError(where, [{ path: "state", message: "is malformed" }]);
  }
  const response = state.response as Response;
  const progress: Progress = {
    items: state.items as ResponseInputItem[],
    next: [],
    previousResponseId:
      typeof state.previousResponseId === "string" ? state.previousResponseId : undefined,
    outcomes: [],
    steps: state.steps,
  };
  const settled = await resumeBatch(state.batch, options.decisions, options, where);
  const stopped = answer(settled, state.batch.calls, progress, response, options);
  return stopped ?? drive(client, params, options, progress);
}

/** Appends the turn's outputs, or returns the paused result. */
function answer(
  settled: Settled,
  calls: readonly { callId: string; kind: PendingCallKind }[],
  progress: Progress,
  response: Response,
  options: ResponsesLoopOptions,
): ResponsesLoopResult | undefined {
  if (settled.paused) return pausedResult(progress, response, settled.batch, settled.approvals);
  progress.outcomes.push(...settled.outcomes);
  const outputs = responsesOutputItems(calls, settled.outcomes);
  progress.items.push(...outputs);
  progress.next = outputs;
  if (options.chaining === "previous_response_id") progress.previousResponseId = response.id;
  return undefined;
}

function pausedResult(
  progress: Progress,
  response: Response,
  batch: Batch,
  approvals: ToolApprovalRequest[],
): ResponsesLoopResult {
  const { items, outcomes, steps, previousResponseId } = progress;
  return {
    text: "",
    items,
    response,
    steps,
    stopReason: "approval",
    pendingToolCalls: [],
    outcomes,
    approvals,
    state: encodeState(LOOP_STATE, { steps, items, response, previousResponseId, batch }),
  };
}

async function drive(
  client: ResponsesClient,
  params: ResponsesLoopParams,
  options: ResponsesLoopOptions,
  progress: Progress,
): Promise<ResponsesLoopResult> {
  const maxSteps = options.maxSteps ?? 10;
  const sendOnlyNew = options.chaining === "previous_response_id" || !!params.conversation;
  const tools = [...(params.tools ?? []), toResponsesTool(options.codeTool)];
  const { items, outcomes } = progress;
  const requestOptions = options.signal ? { signal: options.signal } : undefined;

  for (let step = progress.steps + 1; ; step++) {
    progress.steps = step;
    const previousResponseId = progress.previousResponseId;
    const body = {
      ...params,
      input: sendOnlyNew ? progress.next : [...items],
      tools,
      ...(previousResponseId ? { previous_response_id: previousResponseId } : {}),
    };
    const response = options.stream
      ? await collectResponsesStream(
          await client.responses.create({ ...body, stream: true }, requestOptions),
          options.onTextDelta,
        )
      : await client.responses.create({ ...body, stream: false }, requestOptions);
    options.onResponse?.(response, step);
    if (response.status === "failed") {
      const why = response.error
        ? `${response.error.code}: ${response.error.message}`
        : "no error given";
      throw new UpstreamError(
        "OpenAI Responses",
        `runResponsesLoop: response ${response.id} of step ${step} failed (${why})`,
      );
    }
    items.push(...asInputItems(response.output));
    const calls = responsesCalls(response.output);
    const base = { items, response, steps: step, outcomes, approvals: [] };
    if (calls.length === 0) {
      return {
        ...base,
        text: outputText(response.output),
        stopReason: "answer",
        pendingToolCalls: [],
      };
    }
    if (step >= maxSteps) {
      const ids = new Set(calls.map((c) => c.callId));
      const pending = response.output.filter(
        (item) =>
          (item.type === "function_call" || item.type === "custom_tool_call") &&
          ids.has(item.call_id),
      );
      return { ...base, text: "", stopReason: "max_steps", pendingToolCalls: pending };
    }
    // Every call must be answered before the next request, so unknown tools get an error here.
    const answered = await runCalls(calls, { ...options, unknownTools: "error" }, "error");
    const stopped = answer(settle(calls, answered), calls, progress, response, options);
    if (stopped) return stopped;
  }
}
