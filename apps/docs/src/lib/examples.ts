/**
 * Build-time access to the example programs the docs show: their source (or one region of it)
 * and what they print when run. Pages never contain hand-typed code or output; they render these.
 * @module
 */
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { fromRepo } from "./paths.ts";
import { extractRegion } from "./regions.ts";

/** Reads an example file (path relative to the repository root), or one `//#region` of it. */
export function readExample(file: string, region?: string): string {
  const source = readFileSync(fromRepo(file), "utf8");
  return extractRegion(source, file, region);
}

/** What running an example printed. */
export interface ExampleRun {
  /** The program's stdout, exactly. */
  stdout: string;
  /** The program's stderr. */
  stderr: string;
  /** Its exit code. */
  exitCode: number;
}

const cache = new Map<string, { mtimeMs: number; run: Promise<ExampleRun> }>();

/** The longest an example may run at build time before the build fails. */
const EXAMPLE_TIMEOUT_MS = 60_000;

/**
 * Node resolves the workspace packages to their TypeScript source (the `@isobind/source` export
 * condition), so a page shows what the code at this commit prints, with no build step needed.
 */
const NODE_ARGS = ["--conditions=@isobind/source"];

/**
 * Runs `node <file>` (path relative to the repository root) in the file's directory, once per
 * build (and again in `astro dev` when the file changes). Rejects, failing the build, when the
 * program exits non-zero or does not finish, so a page can never show stale or failed output.
 */
export function runExample(file: string): Promise<ExampleRun> {
  const path = fromRepo(file);
  const mtimeMs = statSync(path).mtimeMs;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.run;
  // One example at a time: several at once (each with its sandbox process, some with MCP
  // servers) on a 2-core CI machine would compete for the CPU the examples' own limits count.
  const run = queue.then(() => spawnExample(file, path));
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  cache.set(path, { mtimeMs, run });
  return run;
}

let queue: Promise<void> = Promise.resolve();

function spawnExample(file: string, path: string): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, path], {
      cwd: dirname(path),
      stdio: ["ignore", "pipe", "pipe"],
      // Offline and deterministic: no colours, and LangChain never tries to reach LangSmith.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", LANGSMITH_TRACING: "false" },
      timeout: EXAMPLE_TIMEOUT_MS,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error) =>
      reject(new Error(`${file}: could not start node: ${error.message}`)),
    );
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve({ stdout, stderr, exitCode: 0 });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new Error(`${file} ${how} while the docs were built:\n${stderr || stdout}`));
    });
  });
}
