/**
 * Approvals end to end through `isobind-mcp` processes, with the npm memory server (v1 SDK)
 * upstream: the approval list from the config file and `--approval`, inline elicitation for
 * 2025-era clients over stdio, `input_required` for 2026-07-28 clients over stdio and HTTP, and
 * a retry that lands on another process with the same secret.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as HttpTransportV2,
} from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioTransportV2 } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET } from "./approvals-helpers.ts";
import { cliCommand, serverEntry, writeConfig } from "./helpers.ts";

const CREATE = `
await tools.memory.createEntities({ entities: [{ name: NAME, entityType: "person", observations: ["met"] }] });
const graph = await tools.memory.readGraph({});
return graph.entities.map((e) => e.name).filter((n) => n === NAME);`;
const create = (name: string) => CREATE.replaceAll("NAME", JSON.stringify(name));

let configFile: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "isobind-mcp-appr-"));
  configFile = await writeConfig(dir, {
    mcpServers: {
      memory: {
        command: process.execPath,
        args: [serverEntry("server-memory")],
        env: { MEMORY_FILE_PATH: join(dir, "memory.jsonl") },
      },
    },
    approval: ["memory.delete_*"],
  });
});

/** `isobind-mcp` over stdio, with the approval flag and the secret in its environment. */
function stdioParams(secret = SECRET) {
  const cli = cliCommand();
  return {
    command: cli.command,
    args: [...cli.args, "--config", configFile, "--approval", "memory.create_entities"],
    env: { ...(process.env as Record<string, string>), ISOBIND_MCP_SECRET: secret },
    stderr: "pipe" as const,
  };
}

const textOf = (result: unknown) =>
  ((result as { content: { text?: string }[] }).content[0]?.text ?? "") as string;

describe("isobind-mcp over stdio", () => {
  it("asks a 2025-era client (v1 SDK) inline with elicitation/create", async () => {
    const client = new Client(
      { name: "v1-elicit", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } } },
    );
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { approve: true } };
    });
    await client.connect(new StdioClientTransport(stdioParams()));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: create("Ada") },
      });
      expect(textOf(result)).toBe('Result: ["Ada"]');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain("tools.memory.createEntities (memory.create_entities)");
      expect(asked[0]).toContain('"name":"Ada"');
      // Inline: the run waited for the answer, nothing was replayed.
      expect(result.structuredContent).toMatchObject({ stats: { replayedCalls: 0 } });
      // The config file's own pattern applies too.
      const deleted = await client.callTool({
        name: "execute_code",
        arguments: {
          code: "return await tools.memory.deleteEntities({ entityNames: ['Ada'] })",
        },
      });
      expect(asked).toHaveLength(2);
      expect(asked[1]).toContain("tools.memory.deleteEntities");
      expect(deleted.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 60_000);

  it("tells a 2025-era client without elicitation that nothing was executed", async () => {
    const client = new Client({ name: "v1-plain", version: "1.0.0" });
    await client.connect(new StdioClientTransport(stdioParams()));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: create("Bob") },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(
        "calls to tools.memory.createEntities need a person's approval and were not executed",
      );
      const graph = await client.callTool({
        name: "execute_code",
        arguments: { code: "return (await tools.memory.readGraph({})).entities.length" },
      });
      expect(textOf(graph)).toBe("Result: 0");
    } finally {
      await client.close();
    }
  }, 60_000);

  it("asks a v2 SDK client in its default (2025) era inline too", async () => {
    const client = new ClientV2(
      { name: "v2-legacy", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } } },
    );
    const asked: string[] = [];
    client.setRequestHandler("elicitation/create", (request) => {
      asked.push((request.params as { message: string }).message);
      return { action: "decline" };
    });
    await client.connect(new StdioTransportV2(stdioParams()));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: create("Eve") },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("APPROVAL_DENIED");
      expect(textOf(result)).toContain("the user declined");
      expect(asked).toHaveLength(1);
    } finally {
      await client.close();
    }
  }, 60_000);

  it("answers a 2026-07-28 client (v2 SDK) with input_required, and resumes on the retry", async () => {
    const client = new ClientV2(
      { name: "v2-stdio", version: "1.0.0" },
      {
        capabilities: { elicitation: { form: {} } },
        versionNegotiation: { mode: { pin: "2026-07-28" } },
      },
    );
    const asked: string[] = [];
    client.setRequestHandler("elicitation/create", (request) => {
      asked.push((request.params as { message: string }).message);
      return { action: "accept", content: { approve: true } };
    });
    await client.connect(new StdioTransportV2(stdioParams()));
    try {
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: create("Cleo") },
      });
      expect(textOf(result)).toBe('Result: ["Cleo"]');
      expect(asked).toHaveLength(1);
      expect(result.structuredContent).toMatchObject({ stats: { replayedCalls: 0 } });
    } finally {
      await client.close();
    }
  }, 60_000);
});

/** Starts the CLI in HTTP mode on a free port and waits for the URL it prints. */
async function startHttp(secret: string): Promise<{ child: ChildProcess; url: URL }> {
  const params = stdioParams(secret);
  const child = spawn(params.command, [...params.args, "--http", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: params.env,
  });
  let stderr = "";
  const url = await new Promise<URL>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /at (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve(new URL(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`isobind-mcp exited with ${code}:\n${stderr}`)));
  });
  return { child, url };
}

async function manualClient(url: URL): Promise<ClientV2> {
  const client = new ClientV2(
    { name: "manual", version: "1.0.0" },
    {
      capabilities: { elicitation: { form: {} } },
      versionNegotiation: { mode: { pin: "2026-07-28" } },
      inputRequired: { autoFulfill: false },
    },
  );
  await client.connect(new HttpTransportV2(url));
  return client;
}

describe("isobind-mcp over Streamable HTTP, several processes", () => {
  let a: Awaited<ReturnType<typeof startHttp>>;
  let b: Awaited<ReturnType<typeof startHttp>>;
  let other: Awaited<ReturnType<typeof startHttp>>;

  beforeAll(async () => {
    [a, b, other] = await Promise.all([
      startHttp(SECRET),
      startHttp(SECRET),
      startHttp("another-secret-another-secret-another-secret"),
    ]);
  }, 90_000);
  afterAll(() => {
    for (const p of [a, b, other]) p?.child.kill();
  });

  it("resumes on another process with the same secret, and only there", async () => {
    const first = await manualClient(a.url);
    const second = await manualClient(b.url);
    const stranger = await manualClient(other.url);
    try {
      const paused = (await first.request(
        {
          method: "tools/call",
          params: { name: "execute_code", arguments: { code: create("Dora") } },
        },
        { allowInputRequired: true },
      )) as unknown as {
        resultType: string;
        inputRequests: Record<string, unknown>;
        requestState: string;
      };
      expect(paused.resultType).toBe("input_required");
      const inputResponses = Object.fromEntries(
        Object.keys(paused.inputRequests).map((id) => [
          id,
          { action: "accept", content: { approve: true } },
        ]),
      );
      const retry = {
        method: "tools/call" as const,
        params: {
          name: "execute_code",
          arguments: {},
          inputResponses,
          requestState: paused.requestState,
        },
      };
      const refused = await stranger.request(retry, { allowInputRequired: true });
      expect(textOf(refused)).toContain("secret check");
      const done = await second.request(retry, { allowInputRequired: true });
      expect(textOf(done)).toBe('Result: ["Dora"]');
    } finally {
      await Promise.all([first.close(), second.close(), stranger.close()]);
    }
  }, 60_000);
});

describe("an upstream server built on the v2 SDK", () => {
  it("serves bindings, and the approval list gates its tools", async () => {
    const { createMcpCodeMode } = await import("../src/code-mode.ts");
    const fixture = new URL("./fixtures/v2-server.mjs", import.meta.url).pathname;
    const codeMode = await createMcpCodeMode({
      servers: { mcpServers: { notes: { command: process.execPath, args: [fixture] } } },
      approval: ["notes.write"],
      runtime: { isolation: "in-process", approvals: { secret: SECRET } },
      onWarning: () => {},
    });
    try {
      const code = "await tools.notes.write({ text: 'hi' }); return await tools.notes.list({});";
      const paused = await codeMode.tool.execute({ code });
      expect(paused.result.status).toBe("paused");
      if (paused.result.status !== "paused") return;
      expect(paused.result.pending[0]).toMatchObject({
        binding: "notes.write",
        reason: `the server's approval list has "notes.write"`,
      });
      const listed = await codeMode.tool.execute({ code: "return await tools.notes.list({})" });
      expect(listed.text).toBe('Result: {"notes":[]}');
      const id = paused.result.pending[0]?.id as string;
      const done = await codeMode.resume(paused.result.continuation, {
        decisions: { [id]: { approved: true } },
      });
      expect(done.value).toEqual({ notes: ["hi"] });
    } finally {
      await codeMode.dispose();
    }
  }, 60_000);
});

describe("resuming in discovery mode", () => {
  it("gives the resumed run tools.$search again, on a Code Mode that has not run anything yet", async () => {
    const { createMcpCodeMode } = await import("../src/code-mode.ts");
    const fixture = new URL("./fixtures/v2-server.mjs", import.meta.url).pathname;
    const open = () =>
      createMcpCodeMode({
        servers: { mcpServers: { notes: { command: process.execPath, args: [fixture] } } },
        approval: ["notes.write"],
        runtime: { isolation: "in-process", approvals: { secret: SECRET } },
        codeTool: { discoveryThreshold: 0 },
        onWarning: () => {},
      });
    const [first, second] = await Promise.all([open(), open()]);
    try {
      const code =
        "await tools.notes.write({ text: 'a' }); return (await tools.$search('list notes')).length > 0";
      const paused = await first.tool.execute({ code });
      if (paused.result.status !== "paused") throw new Error(paused.text);
      const id = paused.result.pending[0]?.id as string;
      const done = await second.resume(paused.result.continuation, {
        decisions: { [id]: { approved: true } },
      });
      expect(done.error).toBeUndefined();
      expect(done.value).toBe(true);
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  }, 60_000);
});
