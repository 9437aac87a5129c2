/**
 * Turns the `tool_use` blocks of an assistant message into the `tool_result` blocks to send
 * back, for hand-written Messages API loops.
 * @module
 */
import type { ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages/messages";
import { InvalidOptionsError, IsobindError, type OptionIssue, type RunEvent } from "@isobind/core";
import type { HandleToolUsesOptions, ToolUseOutcome } from "./types.ts";

/** A `tool_use` block, from `Message` or `BetaMessage` content. */
export interface ToolUseBlockLike {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
}

/** What {@link handleToolUses} reads: a message, or its `content`. */
export type AssistantContent =
  | { readonly content: readonly { readonly type: string }[] }
  | readonly { readonly type: string }[];

const neverAborts = new AbortController().signal;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

function optionIssues(options: unknown): OptionIssue[] {
  if (typeof options !== "object" || options === null)
    return [{ path: "options", message: "must be an object with codeTool" }];
  const o = options as HandleToolUsesOptions;
  const issues: OptionIssue[] = [];
  if (
    typeof o.codeTool !== "object" ||
    o.codeTool === null ||
    typeof o.codeTool.execute !== "function"
  )
    issues.push({
      path: "options.codeTool",
      message: "must be a code tool from createCodeTool(rt)",
    });
  if (o.handlers !== undefined) {
    if (typeof o.handlers !== "object" || o.handlers === null) {
      issues.push({
        path: "options.handlers",
        message: "must be an object of functions by tool name",
      });
    } else {
      for (const [name, fn] of Object.entries(o.handlers))
        if (typeof fn !== "function")
          issues.push({ path: `options.handlers.${name}`, message: "must be a function" });
    }
  }
  if (o.unknownTools !== undefined && o.unknownTools !== "skip" && o.unknownTools !== "error")
    issues.push({ path: "options.unknownTools", message: 'must be "skip" or "error"' });
  for (const key of ["onRunEvent", "onToolResult"] as const)
    if (o[key] !== undefined && typeof o[key] !== "function")
      issues.push({ path: `options.${key}`, message: "must be a function" });
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
    issues.push({ path: "options.signal", message: "must be an AbortSignal" });
  return issues;
}

async function runOne(
  block: ToolUseBlockLike,
  options: HandleToolUsesOptions,
): Promise<ToolUseOutcome | null> {
  const { codeTool, handlers = {}, unknownTools = "error" } = options;
  const ref = { toolUseId: block.id, name: block.name };
  if (block.name === codeTool.name) {
    const onRunEvent = options.onRunEvent;
    try {
      const executed = await codeTool.execute(block.input, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onRunEvent
          ? {
              onEvent: (event: RunEvent) => {
                try {
                  onRunEvent(event, ref);
                } catch {
                  // A listener's failure must not end the run.
                }
              },
            }
          : {}),
      });
      return { ...ref, content: executed.text, isError: executed.isError, result: executed.result };
    } catch (error) {
      // Host misuse (a disposed runtime) is the app's to fix, not the model's.
      if (IsobindError.isInstance(error)) throw error;
      return {
        ...ref,
        content: `INTERNAL_ERROR: the code could not be run: ${errorMessage(error)}`,
        isError: true,
      };
    }
  }
  const handler = Object.hasOwn(handlers, block.name) ? handlers[block.name] : undefined;
  if (handler === undefined) {
    if (unknownTools === "skip") return null;
    const known = [codeTool.name, ...Object.keys(handlers)].join(", ");
    return {
      ...ref,
      content: `UNKNOWN_TOOL: there is no tool named ${JSON.stringify(block.name)}. Available tools: ${known}.`,
      isError: true,
    };
  }
  try {
    const value = await handler(block.input, {
      signal: options.signal ?? neverAborts,
      toolUseId: block.id,
      name: block.name,
    });
    return { ...ref, content: stringify(value), isError: false };
  } catch (error) {
    return {
      ...ref,
      content: `Error: ${block.name} failed: ${errorMessage(error)}`,
      isError: true,
    };
  }
}

/**
 * Runs the `tool_use` blocks of one assistant message (a `Message`, a `BetaMessage` or their
 * `content`) and returns the `tool_result` blocks to send back in the next user message, in
 * call order. Calls of the code tool run the model's code; calls of tools in `handlers` run the
 * handler; other calls get an `is_error` result or are skipped (see
 * {@link HandleToolUsesOptions.unknownTools}). Several calls run concurrently. Blocks other
 * than `tool_use` (text, thinking, server tools) are ignored.
 *
 * Never rejects for anything the model did: a failed run or a throwing handler become an
 * `is_error` result the model can read and act on.
 *
 * @example
 * ```ts
 * messages.push({ role: "assistant", content: message.content });
 * messages.push({ role: "user", content: await handleToolUses(message, { codeTool }) });
 * ```
 * @throws InvalidOptionsError for bad options; `@isobind/core` host-misuse errors (a disposed runtime).
 */
export async function handleToolUses(
  message: AssistantContent,
  options: HandleToolUsesOptions,
): Promise<ToolResultBlockParam[]> {
  return toToolResults(await runToolUseBlocks(message, options, "handleToolUses"));
}

/** @internal Checks the arguments and runs every `tool_use` block; the outcomes in call order. */
export async function runToolUseBlocks(
  message: AssistantContent,
  options: HandleToolUsesOptions,
  where: string,
): Promise<ToolUseOutcome[]> {
  const issues = optionIssues(options);
  const content = Array.isArray(message)
    ? message
    : (message as { content?: unknown } | null)?.content;
  if (!Array.isArray(content))
    issues.unshift({ path: "message", message: "must be a message or its content array" });
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  const blocks = (content as { type: string }[]).filter(
    (b): b is ToolUseBlockLike => b.type === "tool_use",
  );
  const outcomes = await Promise.all(
    blocks.map(async (block) => {
      const outcome = await runOne(block, options);
      if (outcome !== null) {
        try {
          options.onToolResult?.(outcome);
        } catch {
          // Same as onRunEvent: observing must not change the result.
        }
      }
      return outcome;
    }),
  );
  return outcomes.filter((o): o is ToolUseOutcome => o !== null);
}

/** @internal The `tool_result` blocks of outcomes, in their order. */
export function toToolResults(outcomes: readonly ToolUseOutcome[]): ToolResultBlockParam[] {
  return outcomes.map((o) => ({
    type: "tool_result",
    tool_use_id: o.toolUseId,
    // The API refuses empty text; a result without content is fine.
    ...(o.content !== "" ? { content: o.content } : {}),
    ...(o.isError ? { is_error: true } : {}),
  }));
}
