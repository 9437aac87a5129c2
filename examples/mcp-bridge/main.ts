// Two real MCP servers from npm (the knowledge-graph "memory" server and the "everything" demo
// server) behind one Code Mode tool. An MCP client, as Claude Desktop or Cursor would, lists
// the single `execute_code` tool and sends one program that chains tools of both servers.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createCodeModeServer, createMcpCodeMode, type McpServersConfig } from "@isobind/mcp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";

const require = createRequire(import.meta.url);
const entry = (pkg: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");

// The same shape as Claude Desktop's claude_desktop_config.json. With npx it would read
// { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }; here the
// installed copies run directly so the example works offline.
const config: McpServersConfig = {
  mcpServers: {
    memory: {
      command: process.execPath,
      args: [entry("@modelcontextprotocol/server-memory")],
      env: {
        MEMORY_FILE_PATH: join(mkdtempSync(join(tmpdir(), "isobind-example-")), "memory.jsonl"),
      },
    },
    everything: {
      command: process.execPath,
      args: [entry("@modelcontextprotocol/server-everything"), "stdio"],
    },
  },
};

const codeMode = await createMcpCodeMode({ servers: config, connect: { onStderr: () => {} } });
try {
  for (const server of codeMode.bridge.servers) {
    console.log(`upstream ${server.name}: ${server.status}, ${server.toolCount} tools`);
  }

  // Any transport works; in-memory keeps the example in one process.
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createCodeModeServer({ tool: codeMode }).connect(serverSide);
  const client = new Client({ name: "example-client", version: "1.0.0" });
  await client.connect(clientSide);

  const { tools } = await client.listTools();
  console.log("tools the model sees:", tools.map((t) => t.name).join(", "));

  // What a model would write: parallel calls, a branch, a sequential follow-up, one result.
  const code = `
    const [created, sum] = await Promise.all([
      tools.memory.createEntities({ entities: [
        { name: "Ada Lovelace", entityType: "person", observations: ["wrote the first program"] },
        { name: "Analytical Engine", entityType: "machine", observations: ["designed by Babbage"] },
      ] }),
      tools.everything.getSum({ a: 1815, b: 37 }),
    ]);
    const age = Number(/is (\\d+)/.exec(sum)[1]) - 1815;
    if (age > 30) {
      await tools.memory.createRelations({ relations: [
        { from: "Ada Lovelace", to: "Analytical Engine", relationType: "programmed" },
      ] });
    }
    const graph = await tools.memory.readGraph({});
    console.log("entities stored:", graph.entities.length);
    return {
      created: created.entities.map((e) => e.name),
      ageAtPublication: age,
      relations: graph.relations.map((r) => r.from + " " + r.relationType + " " + r.to),
    };
  `;
  let progress = 0;
  const result = await client.callTool(
    { name: "execute_code", arguments: { code } },
    CallToolResultSchema,
    {
      onprogress: () => {
        progress += 1;
      },
    },
  );
  const run = result.structuredContent as { exitCode: number; value: unknown; stdout: string };
  console.log("exitCode:", run.exitCode);
  console.log("stdout:", run.stdout.trim());
  console.log("progress notifications:", progress);
  console.log("value:", JSON.stringify(run.value, null, 2));

  // Bad input never reaches the upstream server: the schema is checked locally.
  const bad = await client.callTool({
    name: "execute_code",
    arguments: { code: "return await tools.everything.getSum({ a: 'one', b: 2 });" },
  });
  const failed = bad.structuredContent as {
    error: { code: string; bindingCode: string; binding: string };
  };
  console.log(
    "bad input:",
    bad.isError,
    failed.error.code,
    failed.error.bindingCode,
    failed.error.binding,
  );
  await client.close();
} finally {
  await codeMode.dispose();
}
