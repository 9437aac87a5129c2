/**
 * `POST /api/run`: runs the playground's guest code on the server and returns the run result
 * with its binding-call timeline. Rendered on demand (never prerendered).
 */
import type { APIRoute } from "astro";
import {
  MAX_BODY_BYTES,
  parsePlaygroundRequest,
  readCappedText,
} from "../../lib/playground/request.ts";
import { hasCapacity, runPlayground } from "../../lib/playground/runner.ts";

export const prerender = false;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

export const POST: APIRoute = async ({ request }) => {
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return json(415, { errors: ["content-type: must be application/json"] });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    return json(413, { errors: [`body: larger than ${MAX_BODY_BYTES} bytes`] });
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
  const parsed = parsePlaygroundRequest(body);
  if (!parsed.ok) return json(400, { errors: parsed.errors });
  if (!hasCapacity()) {
    return json(429, { errors: ["the playground is busy running other code; try again shortly"] });
  }
  try {
    return json(200, await runPlayground(parsed.request, request.signal));
  } catch (error) {
    // Only host-side failures land here (the runtime could not start); guest faults are results.
    return json(503, { errors: [`the sandbox is unavailable: ${(error as Error).message}`] });
  }
};

export const ALL: APIRoute = () => json(405, { errors: ["method: use POST"] });
