/**
 * Which protocol era serves a connection (stdio) or a request (HTTP). 2025-era traffic goes to
 * the v1 SDK server exactly as before; 2026-07-28 traffic to the v2 SDK server. The decision is
 * the v2 SDK's own classifier (`classifyInboundRequest`), so both sides agree on what "modern"
 * means.
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { PassThrough, Readable, type Writable } from "node:stream";
import { classifyInboundRequest, createMcpHandler } from "@modelcontextprotocol/server";
import {
  StdioServerTransport,
  serveStdio as serveModernStdio,
} from "@modelcontextprotocol/server/stdio";
import type { ModernServer } from "../modern.ts";

/** A running stdio server (the same shape as `StdioServing`, without importing it: no cycle). */
interface Serving {
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Whether one parsed JSON-RPC message opens (or belongs to) the 2026-07-28 era. */
function isModern(message: unknown, headers: Partial<Record<string, string>> = {}): boolean {
  const route = classifyInboundRequest({
    httpMethod: "POST",
    body: message,
    ...(headers.version !== undefined && { protocolVersionHeader: headers.version }),
    ...(headers.method !== undefined && { mcpMethodHeader: headers.method }),
    ...(headers.name !== undefined && { mcpNameHeader: headers.name }),
  });
  return route.kind === "modern";
}

/** Parses the first line of a stdio stream; `undefined` when it is not JSON. */
function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Reads stdin up to its first newline, then hands a stream that replays everything (the first
 * line included) to the era the first message selects. Returns at once: the client may not have
 * written anything yet.
 */
export function routeStdio(
  stdin: Readable,
  stdout: Writable,
  modern: () => ModernServer,
  legacy: (replay: Readable) => Promise<Serving>,
): Promise<Serving> {
  const replay = new PassThrough();
  const chunks: Buffer[] = [];
  const { promise: first, resolve } = Promise.withResolvers<unknown>();
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    const all = Buffer.concat(chunks);
    const newline = all.indexOf(10);
    if (newline < 0) return;
    stop();
    replay.write(all);
    stdin.pipe(replay);
    resolve(parseLine(all.subarray(0, newline)));
  };
  const onEnd = () => {
    stop();
    replay.end(Buffer.concat(chunks));
    resolve(undefined);
  };
  const stop = () => {
    stdin.off("data", onData);
    stdin.off("end", onEnd);
    stdin.pause();
  };
  stdin.on("data", onData);
  stdin.once("end", onEnd);

  const { promise: closed, resolve: onClosed } = Promise.withResolvers<void>();
  let closing = false;
  const serving = first.then(async (message): Promise<Serving> => {
    if (closing) return { closed: Promise.resolve(), close: async () => {} };
    if (!isModern(message)) {
      const served = await legacy(replay);
      void served.closed.then(onClosed);
      return served;
    }
    const handle = serveModernStdio(() => modern(), {
      legacy: "reject",
      transport: new StdioServerTransport(replay, stdout),
    });
    const close = async () => {
      await handle.close();
      onClosed();
    };
    replay.once("end", () => void close());
    return { closed, close };
  });
  return Promise.resolve({
    closed,
    async close() {
      closing = true;
      stop();
      resolve(undefined);
      await (await serving).close();
      onClosed();
    },
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The largest request body read here, as the SDKs' own transports allow (4 MiB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The body as text, or `undefined` when it is larger than {@link MAX_BODY_BYTES}. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

/**
 * Serves the request on the 2026-07-28 server when it is 2026-07-28 traffic (`handled: true`);
 * otherwise returns the parsed body for the 2025-era path. The body is read here either way,
 * since only its content tells the eras apart.
 */
export async function routeModernHttp(
  modern: () => ModernServer,
  req: IncomingMessage,
  res: ServerResponse,
  parsedBody: unknown,
  allowedHosts: readonly string[] | undefined,
): Promise<{ handled: true } | { handled: false; body: unknown }> {
  let body = parsedBody;
  if (body === undefined) {
    const text = await readBody(req);
    if (text === undefined) {
      // The rest of the body is still coming: close the connection rather than read it.
      res.setHeader("connection", "close");
      const socket = req.socket;
      res.once("finish", () => socket?.destroy());
      sendJson(res, 413, -32600, `Request body over ${MAX_BODY_BYTES} bytes`);
      return { handled: true };
    }
    try {
      body = JSON.parse(text);
    } catch {
      sendJson(res, 400, -32700, "Parse error: the request body is not JSON");
      return { handled: true };
    }
  }
  const modernRequest = isModern(body, {
    ...(header(req, "mcp-protocol-version") !== undefined && {
      version: header(req, "mcp-protocol-version"),
    }),
    ...(header(req, "mcp-method") !== undefined && { method: header(req, "mcp-method") }),
    ...(header(req, "mcp-name") !== undefined && { name: header(req, "mcp-name") }),
  });
  if (!modernRequest) return { handled: false, body };
  if (allowedHosts !== undefined && !allowedHosts.includes(header(req, "host") ?? "")) {
    sendJson(res, 403, -32000, `Invalid Host header: ${header(req, "host") ?? "(none)"}`);
    return { handled: true };
  }
  await serveModernRequest(modern, req, res, body);
  return { handled: true };
}

async function serveModernRequest(
  modern: () => ModernServer,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const aborted = new AbortController();
  res.once("close", () => aborted.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "content-length" || name === "transfer-encoding") continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const request = new Request(`http://${header(req, "host") ?? "localhost"}${req.url ?? "/"}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: aborted.signal,
  });
  const handler = createMcpHandler(() => modern(), { legacy: "reject" });
  try {
    const response = await handler.fetch(request, { parsedBody: body });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body === null) {
      res.end();
      return;
    }
    const stream = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    await new Promise<void>((resolve) => {
      stream.on("error", () => resolve());
      res.once("close", resolve);
      stream.pipe(res);
    });
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, -32603, `Internal server error: ${String(error)}`);
    else res.end();
  } finally {
    await handler.close().catch(() => {});
  }
}
