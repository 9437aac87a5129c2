/**
 * How the executor reads what comes out of an isolate: compile errors, the guest's error
 * payloads, and failed entries. Everything here treats its input as written by the guest.
 */
import type ivmTypes from "isolated-vm";
import { ERROR_CODES } from "../error-codes.ts";
import type { RunError, RunErrorCode } from "../types.ts";
import type { SandboxOutcome } from "./protocol.ts";

/** The file name guest frames carry; stacks are filtered to it. */
export const GUEST_FILENAME = "code.js";

/** An outcome before the executor adds its CPU time and dropped bytes. */
export type PartialOutcome = Omit<SandboxOutcome, "cpuMs" | "droppedOutputBytes">;

interface GuestErrorPayload {
  kind: RunErrorCode;
  name: string;
  message: string;
  stack?: string;
  code?: string;
  binding?: string;
}

/** Binding codes a guest error may carry, from the one code table. */
const BINDING_CODES: ReadonlySet<string> = new Set(
  ERROR_CODES.filter((c) => c.kind === "binding").map((c) => c.code),
);

/** The most of a guest error payload the host reads: the guest cuts its own at 12 KB. */
const MAX_ERROR_PAYLOAD = 64 * 1024;

/** The message of anything thrown, without running getters that could throw again. */
export function thrownMessage(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return String(e);
  } catch {
    return "(an error that could not be described)";
  }
}

/** A compile error of the wrapped code, with the line isolated-vm reports. */
export function syntaxOutcome(e: unknown): PartialOutcome {
  const raw = thrownMessage(e);
  // isolated-vm reports "SyntaxError: Unexpected token ')' [code.js:3:7]".
  const at = /\[code\.js:(\d+):(\d+)\]\s*$/.exec(raw);
  const message = raw.replace(/^SyntaxError:\s*/, "").replace(/\s*\[code\.js:\d+:\d+\]\s*$/, "");
  const error: RunError = { code: "SYNTAX_ERROR", name: "SyntaxError", message };
  if (at) {
    error.line = Number(at[1]);
    error.message = `${message} (line ${at[1]}, column ${at[2]})`;
    error.stack = `SyntaxError: ${message}\n    at ${GUEST_FILENAME}:${at[1]}:${at[2]}`;
  }
  return { code: "SYNTAX_ERROR", error };
}

/**
 * Code that compiled inside the wrapper but is not one function body: it closes the function it
 * runs in. The line comes from compiling it in a class method instead, where the text after the
 * premature `}` is a syntax error of its own; the check's message names no position.
 */
export function wrapperOutcome(
  isolate: ivmTypes.Isolate,
  code: string,
  problem: string,
): PartialOutcome {
  const why =
    "the code closes the async function it runs in (it must be a function body: balanced braces, then `return` a value)";
  try {
    isolate
      .compileScriptSync(`(class { static async m() {\n${code}\n} })`, {
        filename: GUEST_FILENAME,
        lineOffset: -1,
      })
      .release();
  } catch (e) {
    const located = syntaxOutcome(e);
    if (located.error?.line !== undefined) {
      located.error.message = `Unexpected '}': ${why} (line ${located.error.line})`;
      located.error.stack = `SyntaxError: ${located.error.message}\n    at ${GUEST_FILENAME}:${located.error.line}:1`;
      return located;
    }
  }
  const detail = problem.replace(/^SyntaxError:\s*/, "");
  return {
    code: "SYNTAX_ERROR",
    error: { code: "SYNTAX_ERROR", name: "SyntaxError", message: `${detail}: ${why}` },
  };
}

/** The guest's error payload (JSON it built itself; trusted for nothing but its text). */
export function guestErrorOutcome(json: string): PartialOutcome {
  let p: GuestErrorPayload;
  try {
    if (json.length > MAX_ERROR_PAYLOAD) throw new Error("too large");
    p = JSON.parse(json) as GuestErrorPayload;
    if (typeof p !== "object" || p === null) throw new Error("not an object");
  } catch {
    p = { kind: "GUEST_ERROR", name: "Error", message: "the guest reported an unreadable error" };
  }
  const code: RunErrorCode =
    p.kind === "RESULT_TOO_LARGE" || p.kind === "RESULT_NOT_SERIALIZABLE" ? p.kind : "GUEST_ERROR";
  const error: RunError = { code, name: String(p.name), message: String(p.message) };
  if (typeof p.stack === "string" && p.stack.length > 0) {
    error.stack = p.stack;
    const line = new RegExp(`${GUEST_FILENAME.replace(".", "\\.")}:(\\d+):\\d+`).exec(p.stack);
    if (line) error.line = Number(line[1]);
  }
  if (typeof p.code === "string" && BINDING_CODES.has(p.code)) {
    error.bindingCode = p.code as RunError["bindingCode"];
    if (typeof p.binding === "string") error.binding = p.binding;
  }
  return { code, error };
}

/**
 * A rejection V8 saw unhandled at the end of an entry, as isolated-vm hands it over (the copied
 * reason), in one line for stderr.
 */
export function describeRejection(e: unknown): string {
  let text: string;
  try {
    if (e instanceof Error) text = `${String(e.name)}: ${String(e.message)}`;
    else if (typeof e === "string") text = e;
    else text = JSON.stringify(e) ?? String(e);
  } catch {
    text = "(a value that could not be described)";
  }
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
