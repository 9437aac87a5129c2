/**
 * The one interface every engine of the side-by-side comparison implements: isobind in both
 * isolation modes and each baseline library, all running the same seed workload.
 */
import { readFileSync } from "node:fs";
import type { SeedOutcome } from "../runtime/seed.ts";

/** A ready-to-use instance of an engine (a runtime, a client, a VM…). */
export interface EngineInstance {
  /** Runs the seed program once and reports what it produced. */
  runSeed(): Promise<SeedOutcome>;
  /** Releases the instance. */
  dispose(): Promise<void>;
}

/** One engine in the comparison. */
export interface Engine {
  /** Short id used in the results (`node:vm`, `quickjs-emscripten`, …). */
  id: string;
  /** The package and version measured. */
  version: string;
  /** The isolation boundary the engine gives the guest, in a few words. */
  isolation: string;
  /**
   * What one warm run does, in a few words (fresh context per run, fresh isolate, a worker
   * pool…), so readers can compare like with like.
   */
  warmPath: string;
  /** What the cold figure covers; `undefined` when the engine has no separate create step. */
  coldPath?: string;
  /** Creates an instance ready to run the seed program. */
  create(): Promise<EngineInstance>;
  /** Called once after the engine is done, for process-wide shutdown (sidecars, worker pools). */
  shutdown?(): Promise<void>;
}

/** An engine that cannot run here, with the exact reason. */
export interface UnavailableEngine {
  id: string;
  version: string;
  reason: string;
}

/** What loading a baseline module gives: an engine, or why there is none. */
export type EngineLoad =
  | { ok: true; engine: Engine }
  | { ok: false; unavailable: UnavailableEngine };

/** The version of a package installed in `nodeModulesDir` (bench/node_modules by default), or `"unknown"`. */
export function installedVersion(
  pkg: string,
  nodeModulesDir: URL = new URL("../node_modules/", import.meta.url),
): string {
  try {
    const json = JSON.parse(
      readFileSync(new URL(`${pkg}/package.json`, nodeModulesDir), "utf8"),
    ) as {
      version?: string;
    };
    return json.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
