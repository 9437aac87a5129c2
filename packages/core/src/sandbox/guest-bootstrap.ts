/**
 * Loads the guest bootstrap (`guest/bootstrap.js`) as text. The bootstrap is a real source file,
 * linted by Biome and type-checked by tsc (`// @ts-check`), but it never runs in Node: the
 * executor compiles it inside each isolate. The build copies it next to the compiled files.
 */
import { readFileSync } from "node:fs";

let source: string | undefined;

/** The bootstrap's source text, read once per process. */
export function guestBootstrapSource(): string {
  source ??= readFileSync(new URL("./guest/bootstrap.js", import.meta.url), "utf8");
  return source;
}
