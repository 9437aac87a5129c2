/**
 * This package's version, read from its package.json at load time (works from `src` and `dist`).
 * @module
 */

import { readFileSync } from "node:fs";

function readVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** The version of `@isobind/mcp`. */
export const PACKAGE_VERSION: string = readVersion();
