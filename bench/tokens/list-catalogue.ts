/**
 * Lists the tools of real MCP servers from npm, offline and without credentials, into the
 * committed fixture `packages/core/test/fixtures/mcp-catalogue.json` that `pnpm bench:tokens`
 * and the declaration tests read. The servers are not dependencies of this repository: install
 * them in a scratch folder first, then point this script at it.
 *
 * ```sh
 * mkdir -p /tmp/mcp-catalogue && cd /tmp/mcp-catalogue && echo '{"private":true}' > package.json
 * PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts @modelcontextprotocol/sdk@1.32.2 \
 *   $(node /path/to/repo/bench/tokens/list-catalogue.ts --packages)
 * node /path/to/repo/bench/tokens/list-catalogue.ts /tmp/mcp-catalogue
 * ```
 *
 * Each server is started over stdio and listed with the MCP SDK's own `Client`, exactly as an
 * MCP host sees it. Credentials are dummies: these servers need a token only to call their
 * API, not to list their tools. Nothing is called.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** One server of the catalogue: the npm package, its arguments and environment. */
interface ServerSpec {
  pkg: string;
  version: string;
  args?: (scratch: string) => string[];
  env?: (scratch: string) => Record<string, string>;
}

/** The catalogue: distinct tools from popular servers, no two servers alike. */
const SERVERS: ServerSpec[] = [
  {
    pkg: "@modelcontextprotocol/server-memory",
    version: "2026.8.31",
    env: (d) => ({ MEMORY_FILE_PATH: join(d, "memory.jsonl") }),
  },
  { pkg: "@modelcontextprotocol/server-everything", version: "2026.8.31", args: () => ["stdio"] },
  { pkg: "@modelcontextprotocol/server-filesystem", version: "2026.8.31", args: (d) => [d] },
  { pkg: "@modelcontextprotocol/server-sequential-thinking", version: "2026.8.31" },
  { pkg: "@playwright/mcp", version: "0.0.83", args: () => ["--headless"] },
  {
    pkg: "@modelcontextprotocol/server-github",
    version: "2025.4.8",
    env: () => ({ GITHUB_PERSONAL_ACCESS_TOKEN: "dummy" }),
  },
  {
    pkg: "@notionhq/notion-mcp-server",
    version: "2.5.2",
    env: () => ({ NOTION_TOKEN: "dummy" }),
  },
  {
    pkg: "@modelcontextprotocol/server-slack",
    version: "2025.4.25",
    env: () => ({ SLACK_BOT_TOKEN: "xoxb-dummy", SLACK_TEAM_ID: "T0000000" }),
  },
  { pkg: "@modelcontextprotocol/server-puppeteer", version: "2025.5.12" },
  {
    pkg: "mcp-server-kubernetes",
    version: "4.1.7",
    // It exits without a kubeconfig; one naming an unreachable local cluster is enough to list.
    env: (d) => {
      writeFileSync(join(d, "kubeconfig"), KUBECONFIG);
      return { KUBECONFIG: join(d, "kubeconfig") };
    },
  },
  { pkg: "chrome-devtools-mcp", version: "1.11.0" },
];

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "https://127.0.0.1:6443"}}]
contexts: [{name: local, context: {cluster: local, user: local}}]
current-context: local
users: [{name: local, user: {token: dummy}}]
`;

/** One tool as listed, with where it came from. */
interface ListedTool {
  server: string;
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}

if (process.argv[2] === "--packages") {
  console.log(SERVERS.map((s) => `${s.pkg}@${s.version}`).join(" "));
} else {
  const from = process.argv[2];
  if (from === undefined) {
    console.error("usage: node bench/tokens/list-catalogue.ts <folder with the servers installed>");
    process.exit(2);
  }
  await main(resolve(from));
}

async function main(folder: string): Promise<void> {
  const require = createRequire(join(folder, "package.json"));
  const { Client } = (await import(
    require.resolve("@modelcontextprotocol/sdk/client/index.js")
  )) as typeof import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = (await import(
    require.resolve("@modelcontextprotocol/sdk/client/stdio.js")
  )) as typeof import("@modelcontextprotocol/sdk/client/stdio.js");
  // Read from the folder: the SDK's `exports` map `./package.json` to a stub in dist/.
  const sdkVersion = (
    JSON.parse(
      readFileSync(join(folder, "node_modules/@modelcontextprotocol/sdk/package.json"), "utf8"),
    ) as { version: string }
  ).version;

  const servers: { server: string; tools: number }[] = [];
  const tools: ListedTool[] = [];
  for (const spec of SERVERS) {
    const manifestPath = require.resolve(`${spec.pkg}/package.json`);
    const manifest = require(manifestPath) as { version: string; bin: Record<string, string> };
    if (manifest.version !== spec.version)
      throw new Error(`${spec.pkg}: installed ${manifest.version}, expected ${spec.version}`);
    const bin = Object.values(manifest.bin)[0];
    if (bin === undefined) throw new Error(`${spec.pkg} has no bin`);
    const scratch = mkdtempSync(join(tmpdir(), "isobind-catalogue-"));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(dirname(manifestPath), bin), ...(spec.args?.(scratch) ?? [])],
      env: { ...(process.env as Record<string, string>), ...spec.env?.(scratch) },
      stderr: "ignore",
    });
    const client = new Client({ name: "isobind-catalogue", version: "0.0.0" });
    const server = `${spec.pkg}@${spec.version}`;
    try {
      await client.connect(transport);
      let cursor: string | undefined;
      let count = 0;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        for (const t of page.tools) {
          tools.push({
            server,
            name: t.name,
            ...(t.description === undefined ? {} : { description: t.description }),
            inputSchema: t.inputSchema as Record<string, unknown>,
            ...(t.outputSchema === undefined
              ? {}
              : { outputSchema: t.outputSchema as Record<string, unknown> }),
          });
          count++;
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      servers.push({ server, tools: count });
      console.error(`${server}: ${count} tools`);
    } finally {
      await client.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  const names = new Set<string>();
  for (const t of tools) {
    if (names.has(t.name)) throw new Error(`tool name ${t.name} appears twice`);
    names.add(t.name);
  }
  const out = new URL("../../packages/core/test/fixtures/mcp-catalogue.json", import.meta.url);
  const fixture = {
    about: `tools/list of ${servers.length} MCP servers from npm, listed over stdio with @modelcontextprotocol/sdk ${sdkVersion} on Node ${process.versions.node} by bench/tokens/list-catalogue.ts (dummy credentials, nothing called).`,
    servers,
    tools,
  };
  writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
  console.error(`${tools.length} tools from ${servers.length} servers`);
}
