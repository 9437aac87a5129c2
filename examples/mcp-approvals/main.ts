// Approvals over MCP. The npm "memory" server is upstream, and its `create_entities` tool needs a
// person's approval. Two isobind servers share one secret, as two processes behind a load
// balancer would: a 2026-07-28 client (v2 SDK) gets `input_required`, asks its user, and its
// retry resumes the run on the other server. A 2025-era client that cannot ask anybody is told
// which calls did not run.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  createCodeModeServer,
  createMcpCodeMode,
  type McpServersConfig,
  serveStreamableHttp,
} from "@isobind/mcp";
import { Client as ClientV2, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as LegacyHttpTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const require = createRequire(import.meta.url);
const entry = (pkg: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");

//#region server
// The config file isobind-mcp reads: "approval" lists the tools that need a person's approval.
const config: McpServersConfig = {
  mcpServers: {
    memory: {
      command: process.execPath,
      args: [entry("@modelcontextprotocol/server-memory")],
      env: { MEMORY_FILE_PATH: join(mkdtempSync(join(tmpdir(), "isobind-")), "memory.jsonl") },
    },
  },
  approval: ["memory.create_*", "memory.delete_*"],
};
// Every process that may receive a retry needs the same secret (isobind-mcp: ISOBIND_MCP_SECRET).
const secret = "example-secret-example-secret-example-secret";

async function startServer() {
  const codeMode = await createMcpCodeMode({
    servers: config,
    runtime: { approvals: { secret } },
    connect: { onStderr: () => {} },
  });
  const http = await serveStreamableHttp(() => createCodeModeServer({ tool: codeMode }), {
    port: 0,
  });
  return { codeMode, http };
}
const a = await startServer();
const b = await startServer();
//#endregion

const code = `
  await tools.memory.createEntities({ entities: [
    { name: "Ada Lovelace", entityType: "person", observations: ["wrote the first program"] },
  ] });
  const graph = await tools.memory.readGraph({});
  return graph.entities.map((e) => e.name);`;

try {
  //#region modern
  // A 2026-07-28 client. By default it answers input_required itself, through its
  // elicitation/create handler (where a real client asks its user), and retries; manual mode
  // here shows the two rounds, and sends the retry to the other server.
  const options = {
    capabilities: { elicitation: { form: {} } },
    versionNegotiation: { mode: { pin: "2026-07-28" } },
  } as const;
  const client = new ClientV2(
    { name: "example", version: "1.0.0" },
    { ...options, inputRequired: { autoFulfill: false } },
  );
  await client.connect(new StreamableHTTPClientTransport(a.http.url));

  // Round 1, on server A: the run stops at the call that needs approval.
  const paused = await client.request(
    { method: "tools/call", params: { name: "execute_code", arguments: { code } } },
    { allowInputRequired: true },
  );
  if (!("resultType" in paused) || paused.resultType !== "input_required") {
    throw new Error("expected input_required");
  }
  console.log(
    "round 1:",
    paused.resultType,
    "for",
    Object.keys(paused.inputRequests ?? {}).length,
    "call",
  );
  // The client asks its user, one form per call: approve (required), reason, edited input.
  const inputResponses: Record<string, unknown> = {};
  for (const [id, request] of Object.entries(paused.inputRequests ?? {})) {
    const { message, requestedSchema } = request.params as {
      message: string;
      requestedSchema: { properties: object };
    };
    console.log(`asked:\n  ${message.replaceAll("\n", "\n  ")}`);
    console.log("  fields:", Object.keys(requestedSchema.properties).join(", "));
    inputResponses[id] = { action: "accept", content: { approve: true } };
  }
  // …and retries with the answers and the requestState, here on server B.
  const retry = new ClientV2({ name: "example", version: "1.0.0" }, options);
  await retry.connect(new StreamableHTTPClientTransport(b.http.url));
  const done = await retry.callTool({
    name: "execute_code",
    arguments: { code },
    inputResponses,
    requestState: paused.requestState,
  } as Parameters<typeof retry.callTool>[0]);
  console.log("round 2 on server B:", (done.content[0] as { text: string }).text);
  //#endregion
  await Promise.all([client.close(), retry.close()]);

  //#region legacy
  // A 2025-era client (v1 SDK) that declared no elicitation: nothing that needs approval runs.
  const legacy = new Client({ name: "legacy", version: "1.0.0" });
  await legacy.connect(new LegacyHttpTransport(a.http.url));
  const refused = await legacy.callTool({
    name: "execute_code",
    arguments: {
      code: "return await tools.memory.deleteEntities({ entityNames: ['Ada Lovelace'] })",
    },
  });
  console.log("2025 client:", (refused.content as { text: string }[])[0]?.text.split("\n")[0]);
  //#endregion
  await legacy.close();
} finally {
  for (const s of [a, b]) {
    await s.http.close();
    await s.codeMode.dispose();
  }
}
