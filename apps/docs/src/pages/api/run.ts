/**
 * `POST /api/run`: runs the playground's guest code on the server and returns the run result
 * with its binding-call timeline. Rendered on demand (never prerendered).
 */
import type { APIRoute } from "astro";
import { jsonResponse as json, readJsonBody } from "../../lib/playground/http.ts";
import { parsePlaygroundRequest } from "../../lib/playground/request.ts";
import { hasCapacity, runPlayground } from "../../lib/playground/runner.ts";

export const prerender = false;

export const POST: APIRoute = async ({ request }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = parsePlaygroundRequest(read.body);
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
