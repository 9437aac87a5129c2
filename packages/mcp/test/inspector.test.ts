import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliCommand, serverEntry, writeConfig } from "./helpers.ts";

const require = createRequire(import.meta.url);
const INSPECTOR = join(
  dirname(require.resolve("@modelcontextprotocol/inspector/package.json")),
  "clients",
  "launcher",
  "build",
  "index.js",
);

interface InspectorRun {
  status: number | null;
  json: { result?: Record<string, unknown> } | undefined;
  stderr: string;
}

describe("the MCP Inspector CLI against isobind-mcp", () => {
  let configFile: string;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "isobind-inspector-"));
    configFile = await writeConfig(stateDir, {
      mcpServers: {
        everything: {
          command: process.execPath,
          args: [serverEntry("server-everything"), "stdio"],
        },
      },
    });
  });

  /** `inspector --cli <isobind-mcp …> -- <inspector options>`; the target's own flags come before `--`. */
  function inspect(options: string[]): Promise<InspectorRun> {
    const cli = cliCommand();
    const child = spawn(
      process.execPath,
      [
        INSPECTOR,
        "--cli",
        cli.command,
        ...cli.args,
        "--config",
        configFile,
        "--",
        ...options,
        "--format",
        "json",
        // The target starts its upstream servers before it answers; under a loaded CI machine
        // that can take longer than the Inspector's default of 15 s.
        "--connect-timeout",
        "90000",
      ],
      {
        // The Inspector keeps state and OAuth secrets under ~/.mcp-inspector unless told otherwise.
        env: {
          ...process.env,
          MCP_STORAGE_DIR: stateDir,
          MCP_INSPECTOR_OAUTH_STATE_PATH: join(stateDir, "oauth"),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    return new Promise((resolve) => {
      child.on("close", (status) => {
        let json: InspectorRun["json"];
        try {
          json = JSON.parse(stdout) as InspectorRun["json"];
        } catch {
          json = undefined;
        }
        resolve({ status, json, stderr });
      });
    });
  }

  it("lists the one code tool (tools/list)", async () => {
    const run = await inspect(["--method", "tools/list"]);
    expect(run.stderr).toContain('connected "everything"');
    expect(run.status).toBe(0);
    const tools = run.json?.result?.tools as { name: string; description: string }[];
    expect(tools.map((t) => t.name)).toEqual(["execute_code"]);
    expect(tools[0]?.description).toContain("getSum");
  }, 120_000);

  it("runs code through tools/call", async () => {
    const code =
      "const r = await tools.everything.getSum({ a: 2, b: 3 }); return { r, ok: r.includes('5') };";
    const run = await inspect([
      "--method",
      "tools/call",
      "--tool-name",
      "execute_code",
      "--tool-args-json",
      JSON.stringify({ code }),
    ]);
    expect(run.status).toBe(0);
    expect(run.json?.result?.structuredContent).toMatchObject({ exitCode: 0, value: { ok: true } });
  }, 120_000);

  it("exits 5, the Inspector's tool-error code, when the run fails", async () => {
    const run = await inspect([
      "--method",
      "tools/call",
      "--tool-name",
      "execute_code",
      "--tool-args-json",
      JSON.stringify({ code: "await tools.everything.getSum({ a: 'two', b: 3 });" }),
    ]);
    expect(run.status).toBe(5);
    expect(run.json?.result).toMatchObject({
      isError: true,
      structuredContent: { error: { bindingCode: "INVALID_INPUT" } },
    });
  }, 120_000);
});
