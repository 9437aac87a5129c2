/**
 * One upstream MCP server: its client connection, its state, its tool list, and the call path
 * every one of its bindings goes through.
 * @module
 */

import { type JsonSchema, UpstreamError } from "@isobind/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type Tool, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type {
  BridgedTool,
  UpstreamServerConfig,
  UpstreamServerState,
  UpstreamServerStatus,
} from "../types.ts";
import { bindingNamesFor } from "./tool-names.ts";
import { type CallToolResultLike, unwrapToolResult } from "./unwrap.ts";

/** Stderr kept per server for error messages, in characters. */
const STDERR_TAIL_CHARS = 2000;

/** Lists every tool of a connected client, following `nextCursor` until the last page. */
export async function listAllTools(client: Client, timeoutMs?: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(
      cursor === undefined ? undefined : { cursor },
      timeoutMs === undefined ? undefined : { timeout: timeoutMs },
    );
    tools.push(...page.tools);
    cursor = page.nextCursor;
    // A server that hands back a cursor it already gave would page forever.
    if (cursor !== undefined) {
      if (seen.has(cursor)) break;
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return tools;
}

/** Maps listed tools to bridged tools with `<server>.<tool>` binding names. */
export function toBridgedTools(server: string, tools: readonly Tool[]): BridgedTool[] {
  const names = bindingNamesFor(
    server,
    tools.map((t) => t.name),
  );
  const out: BridgedTool[] = [];
  for (const tool of tools) {
    const binding = names.get(tool.name);
    if (binding === undefined || out.some((t) => t.binding === binding)) continue;
    const description = tool.description?.trim() || tool.title || tool.annotations?.title;
    out.push({
      binding,
      server,
      tool: tool.name,
      description: description || `Tool "${tool.name}" of the MCP server "${server}".`,
      inputSchema: tool.inputSchema as JsonSchema,
      ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema as JsonSchema }),
      ...(tool.annotations !== undefined && { annotations: { ...tool.annotations } }),
    });
  }
  return out;
}

/** Calls one upstream tool through a client and unwraps the result. */
export async function callUpstreamTool(
  client: Client,
  server: string,
  tool: string,
  input: unknown,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): Promise<unknown> {
  const result = await client.callTool(
    { name: tool, arguments: (input ?? {}) as Record<string, unknown> },
    undefined,
    {
      ...(signal !== undefined && { signal }),
      ...(timeoutMs !== undefined && { timeout: timeoutMs }),
    },
  );
  return unwrapToolResult(result as CallToolResultLike, `${server}.${tool}`);
}

/** Options of one upstream connection. */
export interface UpstreamOptions {
  connectTimeoutMs: number;
  callTimeoutMs: number;
  clientInfo: { name: string; version: string };
  onStderr: (server: string, line: string) => void;
  /** Called when the state or the tool list changed after the initial connect. */
  onChange: () => void;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A connection to one configured upstream server. */
export class Upstream {
  readonly name: string;
  readonly config: UpstreamServerConfig;
  #options: UpstreamOptions;
  #client: Client | undefined;
  #status: UpstreamServerStatus = "failed";
  #error: string | undefined = "not connected yet";
  #tools: BridgedTool[] = [];
  #stderrTail = "";
  #stderrLine = "";
  #closing = false;
  #refreshing: Promise<void> = Promise.resolve();

  constructor(name: string, config: UpstreamServerConfig, options: UpstreamOptions) {
    this.name = name;
    this.config = config;
    this.#options = options;
  }

  get tools(): readonly BridgedTool[] {
    return this.#tools;
  }

  get state(): UpstreamServerState {
    return {
      name: this.name,
      status: this.#status,
      ...(this.#error !== undefined && { error: this.#error }),
      toolCount: this.#tools.length,
    };
  }

  #withStderr(message: string): string {
    const tail = (this.#stderrTail + this.#stderrLine).trim();
    if (tail === "") return message;
    const lines = tail.split("\n").slice(-8).join("\n    ");
    return `${message}\n    stderr: ${lines}`;
  }

  #captureStderr(chunk: Buffer | string): void {
    const text = this.#stderrLine + chunk.toString();
    const lines = text.split("\n");
    this.#stderrLine = lines.pop() ?? "";
    for (const line of lines) {
      this.#stderrTail = `${this.#stderrTail}${line}\n`.slice(-STDERR_TAIL_CHARS);
      this.#options.onStderr(this.name, line);
    }
  }

  #createTransport(): Transport {
    const config = this.config;
    if ("command" in config) {
      const transport = new StdioClientTransport({
        command: config.command,
        ...(config.args !== undefined && { args: config.args }),
        ...(config.env !== undefined && { env: config.env }),
        ...(config.cwd !== undefined && { cwd: config.cwd }),
        stderr: "pipe",
      });
      // The stream exists before start(): attach now so nothing the child prints is lost.
      transport.stderr?.on("data", (chunk: Buffer) => this.#captureStderr(chunk));
      return transport;
    }
    return new StreamableHTTPClientTransport(new URL(config.url), {
      ...(config.headers !== undefined && { requestInit: { headers: config.headers } }),
    });
  }

  /** Connects and lists the tools. Never rejects: a failure is recorded in the state. */
  async connect(): Promise<void> {
    const client = new Client(this.#options.clientInfo, { capabilities: {} });
    const transport = this.#createTransport();
    const where =
      "command" in this.config
        ? `"${[this.config.command, ...(this.config.args ?? [])].join(" ")}"`
        : this.config.url;
    try {
      await client.connect(transport, { timeout: this.#options.connectTimeoutMs });
      const tools = await listAllTools(client, this.#options.connectTimeoutMs);
      this.#tools = toBridgedTools(this.name, tools);
    } catch (error) {
      this.#status = "failed";
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "command not found"
          : describeError(error);
      this.#error = this.#withStderr(`failed to start ${where}: ${reason}`);
      await client.close().catch(() => {});
      return;
    }
    this.#client = client;
    this.#status = "connected";
    this.#error = undefined;
    client.onclose = () => {
      if (this.#closing || this.#status !== "connected") return;
      this.#status = "closed";
      this.#error = this.#withStderr(
        "command" in this.config ? "the server process exited" : "the connection was closed",
      );
      this.#options.onChange();
    };
    if (client.getServerCapabilities()?.tools?.listChanged === true) {
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        this.#refreshing = this.#refreshing.then(() => this.#refresh());
      });
    }
  }

  async #refresh(): Promise<void> {
    const client = this.#client;
    if (client === undefined || this.#status !== "connected") return;
    try {
      this.#tools = toBridgedTools(
        this.name,
        await listAllTools(client, this.#options.connectTimeoutMs),
      );
    } catch (error) {
      // Keep the previous list: the server is still there, only the refresh failed.
      this.#options.onStderr(
        this.name,
        `tools/list after list_changed failed: ${describeError(error)}`,
      );
      return;
    }
    this.#options.onChange();
  }

  /** Waits for refreshes triggered by `tools/list_changed` that are under way. */
  async settled(): Promise<void> {
    await this.#refreshing;
  }

  /** Calls one of this server's tools; every failure becomes an `Error` whose message says what happened. */
  async call(tool: string, input: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    const client = this.#client;
    if (client === undefined || this.#status !== "connected") {
      throw new UpstreamError(
        `MCP server ${this.name}`,
        `MCP server "${this.name}" is not available: ${this.#error ?? this.#status}`,
      );
    }
    try {
      return await callUpstreamTool(
        client,
        this.name,
        tool,
        input,
        signal,
        this.#options.callTimeoutMs,
      );
    } catch (error) {
      // Wait a tick for the transport's close event, so a crash reads as a crash, not a timeout.
      await new Promise((r) => setImmediate(r));
      if (this.#status !== "connected") {
        throw new UpstreamError(
          `MCP server ${this.name}`,
          `MCP server "${this.name}" went away during "${tool}": ${this.#error ?? this.#status}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Closes the connection (and stops a stdio server's process). */
  async close(): Promise<void> {
    this.#closing = true;
    const client = this.#client;
    this.#client = undefined;
    if (this.#status === "connected") {
      this.#status = "closed";
      this.#error = "the bridge was closed";
    }
    await client?.close().catch(() => {});
  }
}
