export type { ResumableRuntime } from "./approvals.ts";
export type {
  BindingsFromMcpServersOptions,
  ConnectMcpServersOptions,
  McpBridge,
} from "./bridge.ts";
export { bindingsFromMcpServers, connectMcpServers } from "./bridge.ts";
export type { McpCodeMode, McpCodeModeOptions } from "./code-mode.ts";
export { createMcpCodeMode } from "./code-mode.ts";
export { loadMcpServersConfig, parseMcpServersConfig } from "./config.ts";
export { McpConfigError } from "./errors.ts";
export type { CodeModeServerOptions, CodeToolSource } from "./server.ts";
export { createCodeModeServer, RUN_RESULT_OUTPUT_SCHEMA } from "./server.ts";
export type {
  HttpServing,
  ServeStdioOptions,
  ServeStreamableHttpOptions,
  StatelessRequestOptions,
  StdioServing,
} from "./transports.ts";
export { handleStatelessMcpRequest, serveStdio, serveStreamableHttp } from "./transports.ts";
export type {
  BridgedTool,
  HttpServerConfig,
  McpServersConfig,
  StdioServerConfig,
  ToolAnnotations,
  UpstreamServerConfig,
  UpstreamServerState,
  UpstreamServerStatus,
} from "./types.ts";
