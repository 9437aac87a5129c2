/**
 * Serving a Code Mode MCP server over stdio and over stateless Streamable HTTP.
 * @module
 */

import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable, Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { routeModernHttp, routeStdio } from "./internal/era-routing.ts";
import { modernTwin } from "./server.ts";

/** A running stdio server. */
export interface StdioServing {
  /** Resolves when the client closed the connection (stdin ended) or {@link StdioServing.close} was called. */
  readonly closed: Promise<void>;
  /** Closes the server and its transport. */
  close(): Promise<void>;
}

/** Options of {@link serveStdio}. */
export interface ServeStdioOptions {
  /** Where requests come from. @defaultValue `process.stdin` */
  stdin?: Readable;
  /** Where responses go: the protocol owns this stream, so log to stderr. @defaultValue `process.stdout` */
  stdout?: Writable;
}

/**
 * Connects `server` to stdin/stdout. Everything written to stdout belongs to the protocol:
 * write logs to stderr only.
 *
 * A server from `createCodeModeServer` serves both protocol eras: the connection's first
 * message decides. A 2025-era opening (`initialize`) is served by `server` exactly as before; a
 * 2026-07-28 opening (`server/discover`, or a request with the per-request `_meta` envelope) by
 * its 2026-07-28 counterpart on the v2 SDK.
 */
export async function serveStdio(
  server: Server,
  options: ServeStdioOptions = {},
): Promise<StdioServing> {
  const twin = modernTwin(server);
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  if (twin !== undefined) {
    return routeStdio(stdin, stdout, twin, (replay) => serveLegacyStdio(server, replay, stdout));
  }
  return serveLegacyStdio(server, stdin, stdout);
}

async function serveLegacyStdio(
  server: Server,
  stdin: Readable,
  stdout: Writable,
): Promise<StdioServing> {
  const transport = new StdioServerTransport(stdin, stdout);
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  const previous = server.onclose;
  server.onclose = () => {
    previous?.();
    resolve();
  };
  // The SDK's stdio transport does not notice the end of stdin; a client hanging up means we are done.
  const onEnd = () => {
    server.close().catch(() => {});
  };
  stdin.once("end", onEnd);
  await server.connect(transport);
  return {
    closed,
    async close() {
      stdin.off("end", onEnd);
      await server.close();
    },
  };
}

function sendJsonRpcError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/** Options of {@link handleStatelessMcpRequest}. */
export interface StatelessRequestOptions {
  /**
   * Accepted `Host` header values (`"127.0.0.1:3000"`), a defence against DNS rebinding for
   * servers bound to a loopback address. Leave unset behind a load balancer that checks hosts.
   * @defaultValue no check
   */
  allowedHosts?: string[];
}

/**
 * Handles one HTTP request in stateless Streamable HTTP mode: a fresh server (from
 * `createServer`) and transport for this request only, closed when the response ends. No
 * session is kept anywhere, so any number of processes can serve behind any load balancer
 * without session affinity. Responses stream as SSE, which carries the run's progress and log
 * notifications. `GET` and `DELETE` (server-initiated streams and session teardown, which need
 * sessions) get `405`.
 *
 * Mount it in any Node HTTP framework:
 * ```ts
 * app.post("/mcp", (req, res) => handleStatelessMcpRequest(() => createCodeModeServer({ tool }), req, res, req.body));
 * ```
 *
 * @param parsedBody - The JSON body when a framework already read it; otherwise it is read here.
 */
export async function handleStatelessMcpRequest(
  createServer: () => Server,
  req: IncomingMessage,
  res: ServerResponse,
  parsedBody?: unknown,
  options: StatelessRequestOptions = {},
): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    sendJsonRpcError(res, 405, "Method not allowed: this stateless MCP endpoint accepts POST only");
    return;
  }
  const server = createServer();
  const twin = modernTwin(server);
  if (twin !== undefined) {
    const routed = await routeModernHttp(twin, req, res, parsedBody, options.allowedHosts);
    if (routed.handled) return;
    parsedBody = routed.body;
  }
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    ...(options.allowedHosts !== undefined && {
      allowedHosts: options.allowedHosts,
      enableDnsRebindingProtection: true,
    }),
  });
  res.on("close", () => {
    transport.close().catch(() => {});
    server.close().catch(() => {});
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, parsedBody);
  } catch (error) {
    if (!res.headersSent)
      sendJsonRpcError(res, 500, `Internal server error: ${(error as Error).message}`);
  }
}

/** Options of {@link serveStreamableHttp}. */
export interface ServeStreamableHttpOptions {
  /** Interface to listen on. @defaultValue "127.0.0.1" */
  host?: string;
  /** TCP port; `0` picks a free one (read it from the returned `url`). @defaultValue 3000 */
  port?: number;
  /** The MCP endpoint's path. @defaultValue "/mcp" */
  path?: string;
  /**
   * Accepted `Host` headers. When the host is a loopback address they default to that address
   * and `localhost` with the port, which blocks DNS-rebinding attacks from web pages.
   * @defaultValue loopback: `["<host>:<port>", "localhost:<port>"]`; otherwise no check
   */
  allowedHosts?: string[];
}

/** A running Streamable HTTP server. */
export interface HttpServing {
  /** The endpoint's URL (`http://127.0.0.1:3000/mcp`). */
  readonly url: URL;
  /** The Node HTTP server. */
  readonly httpServer: HttpServer;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

/**
 * Listens for MCP over Streamable HTTP in stateless mode (see {@link handleStatelessMcpRequest}):
 * `createServer` is called once per request, so pass a function that builds a server over
 * shared state, for example `() => createCodeModeServer({ tool: codeMode })`.
 */
export async function serveStreamableHttp(
  createServer: () => Server,
  options: ServeStreamableHttpOptions = {},
): Promise<HttpServing> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  let allowedHosts = options.allowedHosts;
  const httpServer = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://placeholder");
    if (url.pathname !== path) {
      sendJsonRpcError(res, 404, `Not found: the MCP endpoint is ${path}`);
      return;
    }
    void handleStatelessMcpRequest(createServer, req, res, undefined, {
      ...(allowedHosts !== undefined && { allowedHosts }),
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 3000, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const hostPart = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  if (allowedHosts === undefined && isLoopback(host)) {
    allowedHosts = [`${hostPart}:${port}`, `localhost:${port}`];
  }
  return {
    url: new URL(`http://${hostPart}:${port}${path}`),
    httpServer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.close((error) => (error ? reject(error) : resolve()));
        httpServer.closeAllConnections();
      }),
  };
}
