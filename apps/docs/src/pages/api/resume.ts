/**
 * `POST /api/resume`: resumes a run the playground paused for approval, with the reader's
 * decisions. A refused continuation or decision is HTTP 400 (409 when it was already resumed)
 * with the runtime's message. Rendered on demand (never prerendered).
 */
import type { APIRoute } from "astro";
import {
  MAX_BODY_BYTES,
  parseResumeRequest,
  readCappedText,
} from "../../lib/playground/request.ts";
import { hasCapacity, resumePlayground } from "../../lib/playground/runner.ts";

export const prerender = false;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

/** The runtime's host-misuse errors carry a stable `code`; those are the reader's to fix. */
const REFUSALS: Record<string, number> = {
  INVALID_CONTINUATION: 400,
  INVALID_OPTIONS: 400,
  CONTINUATION_CONSUMED: 409,
};

export const POST: APIRoute = async ({ request }) => {
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return json(415, { errors: ["content-type: must be application/json"] });
  }
  const text = await readCappedText(request.body, MAX_BODY_BYTES);
  if (text === undefined)
    return json(413, { errors: [`body: larger than ${MAX_BODY_BYTES} bytes`] });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return json(400, { errors: [`body: not valid JSON (${(error as Error).message})`] });
  }
  const parsed = parseResumeRequest(body);
  if (!parsed.ok) return json(400, { errors: parsed.errors });
  if (!hasCapacity()) {
    return json(429, { errors: ["the playground is busy running other code; try again shortly"] });
  }
  try {
    return json(200, await resumePlayground(parsed.request, request.signal));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const status = typeof code === "string" ? REFUSALS[code] : undefined;
    if (status) return json(status, { errors: [(error as Error).message] });
    return json(503, { errors: [`the sandbox is unavailable: ${(error as Error).message}`] });
  }
};

export const ALL: APIRoute = () => json(405, { errors: ["method: use POST"] });
