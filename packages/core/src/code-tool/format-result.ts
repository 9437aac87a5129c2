/**
 * The text the model reads after a run: short, complete enough to act on, bounded in size.
 * @module
 */

import type { RunResult } from "../types.ts";

/** Options of {@link formatRunResult}. */
export interface FormatResultOptions {
  /**
   * Longest JSON text of the value shown, in characters; the rest is cut with a marker saying
   * how much was cut.
   * @defaultValue 20000
   */
  maxValueChars?: number;
  /**
   * Longest console output shown (stdout and stderr together), in characters.
   * @defaultValue 8000
   */
  maxOutputChars?: number;
}

/** Default of {@link FormatResultOptions.maxValueChars}. */
export const DEFAULT_MAX_VALUE_CHARS = 20_000;
/** Default of {@link FormatResultOptions.maxOutputChars}. */
export const DEFAULT_MAX_OUTPUT_CHARS = 8_000;

/**
 * Formats a run result for the model:
 *
 * ```text
 * Error (GUEST_ERROR) at line 3: TypeError: Cannot read properties of undefined (reading 'x')
 * stdout:
 * fetched 3 rows
 * ```
 *
 * or `Result: {"temp_f":61}` followed by the console output. The value is compact JSON; values
 * and output over the limits are cut with a marker that says how much was cut. The uncaught
 * error, which the runtime also appends to stderr, is stated once.
 */
export function formatRunResult(result: RunResult, options: FormatResultOptions = {}): string {
  const maxValue = options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
  const maxOutput = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS;
  const parts: string[] = [];
  const error = result.error;
  let stderr = result.stderr;

  if (error !== undefined) {
    const where = error.line === undefined ? "" : ` at line ${error.line}`;
    const name = error.name === "Error" || error.name === "IsobindError" ? "" : `${error.name}: `;
    parts.push(`Error (${error.code})${where}: ${name}${error.message}`);
    if (result.status === "paused") {
      for (const p of result.pending) {
        const reason = p.reason === undefined ? "" : ` (${p.reason})`;
        parts.push(`waiting: tools.${p.path.join(".")}(${jsonText(p.input)})${reason}`);
      }
    }
    const frames = (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    if (frames.length > 1) parts.push(frames.map((f) => f.trim()).join("\n"));
    stderr = withoutTrailingError(stderr, error);
  } else if (result.value === undefined) {
    parts.push("Result: none (end the code with `return <value>` to get data back)");
  } else {
    parts.push(`Result: ${cut(jsonText(result.value), maxValue, "characters of JSON")}`);
  }

  const stdout = result.stdout.replace(/\n$/, "");
  stderr = stderr.replace(/\n$/, "");
  // Share the output budget: each stream gets half, and what one leaves unused goes to the other.
  const half = Math.floor(maxOutput / 2);
  const stdoutBudget = Math.max(half, maxOutput - Math.min(stderr.length, half));
  const stderrBudget = Math.max(half, maxOutput - Math.min(stdout.length, half));
  if (stdout !== "") parts.push(`stdout:\n${cut(stdout, stdoutBudget, "characters")}`);
  // stderr keeps its end: the last warnings are usually the relevant ones.
  if (stderr !== "") parts.push(`stderr:\n${cutHead(stderr, stderrBudget)}`);
  if (result.stats.droppedOutputBytes > 0) {
    parts.push(
      `(${result.stats.droppedOutputBytes} bytes of console output were dropped by the output limit)`,
    );
  }
  return parts.join("\n");
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Keeps the start of `text`; the marker says how much of the whole was cut. */
function cut(text: string, max: number, unit: string): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, Math.max(0, max));
  return `${kept}…[cut ${text.length - kept.length} of ${text.length} ${unit}; return or print less, e.g. a slice or only the fields you need]`;
}

/** Keeps the end of `text`. */
function cutHead(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(text.length - Math.max(0, max));
  return `[cut the first ${text.length - kept.length} of ${text.length} characters]…${kept}`;
}

/** The runtime ends stderr with the uncaught error; the error line above already says it. */
function withoutTrailingError(stderr: string, error: NonNullable<RunResult["error"]>): string {
  const candidates = [
    error.stack,
    `${error.name}: ${error.message}`,
    `${error.code}: ${error.message}`,
    error.message,
  ];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "") continue;
    const firstLine = candidate.split("\n")[0] ?? candidate;
    const at = stderr.lastIndexOf(firstLine);
    if (at === -1 || (at > 0 && stderr[at - 1] !== "\n")) continue;
    const rest = stderr.slice(at + firstLine.length);
    if (rest.split("\n").every((l) => l.trim() === "" || /^\s+at /.test(l)))
      return stderr.slice(0, at);
  }
  return stderr;
}
