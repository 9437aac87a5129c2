// A local stand-in for the OpenAI API: replays recorded responses in order and keeps every
// request body, so tests can assert what the adapter sent. Loopback only, random port.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const fixtures = fileURLToPath(new URL("../fixtures/recorded/", import.meta.url));

/** One recorded exchange: the request it answers and the response to replay. */
export interface Exchange {
  request: { method: string; path: string };
  response: { status: number; body?: unknown; sse?: string };
}

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are read in tests by their wire field names.
  body: any;
  headers: IncomingMessage["headers"];
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>/v1`, for `new OpenAI({ baseURL })`. */
  baseURL: string;
  requests: ReceivedRequest[];
  /** Exchanges not replayed yet. */
  remaining(): number;
  close(): Promise<void>;
}

/** Loads a fixture file (`chat-loop.json`) from test/fixtures/recorded. */
export function loadExchanges(file: string): Exchange[] {
  return JSON.parse(readFileSync(fixtures + file, "utf8")) as Exchange[];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type: "replay_error", param: null, code: null } }));
}

/** Starts a server replaying `exchanges` in order; a request that does not match the next one gets a 400. */
export async function startReplayServer(exchanges: readonly Exchange[]): Promise<ReplayServer> {
  const queue = [...exchanges];
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Kept as text: the assertion on it will show what was sent.
    }
    requests.push({ method: req.method ?? "", path, body, headers: req.headers });
    const next = queue.shift();
    if (!next) return fail(res, 400, `replay: no recorded response left for ${req.method} ${path}`);
    if (next.request.method !== req.method || next.request.path !== path) {
      return fail(
        res,
        400,
        `replay: expected ${next.request.method} ${next.request.path}, got ${req.method} ${path}`,
      );
    }
    if (next.response.sse !== undefined) {
      res.writeHead(next.response.status, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
      });
      res.end(readFileSync(fixtures + next.response.sse, "utf8"));
      return;
    }
    res.writeHead(next.response.status, { "content-type": "application/json" });
    res.end(JSON.stringify(next.response.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    remaining: () => queue.length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
