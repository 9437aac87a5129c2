/**
 * TypeScript guest code: types are stripped with Node's built-in stripper (no dependency), in
 * "strip" mode, which replaces annotations with spaces so line and column numbers stay those
 * of the submitted code.
 */
import * as nodeModule from "node:module";

type Strip = (code: string, options?: { mode?: "strip" | "transform" }) => string;

let warned = false;

/** Strips TypeScript types; syntax that needs transformation (enums, namespaces) is refused. */
export function stripTypes(
  code: string,
): { ok: true; code: string } | { ok: false; message: string } {
  const strip = (nodeModule as unknown as { stripTypeScriptTypes?: Strip }).stripTypeScriptTypes;
  if (typeof strip !== "function") {
    return { ok: false, message: "TypeScript guest code needs Node.js 23.2 or later" };
  }
  // Wrapped the same way the runner wraps it, so top-level `return` and `await` parse; the
  // wrapper is cut off again afterwards (strip mode keeps every offset).
  const head = "(async function () {\n";
  const tail = "\n})";
  try {
    const out = withoutExperimentalWarning(() => strip(head + code + tail, { mode: "strip" }));
    return { ok: true, code: out.slice(head.length, out.length - tail.length) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `TypeScript: ${message.split("\n")[0]}` };
  }
}

/** Node prints an ExperimentalWarning on the first use; the host's stderr is not ours to write. */
function withoutExperimentalWarning<T>(fn: () => T): T {
  if (warned) return fn();
  warned = true;
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/stripTypeScriptTypes/.test(text)) return;
    (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = original;
  }
}
