/**
 * The bridge: upstream MCP servers become `@isobind/core` bindings named `<server>.<tool>`.
 * @module
 */

import { type BindingDefinition, type Bindings, InvalidOptionsError } from "@isobind/core";
import { TOOL_NAME_PATTERN, TOOL_NAME_RULE } from "@isobind/core/internal";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { callUpstreamTool, listAllTools, toBridgedTools, Upstream } from "./internal/upstream.ts";
import type { BridgedTool, McpServersConfig, UpstreamServerState } from "./types.ts";

/** Options of {@link connectMcpServers}. */
export interface ConnectMcpServersOptions {
  /**
   * How long one server may take to start, answer `initialize` and list its tools, in
   * milliseconds. A server that takes longer is reported as failed; the others still connect.
   * @defaultValue 30000
   */
  connectTimeoutMs?: number;
  /**
   * How long one upstream `tools/call` may take, in milliseconds. The run's own deadline and
   * cancellation apply as well (the run's signal is passed to every call).
   * @defaultValue 60000
   */
  callTimeoutMs?: number;
  /**
   * Receives every line an upstream stdio server writes to its stderr.
   * @defaultValue writes the line to `process.stderr` as `[server] line`
   */
  onStderr?: (server: string, line: string) => void;
  /** The client name and version the bridge announces upstream. @defaultValue `{ name: "isobind-mcp", version: "0.0.0" }` */
  clientInfo?: { name: string; version: string };
}

/**
 * Live connections to a set of upstream MCP servers and their tools as bindings. Servers that
 * failed to start are listed in {@link McpBridge.servers} with the reason and contribute no
 * bindings; the others work normally.
 */
export interface McpBridge extends AsyncDisposable {
  /** Every configured server with its status and, when it failed or closed, why. */
  readonly servers: readonly UpstreamServerState[];
  /** Every tool of every connected (or since closed) server, with its binding name. */
  readonly tools: readonly BridgedTool[];
  /**
   * The tools as bindings for `NodeRuntime.create({ bindings })`. A new object after every
   * change. Each handler calls the upstream tool with the run's signal; a closed server's
   * bindings stay and fail with a message saying the server went away.
   */
  readonly bindings: Bindings;
  /**
   * Calls `listener` after the tool list changed (an upstream sent `tools/list_changed`) or a
   * server closed. Bindings are fixed when a runtime is created, so a listener typically
   * creates a new runtime from {@link McpBridge.bindings}; `createMcpCodeMode` does exactly that.
   * @returns a function that removes the listener.
   */
  subscribe(listener: () => void): () => void;
  /** Closes every connection and stops every stdio server process. Idempotent. */
  close(): Promise<void>;
}

function bindingFor(
  tool: BridgedTool,
  call: (input: unknown, signal: AbortSignal) => Promise<unknown>,
): BindingDefinition<never, unknown> {
  return {
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema }),
    handler: (input: never, ctx) => call(input, ctx.signal),
  };
}

/**
 * Connects to every server of a Claude-Desktop-style configuration at once, lists their tools
 * (every page) and returns them as bindings. Never rejects because a server failed: see
 * {@link McpBridge.servers}.
 *
 * @example
 * ```ts
 * const bridge = await connectMcpServers(await loadMcpServersConfig("servers.json"));
 * for (const s of bridge.servers) if (s.status !== "connected") console.error(s.name, s.error);
 * await using rt = await NodeRuntime.create({ bindings: bridge.bindings });
 * ```
 */
export async function connectMcpServers(
  config: McpServersConfig,
  options: ConnectMcpServersOptions = {},
): Promise<McpBridge> {
  const listeners = new Set<() => void>();
  let bindings: Bindings = {};
  let closed = false;
  const upstreams: Upstream[] = [];
  const rebuild = () => {
    const next: Bindings = {};
    for (const upstream of upstreams) {
      for (const tool of upstream.tools) {
        next[tool.binding] = bindingFor(tool, (input, signal) =>
          upstream.call(tool.tool, input, signal),
        );
      }
    }
    bindings = next;
  };
  const upstreamOptions = {
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    callTimeoutMs: options.callTimeoutMs ?? 60_000,
    clientInfo: options.clientInfo ?? { name: "isobind-mcp", version: "0.0.0" },
    onStderr: options.onStderr ?? ((server, line) => process.stderr.write(`[${server}] ${line}\n`)),
    onChange: () => {
      if (closed) return;
      rebuild();
      for (const listener of listeners) listener();
    },
  };
  for (const [name, server] of Object.entries(config.mcpServers)) {
    upstreams.push(new Upstream(name, server, upstreamOptions));
  }
  await Promise.all(upstreams.map((u) => u.connect()));
  rebuild();

  const close = async () => {
    if (closed) return;
    closed = true;
    listeners.clear();
    await Promise.all(upstreams.map((u) => u.close()));
  };
  return {
    get servers() {
      return upstreams.map((u) => u.state);
    },
    get tools() {
      return upstreams.flatMap((u) => u.tools);
    },
    get bindings() {
      return bindings;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Options of {@link bindingsFromMcpServers}. */
export interface BindingsFromMcpServersOptions {
  /** How long one upstream `tools/call` may take, in milliseconds. @defaultValue 60000 */
  callTimeoutMs?: number;
}

/**
 * Turns MCP clients you connected yourself (any transport, `InMemoryTransport` included) into
 * bindings `<server>.<tool>`, listing every page of each server's tools once. You keep owning
 * the clients: close them after the runtime is disposed. For config files, reconnection
 * reporting and `tools/list_changed`, use {@link connectMcpServers}.
 *
 * @param clients - Connected clients by server name (letters, digits, `_`, `-`).
 */
export async function bindingsFromMcpServers(
  clients: Record<string, Client>,
  options: BindingsFromMcpServersOptions = {},
): Promise<{ bindings: Bindings; tools: BridgedTool[] }> {
  const timeout = options.callTimeoutMs ?? 60_000;
  const entries = await Promise.all(
    Object.entries(clients).map(async ([server, client]) => {
      if (!TOOL_NAME_PATTERN.test(server)) {
        throw new InvalidOptionsError("bindingsFromMcpServers", [
          { path: `clients.${server}`, message: `server names must be ${TOOL_NAME_RULE}` },
        ]);
      }
      return { server, client, tools: toBridgedTools(server, await listAllTools(client)) };
    }),
  );
  const bindings: Bindings = {};
  const tools: BridgedTool[] = [];
  for (const { server, client, tools: list } of entries) {
    for (const tool of list) {
      tools.push(tool);
      bindings[tool.binding] = bindingFor(tool, (input, signal) =>
        callUpstreamTool(client, server, tool.tool, input, signal, timeout),
      );
    }
  }
  return { bindings, tools };
}
