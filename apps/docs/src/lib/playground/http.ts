/**
 * What the playground's API routes (`/api/run`, `/api/resume`) share: JSON responses that are
 * never cached, and reading a JSON request body with its refusals (415 not JSON, 413 too large,
 * 400 not parseable), so both routes refuse the same things the same way.
 * @module
 */
import { MAX_BODY_BYTES, readCappedText } from "./request.ts";

/** A JSON response that is never cached. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * The request's JSON body, or the response that refuses it: 415 when it is not sent as JSON,
 * 413 when it declares or streams more than {@link MAX_BODY_BYTES} (read without buffering
 * more), 400 when it does not parse. Each refusal says what was wrong in `errors`.
 */
export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const refuse = (status: number, error: string) => ({
    ok: false as const,
    response: jsonResponse(status, { errors: [error] }),
  });
  if (!request.headers.get("content-type")?.startsWith("application/json")) {
    return refuse(415, "content-type: must be application/json");
  }
  const tooLarge = `body: larger than ${MAX_BODY_BYTES} bytes`;
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) {
    return refuse(413, tooLarge);
  }
  const text = await readCappedText(request.body, MAX_BODY_BYTES);
  if (text === undefined) return refuse(413, tooLarge);
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    return refuse(400, `body: not valid JSON (${(error as Error).message})`);
  }
}
