/**
 * Content on spans is bounded: a guest controls its code, its output, its binding arguments
 * and (through them) often the results, and one attribute must never carry megabytes.
 */
import type { Settled } from "../bindings/invoke.ts";

/**
 * `text` cut to `max` characters, with a marker saying how many were dropped. Never splits a
 * surrogate pair (a lone half would export as U+FFFD).
 */
export function boundContent(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = clip(text, max);
  return `${kept}…[isobind: ${text.length - kept.length} more characters]`;
}

/** `text` cut to at most `max` characters, without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** The message of a failed call's settle payload (`{ code, message }` JSON), if readable. */
export function settledMessage(settled: Settled): string | undefined {
  try {
    const parsed = JSON.parse(settled.payload) as { code?: unknown; message?: unknown };
    return typeof parsed.message === "string" ? `${parsed.code}: ${parsed.message}` : undefined;
  } catch {
    return undefined;
  }
}
