/**
 * Test helpers: make sure Chromium and the built site exist, and start the built site's server
 * on a free loopback port.
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const docsRoot = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** Debian's Chromium, installed by `scripts/ensure-chromium.sh`. */
export const CHROMIUM = "/usr/bin/chromium";

/** Chromium flags for a headless run in a container, without any network of its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Runs `scripts/ensure-chromium.sh`. True when Chromium is usable; false (after the script's loud
 * notice) when it is missing outside CI. Throws in CI, where the browser tests are required.
 */
export function ensureChromium(): boolean {
  const run = spawnSync("sh", [`${repoRoot}scripts/ensure-chromium.sh`], { stdio: "inherit" });
  if (run.status === 0) return true;
  if (run.status === 2 && process.env.CI !== "true") return false;
  throw new Error(`scripts/ensure-chromium.sh failed with exit code ${run.status}`);
}

/** Builds the site unless `dist/` has it (turbo runs `build` before `test`). */
export function ensureBuilt(): void {
  if (existsSync(`${docsRoot}dist/server/entry.mjs`)) return;
  console.warn("[docs test] dist/ is missing: running astro build first");
  const build = spawnSync(
    process.execPath,
    [`${docsRoot}node_modules/astro/bin/astro.mjs`, "build"],
    {
      cwd: docsRoot,
      stdio: "inherit",
    },
  );
  if (build.status !== 0) throw new Error(`astro build failed with exit code ${build.status}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("could not get a free port");
  return address.port;
}

/** A running site server. */
export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the server process. */
  stop(): Promise<void>;
}

/** Starts `dist/server/entry.mjs` on 127.0.0.1 and waits until it answers. */
export async function startSite(): Promise<SiteServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@isobind/source", `${docsRoot}dist/server/entry.mjs`],
    {
      cwd: docsRoot,
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the site server exited early:\n${log}`);
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the site server did not answer within 30 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
