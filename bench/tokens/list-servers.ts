/**
 * Starts the three reference MCP servers from npm over stdio and lists their tools with the MCP
 * SDK's own Client, exactly as an MCP host would see them.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** One tool as `tools/list` returns it. */
export interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

/** The tools of one server. */
export interface ServerTools {
  server: string;
  version: string;
  tools: McpTool[];
}

const require = createRequire(import.meta.url);

function serverEntry(pkg: string): { entry: string; version: string } {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { version: string; bin: Record<string, string> };
  const bin = Object.values(manifest.bin)[0];
  if (bin === undefined) throw new Error(`${pkg} has no bin`);
  return { entry: join(dirname(manifestPath), bin), version: manifest.version };
}

async function listOne(
  pkg: string,
  args: string[],
  env: Record<string, string>,
): Promise<ServerTools> {
  const { entry, version } = serverEntry(pkg);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, ...args],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: "ignore",
  });
  const client = new Client({ name: "isobind-bench", version: "0.0.0" });
  await client.connect(transport);
  try {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      tools.push(...(page.tools as McpTool[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { server: pkg, version, tools };
  } finally {
    await client.close();
  }
}

/** Lists memory, everything and filesystem (in that order). Runs offline; writes only to a temp dir. */
export async function listReferenceServers(): Promise<ServerTools[]> {
  const dir = mkdtempSync(join(tmpdir(), "isobind-bench-"));
  try {
    return [
      await listOne("@modelcontextprotocol/server-memory", [], {
        MEMORY_FILE_PATH: join(dir, "memory.jsonl"),
      }),
      await listOne("@modelcontextprotocol/server-everything", ["stdio"], {}),
      await listOne("@modelcontextprotocol/server-filesystem", [dir], {}),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
