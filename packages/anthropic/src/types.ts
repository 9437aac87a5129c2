/**
 * Public types shared by the tool-use handler and the runnable tool.
 * @module
 */
import type { BindingContext, CodeTool, RunEvent, RunResult } from "@isobind/core";

/** The code tool's input, as the model sends it. */
export interface CodeToolInput {
  /** The program: the body of an async function. */
  code: string;
}

/** Which `tool_use` block a run event or an outcome belongs to. */
export interface ToolUseRef {
  /** The `tool_use` block's `id`. */
  readonly toolUseId: string;
  /** The tool's name. */
  readonly name: string;
}

/** The outcome of one tool call. */
export interface ToolUseOutcome extends ToolUseRef {
  /** The text sent back as the `tool_result` content. */
  readonly content: string;
  /** True when the run failed, the tool was unknown or its handler threw (`is_error` on the result). */
  readonly isError: boolean;
  /** The full run result, present when the code tool ran. */
  readonly result?: RunResult;
}

/** Receives a run's binding calls and console output as they happen. */
export type RunEventListener = (event: RunEvent, call: ToolUseRef) => void;

/** Receives each call's outcome as it settles. */
export type ToolResultListener = (outcome: ToolUseOutcome) => void;

/** The context a host handler of another tool receives. */
export interface ToolHandlerContext {
  /** Aborts when the caller's `signal` aborts; never aborts when no signal was given. */
  readonly signal: AbortSignal;
  /** The `tool_use` block's `id`. */
  readonly toolUseId: string;
  /** The tool's name. */
  readonly name: string;
}

/**
 * Host handler of a tool other than the code tool, for {@link handleToolUses}. Gets the
 * `tool_use` input. A string result is sent as is, anything else as JSON; a throw becomes an
 * `is_error` result the model can read.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers declare their own input type, as with the SDK's helpers.
export type ToolUseHandler = (input: any, context: ToolHandlerContext) => unknown;

/** Options of {@link handleToolUses}. */
export interface HandleToolUsesOptions {
  /** The code tool (from `createCodeTool(rt)`) whose calls run the model's code. */
  codeTool: CodeTool;
  /**
   * Host handlers of other tools the model may call, by tool name (tools you send next to the
   * code tool).
   * @defaultValue `{}`
   */
  handlers?: Readonly<Record<string, ToolUseHandler>>;
  /**
   * A `tool_use` of a tool that is neither the code tool nor in `handlers`: `"error"` answers
   * it with an `is_error` result naming the known tools (the API refuses a conversation with an
   * unanswered `tool_use`); `"skip"` leaves it out so you can answer it yourself.
   * @defaultValue "error"
   */
  unknownTools?: "skip" | "error";
  /** Aborts running code (`ABORTED`, exit 130) and is passed on to handlers. */
  signal?: AbortSignal;
  /** Receives each code run's binding calls and console output as they happen. */
  onRunEvent?: RunEventListener;
  /** Receives each call's outcome as it settles (completion order). Exceptions it throws are ignored. */
  onToolResult?: ToolResultListener;
}

/** The host function behind an imported Anthropic tool: the validated input and the binding context. */
// biome-ignore lint/suspicious/noExplicitAny: handlers declare their own input type, as with the SDK's helpers.
export type AnthropicToolHandler = (input: any, context: BindingContext) => unknown;
