/**
 * Public types of `@isobind/mcp`: the upstream server configuration and the bridge's view of it.
 * @module
 */

import type { JsonSchema } from "@isobind/core";

/** An upstream MCP server started as a child process and spoken to over stdio. */
export interface StdioServerConfig {
  /** The executable, looked up on `PATH` (`"npx"`, `"node"`, `"uvx"`, an absolute path). */
  command: string;
  /** Its arguments. @defaultValue `[]` */
  args?: string[];
  /**
   * Extra environment variables. The child always gets the MCP SDK's safe allow-list of the
   * parent's variables (`HOME`, `PATH`, `USER`, …); these are added on top. Secrets the server
   * needs (API tokens) must be listed here: nothing else of the parent's environment leaks.
   * @defaultValue `{}`
   */
  env?: Record<string, string>;
  /** Working directory of the child. @defaultValue the current directory */
  cwd?: string;
}

/** An upstream MCP server reached over Streamable HTTP. */
export interface HttpServerConfig {
  /** The MCP endpoint, for example `"https://mcp.example.com/mcp"`. */
  url: string;
  /** Extra HTTP headers sent with every request (for example `Authorization`). @defaultValue `{}` */
  headers?: Record<string, string>;
}

/** One upstream MCP server: a command to spawn, or a URL. */
export type UpstreamServerConfig = StdioServerConfig | HttpServerConfig;

/**
 * The Claude-Desktop-style configuration file: `{ "mcpServers": { name: server } }`. Server
 * names become the first segment of every binding name (`memory.create_entities`), so they
 * may contain letters, digits, `_` and `-` only.
 */
export interface McpServersConfig {
  /** The upstream servers, by name. */
  mcpServers: Record<string, UpstreamServerConfig>;
  /**
   * Upstream tools that need a person's approval before they run, as patterns over binding
   * names: `"filesystem.write_file"`, `"memory.delete_*"`, `"github.*"` (`*` matches any
   * characters). The server part must match a server in `mcpServers`.
   * @defaultValue `[]`: no tool needs approval
   */
  approval?: string[];
}

/** MCP tool annotations, as the upstream server declared them (all hints, none enforced). */
export interface ToolAnnotations {
  /** A human-readable title. */
  title?: string;
  /** The tool does not modify its environment. */
  readOnlyHint?: boolean;
  /** The tool may perform destructive updates. */
  destructiveHint?: boolean;
  /** Calling it again with the same arguments has no additional effect. */
  idempotentHint?: boolean;
  /** The tool interacts with an open world of external entities. */
  openWorldHint?: boolean;
}

/** One upstream tool registered as a binding. */
export interface BridgedTool {
  /** The binding name the guest calls (`memory.create_entities`, `everything.get-sum`). */
  readonly binding: string;
  /** The upstream server's name (the config key). */
  readonly server: string;
  /** The tool's original name on the upstream server, used for `tools/call`. */
  readonly tool: string;
  /** The tool's description. */
  readonly description: string;
  /** The tool's input JSON Schema, as the upstream listed it. */
  readonly inputSchema: JsonSchema;
  /** The tool's output JSON Schema, when the upstream declared one. */
  readonly outputSchema?: JsonSchema;
  /** The tool's annotations, when the upstream declared any. */
  readonly annotations?: ToolAnnotations;
}

/** Where one upstream server stands. */
export type UpstreamServerStatus = "connected" | "failed" | "closed";

/** The state of one upstream server. */
export interface UpstreamServerState {
  /** The server's name (the config key). */
  readonly name: string;
  /**
   * `"connected"`: its tools are bindings. `"failed"`: it could not be started or listed; it has
   * no bindings. `"closed"`: it was connected but went away (process exited, connection lost);
   * its bindings stay registered and fail with a `HANDLER_ERROR` that says so.
   */
  readonly status: UpstreamServerStatus;
  /** Why it failed or closed, with the tail of its stderr when there is one. */
  readonly error?: string;
  /** How many tools it contributes. */
  readonly toolCount: number;
}
