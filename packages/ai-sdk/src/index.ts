/**
 * `@isobind/ai-sdk`: Code Mode for the Vercel AI SDK. The code tool as an AI SDK tool
 * ({@link toAISdkTool}) and as an AI SDK 7 tool caller ({@link codeModeToolCaller}), and AI
 * SDK tool sets as isobind bindings ({@link bindingsFromToolSet}).
 * @module
 */

export {
  type AISdkApprovalTool,
  type AISdkApprovalToolOptions,
  type CodeCallStore,
  type StoredCodeCall,
  toAISdkApprovalTool,
} from "./approvals.ts";
export {
  type BindingsFromToolSetOptions,
  bindingsFromToolSet,
} from "./bindings-from-tool-set.ts";
export {
  type AISdkCodeTool,
  type AISdkToolOptions,
  type ToolContext,
  toAISdkTool,
} from "./code-mode-tool.ts";
export {
  type CodeModeToolCaller,
  type CodeModeToolCallerOptions,
  codeModeToolCaller,
} from "./tool-caller.ts";
export type {
  CodeModeBindingCall,
  CodeModeCallRef,
  CodeModeProgress,
  CodeModeResult,
  CodeModeRunEventListener,
  CodeModeToolInput,
  CodeModeToolOutput,
} from "./types.ts";
