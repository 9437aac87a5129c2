import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidOptionsError, NodeRuntime } from "@isobind/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindingsFromMcpServers, connectMcpServers, type McpBridge } from "../src/bridge.ts";
import { FIXTURE_SERVER, referenceConfig } from "./helpers.ts";

describe("connectMcpServers with the reference servers from npm", () => {
  let bridge: McpBridge;
  let rt: NodeRuntime;
  let root: string;
  const stderr: string[] = [];

  beforeAll(async () => {
    const setup = await referenceConfig();
    root = setup.root;
    bridge = await connectMcpServers(setup.config, {
      onStderr: (server, line) => stderr.push(`${server}: ${line}`),
    });
    rt = await NodeRuntime.create({ bindings: bridge.bindings });
  });

  afterAll(async () => {
    await rt?.dispose();
    await bridge?.close();
  });

  it("connects every server and registers each tool as <server>.<tool>", () => {
    expect(bridge.servers.map((s) => [s.name, s.status])).toEqual([
      ["memory", "connected"],
      ["fs", "connected"],
      ["everything", "connected"],
      ["fixture", "connected"],
    ]);
    const names = Object.keys(bridge.bindings);
    expect(names).toEqual(
      expect.arrayContaining(["memory.create_entities", "fs.read_text_file", "everything.get-sum"]),
    );
    // The fixture pages tools/list three at a time: all nine tools arrive.
    expect(bridge.tools.filter((t) => t.server === "fixture").map((t) => t.binding)).toEqual([
      "fixture.echo",
      "fixture.text_json",
      "fixture.plain_text",
      "fixture.fail",
      "fixture.crash",
      "fixture.sleep",
      "fixture.call_log",
      "fixture.add_tool",
      "fixture.weird_name_with_chars",
    ]);
    expect(rt.bindings.find((b) => b.name === "everything.get-sum")?.path).toEqual([
      "everything",
      "getSum",
    ]);
  });

  it("keeps inputSchema, outputSchema and annotations", () => {
    const echo = bridge.tools.find((t) => t.binding === "fixture.echo");
    expect(echo).toMatchObject({
      tool: "echo",
      inputSchema: { required: ["message"] },
      outputSchema: { required: ["echoed"] },
      annotations: { readOnlyHint: true },
    });
    const read = rt.bindings.find((b) => b.name === "memory.read_graph");
    expect(read?.outputSchema).toMatchObject({
      type: "object",
      properties: { entities: { type: "array" } },
    });
    const weird = bridge.tools.find((t) => t.binding === "fixture.weird_name_with_chars");
    expect(weird?.tool).toBe("weird name/with:chars");
  });

  it("chains several servers' tools in one run with Promise.all and a branch", async () => {
    const code = `
      const [created, file, sum] = await Promise.all([
        tools.memory.createEntities({ entities: [{ name: "Ada", entityType: "person", observations: ["likes notes"] }] }),
        tools.fs.readTextFile({ path: ${JSON.stringify(join(root, "notes.txt"))} }),
        tools.everything.getSum({ a: 20, b: 22 }),
      ]);
      const lines = file.content.trim().split("\\n");
      let wrote = null;
      if (lines.length > 2) {
        await tools.fs.writeFile({ path: ${JSON.stringify(join(root, "summary.txt"))}, content: lines.join(",") });
        wrote = "summary.txt";
      } else {
        wrote = "nothing";
      }
      const found = await tools.memory.searchNodes({ query: "Ada" });
      const echoed = await tools.fixture.echo({ message: "from " + found.entities[0].name });
      const [asJson, asText, renamed] = await Promise.all([
        tools.fixture.textJson({}),
        tools.fixture.plainText({}),
        tools.fixture.weirdNameWithChars({}),
      ]);
      console.log("sum says:", typeof sum === "string" ? sum : JSON.stringify(sum));
      return { created: created.entities.map((e) => e.name), lines, wrote, echoed, asJson, asText, renamed };
    `;
    const result = await rt.run(code);
    expect(result.error).toBeUndefined();
    expect(result.exitCode).toBe(0);
    expect(result.value).toEqual({
      created: ["Ada"],
      lines: ["alpha", "beta", "gamma"],
      wrote: "summary.txt",
      echoed: { echoed: "from Ada" },
      asJson: { answer: 42, list: [1, 2] },
      asText: "just some text",
      renamed: "weird",
    });
    expect(result.stdout).toContain("42");
    expect(result.stats.bindingCalls).toBe(9);
    expect(await readFile(join(root, "summary.txt"), "utf8")).toBe("alpha,beta,gamma");
  });

  it("rejects bad input with INVALID_INPUT before any upstream call", async () => {
    const result = await rt.run(`
      const before = (await tools.fixture.callLog({})).calls.length;
      let error = null;
      try { await tools.fixture.echo({ message: 42 }); } catch (e) { error = { code: e.code, message: e.message }; }
      const after = (await tools.fixture.callLog({})).calls;
      return { error, newCalls: after.slice(before) };
    `);
    expect(result.error).toBeUndefined();
    const value = result.value as { error: { code: string; message: string }; newCalls: string[] };
    expect(value.error.code).toBe("INVALID_INPUT");
    expect(value.error.message).toContain("message");
    // Only the second call_log reached the fixture: the bad echo never left the host.
    expect(value.newCalls).toEqual(["call_log"]);
  });

  it("turns an upstream isError into HANDLER_ERROR with the upstream text", async () => {
    const result = await rt.run(`
      try { await tools.fixture.fail({}); } catch (e) { return { code: e.code, message: e.message }; }
    `);
    expect(result.value).toEqual({
      code: "HANDLER_ERROR",
      message: expect.stringContaining("upstream says no"),
    });
    const uncaught = await rt.run("await tools.fixture.fail({});");
    expect(uncaught.exitCode).toBe(1);
    expect(uncaught.error?.message).toContain("HANDLER_ERROR");
    expect(uncaught.error?.message).toContain("upstream says no");
  });

  it("aborts the upstream call when the run is aborted", async () => {
    const controller = new AbortController();
    const run = rt.run("await tools.fixture.sleep({ ms: 20000 }); return 'slept';", {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.error?.code).toBe("ABORTED");
    let log: { calls: string[] } | undefined;
    for (let i = 0; i < 50 && !log?.calls.includes("sleep:aborted"); i++) {
      log = (await rt.run("return await tools.fixture.callLog({});")).value as { calls: string[] };
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(log?.calls).toContain("sleep:aborted");
  });
});

describe("connectMcpServers when servers fail", () => {
  it("reports servers that cannot start, with the reason, and keeps the others", async () => {
    const bridge = await connectMcpServers(
      {
        mcpServers: {
          missing: { command: "/nonexistent/isobind-no-such-binary" },
          exits: {
            command: process.execPath,
            args: ["-e", "console.error('boom: bad token'); process.exit(2)"],
          },
          fixture: { command: process.execPath, args: [FIXTURE_SERVER] },
        },
      },
      { onStderr: () => {}, connectTimeoutMs: 10_000 },
    );
    try {
      const [missing, exits, fixture] = bridge.servers;
      expect(missing).toMatchObject({ name: "missing", status: "failed", toolCount: 0 });
      expect(missing?.error).toContain(
        'failed to start "/nonexistent/isobind-no-such-binary": command not found',
      );
      expect(exits).toMatchObject({ name: "exits", status: "failed" });
      expect(exits?.error).toContain("boom: bad token");
      expect(fixture).toMatchObject({ name: "fixture", status: "connected", toolCount: 9 });
      expect(Object.keys(bridge.bindings).every((n) => n.startsWith("fixture."))).toBe(true);
    } finally {
      await bridge.close();
    }
  });

  it("fails calls to a server that crashed mid-run with a clear HANDLER_ERROR, others keep working", async () => {
    const bridge = await connectMcpServers(
      {
        mcpServers: {
          doomed: { command: process.execPath, args: [FIXTURE_SERVER] },
          healthy: { command: process.execPath, args: [FIXTURE_SERVER] },
        },
      },
      { onStderr: () => {} },
    );
    const changes: string[] = [];
    bridge.subscribe(() =>
      changes.push(bridge.servers.map((s) => `${s.name}:${s.status}`).join(",")),
    );
    await using rt = await NodeRuntime.create({ bindings: bridge.bindings });
    try {
      const result = await rt.run(`
        const outcomes = await Promise.allSettled([
          tools.doomed.sleep({ ms: 5000 }),
          tools.doomed.crash({}),
          tools.healthy.echo({ message: "still here" }),
        ]);
        let after;
        try { await tools.doomed.echo({ message: "anyone?" }); } catch (e) { after = { code: e.code, message: e.message }; }
        return { outcomes: outcomes.map((o) => o.status === "fulfilled" ? o.value : { code: o.reason.code, message: o.reason.message }), after };
      `);
      expect(result.error).toBeUndefined();
      const value = result.value as {
        outcomes: [{ code: string; message: string }, { code: string; message: string }, unknown];
        after: { code: string; message: string };
      };
      expect(value.outcomes[0].code).toBe("HANDLER_ERROR");
      expect(value.outcomes[0].message).toContain('MCP server "doomed" went away during "sleep"');
      expect(value.outcomes[0].message).toContain("fatal: simulated crash");
      expect(value.outcomes[1].code).toBe("HANDLER_ERROR");
      expect(value.outcomes[2]).toEqual({ echoed: "still here" });
      expect(value.after.code).toBe("HANDLER_ERROR");
      expect(value.after.message).toContain(
        'MCP server "doomed" is not available: the server process exited',
      );
      expect(bridge.servers.find((s) => s.name === "doomed")?.status).toBe("closed");
      expect(changes).toContain("doomed:closed,healthy:connected");
    } finally {
      await bridge.close();
    }
  });
});

describe("bindingsFromMcpServers", () => {
  it("refuses a server name that cannot be a binding segment with InvalidOptionsError", async () => {
    const error = await bindingsFromMcpServers({ "has space": {} as Client }).catch((e) => e);
    expect(InvalidOptionsError.isInstance(error)).toBe(true);
    expect((error as InvalidOptionsError).issues).toEqual([
      {
        path: "clients.has space",
        message: "server names must be 1 to 64 letters, digits, '_' or '-'",
      },
    ]);
  });
});
