import { createCodeTool, NodeRuntime } from "@isobind/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolResultSchema,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
  type Progress,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpCodeMode } from "../src/code-mode.ts";
import { createCodeModeServer } from "../src/server.ts";
import { FIXTURE_SERVER } from "./helpers.ts";

async function connect(
  server: Server,
): Promise<{ client: Client; logs: LoggingMessageNotification["params"][] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "1.0.0" });
  const logs: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  await client.connect(clientSide);
  return { client, logs };
}

describe("createCodeModeServer", () => {
  let rt: NodeRuntime;
  let client: Client;
  let logs: LoggingMessageNotification["params"][];
  const slowAborted: string[] = [];

  beforeAll(async () => {
    rt = await NodeRuntime.create({
      bindings: {
        "get-weather": {
          description: "Look up the current temperature for a city",
          inputSchema: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          },
          handler: (input: { city: string }) => ({ temp_f: input.city === "Tokyo" ? 75 : 61 }),
        },
        slow: {
          description: "Waits until the run ends",
          inputSchema: { type: "object" },
          handler: (_input, ctx) =>
            new Promise((resolve) => {
              ctx.signal.addEventListener("abort", () => {
                slowAborted.push(ctx.runId);
                resolve(null);
              });
            }),
        },
      },
    });
    ({ client, logs } = await connect(createCodeModeServer({ tool: createCodeTool(rt) })));
  });

  afterAll(async () => {
    await client?.close();
    await rt?.dispose();
  });

  it("lists one tool with the code tool's schema, the run-result output schema and annotations", async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(1);
    const [tool] = tools;
    expect(tool?.name).toBe("execute_code");
    expect(tool?.inputSchema).toEqual(createCodeTool(rt).inputSchema);
    expect(tool?.description).toBe(createCodeTool(rt).description);
    expect(tool?.outputSchema).toMatchObject({
      type: "object",
      required: ["exitCode", "stdout", "stderr", "stats"],
    });
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    expect(client.getServerCapabilities()).toMatchObject({ logging: {}, tools: {} });
  });

  it("returns the text for the model and the run result as structuredContent", async () => {
    const result = await client.callTool({
      name: "execute_code",
      arguments: {
        code: `const [a, b] = await Promise.all([tools.getWeather({ city: "Tokyo" }), tools.getWeather({ city: "Paris" })]);
               console.log("diff", a.temp_f - b.temp_f);
               return { warmer: a.temp_f > b.temp_f ? "Tokyo" : "Paris" };`,
      },
    });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({
      exitCode: 0,
      value: { warmer: "Tokyo" },
      stdout: "diff 14\n",
      stderr: "",
      stats: { bindingCalls: 2 },
    });
    const [content] = result.content as { type: string; text: string }[];
    expect(content?.type).toBe("text");
    expect(content?.text).toContain("Tokyo");
    expect(content?.text).toContain("diff 14");
  });

  it("keeps a non-object value inside structuredContent", async () => {
    const result = await client.callTool({
      name: "execute_code",
      arguments: { code: "return [1, 'two', null];" },
    });
    expect(result.structuredContent).toMatchObject({ exitCode: 0, value: [1, "two", null] });
  });

  it("sets isError with the error code and guest line for a failed run", async () => {
    const result = await client.callTool({
      name: "execute_code",
      arguments: { code: "const x = 1;\nthrow new TypeError('nope');" },
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      exitCode: 1,
      error: { code: "GUEST_ERROR", name: "TypeError", message: "nope", line: 2 },
    });
    const [content] = result.content as { text: string }[];
    expect(content?.text).toContain("GUEST_ERROR");
    expect(content?.text).toContain("nope");
  });

  it("reports bad binding input as INVALID_INPUT in a failed run", async () => {
    const result = await client.callTool({
      name: "execute_code",
      arguments: { code: "return await tools.getWeather({ town: 'x' });" },
    });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      error: { bindingCode: "INVALID_INPUT", binding: "get-weather" },
    });
  });

  it("sends two progress notifications per binding call", async () => {
    const progress: Progress[] = [];
    await client.callTool(
      {
        name: "execute_code",
        arguments: {
          code: "await tools.getWeather({ city: 'Tokyo' }); await tools.getWeather({ city: 'x' }); return 1;",
        },
      },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p) },
    );
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4]);
    expect(progress[0]?.message).toBe("call 1: get-weather started");
    expect(progress[1]?.message).toMatch(/^call 1: get-weather done in \d+ ms$/);
    expect(progress[3]?.message).toMatch(/^call 2: get-weather done/);
  });

  it("sends console output as log notifications before the result", async () => {
    logs.length = 0;
    await client.callTool({
      name: "execute_code",
      arguments: { code: "console.log('hello', { a: 1 }); console.error('careful'); return null;" },
    });
    expect(logs).toEqual([
      { level: "info", logger: "console", data: expect.stringContaining("hello") },
      { level: "warning", logger: "console", data: expect.stringContaining("careful") },
    ]);
  });

  it("honours logging/setLevel", async () => {
    logs.length = 0;
    await client.setLoggingLevel("warning");
    await client.callTool({
      name: "execute_code",
      arguments: { code: "console.log('quiet'); console.warn('loud'); return null;" },
    });
    await client.setLoggingLevel("debug");
    expect(logs.map((l) => l.data)).toEqual([expect.stringContaining("loud")]);
  });

  it("aborts the run and its binding calls when the client cancels", async () => {
    const controller = new AbortController();
    const progress: Progress[] = [];
    const call = client.callTool(
      { name: "execute_code", arguments: { code: "await tools.slow({}); return 1;" } },
      CallToolResultSchema,
      {
        signal: controller.signal,
        onprogress: (p) => {
          progress.push(p);
          controller.abort("user pressed stop");
        },
      },
    );
    await expect(call).rejects.toThrow("user pressed stop");
    for (let i = 0; i < 100 && slowAborted.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(slowAborted).toHaveLength(1);
    expect(progress[0]?.message).toBe("call 1: slow started");
  });

  it("answers an unknown tool name with a protocol error", async () => {
    await expect(client.callTool({ name: "nope", arguments: {} })).rejects.toThrow(
      'UNKNOWN_TOOL: no tool "nope": this server has one tool, "execute_code"',
    );
  });
});

describe("createCodeModeServer over createMcpCodeMode", () => {
  it("announces tools/list_changed and serves the new binding after an upstream adds a tool", async () => {
    const codeMode = await createMcpCodeMode({
      servers: { mcpServers: { fixture: { command: process.execPath, args: [FIXTURE_SERVER] } } },
      connect: { onStderr: () => {} },
    });
    try {
      const { client } = await connect(createCodeModeServer({ tool: codeMode }));
      const changed = new Promise<void>((resolve) => {
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
      });
      const firstRuntime = codeMode.runtime;
      const added = await client.callTool({
        name: "execute_code",
        arguments: { code: "return await tools.fixture.addTool({ name: 'fresh_tool' });" },
      });
      expect(added.structuredContent).toMatchObject({ exitCode: 0, value: { ok: true } });
      await changed;
      expect(codeMode.runtime).not.toBe(firstRuntime);
      expect(codeMode.runtime.bindings.map((b) => b.name)).toContain("fixture.fresh_tool");
      const result = await client.callTool({
        name: "execute_code",
        arguments: { code: "return await tools.fixture.freshTool({});" },
      });
      expect(result.structuredContent).toMatchObject({
        exitCode: 0,
        value: { added: "fresh_tool" },
      });
      // The old runtime was disposed once its run had finished.
      await expect(firstRuntime.run("return 1")).rejects.toThrow(/disposed/);
      await client.close();
    } finally {
      await codeMode.dispose();
    }
  });
});
