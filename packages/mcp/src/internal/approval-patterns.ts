/**
 * Approval patterns: which upstream tools need a person's approval, as glob patterns over
 * binding names (`"filesystem.write_file"`, `"memory.delete_*"`, `"github.*"`).
 * @module
 */

import type { ApprovalOptions, OptionIssue } from "@isobind/core";

/** Characters of a pattern: those of binding names, and `*`. */
const PATTERN = /^[A-Za-z0-9_*-]+\.[A-Za-z0-9_.*-]+$/;

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${body}$`);
}

/**
 * Checks patterns: each is `<server>.<tool>` where either part may hold `*` (any characters),
 * and the server part matches a configured server when `servers` is given. Pushes one issue
 * per problem at `<path>.<index>`.
 */
export function checkApprovalPatterns(
  value: unknown,
  path: string,
  servers: readonly string[] | undefined,
  issues: OptionIssue[],
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    issues.push({
      path,
      message:
        'must be an array of tool patterns, e.g. ["filesystem.write_file", "memory.delete_*"]',
    });
    return;
  }
  value.forEach((pattern, i) => {
    const at = `${path}.${i}`;
    if (typeof pattern !== "string" || !PATTERN.test(pattern)) {
      issues.push({
        path: at,
        message: `must be "<server>.<tool>" with letters, digits, '_', '-' and '*' (any characters), got ${JSON.stringify(pattern)}`,
      });
      return;
    }
    const server = pattern.slice(0, pattern.indexOf("."));
    if (servers !== undefined && !servers.some((s) => globToRegExp(server).test(s))) {
      issues.push({
        path: at,
        message: `"${server}" matches no server in mcpServers (${servers.join(", ") || "none"})`,
      });
    }
  });
}

/** A matcher over binding names; `reason` names the pattern that matched. */
export interface ApprovalMatcher {
  /** The first pattern matching `name`, if any. */
  match(name: string): string | undefined;
}

/** Compiles checked patterns into a matcher. */
export function approvalMatcher(patterns: readonly string[]): ApprovalMatcher {
  const compiled = patterns.map((p) => [p, globToRegExp(p)] as const);
  return { match: (name) => compiled.find(([, re]) => re.test(name))?.[0] };
}

/**
 * The runtime-wide policy: a call needs approval when a pattern matches its binding, or when
 * the policy given in the runtime options says so.
 */
export function approvalPolicy(
  matcher: ApprovalMatcher,
  own: ApprovalOptions["needsApproval"],
): NonNullable<ApprovalOptions["needsApproval"]> {
  return (request) => {
    const pattern = matcher.match(request.name);
    if (pattern !== undefined) return `the server's approval list has "${pattern}"`;
    return own?.(request) ?? false;
  };
}
