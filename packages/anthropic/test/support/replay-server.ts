// A local stand-in for the Messages API: replays scripted responses in order (JSON, or SSE for
// `stream: true` requests) and keeps every request body, so tests can assert what the client
// sent. Loopback only, random port.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A scripted assistant turn: tool calls (`{ name, input }`) and/or text. */
export interface Turn {
  text?: string;
  toolUses?: { name: string; input: unknown }[];
}

/** A request the server received. */
export interface ReceivedRequest {
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are read in tests by their wire field names.
  body: any;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>`, for `new Anthropic({ baseURL })`. */
  baseURL: string;
  requests: ReceivedRequest[];
  /** Turns not replayed yet. */
  remaining(): number;
  close(): Promise<void>;
}

let ids = 0;

/** The Message a turn becomes, as the API returns it. */
export function messageFor(turn: Turn) {
  const content: unknown[] = [];
  if (turn.text !== undefined) content.push({ type: "text", text: turn.text, citations: null });
  for (const use of turn.toolUses ?? []) {
    content.push({
      type: "tool_use",
      id: `toolu_${++ids}`,
      name: use.name,
      input: use.input,
      caller: { type: "direct" },
    });
  }
  return {
    id: `msg_${++ids}`,
    type: "message",
    role: "assistant",
    model: "claude-test",
    content,
    stop_reason: turn.toolUses?.length ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** The same Message as a Messages API event stream; tool input arrives in two JSON fragments. */
export function sseFor(message: ReturnType<typeof messageFor>): string {
  let out = event("message_start", {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  message.content.forEach((block, index) => {
    const b = block as { type: string; text?: string; input?: unknown };
    if (b.type === "text") {
      out += event("content_block_start", { index, content_block: { ...b, text: "" } });
      out += event("content_block_delta", { index, delta: { type: "text_delta", text: b.text } });
    } else {
      const json = JSON.stringify(b.input);
      const cut = Math.floor(json.length / 2);
      out += event("content_block_start", { index, content_block: { ...b, input: {} } });
      for (const part of [json.slice(0, cut), json.slice(cut)])
        out += event("content_block_delta", {
          index,
          delta: { type: "input_json_delta", partial_json: part },
        });
    }
    out += event("content_block_stop", { index });
  });
  out += event("message_delta", {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  return out + event("message_stop", {});
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** Starts a server answering each `POST /v1/messages` with the next turn; anything else gets a 400. */
export async function startReplayServer(turns: readonly Turn[]): Promise<ReplayServer> {
  const queue = [...turns];
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const body: unknown = text ? JSON.parse(text) : undefined;
    requests.push({ path, body });
    const next = queue.shift();
    if (req.method !== "POST" || path !== "/v1/messages" || next === undefined) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          error: {
            type: "invalid_request_error",
            message: `replay: unexpected ${req.method} ${path}`,
          },
        }),
      );
      return;
    }
    const message = messageFor(next);
    if ((body as { stream?: unknown } | undefined)?.stream === true) {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
      });
      res.end(sseFor(message));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    remaining: () => queue.length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
