import { UpstreamError } from "@isobind/core";
import type { Response, ResponseStreamEvent } from "openai/resources/responses/responses";
import { outputText } from "./output-text.ts";

/**
 * Reads a streamed response to its terminal event (`response.completed`, `.incomplete` or
 * `.failed`) and returns the response that event carries: the full output list, with the
 * function calls' arguments as text (not parsed here, so invalid JSON reaches the handler).
 * Text deltas go to `onTextDelta` as they arrive.
 */
export async function collectResponsesStream(
  stream: AsyncIterable<ResponseStreamEvent>,
  onTextDelta?: (delta: string) => void,
): Promise<Response> {
  let final: Response | undefined;
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") onTextDelta?.(event.delta);
    else if (
      event.type === "response.completed" ||
      event.type === "response.incomplete" ||
      event.type === "response.failed"
    ) {
      final = event.response;
    }
  }
  if (!final) {
    throw new UpstreamError(
      "OpenAI Responses",
      "the response stream ended before the response completed",
    );
  }
  // The SDK adds `output_text` to non-streamed responses only; add it so both look the same.
  return { ...final, output_text: outputText(final.output) };
}
