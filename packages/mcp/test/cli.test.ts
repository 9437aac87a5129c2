import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CallToolResultSchema,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cliCommand,
  FIXTURE_SERVER,
  PACKAGE_DIR,
  referenceConfig,
  writeConfig,
} from "./helpers.ts";

/** One code run across all four upstream servers, with Promise.all and a branch. */
function chainedCode(root: string): string {
  return `
    const [created, file, sum] = await Promise.all([
      tools.memory.createEntities({ entities: [{ name: "Grace", entityType: "person", observations: ["compiler"] }] }),
      tools.fs.readTextFile({ path: ${JSON.stringify(join(root, "notes.txt"))} }),
      tools.everything.getSum({ a: 1, b: 2 }),
    ]);
    const lines = file.content.trim().split("\\n");
    const branch = lines.includes("beta") ? "has-beta" : "no-beta";
    if (branch === "has-beta") {
      await tools.memory.addObservations({ observations: [{ entityName: "Grace", contents: [lines[1]] }] });
    }
    const graph = await tools.memory.openNodes({ names: ["Grace"] });
    const echoed = await tools.fixture.echo({ message: branch });
    console.log("sum:", JSON.stringify(sum));
    return { created: created.entities.length, branch, observations: graph.entities[0].observations, echoed };
  `;
}

const expectedValue = {
  created: 1,
  branch: "has-beta",
  observations: ["compiler", "beta"],
  echoed: { echoed: "has-beta" },
};

function collect(client: Client): { logs: LoggingMessageNotification["params"][] } {
  const logs: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  return { logs };
}

describe("isobind-mcp over stdio", () => {
  let client: Client;
  let root: string;
  let stderr = "";

  beforeAll(async () => {
    const setup = await referenceConfig();
    root = setup.root;
    const file = await writeConfig(setup.dir, setup.config);
    const cli = cliCommand();
    const transport = new StdioClientTransport({
      command: cli.command,
      args: [...cli.args, "--config", file, "--timeout", "20000", "--discovery-threshold", "100"],
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport, { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await client?.close();
  });

  it("announces every upstream server on stderr", () => {
    for (const name of ["memory", "fs", "everything", "fixture"]) {
      expect(stderr).toMatch(new RegExp(`connected "${name}": \\d+ tools`));
    }
    expect(stderr).toContain('serving "execute_code" over stdio');
  });

  it("lists one tool whose description declares the upstream tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["execute_code"]);
    expect(tools[0]?.description).toContain("getSum");
  });

  it("runs code that chains the upstream servers, with progress and log notifications", async () => {
    const { logs } = collect(client);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: "execute_code", arguments: { code: chainedCode(root) } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({
      exitCode: 0,
      value: expectedValue,
      stats: { bindingCalls: 6 },
    });
    expect(progress).toHaveLength(12);
    const started = progress
      .map((p) => /^call \d+: (\S+) started$/.exec(p.message ?? "")?.[1])
      .filter((name) => name !== undefined);
    expect(started.sort()).toEqual([
      "everything.get-sum",
      "fixture.echo",
      "fs.read_text_file",
      "memory.add_observations",
      "memory.create_entities",
      "memory.open_nodes",
    ]);
    expect(logs).toEqual([
      { level: "info", logger: "console", data: expect.stringContaining("sum:") },
    ]);
  });

  it("reports bad input as INVALID_INPUT and a failing upstream as HANDLER_ERROR", async () => {
    const result = await client.callTool({
      name: "execute_code",
      arguments: {
        code: `const out = {};
               try { await tools.memory.openNodes({ names: "Grace" }); } catch (e) { out.bad = e.code; }
               try { await tools.fixture.fail({}); } catch (e) { out.upstream = [e.code, e.message]; }
               return out;`,
      },
    });
    expect(result.structuredContent).toMatchObject({
      value: {
        bad: "INVALID_INPUT",
        upstream: ["HANDLER_ERROR", expect.stringContaining("upstream says no")],
      },
    });
  });
});

/** Starts the CLI in HTTP mode on a free port and waits for the URL it prints. */
async function startHttp(
  args: string[],
): Promise<{ child: ChildProcess; url: URL; stderr: () => string }> {
  const cli = cliCommand();
  const child = spawn(cli.command, [...cli.args, ...args, "--http", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
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
  return { child, url, stderr: () => stderr };
}

describe("isobind-mcp over Streamable HTTP (stateless)", () => {
  let server: Awaited<ReturnType<typeof startHttp>>;
  let root: string;

  beforeAll(async () => {
    const setup = await referenceConfig();
    root = setup.root;
    // 45 tools fit the default token budget of a full declaration; the count threshold (the
    // CLI's --discovery-threshold) still forces discovery above a number of tools.
    server = await startHttp([
      "--config",
      await writeConfig(setup.dir, setup.config),
      "--discovery-threshold",
      "40",
    ]);
  }, 90_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await once(server.child, "exit");
    }
  });

  async function connect(): Promise<Client> {
    const client = new Client({ name: "http-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    return client;
  }

  it("runs the chained code with progress and log notifications on the response stream", async () => {
    const client = await connect();
    const { logs } = collect(client);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: "execute_code", arguments: { code: chainedCode(root) } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.structuredContent).toMatchObject({ exitCode: 0, value: expectedValue });
    expect(progress).toHaveLength(12);
    expect(logs.map((l) => l.level)).toEqual(["info"]);
    await client.close();
  });

  it("switches to in-sandbox discovery for 45 tools above --discovery-threshold 40, and tools.$search finds them", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools[0]?.description).toContain("$search");
    expect(tools[0]?.description).not.toContain("getSum(");
    const result = await client.callTool({
      name: "execute_code",
      arguments: { code: "return await tools.$search('add two numbers sum');" },
    });
    const found = (result.structuredContent as { value: string[] }).value;
    expect(found.some((declaration) => declaration.includes("getSum"))).toBe(true);
    await client.close();
  });

  it("serves clients without sessions, so any process behind a load balancer can answer", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const [ra, rb] = await Promise.all([
      a.callTool({
        name: "execute_code",
        arguments: { code: "return (await tools.everything.echo({ message: 'a' }))" },
      }),
      b.callTool({ name: "execute_code", arguments: { code: "return 40 + 2" } }),
    ]);
    expect((ra.structuredContent as { value: string }).value).toContain("a");
    expect(rb.structuredContent).toMatchObject({ value: 42 });
    const get = await fetch(server.url, { headers: { accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    await Promise.all([a.close(), b.close()]);
  });

  it("aborts the run and its upstream call when the client drops the response stream", async () => {
    // Stateless mode keeps no sessions, so a notifications/cancelled POST cannot find the run
    // (it may even reach another process); closing the response stream is what cancels.
    const client = await connect();
    const started = Promise.withResolvers<void>();
    const call = client.callTool(
      {
        name: "execute_code",
        arguments: { code: "await tools.fixture.sleep({ ms: 15000 }); return 'done';" },
      },
      CallToolResultSchema,
      { onprogress: () => started.resolve() },
    );
    call.catch(() => {});
    await started.promise;
    await client.close();
    await expect(call).rejects.toThrow();
    const observer = await connect();
    let calls: string[] = [];
    for (let i = 0; i < 100 && !calls.includes("sleep:aborted"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const log = await observer.callTool({
        name: "execute_code",
        arguments: { code: "return (await tools.fixture.callLog({})).calls" },
      });
      calls = (log.structuredContent as { value: string[] }).value;
    }
    expect(calls).toContain("sleep:aborted");
    await observer.close();
  });
});

describe("isobind-mcp startup errors", () => {
  const run = (args: string[]) => {
    const cli = cliCommand();
    return spawnSync(cli.command, [...cli.args, ...args], { encoding: "utf8", timeout: 60_000 });
  };

  it("names a missing config file", () => {
    const result = run(["--config", "/nonexistent/servers.json"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "MCP servers config /nonexistent/servers.json: 1 problem\n  - file not found",
    );
  });

  it("lists every problem of an invalid config", async () => {
    const { dir } = await referenceConfig();
    const file = await writeConfig(dir, { mcpServers: { a: { args: [] }, b: { url: "nope" } } });
    const result = run(["--config", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`MCP servers config ${file}: 2 problems`);
    expect(result.stderr).toContain('mcpServers.a: needs "command"');
    expect(result.stderr).toContain("mcpServers.b.url: must be an http:// or https:// URL");
  });

  /** One working upstream server and one whose command does not exist. */
  async function halfBrokenConfig(): Promise<string> {
    const { dir } = await referenceConfig();
    return writeConfig(dir, {
      mcpServers: {
        fixture: { command: process.execPath, args: [FIXTURE_SERVER] },
        broken: { command: join(dir, "no-such-server") },
      },
    });
  }

  it("says loudly which upstream server failed to start, and serves the others", async () => {
    const file = await halfBrokenConfig();
    const cli = cliCommand();
    const transport = new StdioClientTransport({
      command: cli.command,
      args: [...cli.args, "--config", file, "--connect-timeout", "20000"],
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "half-broken", version: "1.0.0" });
    await client.connect(transport, { timeout: 60_000 });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["execute_code"]);
      expect(stderr).toContain('isobind-mcp: ERROR: server "broken" failed to start:');
      expect(stderr).toContain(
        'isobind-mcp: WARNING: 1 of 2 upstream servers failed to start ("broken")',
      );
      expect(stderr).toContain("Pass --strict to exit instead.");
    } finally {
      await client.close();
    }
  });

  it("exits 1 with --strict when an upstream server failed to start", async () => {
    const file = await halfBrokenConfig();
    const result = run(["--config", file, "--strict", "--connect-timeout", "20000"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('ERROR: server "broken" failed to start:');
    expect(result.stderr).toContain(
      "isobind-mcp: --strict: 1 upstream server(s) failed to start; exiting",
    );
  });

  it("exits 2 with the usage on bad arguments and 0 on --help", () => {
    const bad = run(["--timeout", "soon"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--config <servers.json> is required");
    expect(bad.stderr).toContain('--timeout must be an integer of at least 1, got "soon"');
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: isobind-mcp --config <servers.json>");
  });
});

const DIST_CLI = join(PACKAGE_DIR, "dist", "cli.js");

// CI builds before testing (turbo: test dependsOn build); a source-only checkout skips this.
describe.skipIf(!existsSync(DIST_CLI))("the built bin (dist/cli.js)", () => {
  it("starts with a node shebang and serves over stdio when node runs it directly", async () => {
    expect(readFileSync(DIST_CLI, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const { dir } = await referenceConfig();
    const file = await writeConfig(dir, {
      mcpServers: { fixture: { command: process.execPath, args: [FIXTURE_SERVER] } },
    });
    const client = new Client({ name: "dist-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [DIST_CLI, "--config", file],
        stderr: "pipe",
      }),
    );
    const result = await client.callTool({
      name: "execute_code",
      arguments: { code: "return await tools.fixture.echo({ message: 'from dist' });" },
    });
    expect(result.structuredContent).toMatchObject({ exitCode: 0, value: { echoed: "from dist" } });
    await client.close();
  });
});
