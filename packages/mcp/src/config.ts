/**
 * Reading and validating the Claude-Desktop-style `mcpServers` configuration.
 * @module
 */

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { OptionIssue } from "@isobind/core";
import { TOOL_NAME_PATTERN } from "@isobind/core/internal";
import { McpConfigError } from "./errors.ts";
import { checkApprovalPatterns } from "./internal/approval-patterns.ts";
import type { McpServersConfig, UpstreamServerConfig } from "./types.ts";

/** Server names become a binding-name segment, so they use the segment charset without dots. */

const STDIO_KEYS = new Set(["command", "args", "env", "cwd"]);
const HTTP_KEYS = new Set(["url", "headers"]);
/** Keys other clients put in the same file (Claude Desktop, Cursor, VS Code); accepted and ignored. */
const TOLERATED_KEYS = new Set(["type", "transport", "disabled", "description", "timeout"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkStringMap(value: unknown, path: string, issues: OptionIssue[]): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    issues.push({ path, message: "must be an object of string values" });
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") issues.push({ path: `${path}.${key}`, message: "must be a string" });
  }
}

function checkServer(name: string, server: unknown, issues: OptionIssue[]): void {
  const path = `mcpServers.${name}`;
  if (!TOOL_NAME_PATTERN.test(name)) {
    issues.push({
      path,
      message:
        "server names may contain only letters, digits, '_' and '-' (1 to 64 characters); they become the first segment of binding names",
    });
  }
  if (!isRecord(server)) {
    issues.push({
      path,
      message: 'must be an object: { "command": …, "args": […] } or { "url": … }',
    });
    return;
  }
  const hasCommand = "command" in server;
  const hasUrl = "url" in server;
  if (hasCommand === hasUrl) {
    issues.push({
      path,
      message: hasCommand
        ? 'has both "command" and "url"; give one'
        : 'needs "command" (a process spoken to over stdio) or "url" (Streamable HTTP)',
    });
    return;
  }
  const allowed = hasCommand ? STDIO_KEYS : HTTP_KEYS;
  for (const key of Object.keys(server)) {
    if (!allowed.has(key) && !TOLERATED_KEYS.has(key)) {
      issues.push({
        path: `${path}.${key}`,
        message: `unknown key for a ${hasCommand ? "stdio" : "URL"} server (allowed: ${[...allowed].join(", ")})`,
      });
    }
  }
  if (hasCommand) {
    if (typeof server.command !== "string" || server.command.trim() === "") {
      issues.push({ path: `${path}.command`, message: "must be a non-empty string" });
    }
    if (
      server.args !== undefined &&
      !(Array.isArray(server.args) && server.args.every((a) => typeof a === "string"))
    ) {
      issues.push({ path: `${path}.args`, message: "must be an array of strings" });
    }
    checkStringMap(server.env, `${path}.env`, issues);
    if (server.cwd !== undefined && typeof server.cwd !== "string") {
      issues.push({ path: `${path}.cwd`, message: "must be a string" });
    }
  } else {
    let ok = typeof server.url === "string";
    if (ok) {
      try {
        const url = new URL(server.url as string);
        ok = url.protocol === "http:" || url.protocol === "https:";
      } catch {
        ok = false;
      }
    }
    if (!ok) issues.push({ path: `${path}.url`, message: "must be an http:// or https:// URL" });
    checkStringMap(server.headers, `${path}.headers`, issues);
  }
}

/**
 * Validates a parsed configuration and returns it typed. Reports every problem at once.
 *
 * @param value - The parsed JSON.
 * @param file - Where it came from, for the error message.
 * @throws {@link McpConfigError} listing every problem, each with its path.
 */
export function parseMcpServersConfig(value: unknown, file?: string): McpServersConfig {
  const issues: OptionIssue[] = [];
  if (!isRecord(value)) {
    throw new McpConfigError(file, [
      {
        path: "",
        message: 'must be a JSON object like { "mcpServers": { "name": { "command": "…" } } }',
      },
    ]);
  }
  const servers = value.mcpServers;
  if (!isRecord(servers)) {
    issues.push({
      path: "mcpServers",
      message:
        servers === undefined
          ? 'is missing: the file must have a top-level "mcpServers" object'
          : "must be an object mapping server names to servers",
    });
  } else {
    for (const [name, server] of Object.entries(servers)) checkServer(name, server, issues);
  }
  checkApprovalPatterns(
    value.approval,
    "approval",
    isRecord(servers) ? Object.keys(servers) : undefined,
    issues,
  );
  if (issues.length > 0) throw new McpConfigError(file, issues);
  const out: Record<string, UpstreamServerConfig> = {};
  for (const [name, server] of Object.entries(servers as Record<string, Record<string, unknown>>)) {
    out[name] =
      "command" in server
        ? {
            command: server.command as string,
            ...(server.args !== undefined && { args: server.args as string[] }),
            ...(server.env !== undefined && { env: server.env as Record<string, string> }),
            ...(server.cwd !== undefined && { cwd: server.cwd as string }),
          }
        : {
            url: server.url as string,
            ...(server.headers !== undefined && {
              headers: server.headers as Record<string, string>,
            }),
          };
  }
  return {
    mcpServers: out,
    ...(value.approval !== undefined && { approval: [...(value.approval as string[])] }),
  };
}

/**
 * Reads, parses and validates a configuration file. Relative `cwd` values in the file are
 * resolved against the file's directory.
 *
 * @param file - Path of the JSON file.
 * @throws {@link McpConfigError} when the file is missing, unreadable, not JSON, or invalid.
 */
export async function loadMcpServersConfig(file: string): Promise<McpServersConfig> {
  const absolute = resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? "file not found"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : `cannot be read (${(error as Error).message})`;
    throw new McpConfigError(absolute, [{ path: "", message }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new McpConfigError(absolute, [
      { path: "", message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const config = parseMcpServersConfig(parsed, absolute);
  const base = resolve(absolute, "..");
  for (const server of Object.values(config.mcpServers)) {
    if ("command" in server && server.cwd !== undefined) server.cwd = resolve(base, server.cwd);
  }
  return config;
}
