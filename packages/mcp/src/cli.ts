#!/usr/bin/env node
/**
 * `isobind-mcp`: serves every tool of a Claude-Desktop-style `mcpServers` file through one
 * Code Mode tool, over stdio (default) or stateless Streamable HTTP (`--http host:port`).
 * Stdout is the protocol in stdio mode: everything this program says goes to stderr.
 * @module
 */

import { readFile } from "node:fs/promises";
import { createMcpCodeMode, type McpCodeMode } from "./code-mode.ts";
import { loadMcpServersConfig } from "./config.ts";
import { parseCliArgs, USAGE } from "./internal/cli-args.ts";
import { createCodeModeServer } from "./server.ts";
import { serveStdio, serveStreamableHttp } from "./transports.ts";

const log = (message: string) => process.stderr.write(`isobind-mcp: ${message}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    for (const error of parsed.errors) log(error);
    process.stderr.write(`\n${USAGE}\n`);
    return 2;
  }
  const options = parsed.options;

  let codeMode: McpCodeMode;
  try {
    const config = await loadMcpServersConfig(options.config);
    const secret = await approvalSecret(options.secretFile);
    codeMode = await createMcpCodeMode({
      servers: config,
      ...(options.approval !== undefined && { approval: options.approval }),
      connect: {
        ...(options.connectTimeoutMs !== undefined && {
          connectTimeoutMs: options.connectTimeoutMs,
        }),
      },
      runtime: {
        ...(options.isolation !== undefined && { isolation: options.isolation }),
        ...(secret !== undefined && { approvals: { secret } }),
        limits: {
          ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
          ...(options.memoryLimitMb !== undefined && { memoryLimitMb: options.memoryLimitMb }),
        },
      },
      codeTool: {
        ...(options.discoveryThreshold !== undefined && {
          discoveryThreshold: options.discoveryThreshold,
        }),
      },
    });
  } catch (error) {
    log((error as Error).message);
    return 1;
  }

  const failed = reportServers(codeMode);
  if (failed > 0 && options.strict === true) {
    log(`--strict: ${failed} upstream server(s) failed to start; exiting`);
    await codeMode.dispose();
    return 1;
  }
  codeMode.bridge.subscribe(() => {
    for (const server of codeMode.bridge.servers) {
      if (server.status === "closed") log(`server "${server.name}" closed: ${server.error ?? ""}`);
    }
  });

  const createServer = () => createCodeModeServer({ tool: codeMode });
  let stop: () => Promise<void>;
  const { promise: stopped, resolve: onStopped } = Promise.withResolvers<void>();
  if (options.http !== undefined) {
    let http: Awaited<ReturnType<typeof serveStreamableHttp>>;
    try {
      http = await serveStreamableHttp(createServer, options.http);
    } catch (error) {
      log(
        `cannot listen on ${options.http.host}:${options.http.port}: ${(error as Error).message}`,
      );
      await codeMode.dispose();
      return 1;
    }
    log(`serving "${codeMode.tool.name}" over Streamable HTTP (stateless) at ${http.url.href}`);
    stop = () => http.close();
  } else {
    const stdio = await serveStdio(createServer());
    log(`serving "${codeMode.tool.name}" over stdio`);
    void stdio.closed.then(onStopped);
    stop = () => stdio.close();
  }

  const shutdown = () => onStopped();
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await stopped;
  await stop().catch(() => {});
  await codeMode.dispose();
  return 0;
}

/**
 * Says which upstream servers connected and, loudly, which did not: a server that failed to
 * start (a typo in its command, a missing package) would otherwise leave the model a code tool
 * with fewer tools, or none, and nothing on screen to say why. Returns how many failed.
 */
function reportServers(codeMode: McpCodeMode): number {
  const servers = codeMode.bridge.servers;
  const failed = servers.filter((server) => server.status !== "connected");
  for (const server of servers) {
    if (server.status === "connected") log(`connected "${server.name}": ${server.toolCount} tools`);
    else log(`ERROR: server "${server.name}" failed to start: ${server.error ?? server.status}`);
  }
  if (failed.length > 0) {
    const names = failed.map((server) => `"${server.name}"`).join(", ");
    const tools = servers.reduce((sum, server) => sum + server.toolCount, 0);
    log(
      `WARNING: ${failed.length} of ${servers.length} upstream servers failed to start (${names}); ` +
        `serving ${tools} tools from the others. Pass --strict to exit instead.`,
    );
  }
  return failed.length;
}

/** The continuation key: `--secret-file`, else `ISOBIND_MCP_SECRET`, else one per process. */
async function approvalSecret(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return process.env.ISOBIND_MCP_SECRET || undefined;
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (error) {
    throw new Error(`--secret-file ${file}: ${(error as Error).message}`);
  }
}

// Exit explicitly: an open stdin or a lingering upstream handle must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
