/**
 * `POST /api/resume`: resumes a run the playground paused for approval, with the reader's
 * decisions. A refused continuation or decision is HTTP 400 (409 when it was already resumed)
 * with the runtime's message. Rendered on demand (never prerendered).
 */
import type { APIRoute } from "astro";
import { jsonResponse as json, readJsonBody } from "../../lib/playground/http.ts";
import { parseResumeRequest } from "../../lib/playground/request.ts";
import { hasCapacity, resumePlayground } from "../../lib/playground/runner.ts";

export const prerender = false;

/** The runtime's host-misuse errors carry a stable `code`; those are the reader's to fix. */
const REFUSALS: Record<string, number> = {
  INVALID_CONTINUATION: 400,
  INVALID_OPTIONS: 400,
  CONTINUATION_CONSUMED: 409,
};

export const POST: APIRoute = async ({ request }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = parseResumeRequest(read.body);
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
