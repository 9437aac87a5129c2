export {
  type CodeToolRuntime,
  createCodeTool,
  DEFAULT_DISCOVERY_THRESHOLD,
} from "./code-tool.ts";
export {
  type DeclarationOptions,
  declareBinding,
  generateDeclarations,
} from "./declarations.ts";
export { type BindingIndex, createBindingIndex, type SearchHit } from "./discovery.ts";
export {
  InvalidOptionsError,
  IsobindError,
  type IsobindErrorCode,
  type OptionIssue,
  RuntimeDisposedError,
  SandboxUnavailableError,
} from "./errors.ts";
export { type FormatResultOptions, formatRunResult } from "./format-result.ts";
export { DEFAULT_LIMITS } from "./internal/options.ts";
export {
  BINDING_NAME_PATTERN,
  buildNameMap,
  MAX_BINDING_NAME_LENGTH,
  type NameMapEntry,
  type NameMapIssue,
  toJsIdentifier,
  toJsPath,
} from "./names.ts";
export { type NormalizedCode, normalizeCode } from "./normalize.ts";
export { NodeRuntime } from "./runtime.ts";
export type {
  BindingContext,
  BindingDefinition,
  BindingEndEvent,
  BindingErrorCode,
  BindingInfo,
  BindingRequest,
  BindingStartEvent,
  Bindings,
  CodeTool,
  CodeToolExecuteOptions,
  CodeToolInputSchema,
  CodeToolOptions,
  CodeToolResult,
  ConsoleEvent,
  ExitCode,
  GuestLanguage,
  IsolationMode,
  JsonSchema,
  JsonValue,
  Limits,
  Permissions,
  RunError,
  RunErrorCode,
  RunEvent,
  RunOptions,
  RunResult,
  RunStats,
  RuntimeOptions,
} from "./types.ts";
