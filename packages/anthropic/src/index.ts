/**
 * `@isobind/anthropic`: Code Mode for the Anthropic Messages API. The code tool as a Messages
 * API tool ({@link toAnthropicTool}) and a tool-runner tool ({@link toRunnableTool}), a
 * handler for hand-written loops ({@link handleToolUses}), and Anthropic tools as isobind
 * bindings ({@link bindingsFromAnthropicTools}).
 * @module
 */

export {
  resumeToolUses,
  runToolUses,
  type ToolUseApprovalRequest,
  type ToolUsesStep,
} from "./approvals.ts";
export {
  type AnthropicToolDefinition,
  type BindingsFromAnthropicToolsOptions,
  bindingsFromAnthropicTools,
} from "./bindings-from-anthropic-tools.ts";
export {
  type AssistantContent,
  handleToolUses,
  type ToolUseBlockLike,
} from "./handle-tool-uses.ts";
export {
  ANTHROPIC_TOOL_NAME_PATTERN,
  type AnthropicToolFields,
  type AnthropicToolOptions,
  type RunnableCodeToolOptions,
  toAnthropicTool,
  toRunnableTool,
} from "./tool-definitions.ts";
export type {
  AnthropicToolHandler,
  CodeToolInput,
  HandleToolUsesOptions,
  RunEventListener,
  ToolHandlerContext,
  ToolResultListener,
  ToolUseHandler,
  ToolUseOutcome,
  ToolUseRef,
} from "./types.ts";
