/**
 * Turns an upstream `tools/call` result into the one plain value a binding returns.
 * @module
 */

import { UpstreamError } from "@isobind/core";

/** The parts of an MCP `CallToolResult` the bridge reads. */
export interface CallToolResultLike {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
  /** Protocol 2024-10-07 servers answer with `toolResult` instead of content. */
  toolResult?: unknown;
}

interface TextBlock {
  type: "text";
  text: string;
}

function isTextBlock(block: unknown): block is TextBlock {
  return (
    typeof block === "object" &&
    block !== null &&
    (block as { type?: unknown }).type === "text" &&
    typeof (block as { text?: unknown }).text === "string"
  );
}

/** The joined text of every text block (blank line between blocks). */
export function joinedText(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .filter(isTextBlock)
    .map((b) => b.text)
    .join("\n");
}

/**
 * `structuredContent` when present; otherwise, when every block is text, the JSON the text
 * parses to, or the text itself; otherwise (images, audio, resources) the content blocks as
 * they came. An upstream `isError` throws an `UpstreamError` with the upstream text (the guest
 * sees it as a `HANDLER_ERROR` with that message).
 */
export function unwrapToolResult(result: CallToolResultLike, label: string): unknown {
  if (result.isError === true) {
    const text = joinedText(result.content).trim();
    throw new UpstreamError(
      `MCP tool ${label}`,
      text === "" ? `${label} reported an error without a message` : text,
    );
  }
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    return result.structuredContent;
  }
  if (result.content === undefined && "toolResult" in result) {
    return result.toolResult;
  }
  const content = Array.isArray(result.content) ? result.content : [];
  if (content.length === 0) return null;
  if (!content.every(isTextBlock)) return content;
  const text = joinedText(content);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
