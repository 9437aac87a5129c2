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
} from "./code-tool/code-tool.ts";
export {
  type DeclarationOptions,
  declareBinding,
  generateDeclarations,
} from "./code-tool/declarations.ts";
export { type BindingIndex, createBindingIndex, type SearchHit } from "./code-tool/discovery.ts";
export { type FormatResultOptions, formatRunResult } from "./code-tool/format-result.ts";
export { type NormalizedCode, normalizeCode } from "./code-tool/normalize.ts";
export {
  InvalidOptionsError,
  IsobindError,
  type IsobindErrorCode,
  type OptionIssue,
  RuntimeDisposedError,
  SandboxUnavailableError,
} from "./errors.ts";
export { NodeRuntime } from "./runtime/node-runtime.ts";
export { DEFAULT_LIMITS } from "./runtime/options.ts";
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
  PoolOptions,
  RunError,
  RunErrorCode,
  RunEvent,
  RunOptions,
  RunResult,
  RunStats,
  RuntimeOptions,
} from "./types.ts";
