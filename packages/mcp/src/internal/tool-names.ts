/**
 * Upstream tool names → binding names. MCP tool names may hold characters binding names cannot
 * (spaces, `/`, `:`), and two upstream names may map to the same guest path (`get-x` and
 * `get_x` both become `getX`), so names are sanitised and de-duplicated here, once, and the
 * bridge keeps the original name for `tools/call`.
 * @module
 */

import { MAX_BINDING_NAME_LENGTH, namespacedName, toJsIdentifier } from "@isobind/core/internal";

/**
 * Sanitises one upstream tool name into a single binding-name segment: every character outside
 * `[A-Za-z0-9_-]` becomes `_` (dots included, so every binding is exactly `<server>.<tool>`).
 */
export function sanitizeToolSegment(tool: string, maxLength: number): string {
  const cleaned = tool.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, Math.max(1, maxLength));
  return cleaned.length === 0 ? "_" : cleaned;
}

/**
 * Builds the binding names of one server's tools: `<server>.<sanitised tool>`, with a numeric
 * suffix when two tools would otherwise reach the same guest path.
 *
 * @returns original tool name → binding name, in the tools' order.
 */
export function bindingNamesFor(server: string, tools: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const takenPaths = new Set<string>();
  const room = MAX_BINDING_NAME_LENGTH - server.length - 1;
  for (const tool of tools) {
    if (out.has(tool)) continue;
    const base = sanitizeToolSegment(tool, room);
    let segment = base;
    for (let n = 2; takenPaths.has(toJsIdentifier(segment)); n++) {
      const suffix = `_${n}`;
      segment = base.slice(0, room - suffix.length) + suffix;
    }
    takenPaths.add(toJsIdentifier(segment));
    out.set(tool, namespacedName(server, segment));
  }
  return out;
}
