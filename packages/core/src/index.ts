export { MemoryContinuationStore } from "./approvals/store.ts";
export type {
  ApprovalDecidedEvent,
  ApprovalDecision,
  ApprovalNeed,
  ApprovalPolicyRequest,
  ApprovalRequest,
  ApprovalRequestedEvent,
  BindingReplayedEvent,
  ContinuationStore,
  PendingApproval,
} from "./approvals/types.ts";
export {
  BINDING_NAME_PATTERN,
  buildNameMap,
  MAX_BINDING_NAME_LENGTH,
  type NameMapEntry,
  type NameMapIssue,
  toJsIdentifier,
  toJsPath,
} from "./bindings/names.ts";
export {
  type CodeToolRuntime,
  createCodeTool,
  DEFAULT_DISCOVERY_THRESHOLD,
  DEFAULT_DISCOVERY_TOKEN_BUDGET,
} from "./code-tool/code-tool.ts";
export {
  type DeclarationOptions,
  declareBinding,
  generateDeclarations,
  outlineBinding,
} from "./code-tool/declarations.ts";
export { type BindingIndex, createBindingIndex, type SearchHit } from "./code-tool/discovery.ts";
export { type FormatResultOptions, formatRunResult } from "./code-tool/format-result.ts";
export { type NormalizedCode, normalizeCode } from "./code-tool/normalize.ts";
export { pruneUnusedDefs } from "./code-tool/prune-schema.ts";
export { estimateTokens } from "./code-tool/token-estimate.ts";
export {
  type BindingErrorCode,
  ERROR_CODES,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorCodeKind,
  type ExitCode,
  type IsobindErrorCode,
  type RunErrorCode,
  type ToolCallErrorCode,
} from "./error-codes.ts";
export {
  type ContinuationCheck,
  type ContinuationConsumedDetails,
  ContinuationConsumedError,
  type InvalidContinuationDetails,
  InvalidContinuationError,
  type InvalidOptionsDetails,
  InvalidOptionsError,
  IsobindError,
  type IsobindErrorInit,
  type OptionIssue,
  type RuntimeDisposedDetails,
  RuntimeDisposedError,
  type SandboxUnavailableDetails,
  SandboxUnavailableError,
  UpstreamError,
  type UpstreamErrorDetails,
} from "./errors.ts";
export { NodeRuntime } from "./runtime/node-runtime.ts";
export { DEFAULT_LIMITS } from "./runtime/options.ts";
export type {
  ApprovalOptions,
  Approver,
  BindingContext,
  BindingDefinition,
  BindingEndEvent,
  BindingInfo,
  BindingRequest,
  BindingStartEvent,
  Bindings,
  CodeTool,
  CodeToolExecuteOptions,
  CodeToolInputSchema,
  CodeToolMode,
  CodeToolOptions,
  CodeToolResult,
  CodeToolResumeOptions,
  CompletedRunResult,
  ConsoleEvent,
  GuestLanguage,
  IsolationMode,
  JsonSchema,
  JsonValue,
  Limits,
  PausedRunResult,
  Permissions,
  PoolOptions,
  ResumeOptions,
  RunError,
  RunEvent,
  RunOptions,
  RunResult,
  RunResultBase,
  RunStats,
  RuntimeOptions,
  TelemetryMeterProvider,
  TelemetryOptions,
  TelemetryTracerProvider,
} from "./types.ts";
