/**
 * Helpers every adapter needs, written once: tool and namespace names, recognising a code tool,
 * and the coded text an adapter answers an unusable tool call with. Exported from
 * `@isobind/core/internal` only (see `internal.ts`).
 * @module
 */

import { BINDING_NAME_PATTERN, MAX_BINDING_NAME_LENGTH } from "../bindings/names.ts";
import type { ErrorCode } from "../error-codes.ts";
import type { OptionIssue } from "../errors.ts";
import type { CodeTool } from "../types.ts";

/**
 * Names every tool-calling API accepts (OpenAI, Anthropic, MCP clients): 1 to 64 letters,
 * digits, `_` and `-`. Code tool names and MCP server names follow it.
 */
export const TOOL_NAME_PATTERN: RegExp = /^[A-Za-z0-9_-]{1,64}$/;

/** What {@link TOOL_NAME_PATTERN} requires, for issue messages. */
export const TOOL_NAME_RULE = "1 to 64 letters, digits, '_' or '-'";

/**
 * Checks a namespace option (`"crm"`, `"acme.crm"`): a binding-name prefix, so the same
 * characters as binding names. Pushes an issue at `path` and returns `undefined` when it is
 * invalid; returns `undefined` without an issue when it is absent.
 */
export function checkNamespace(
  value: unknown,
  path: string,
  issues: OptionIssue[],
): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "string" ||
    value.length >= MAX_BINDING_NAME_LENGTH ||
    !BINDING_NAME_PATTERN.test(value)
  ) {
    issues.push({
      path,
      message: `may contain only letters, digits, '_', '-' and '.', with no empty segment between dots, and must be shorter than ${MAX_BINDING_NAME_LENGTH} characters; got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  return value;
}

/** `name` under `namespace` (`crm` + `get_user` → `crm.get_user`); `name` when there is none. */
export function namespacedName(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === "" ? name : `${namespace}.${name}`;
}

/** True for a code tool (`createCodeTool(rt)`): a name, a description, a schema and `execute`. */
export function isCodeTool(value: unknown): value is CodeTool {
  if (typeof value !== "object" || value === null) return false;
  const tool = value as Partial<Record<keyof CodeTool, unknown>>;
  return (
    typeof tool.name === "string" &&
    typeof tool.description === "string" &&
    typeof tool.inputSchema === "object" &&
    tool.inputSchema !== null &&
    typeof tool.execute === "function"
  );
}

/**
 * Pushes an issue at `path` unless `value` is a code tool, so every adapter says the same thing
 * when it is handed a runtime (or anything else) instead.
 */
export function checkCodeTool(value: unknown, path: string, issues: OptionIssue[]): void {
  if (isCodeTool(value)) return;
  const runtime =
    typeof value === "object" &&
    value !== null &&
    typeof (value as { run?: unknown }).run === "function";
  issues.push({
    path,
    message: runtime
      ? "must be a code tool, got a runtime: pass createCodeTool(rt, options)"
      : "must be a code tool from createCodeTool(rt, options)",
  });
}

/**
 * The text an adapter answers an unusable tool call with: the code first, so the model (and a
 * log search) sees which failure it was. `code` is typed, so a misspelt code fails typecheck.
 */
export function codedMessage(code: ErrorCode, message: string): string {
  return `${code}: ${message}`;
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
