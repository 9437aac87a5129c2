// A local stand-in for the Messages API: answers each request with the next recorded response
// (a fixture file in the API's wire format) and keeps the request bodies. The approvals
// example uses it too.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Exchange {
  request: { method: string; path: string };
  response: { status: number; body: unknown };
}

export interface ReplayServer {
  baseURL: string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are read by their wire field names.
  requests: { path: string; body: any }[];
  remaining(): number;
  close(): Promise<void>;
}

export async function startReplayServer(fixture: URL): Promise<ReplayServer> {
  const queue = JSON.parse(readFileSync(fixture, "utf8")) as Exchange[];
  const requests: ReplayServer["requests"] = [];
  const server = createServer(async (req, res) => {
    let text = "";
    for await (const part of req) text += part;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push({ path, body: JSON.parse(text || "null") });
    const next = queue.shift();
    const ok = next && next.request.method === req.method && next.request.path === path;
    res.writeHead(ok ? next.response.status : 400, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        ok
          ? next.response.body
          : {
              type: "error",
              error: {
                type: "invalid_request_error",
                message: `replay: unexpected ${req.method} ${path}`,
              },
            },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    remaining: () => queue.length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
