/**
 * Drops the `$defs` / `definitions` a schema never references. Real servers ship a shared
 * definitions block with every tool (Notion's MCP server: nine definitions, about 2,500
 * characters, on each of its 24 tools, most unused); declarations only follow `$ref`s, and
 * anything that sends a schema to a model (or compares against one that does) should not pay
 * for the rest.
 * @module
 */

import type { JsonSchema } from "../types.ts";

type SchemaObject = Record<string, unknown>;

const DEFINITION_KEYS = ["$defs", "definitions"] as const;

/**
 * `schema` without the entries of its root `$defs` / `definitions` that no `$ref` reaches from
 * the rest of the schema (directly or through other definitions). Returns the same object when
 * nothing is unused; never mutates its argument. Only local refs (`#/$defs/name…`) count; a
 * schema with a remote or unusual `$ref` into its definitions keeps them all.
 */
export function pruneUnusedDefs<S extends JsonSchema>(schema: S): S {
  if (typeof schema !== "object" || schema === null) return schema;
  const root = schema as SchemaObject;
  const blocks = DEFINITION_KEYS.filter((k) => isObject(root[k]));
  if (blocks.length === 0) return schema;

  const rest: SchemaObject = { ...root };
  for (const k of blocks) delete rest[k];
  const used = new Set<string>();
  const pending: unknown[] = [rest];
  let unsure = false;
  while (pending.length > 0) {
    for (const ref of refsIn(pending.pop())) {
      const match = /^#\/(\$defs|definitions)\/([^/]+)/.exec(ref);
      if (match === null) {
        // `#` (the whole schema) or a pointer elsewhere may pass through the definitions.
        if (ref === "#" || ref.startsWith("#/")) unsure = true;
        continue;
      }
      const id = `${match[1]}/${decode(match[2] ?? "")}`;
      if (used.has(id)) continue;
      used.add(id);
      const block = root[match[1] as string];
      if (isObject(block)) pending.push(block[decode(match[2] ?? "")]);
    }
  }
  if (unsure) return schema;

  const out: SchemaObject = { ...root };
  let changed = false;
  for (const k of blocks) {
    const block = root[k] as SchemaObject;
    const kept = Object.fromEntries(Object.entries(block).filter(([n]) => used.has(`${k}/${n}`)));
    if (Object.keys(kept).length === Object.keys(block).length) continue;
    changed = true;
    if (Object.keys(kept).length === 0) delete out[k];
    else out[k] = kept;
  }
  return (changed ? out : schema) as S;
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, out);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~");
  } catch {
    return segment;
  }
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
