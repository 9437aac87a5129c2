import { UpstreamError } from "@isobind/core";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";

interface ToolCallDraft {
  id: string;
  type: "function" | "custom";
  name: string;
  /** Function arguments or custom-tool input, concatenated from the deltas. */
  text: string;
}

interface ChoiceDraft {
  content: string | null;
  refusal: string | null;
  finishReason: ChatCompletion.Choice["finish_reason"] | null;
  toolCalls: Map<number, ToolCallDraft>;
}

function finishedToolCall(draft: ToolCallDraft): ChatCompletionMessageToolCall {
  return draft.type === "custom"
    ? { id: draft.id, type: "custom", custom: { name: draft.name, input: draft.text } }
    : { id: draft.id, type: "function", function: { name: draft.name, arguments: draft.text } };
}

/**
 * Reads a streamed chat completion to the end and assembles the `ChatCompletion` the same
 * request would have returned without `stream: true`. Tool calls arrive as deltas keyed by
 * `index`: the first carries `id`, `type` and the name, later ones append argument fragments.
 * The arguments are kept as text, never parsed here, so invalid JSON from the model reaches
 * the tool-call handler (which answers it with an error the model can fix) instead of throwing.
 */
export async function collectChatStream(
  stream: AsyncIterable<ChatCompletionChunk>,
  onTextDelta?: (delta: string) => void,
): Promise<ChatCompletion> {
  let head: ChatCompletionChunk | undefined;
  let usage: ChatCompletion["usage"];
  const choices = new Map<number, ChoiceDraft>();
  for await (const chunk of stream) {
    head ??= chunk;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      let draft = choices.get(choice.index);
      if (!draft) {
        draft = { content: null, refusal: null, finishReason: null, toolCalls: new Map() };
        choices.set(choice.index, draft);
      }
      const delta = choice.delta;
      if (typeof delta.content === "string" && delta.content.length > 0) {
        draft.content = (draft.content ?? "") + delta.content;
        if (choice.index === 0) onTextDelta?.(delta.content);
      }
      if (typeof delta.refusal === "string") draft.refusal = (draft.refusal ?? "") + delta.refusal;
      for (const part of delta.tool_calls ?? []) {
        let call = draft.toolCalls.get(part.index);
        if (!call) {
          call = { id: "", type: "function", name: "", text: "" };
          draft.toolCalls.set(part.index, call);
        }
        if (part.id) call.id = part.id;
        if (part.type) call.type = part.type;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.text += part.function.arguments;
        if (part.custom?.name) call.name += part.custom.name;
        if (part.custom?.input) call.text += part.custom.input;
      }
      if (choice.finish_reason) draft.finishReason = choice.finish_reason;
    }
  }
  if (!head) {
    throw new UpstreamError(
      "OpenAI Chat Completions",
      "the chat completion stream ended without any chunk",
    );
  }
  return {
    id: head.id,
    object: "chat.completion",
    created: head.created,
    model: head.model,
    ...(head.system_fingerprint ? { system_fingerprint: head.system_fingerprint } : {}),
    ...(head.service_tier ? { service_tier: head.service_tier } : {}),
    ...(usage ? { usage } : {}),
    choices: [...choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, draft]) => {
        const toolCalls = [...draft.toolCalls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([, call]) => finishedToolCall(call));
        return {
          index,
          logprobs: null,
          // A stream cut short has no finish_reason; "length" says the message is incomplete.
          finish_reason: draft.finishReason ?? "length",
          message: {
            role: "assistant",
            content: draft.content,
            refusal: draft.refusal,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
        };
      }),
  };
}
