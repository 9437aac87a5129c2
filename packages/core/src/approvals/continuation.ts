/**
 * Continuations: a paused run's whole state as one opaque string, so that any process with the
 * same secret and bindings can resume it and no server-side storage is needed.
 *
 * Format `ibc1.<base64url(kid ‖ iv ‖ ciphertext ‖ gcmTag ‖ hmac)>`:
 * - the state is JSON, deflated, then encrypted with AES-256-GCM: recorded tool results, the code
 *   and the inputs are not readable by whoever holds the string (a browser, a model);
 * - HMAC-SHA256 over `ibc1.` and everything before the MAC authenticates it (encrypt-then-MAC);
 * - `kid` (8 bytes derived from the key) tells "made with another secret" from "tampered";
 * - the three keys come from the secret through HKDF-SHA256, one per purpose.
 * Checks run in this order, and the first that fails names itself: format, version, size,
 * secret, signature, then (inside) expiry and binding set.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { InvalidContinuationError } from "../errors.ts";
import type { ResolvedLimits } from "../runtime/options.ts";
import type { ClockJournal, LogEntry } from "../sandbox/protocol.ts";
import type { GuestLanguage, JsonSchema } from "../types.ts";

const PREFIX = "ibc1.";
const KID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAC_BYTES = 32;
/** Inflating more than this is refused: a sealed deflate bomb would still need the key. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

/** Everything a paused run needs to resume, as sealed in its continuation. */
export interface ContinuationState {
  /** Unique id, consumed once through the store. */
  id: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
  /** Hash of the binding set it was made with. */
  bindings: string;
  /** 1 for the first pause, 2 after one resume, … */
  round: number;
  code: string;
  language: GuestLanguage;
  limits: ResolvedLimits;
  seed: number[];
  entries: LogEntry[];
  /** Every call sent before the pause: callId, name, input JSON. */
  calls: [number, string, string][];
  /** Results that had not reached the guest at the pause: callId, ok, payload. */
  held: [number, 0 | 1, string][];
  /** Calls waiting for a decision: id, callId, name, input JSON, reason ("" for none). */
  pending: [string, number, string, string, string][];
  clock: ClockJournal;
  timers: [number, number][];
}

/** The keys of one secret. */
export interface ContinuationKeys {
  kid: Buffer;
  enc: Buffer;
  mac: Buffer;
}

let processKey: Buffer | undefined;

/** Derives the keys from a secret, or from a random key made once per process without one. */
export function deriveKeys(secret: string | Uint8Array | undefined): ContinuationKeys {
  processKey ??= randomBytes(32);
  const ikm = secret === undefined ? processKey : Buffer.from(secret);
  const derive = (info: string, bytes: number) =>
    Buffer.from(hkdfSync("sha256", ikm, "isobind-continuation-v1", info, bytes));
  return { kid: derive("kid", KID_BYTES), enc: derive("enc", 32), mac: derive("mac", 32) };
}

/** Hash of binding names and schemas: a continuation is refused by a runtime with another. */
export function bindingSetHash(
  bindings: readonly { name: string; inputSchema: JsonSchema; outputSchema?: JsonSchema }[],
): string {
  const rows = [...bindings]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((b) => [b.name, canonical(b.inputSchema), canonical(b.outputSchema ?? null)]);
  return createHash("sha256").update(JSON.stringify(rows)).digest("base64url");
}

/** JSON with sorted keys, so equal schemas hash equally whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    out[key] = canonical((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** Seals a state; `undefined` when the string would be longer than `maxBytes`. */
export function sealContinuation(
  state: ContinuationState,
  keys: ContinuationKeys,
  maxBytes: number,
): string | undefined {
  const plain = deflateRawSync(Buffer.from(JSON.stringify(state), "utf8"));
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.enc, iv);
  const body = Buffer.concat([
    keys.kid,
    iv,
    cipher.update(plain),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const mac = createHmac("sha256", keys.mac).update(PREFIX).update(body).digest();
  const token = PREFIX + Buffer.concat([body, mac]).toString("base64url");
  return token.length > maxBytes ? undefined : token;
}

/** Opens a continuation, or throws {@link InvalidContinuationError} naming the failed check. */
export function openContinuation(
  token: unknown,
  keys: ContinuationKeys,
  maxBytes: number,
  bindings: string,
): ContinuationState {
  if (typeof token !== "string") {
    throw new InvalidContinuationError("format", `expected a string, got ${typeof token}`);
  }
  const version = /^ibc(\d+)\./.exec(token);
  if (!version) throw new InvalidContinuationError("format", "this is not an isobind continuation");
  if (`ibc${version[1]}.` !== PREFIX) {
    throw new InvalidContinuationError(
      "version",
      `it has format version ${version[1]}; this runtime reads version 1`,
    );
  }
  if (token.length > maxBytes) {
    throw new InvalidContinuationError(
      "size",
      `it is ${token.length} bytes, over approvals.maxContinuationBytes (${maxBytes})`,
    );
  }
  const raw = token.slice(PREFIX.length);
  const bytes = Buffer.from(raw, "base64url");
  if (
    !/^[A-Za-z0-9_-]*$/.test(raw) ||
    bytes.length < KID_BYTES + IV_BYTES + TAG_BYTES + MAC_BYTES
  ) {
    throw new InvalidContinuationError("format", "the payload is not valid or too short");
  }
  if (!timingSafeEqual(bytes.subarray(0, KID_BYTES), keys.kid)) {
    throw new InvalidContinuationError(
      "secret",
      "it was made with another secret (or by another process, when no approvals.secret is set)",
    );
  }
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  const mac = createHmac("sha256", keys.mac).update(PREFIX).update(body).digest();
  if (!timingSafeEqual(mac, bytes.subarray(bytes.length - MAC_BYTES))) {
    throw new InvalidContinuationError("signature", "it was changed after it was made");
  }
  const state = decrypt(body, keys);
  if (Date.now() > state.exp) {
    throw new InvalidContinuationError(
      "expiry",
      `it expired at ${new Date(state.exp).toISOString()} (approvals.continuationTtlMs)`,
    );
  }
  if (state.bindings !== bindings) {
    throw new InvalidContinuationError(
      "bindings",
      "the runtime's bindings (names or schemas) changed since it was made",
    );
  }
  return state;
}

function decrypt(body: Buffer, keys: ContinuationKeys): ContinuationState {
  try {
    const iv = body.subarray(KID_BYTES, KID_BYTES + IV_BYTES);
    const tag = body.subarray(body.length - TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", keys.enc, iv);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([
      decipher.update(body.subarray(KID_BYTES + IV_BYTES, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const json = inflateRawSync(plain, { maxOutputLength: MAX_STATE_BYTES }).toString("utf8");
    return JSON.parse(json) as ContinuationState;
  } catch (e) {
    // Only reachable with a valid MAC: a bug or a key reused across formats, not an attacker.
    throw new InvalidContinuationError(
      "format",
      `its content could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
