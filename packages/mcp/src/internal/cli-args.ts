/**
 * Command-line parsing of `isobind-mcp`, kept apart from the bin so it can be tested.
 * @module
 */

import { parseArgs } from "node:util";
import type { IsolationMode } from "@isobind/core";

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: isobind-mcp --config <servers.json> [options]

Serves every tool of the MCP servers in <servers.json> (Claude Desktop's "mcpServers" format)
through one Code Mode tool: the model writes JavaScript that calls tools.<server>.<tool>(input).

Options:
  --config <file>              the servers file (required)
  --http <host:port>           serve Streamable HTTP (stateless) instead of stdio, e.g. 127.0.0.1:3000
  --timeout <ms>               wall-clock limit of one code run (default 30000)
  --memory-mb <n>              memory limit of the sandbox isolate in MB (default 128)
  --discovery-threshold <n>    above this many tools, the model discovers them with tools.$search
  --isolation <mode>           process (default; sandboxes in a supervised child process) or in-process
  --connect-timeout <ms>       time allowed for each upstream server to start (default 30000)
  --strict                     exit with status 1 when any upstream server fails to start,
                               instead of serving the tools of the others (or none)
  --approval <pattern>         a tool that needs a person's approval, e.g. fs.write_file or memory.delete_*
                               (repeatable; added to the file's "approval" list)
  --secret-file <file>         key of approval continuations (at least 32 bytes); give every process
                               behind a load balancer the same one (or set ISOBIND_MCP_SECRET)
  -h, --help                   show this help

Stdout carries the MCP protocol in stdio mode; everything else goes to stderr.`;

/** The parsed command line. */
export interface CliOptions {
  config: string;
  http?: { host: string; port: number };
  timeoutMs?: number;
  memoryLimitMb?: number;
  discoveryThreshold?: number;
  isolation?: IsolationMode;
  connectTimeoutMs?: number;
  /** Exit instead of serving when any upstream server failed to start. */
  strict?: boolean;
  approval?: string[];
  secretFile?: string;
}

/** What {@link parseCliArgs} found: options, a help request, or every usage error. */
export type CliParse =
  | { kind: "run"; options: CliOptions }
  | { kind: "help" }
  | { kind: "error"; errors: string[] };

function positiveInteger(
  flag: string,
  value: string | undefined,
  errors: string[],
  min = 1,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    errors.push(`${flag} must be an integer of at least ${min}, got "${value}"`);
    return undefined;
  }
  return Number(value);
}

const OPTIONS = {
  config: { type: "string" },
  http: { type: "string" },
  timeout: { type: "string" },
  "memory-mb": { type: "string" },
  "discovery-threshold": { type: "string" },
  isolation: { type: "string" },
  "connect-timeout": { type: "string" },
  strict: { type: "boolean" },
  approval: { type: "string", multiple: true },
  "secret-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses `host:port`, `[::1]:port` or a bare port (host 127.0.0.1). */
export function parseHostPort(value: string): { host: string; port: number } | undefined {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(value);
  if (match === null) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  const host = match[1] === undefined ? "127.0.0.1" : match[1].replace(/^\[(.*)\]$/, "$1");
  return { host, port };
}

/** Parses the arguments after `isobind-mcp`. Reports every problem at once. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>
  >;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return { kind: "error", errors: [(error as Error).message] };
  }
  const v = parsed.values;
  if (v.help === true) return { kind: "help" };
  const errors: string[] = [];
  if (v.config === undefined || v.config === "") errors.push("--config <servers.json> is required");
  let http: CliOptions["http"];
  if (v.http !== undefined) {
    http = parseHostPort(v.http);
    if (http === undefined)
      errors.push(`--http must be <host:port> (for example 127.0.0.1:3000), got "${v.http}"`);
  }
  const timeoutMs = positiveInteger("--timeout", v.timeout, errors);
  const memoryLimitMb = positiveInteger("--memory-mb", v["memory-mb"], errors, 8);
  const discoveryThreshold = positiveInteger(
    "--discovery-threshold",
    v["discovery-threshold"],
    errors,
    0,
  );
  const connectTimeoutMs = positiveInteger("--connect-timeout", v["connect-timeout"], errors);
  let isolation: IsolationMode | undefined;
  if (v.isolation !== undefined) {
    if (v.isolation === "process" || v.isolation === "in-process") isolation = v.isolation;
    else errors.push(`--isolation must be "process" or "in-process", got "${v.isolation}"`);
  }
  if (errors.length > 0) return { kind: "error", errors };
  return {
    kind: "run",
    options: {
      config: v.config as string,
      ...(http !== undefined && { http }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(memoryLimitMb !== undefined && { memoryLimitMb }),
      ...(discoveryThreshold !== undefined && { discoveryThreshold }),
      ...(isolation !== undefined && { isolation }),
      ...(connectTimeoutMs !== undefined && { connectTimeoutMs }),
      ...(v.strict === true && { strict: true }),
      ...(v.approval !== undefined && { approval: v.approval }),
      ...(v["secret-file"] !== undefined && { secretFile: v["secret-file"] }),
    },
  };
}
