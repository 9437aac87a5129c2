import type { ResponseOutputItem } from "openai/resources/responses/responses";

/** The text of every `output_text` part of the assistant messages, as `response.output_text` has it. */
export function outputText(output: readonly ResponseOutputItem[]): string {
  let text = "";
  for (const item of output) {
    if (item.type !== "message") continue;
    for (const part of item.content) if (part.type === "output_text") text += part.text;
  }
  return text;
}
