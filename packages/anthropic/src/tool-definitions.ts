/**
 * The code tool as a Messages API tool definition, and as a runnable tool for the SDK's tool
 * runner (`client.beta.messages.toolRunner`).
 * @module
 */
import type { BetaRunnableTool } from "@anthropic-ai/sdk/lib/tools/BetaRunnableTool";
import { ToolError } from "@anthropic-ai/sdk/lib/tools/ToolError";
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import type { CodeTool, RunEvent } from "@isobind/core";
import { InvalidOptionsError, type OptionIssue } from "@isobind/core";
import type { CodeToolInput, RunEventListener, ToolResultListener } from "./types.ts";

/** Anthropic custom tool names: letters, digits, `_` and `-`, 1 to 64 characters. */
export const ANTHROPIC_TOOL_NAME_PATTERN: RegExp = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Fields of the tool definition sent as given, next to `name`, `description` and
 * `input_schema`: `allowed_callers` (Anthropic's programmatic tool calling), `cache_control`,
 * `defer_loading`, `strict`, `eager_input_streaming`, `input_examples`.
 */
export type AnthropicToolFields = Omit<Tool, "name" | "description" | "input_schema" | "type">;

/** Options of {@link toAnthropicTool}. */
export interface AnthropicToolOptions {
  /**
   * Extra fields of the definition, passed through unchanged.
   * @defaultValue none
   */
  fields?: AnthropicToolFields;
}

/** Options of {@link toRunnableTool}. */
export interface RunnableCodeToolOptions extends AnthropicToolOptions {
  /** Receives each run's binding calls and console output as they happen. Exceptions it throws are ignored. */
  onRunEvent?: RunEventListener;
  /** Receives each run's outcome (with the full `RunResult`). Exceptions it throws are ignored. */
  onToolResult?: ToolResultListener;
}

/** Checks the code tool and the pass-through fields; every problem at once. */
export function toolIssues(codeTool: unknown, options: unknown): OptionIssue[] {
  const issues: OptionIssue[] = [];
  if (
    typeof codeTool !== "object" ||
    codeTool === null ||
    typeof (codeTool as CodeTool).execute !== "function"
  ) {
    issues.push({ path: "codeTool", message: "must be a code tool from createCodeTool(rt)" });
  } else if (!ANTHROPIC_TOOL_NAME_PATTERN.test((codeTool as CodeTool).name)) {
    issues.push({
      path: "codeTool.name",
      message: `${JSON.stringify((codeTool as CodeTool).name)} is not a valid Anthropic tool name (1 to 64 letters, digits, '_' or '-')`,
    });
  }
  if (options === undefined) return issues;
  if (typeof options !== "object" || options === null) {
    issues.push({ path: "options", message: "must be an object" });
    return issues;
  }
  const { fields, onRunEvent, onToolResult } = options as RunnableCodeToolOptions;
  if (fields !== undefined) {
    if (typeof fields !== "object" || fields === null) {
      issues.push({ path: "options.fields", message: "must be an object" });
    } else {
      for (const key of ["name", "description", "input_schema", "type"]) {
        if (key in fields)
          issues.push({ path: `options.fields.${key}`, message: "is set from the code tool" });
      }
      const callers = (fields as { allowed_callers?: unknown }).allowed_callers;
      if (
        callers !== undefined &&
        (!Array.isArray(callers) || callers.some((c) => typeof c !== "string"))
      ) {
        issues.push({
          path: "options.fields.allowed_callers",
          message: 'must be an array of caller names such as "direct"',
        });
      }
    }
  }
  for (const [key, value] of [
    ["onRunEvent", onRunEvent],
    ["onToolResult", onToolResult],
  ] as const) {
    if (value !== undefined && typeof value !== "function")
      issues.push({ path: `options.${key}`, message: "must be a function" });
  }
  return issues;
}

/**
 * The code tool as a Messages API custom tool. The description is the code tool's own: the
 * TypeScript declaration of every binding (or the discovery instructions for large
 * catalogues). Fields in `options.fields` (`allowed_callers`, `cache_control`, …) are sent as
 * given.
 *
 * @example
 * ```ts
 * const message = await client.messages.create({
 *   model: "claude-sonnet-5-5",
 *   max_tokens: 1024,
 *   messages,
 *   tools: [toAnthropicTool(codeTool)],
 * });
 * ```
 * @throws InvalidOptionsError when the tool's name is not a valid Anthropic tool name, or an option is invalid.
 */
export function toAnthropicTool(codeTool: CodeTool, options?: AnthropicToolOptions): Tool {
  const issues = toolIssues(codeTool, options);
  if (issues.length > 0) throw new InvalidOptionsError("toAnthropicTool", issues);
  return {
    ...options?.fields,
    name: codeTool.name,
    description: codeTool.description,
    input_schema: structuredClone(codeTool.inputSchema) as unknown as Tool.InputSchema,
  };
}

function safely<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
  try {
    fn?.(...args);
  } catch {
    // A listener's failure must not change the tool result.
  }
}

/**
 * The code tool as a runnable tool for `client.beta.messages.toolRunner({ tools: [...] })`.
 * Each call runs the model's code with the runner's signal; the `tool_result` carries the
 * compact text of the run, with `is_error: true` for a failed run (thrown as the SDK's
 * `ToolError`, which the runner turns into that result), so the model can fix its code.
 *
 * @example
 * ```ts
 * const final = await client.beta.messages.toolRunner({
 *   model: "claude-sonnet-5-5",
 *   max_tokens: 1024,
 *   messages: [{ role: "user", content: "Is it warmer in Paris or Oslo?" }],
 *   tools: [toRunnableTool(codeTool)],
 * });
 * ```
 * @throws InvalidOptionsError when the tool's name is not a valid Anthropic tool name, or an option is invalid.
 */
export function toRunnableTool(
  codeTool: CodeTool,
  options?: RunnableCodeToolOptions,
): BetaRunnableTool<CodeToolInput> {
  const issues = toolIssues(codeTool, options);
  if (issues.length > 0) throw new InvalidOptionsError("toRunnableTool", issues);
  const { onRunEvent, onToolResult } = options ?? {};
  return {
    ...options?.fields,
    type: "custom",
    name: codeTool.name,
    description: codeTool.description,
    input_schema: structuredClone(codeTool.inputSchema) as unknown as Tool.InputSchema,
    // The code tool checks its own input and answers bad input with a message the model can use.
    parse: (content: unknown) => content as CodeToolInput,
    async run(args, context) {
      const call = { toolUseId: context?.toolUse.id ?? "", name: codeTool.name };
      const executed = await codeTool.execute(args, {
        ...(context?.signal ? { signal: context.signal } : {}),
        ...(onRunEvent ? { onEvent: (event: RunEvent) => safely(onRunEvent, event, call) } : {}),
      });
      safely(onToolResult, {
        ...call,
        content: executed.text,
        isError: executed.isError,
        result: executed.result,
      });
      if (executed.isError) throw new ToolError(executed.text);
      return executed.text;
    },
  };
}
