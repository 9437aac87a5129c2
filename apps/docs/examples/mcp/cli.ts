// The isobind-mcp CLI with a servers.json beside this file: over stdio, as Claude Desktop or
// Cursor would start it, and over stateless Streamable HTTP, two processes answering one
// client in turn.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const here = dirname(fileURLToPath(import.meta.url));
// The installed bin runs dist/cli.js; under the `@isobind/source` condition (as the docs build
// runs this file) the same CLI runs from the package's TypeScript source.
const entry = fileURLToPath(import.meta.resolve("@isobind/mcp"));
const cli = join(dirname(entry), entry.endsWith(".ts") ? "cli.ts" : "cli.js");
// servers.json starts the upstream servers with `npx -y`, which uses the copies this package
// depends on when it finds them (their bin directory goes on the PATH) and fetches them otherwise.
const env = {
  ...getDefaultEnvironment(),
  PATH: `${join(here, "..", "..", "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
};

/** `isobind-mcp <args>`, as a command and arguments for a child process. */
function isobindMcp(...args: string[]) {
  return { command: process.execPath, args: [...process.execArgv, cli, ...args], env, cwd: here };
}

/** A client config's server entry, started the way an MCP client starts it. */
function serverParameters(entry: { command: string; args: string[] }) {
  if (entry.command !== "isobind-mcp") throw new Error(`unexpected command ${entry.command}`);
  return isobindMcp(...entry.args);
}

const code = `
const [sum, config] = await Promise.all([
  tools.everything.getSum({ a: 2, b: 3 }),
  tools.fs.readTextFile({ path: "servers.json" }),
]);
return { sum, servers: Object.keys(JSON.parse(config.content).mcpServers) };
`;

//#region stdio
// What Claude Desktop or Cursor do with their config file: start the server entry over stdio.
const clientConfig = JSON.parse(readFileSync(join(here, "client-config.json"), "utf8"));
const client = new Client({ name: "docs-client", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({
    ...serverParameters(clientConfig.mcpServers.isobind),
    stderr: "ignore",
  }),
);
const { tools } = await client.listTools();
console.log("stdio tools:", tools.map((t) => t.name).join(", "));
const result = await client.callTool({ name: "execute_code", arguments: { code } });
const run = result.structuredContent as { exitCode: number; value: unknown };
console.log("stdio run:", run.exitCode, JSON.stringify(run.value));
await client.close();
//#endregion

/** Starts `isobind-mcp --http` and resolves with the endpoint it announces on stderr. */
function startHttp(): Promise<{ child: ChildProcess; url: URL }> {
  const { command, args } = isobindMcp("--config", "servers.json", "--http", "127.0.0.1:0");
  const child = spawn(command, args, { cwd: here, env, stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const match = /Streamable HTTP \(stateless\) at (\S+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: new URL(match[1]) });
    });
    child.on("exit", (status) => reject(new Error(`isobind-mcp exited with ${status}: ${stderr}`)));
  });
}

const servers = await Promise.all([startHttp(), startHttp()]);
try {
  //#region http
  // Stateless: no session, so each request may go to any process, as behind a load balancer.
  const [first, second] = servers;
  const lister = new Client({ name: "docs-client", version: "1.0.0" });
  await lister.connect(new StreamableHTTPClientTransport(first.url));
  const listed = await lister.listTools();
  console.log("http tools (process 1):", listed.tools.map((t) => t.name).join(", "));

  const caller = new Client({ name: "docs-client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(second.url);
  await caller.connect(transport);
  const called = await caller.callTool({ name: "execute_code", arguments: { code } });
  const run = called.structuredContent as { exitCode: number; value: unknown };
  console.log("http run (process 2):", run.exitCode, JSON.stringify(run.value));
  console.log("session id:", transport.sessionId ?? "none");
  await Promise.all([lister.close(), caller.close()]);
  //#endregion
} finally {
  for (const { child } of servers) child.kill("SIGTERM");
}
