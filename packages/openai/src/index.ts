export {
  type BindingsFromOpenAIToolsOptions,
  bindingsFromOpenAITools,
  type OpenAIFunctionToolDefinition,
  type OpenAIToolHandler,
  type OpenAIToolWithHandler,
} from "./bindings-from-openai-tools.ts";
export {
  type ChatCompletionsClient,
  type ChatLoopOptions,
  type ChatLoopParams,
  type ChatLoopResult,
  type ChatLoopResumeOptions,
  resumeChatCompletionsLoop,
  runChatCompletionsLoop,
} from "./chat-loop.ts";
export {
  handleChatToolCalls,
  handleResponsesToolCalls,
  resumeChatToolCalls,
  resumeResponsesToolCalls,
  runChatToolCalls,
  runResponsesToolCalls,
} from "./handle-tool-calls.ts";
export {
  type ResponsesClient,
  type ResponsesLoopOptions,
  type ResponsesLoopParams,
  type ResponsesLoopResult,
  type ResponsesLoopResumeOptions,
  resumeResponsesLoop,
  runResponsesLoop,
} from "./responses-loop.ts";
export {
  type CodeToolRunnerFunction,
  type RunnableCodeTool,
  type SdkRunnerToolOptions,
  toResponsesRunnerFunction,
  toRunnableTool,
} from "./sdk-runners.ts";
export {
  OPENAI_TOOL_NAME_PATTERN,
  toChatCompletionTool,
  toResponsesTool,
} from "./tool-definitions.ts";
export type {
  FunctionToolContext,
  FunctionToolHandler,
  ResponsesToolOutputItem,
  ToolApprovalDecisions,
  ToolApprovalRequest,
  ToolCallHandlerOptions,
  ToolCallOutcome,
  ToolCallRef,
  ToolCallsStep,
} from "./types.ts";
