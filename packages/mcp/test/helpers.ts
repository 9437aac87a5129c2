import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { McpServersConfig } from "../src/types.ts";

const require = createRequire(import.meta.url);

/** The package root (packages/mcp). */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The entry script of an npm-installed reference server. */
export function serverEntry(
  pkg: "server-memory" | "server-filesystem" | "server-everything",
): string {
  const manifest = require.resolve(`@modelcontextprotocol/${pkg}/package.json`);
  return join(dirname(manifest), "dist", "index.js");
}

/** The fixture upstream server (pages, records calls, crashes on demand). */
export const FIXTURE_SERVER = fileURLToPath(
  new URL("./fixtures/fixture-server.mjs", import.meta.url),
);

/** A temp dir, plus a config with the three reference servers and the fixture, all offline. */
export async function referenceConfig(): Promise<{
  dir: string;
  root: string;
  config: McpServersConfig;
}> {
  const dir = await mkdtemp(join(tmpdir(), "isobind-mcp-"));
  const root = join(dir, "files");
  await import("node:fs/promises").then((fs) => fs.mkdir(root));
  await writeFile(join(root, "notes.txt"), "alpha\nbeta\ngamma\n");
  const config: McpServersConfig = {
    mcpServers: {
      memory: {
        command: process.execPath,
        args: [serverEntry("server-memory")],
        env: { MEMORY_FILE_PATH: join(dir, "memory.jsonl") },
      },
      fs: { command: process.execPath, args: [serverEntry("server-filesystem"), root] },
      everything: { command: process.execPath, args: [serverEntry("server-everything"), "stdio"] },
      fixture: { command: process.execPath, args: [FIXTURE_SERVER] },
    },
  };
  return { dir, root, config };
}

/** Writes a config file and returns its path. */
export async function writeConfig(dir: string, config: unknown): Promise<string> {
  const file = join(dir, "servers.json");
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * How to start `isobind-mcp` from source: Node strips the types, and the `@isobind/source`
 * condition makes `@isobind/core` resolve to its source too, so no build is needed.
 * `ISOBIND_TEST_NODE_OPTIONS` lets a developer add flags (for example an `--import` hook).
 */
export function cliCommand(): { command: string; args: string[] } {
  const extra = process.env.ISOBIND_TEST_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  return {
    command: process.execPath,
    args: [...extra, "--conditions=@isobind/source", join(PACKAGE_DIR, "src", "cli.ts")],
  };
}
