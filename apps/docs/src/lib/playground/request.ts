/**
 * The playground endpoint's request: parsed and checked once, every problem reported at once.
 * @module
 */
import type { GuestLanguage } from "@isobind/core";

/** The largest request body the endpoint reads, in bytes. Code itself is capped by the runtime's `maxCodeBytes` (256 KiB); JSON escaping needs the headroom. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The largest `timeoutMs` a request may ask for: the library's default timeout. */
export const MAX_TIMEOUT_MS = 30_000;

/** A valid playground request. */
export interface PlaygroundRequest {
  /** The guest code. */
  code: string;
  /** Its language. @defaultValue "javascript" */
  language: GuestLanguage;
  /** Wall-clock budget; at most {@link MAX_TIMEOUT_MS}. @defaultValue {@link MAX_TIMEOUT_MS} */
  timeoutMs: number;
}

/** The outcome of {@link parsePlaygroundRequest}. */
export type ParsedRequest =
  | { ok: true; request: PlaygroundRequest }
  | { ok: false; errors: string[] };

/** Checks a decoded JSON body. */
export function parsePlaygroundRequest(body: unknown): ParsedRequest {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, errors: ['body: must be a JSON object like {"code": "…"}'] };
  }
  const errors: string[] = [];
  const {
    code,
    language = "javascript",
    timeoutMs = MAX_TIMEOUT_MS,
    ...rest
  } = body as Record<string, unknown>;
  if (typeof code !== "string") errors.push("code: must be a string");
  if (language !== "javascript" && language !== "typescript") {
    errors.push('language: must be "javascript" or "typescript"');
  }
  if (
    typeof timeoutMs !== "number" ||
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 1 ||
    timeoutMs > MAX_TIMEOUT_MS
  ) {
    errors.push(`timeoutMs: must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  for (const key of Object.keys(rest)) errors.push(`${key}: unknown field`);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      code: code as string,
      language: language as GuestLanguage,
      timeoutMs: timeoutMs as number,
    },
  };
}

/**
 * Reads a request body as text, refusing more than `maxBytes` without buffering it.
 * @returns the text, or `undefined` when the body is larger than `maxBytes`.
 */
export async function readCappedText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string | undefined> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A valid resume request: a paused run's continuation and a decision per pending call. */
export interface ResumeRequest {
  continuation: string;
  decisions: Record<string, { approved: true } | { approved: false; reason?: string }>;
  /** Wall-clock budget of the resumed run. @defaultValue {@link MAX_TIMEOUT_MS} */
  timeoutMs: number;
}

/** The outcome of {@link parseResumeRequest}. */
export type ParsedResume = { ok: true; request: ResumeRequest } | { ok: false; errors: string[] };

/**
 * Checks the shape of a resume body. The runtime checks the rest (the continuation's seal and
 * expiry, one decision per pending id) and says what failed.
 */
export function parseResumeRequest(body: unknown): ParsedResume {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, errors: ['body: must be a JSON object like {"continuation": "…"}'] };
  }
  const errors: string[] = [];
  const {
    continuation,
    decisions,
    timeoutMs = MAX_TIMEOUT_MS,
    ...rest
  } = body as Record<string, unknown>;
  if (typeof continuation !== "string") errors.push("continuation: must be a string");
  if (!decisions || typeof decisions !== "object" || Array.isArray(decisions)) {
    errors.push("decisions: must be an object mapping pending ids to { approved }");
  }
  if (
    typeof timeoutMs !== "number" ||
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 1 ||
    timeoutMs > MAX_TIMEOUT_MS
  ) {
    errors.push(`timeoutMs: must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  for (const key of Object.keys(rest)) errors.push(`${key}: unknown field`);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      continuation: continuation as string,
      decisions: decisions as ResumeRequest["decisions"],
      timeoutMs: timeoutMs as number,
    },
  };
}
