import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidOptionsError, IsobindError } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { loadMcpServersConfig, parseMcpServersConfig } from "./config.ts";
import { McpConfigError } from "./errors.ts";

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(McpConfigError);
    expect(McpConfigError.isInstance(error)).toBe(true);
    expect(InvalidOptionsError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ name: "McpConfigError", code: "INVALID_OPTIONS" });
    expect((error as McpConfigError).details.issues).toBe((error as McpConfigError).issues);
    return [...(error as McpConfigError).issues];
  }
  throw new Error("expected a McpConfigError");
}

describe("parseMcpServersConfig", () => {
  it("accepts an approval list of tool patterns", () => {
    const config = parseMcpServersConfig({
      mcpServers: { fs: { command: "x" }, memory: { command: "y" } },
      approval: ["fs.write_file", "memory.delete_*", "*.drop_table"],
    });
    expect(config.approval).toEqual(["fs.write_file", "memory.delete_*", "*.drop_table"]);
  });

  it("names each bad approval pattern by its path", () => {
    expect(
      issuesOf(() =>
        parseMcpServersConfig({
          mcpServers: { fs: { command: "x" } },
          approval: ["fs.write_file", "write_file", 3, "github.create_issue", "fs.a b"],
        }),
      ),
    ).toEqual([
      { path: "approval.1", message: expect.stringContaining('must be "<server>.<tool>"') },
      { path: "approval.2", message: expect.stringContaining("got 3") },
      { path: "approval.3", message: '"github" matches no server in mcpServers (fs)' },
      { path: "approval.4", message: expect.stringContaining('got "fs.a b"') },
    ]);
    expect(issuesOf(() => parseMcpServersConfig({ mcpServers: {}, approval: "fs.*" }))).toEqual([
      { path: "approval", message: expect.stringContaining("must be an array") },
    ]);
  });

  it("accepts stdio and URL servers and keeps only known fields", () => {
    const config = parseMcpServersConfig({
      mcpServers: {
        memory: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-memory"],
          env: { A: "1" },
          type: "stdio",
        },
        remote: { url: "https://example.com/mcp", headers: { Authorization: "Bearer x" } },
      },
    });
    expect(config).toEqual({
      mcpServers: {
        memory: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-memory"],
          env: { A: "1" },
        },
        remote: { url: "https://example.com/mcp", headers: { Authorization: "Bearer x" } },
      },
    });
  });

  it("reports every problem at once, each with its path", () => {
    const issues = issuesOf(() =>
      parseMcpServersConfig({
        mcpServers: {
          "bad.name": { command: "x" },
          both: { command: "x", url: "http://a" },
          neither: { args: [] },
          badArgs: { command: "", args: [1], env: { A: 2 }, extra: true },
          badUrl: { url: "ftp://x" },
        },
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      "mcpServers.bad.name",
      "mcpServers.both",
      "mcpServers.neither",
      "mcpServers.badArgs.extra",
      "mcpServers.badArgs.command",
      "mcpServers.badArgs.args",
      "mcpServers.badArgs.env.A",
      "mcpServers.badUrl.url",
    ]);
    expect(issues[2]?.message).toContain('needs "command"');
  });

  it("explains a missing mcpServers key", () => {
    const issues = issuesOf(() => parseMcpServersConfig({ servers: {} }));
    expect(issues).toEqual([
      { path: "mcpServers", message: expect.stringContaining("is missing") },
    ]);
  });

  it("throws an error recognisable as an IsobindError", () => {
    let caught: unknown;
    try {
      parseMcpServersConfig([]);
    } catch (error) {
      caught = error;
    }
    expect(IsobindError.isInstance(caught)).toBe(true);
    expect((caught as IsobindError).code).toBe("INVALID_OPTIONS");
  });
});

describe("loadMcpServersConfig", () => {
  it("names the file when it does not exist", async () => {
    const dir = await mkdtemp(join(tmpdir(), "isobind-mcp-config-"));
    const file = join(dir, "nope.json");
    await expect(loadMcpServersConfig(file)).rejects.toThrow(
      `MCP servers config ${file}: 1 problem\n  - file not found`,
    );
  });

  it("reports invalid JSON with the parser's position", async () => {
    const dir = await mkdtemp(join(tmpdir(), "isobind-mcp-config-"));
    const file = join(dir, "servers.json");
    await writeFile(file, '{ "mcpServers": { ');
    await expect(loadMcpServersConfig(file)).rejects.toThrow(/is not valid JSON: .*position/);
  });

  it("resolves a relative cwd against the file's directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "isobind-mcp-config-"));
    await mkdir(join(dir, "sub"));
    const file = join(dir, "servers.json");
    await writeFile(file, JSON.stringify({ mcpServers: { a: { command: "node", cwd: "sub" } } }));
    const config = await loadMcpServersConfig(file);
    expect(config.mcpServers.a).toEqual({ command: "node", cwd: join(dir, "sub") });
  });
});
