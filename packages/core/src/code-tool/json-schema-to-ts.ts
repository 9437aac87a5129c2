/**
 * JSON Schema → compact TypeScript type text, for the declarations the model reads.
 *
 * Written for tokens, not for humans editing the output: no indentation, `,` between fields,
 * single-quoted literals (no `\"` escapes once the description is embedded in JSON), every
 * description stated once as an inline `/** … *\/` before its field, defaults and formats folded
 * into that comment. Pure and deterministic; never throws on odd schemas (anything it cannot
 * express becomes `unknown`).
 *
 * Two steps: {@link schemaToType} builds a small type tree, {@link printType} prints it. The tree
 * lets the declaration generator find object types that repeat and declare them once.
 * @module
 */

import type { JsonSchema } from "../types.ts";
import { constraintNotes, itemNotes } from "./constraint-notes.ts";

/** Options of {@link schemaToType}. */
export interface SchemaToTypeOptions {
  /**
   * Nesting depth past which a schema is declared `unknown` (guards huge or adversarial schemas).
   * @defaultValue 12
   */
  maxDepth?: number;
  /**
   * Schema nodes converted per call before the rest becomes `unknown` (guards `$ref` fan-out).
   * @defaultValue 2000
   */
  maxNodes?: number;
  /**
   * Note validation constraints (`≥1`, `length ≤64`, `pattern …`) in field comments.
   * @defaultValue true
   */
  constraints?: boolean;
  /** Name hint of the root type, used when a repeated object type is given a name. */
  hint?: string;
}

/** One field of an object type. */
export interface TypeField {
  key: string;
  optional: boolean;
  /** Comment text (description, format, default), `""` for none. */
  doc: string;
  type: TypeNode;
}

/** A TypeScript type as a tree. `hint` on objects names them if they get hoisted. */
export type TypeNode =
  | { kind: "text"; text: string; prec: 0 | 1 | 2 }
  | { kind: "object"; fields: TypeField[]; index?: TypeNode; hint: string }
  | { kind: "array"; item: TypeNode }
  | { kind: "tuple"; elements: { type: TypeNode; optional: boolean }[]; rest?: TypeNode }
  | { kind: "union"; members: TypeNode[] }
  | { kind: "intersection"; members: TypeNode[] };

type SchemaObject = { [key: string]: unknown };

interface Ctx {
  root: JsonSchema;
  refs: string[];
  nodes: number;
  maxDepth: number;
  maxNodes: number;
  constraints: boolean;
}

const UNKNOWN: TypeNode = { kind: "text", text: "unknown", prec: 2 };
const NEVER: TypeNode = { kind: "text", text: "never", prec: 2 };
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const LONGEST_DEFAULT = 60;

/** Renders `schema` as TypeScript type text (no hoisting). */
export function schemaToTs(schema: JsonSchema, options: SchemaToTypeOptions = {}): string {
  return printType(schemaToType(schema, options));
}

/**
 * Converts `schema` to a type tree. Local `$ref`s (`#/$defs/…`, `#/definitions/…`, any JSON
 * pointer into `schema`) are inlined; a `$ref` cycle, a remote `$ref`, or anything past the
 * depth and size caps becomes `unknown`.
 */
export function schemaToType(schema: JsonSchema, options: SchemaToTypeOptions = {}): TypeNode {
  const ctx: Ctx = {
    root: schema,
    refs: [],
    nodes: 0,
    maxDepth: options.maxDepth ?? 12,
    maxNodes: options.maxNodes ?? 2000,
    constraints: options.constraints ?? true,
  };
  return convert(schema, ctx, 0, options.hint ?? "");
}

/**
 * Prints a type tree. Object types whose unaliased text is a key of `aliases` print as the alias
 * name instead (except `self`, the node an alias is being defined with).
 */
export function printType(
  node: TypeNode,
  aliases?: ReadonlyMap<string, string>,
  self?: TypeNode,
): string {
  return print(node, aliases, self);
}

/**
 * A one-line outline of a type for search results: no comments, and object types below the
 * top level shortened to `{…}` (`{url:string,options?:{…}}`). Enums and primitives stay as they
 * are: they are what a call needs most. The full type is one `tools.$describe` away.
 */
export function printOutline(node: TypeNode, depth = 0): string {
  switch (node.kind) {
    case "text":
      return node.text;
    case "object": {
      if (depth > 0) return node.fields.length === 0 && node.index === undefined ? "{}" : "{…}";
      const fields = node.fields.map(
        (f) => `${propertyKey(f.key)}${f.optional ? "?" : ""}:${printOutline(f.type, depth + 1)}`,
      );
      if (node.index !== undefined)
        fields.push(`[k:string]:${printOutline(node.index, depth + 1)}`);
      return `{${fields.join(",")}}`;
    }
    case "array": {
      const item = printOutline(node.item, depth);
      return precedence(node.item) < 2 ? `(${item})[]` : `${item}[]`;
    }
    case "tuple":
      return `[${node.elements.map((e) => printOutline(e.type, depth + 1)).join(",")}]`;
    case "union":
    case "intersection": {
      const parts = node.members.map((m) => {
        const t = printOutline(m, depth);
        return node.kind === "intersection" && precedence(m) < 1 ? `(${t})` : t;
      });
      return [...new Set(parts)].join(node.kind === "union" ? "|" : "&");
    }
  }
}

/** The unaliased text of a node, memoised (the key repeated object types are matched by). */
export function typeKey(node: TypeNode): string {
  let key = keys.get(node);
  if (key === undefined) {
    key = print(node, undefined, undefined);
    keys.set(node, key);
  }
  return key;
}

const keys = new WeakMap<TypeNode, string>();

/** Calls `visit` on every object node of the tree, children first. */
export function walkObjects(
  node: TypeNode,
  visit: (object: TypeNode & { kind: "object" }) => void,
): void {
  switch (node.kind) {
    case "object":
      for (const f of node.fields) walkObjects(f.type, visit);
      if (node.index !== undefined) walkObjects(node.index, visit);
      visit(node);
      return;
    case "array":
      walkObjects(node.item, visit);
      return;
    case "tuple":
      for (const e of node.elements) walkObjects(e.type, visit);
      if (node.rest !== undefined) walkObjects(node.rest, visit);
      return;
    case "union":
    case "intersection":
      for (const m of node.members) walkObjects(m, visit);
      return;
    default:
      return;
  }
}

/**
 * The comment text for one documented schema: description (or title), then format, default and
 * deprecation, each stated once. Empty when there is nothing to say.
 */
export function schemaNotes(
  schema: JsonSchema,
  more: readonly string[] = [],
  constraints = true,
): string {
  if (!isObject(schema)) return "";
  const text = cleanText(
    typeof schema.description === "string"
      ? schema.description
      : typeof schema.title === "string"
        ? schema.title
        : "",
  );
  const extra: string[] = [];
  if (typeof schema.format === "string") extra.push(`format: ${schema.format}`);
  if (constraints) extra.push(...constraintNotes(schema));
  if ("default" in schema && schema.default !== undefined && !statesDefault(text, schema.default)) {
    extra.push(`default: ${defaultText(schema.default)}`);
  }
  extra.push(...more);
  if (schema.deprecated === true) extra.push("deprecated");
  if (extra.length === 0) return text;
  return text === "" ? extra.join(", ") : `${text} (${extra.join(", ")})`;
}

/** `text` as a JSDoc comment, safe to embed (`*\/` inside cannot end it early). */
export function docComment(text: string): string {
  return text === "" ? "" : `/** ${text.replaceAll("*/", "*\\/")} */`;
}

/** Collapses runs of blanks, trims lines and drops empty ones: same words, fewer tokens. */
export function cleanText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}

/** A TypeScript single-quoted string literal. */
export function quote(value: string): string {
  return `'${value.replace(/[\\'\n\r\u2028\u2029]/g, (c) => ESCAPES[c] ?? c)}'`;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\n": "\\n",
  "\r": "\\r",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/**
 * Whether a description already states this default in words ("Defaults to false.",
 * "(default 100, max 200)", "Default is css.", "When false (default), …"), so the note would
 * say it twice. Only scalar defaults, and only the value itself next to the word "default".
 */
export function statesDefault(text: string, value: unknown): boolean {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    return false;
  const v = String(value);
  // A long default is cut in its note anyway; the bound also keeps this search linear.
  if (v.trim() === "" || v.length > LONGEST_DEFAULT || text === "") return false;
  const literal = v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const q = `['"\`]?`;
  return (
    new RegExp(
      `\\bdefaults?(?:\\s+(?:is|to|value(?:\\s+is)?))?:?\\s*${q}${literal}${q}(?![\\w-])`,
      "i",
    ).test(text) || new RegExp(`(?<![\\w-])${q}${literal}${q}\\s*\\(default\\)`, "i").test(text)
  );
}

function defaultText(value: unknown): string {
  const text = typeof value === "string" ? quote(value) : JSON.stringify(value);
  if (text === undefined) return "undefined";
  return text.length > LONGEST_DEFAULT ? `${text.slice(0, LONGEST_DEFAULT - 1)}…` : text;
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(t: string, prec: 0 | 1 | 2 = 2): TypeNode {
  return { kind: "text", text: t, prec };
}

function isUnknown(node: TypeNode): boolean {
  return node.kind === "text" && node.text === "unknown";
}

function isNever(node: TypeNode): boolean {
  return node.kind === "text" && node.text === "never";
}

// ---- schema → tree ----------------------------------------------------------------------------

function convert(schema: unknown, ctx: Ctx, depth: number, hint: string): TypeNode {
  if (schema === false) return NEVER;
  if (!isObject(schema)) return UNKNOWN;
  if (depth > ctx.maxDepth || ++ctx.nodes > ctx.maxNodes) return UNKNOWN;

  const parts: TypeNode[] = [];
  if (typeof schema.$ref === "string") parts.push(convertRef(schema.$ref, ctx, depth, hint));
  const own = convertOwn(schema, ctx, depth, hint);
  if (own !== undefined) parts.push(own);
  for (const key of ["anyOf", "oneOf"] as const) {
    const members = schema[key];
    if (Array.isArray(members) && members.length > 0) {
      const union = unionOf(members.map((m) => convert(m, ctx, depth + 1, hint)));
      if (!isUnknown(union)) parts.push(union);
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf) parts.push(convert(member, ctx, depth + 1, hint));
  }
  let result = intersectionOf(parts);
  if (schema.nullable === true && !isUnknown(result)) result = unionOf([result, text("null")]);
  return result;
}

function convertRef(ref: string, ctx: Ctx, depth: number, hint: string): TypeNode {
  if (!ref.startsWith("#") || ctx.refs.includes(ref)) return UNKNOWN;
  const target = resolvePointer(ctx.root, ref.slice(1));
  if (target === undefined) return UNKNOWN;
  ctx.refs.push(ref);
  try {
    const name = ref.slice(ref.lastIndexOf("/") + 1);
    return convert(target, ctx, depth + 1, IDENTIFIER.test(name) ? name : hint);
  } finally {
    ctx.refs.pop();
  }
}

function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** The schema's own type keywords (`const`, `enum`, `type` and its structure), if any. */
function convertOwn(
  schema: SchemaObject,
  ctx: Ctx,
  depth: number,
  hint: string,
): TypeNode | undefined {
  if ("const" in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return unionOf(schema.enum.map(literal));
  let types: string[];
  if (typeof schema.type === "string") types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type.filter((t) => typeof t === "string");
  else if (isObject(schema.properties) || "additionalProperties" in schema || "required" in schema)
    types = ["object"];
  else if ("items" in schema || "prefixItems" in schema) types = ["array"];
  else return undefined;
  return unionOf(types.map((t) => convertType(t, schema, ctx, depth, hint)));
}

function convertType(
  type: string,
  schema: SchemaObject,
  ctx: Ctx,
  depth: number,
  hint: string,
): TypeNode {
  switch (type) {
    case "string":
      return text("string");
    case "number":
    case "integer":
      return text("number");
    case "boolean":
      return text("boolean");
    case "null":
      return text("null");
    case "array":
      return convertArray(schema, ctx, depth, hint);
    case "object":
      return convertObject(schema, ctx, depth, hint);
    default:
      return UNKNOWN;
  }
}

function convertArray(schema: SchemaObject, ctx: Ctx, depth: number, hint: string): TypeNode {
  const itemHint = singular(hint);
  // Tuples: 2020-12 `prefixItems` (+ `items` for the rest), or draft-07 `items: [...]` (+ `additionalItems`).
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : undefined;
  if (prefix !== undefined) {
    const rest = Array.isArray(schema.prefixItems) ? schema.items : schema.additionalItems;
    const minItems = typeof schema.minItems === "number" ? schema.minItems : 0;
    return {
      kind: "tuple",
      elements: prefix.map((item, i) => ({
        type: convert(item, ctx, depth + 1, itemHint),
        optional: i >= minItems,
      })),
      ...(rest === false ? {} : { rest: convert(rest, ctx, depth + 1, itemHint) }),
    };
  }
  const item = "items" in schema ? convert(schema.items, ctx, depth + 1, itemHint) : UNKNOWN;
  return { kind: "array", item };
}

function convertObject(schema: SchemaObject, ctx: Ctx, depth: number, hint: string): TypeNode {
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : [],
  );
  const fields: TypeField[] = [];
  for (const [key, propSchema] of Object.entries(properties ?? {})) {
    fields.push({
      key,
      optional: !required.has(key),
      doc: notesOf(propSchema, ctx),
      type: convert(propSchema, ctx, depth + 1, key),
    });
  }
  for (const key of required) {
    if (properties === undefined || !Object.hasOwn(properties, key)) {
      fields.push({ key, optional: false, doc: "", type: UNKNOWN });
    }
  }

  // Extra keys: typed ones get an index signature. Open objects (`true`/absent) do not, unless
  // the object declares no properties at all: then the index signature is all there is to say.
  const extra: TypeNode[] = [];
  if (isObject(schema.patternProperties)) {
    for (const s of Object.values(schema.patternProperties))
      extra.push(convert(s, ctx, depth + 1, hint));
  }
  const additional = schema.additionalProperties;
  if (isObject(additional) && Object.keys(additional).length > 0) {
    extra.push(convert(additional, ctx, depth + 1, hint));
  } else if (
    additional !== false &&
    properties === undefined &&
    extra.length === 0 &&
    fields.length === 0
  ) {
    extra.push(UNKNOWN);
  }
  // A closed object without properties (`additionalProperties: false`) accepts `{}` only; `{}`
  // as a type would accept anything.
  if (additional === false && fields.length === 0 && extra.length === 0) extra.push(NEVER);
  const body: TypeNode = { kind: "object", fields, hint };
  if (extra.length === 0) return body;
  const index: TypeNode = { kind: "object", fields: [], index: unionOf(extra), hint };
  if (fields.length === 0) return index;
  // TypeScript requires every property to fit an index signature; an intersection does not.
  return { kind: "intersection", members: [body, index] };
}

/** The comment for a field: its own notes, or the description of its `$ref` target. */
function notesOf(schema: unknown, ctx: Ctx): string {
  if (!isObject(schema)) return "";
  const own = ctx.constraints
    ? schemaNotes(schema, itemNotes(schema))
    : schemaNotes(schema, [], false);
  if (own !== "" || typeof schema.$ref !== "string" || !schema.$ref.startsWith("#")) return own;
  const target = resolvePointer(ctx.root, schema.$ref.slice(1));
  return isObject(target) && typeof target.description === "string"
    ? cleanText(target.description)
    : "";
}

function literal(value: unknown): TypeNode {
  if (typeof value === "string") return text(quote(value));
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return text("number");
    // `-1[]` does not parse as an array of -1; mark negatives so they get parentheses.
    return text(String(value), value < 0 ? 1 : 2);
  }
  if (typeof value === "boolean" || value === null) return text(String(value));
  if (Array.isArray(value)) return text(`[${value.map((v) => printText(literal(v))).join(",")}]`);
  if (isObject(value)) {
    const fields = Object.entries(value).map(
      ([k, v]) => `${propertyKey(k)}:${printText(literal(v))}`,
    );
    return text(`{${fields.join(",")}}`);
  }
  return UNKNOWN;
}

function printText(node: TypeNode): string {
  return node.kind === "text" ? node.text : print(node, undefined, undefined);
}

function unionOf(members: TypeNode[]): TypeNode {
  const kept: TypeNode[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    if (isUnknown(m)) return UNKNOWN;
    if (isNever(m)) continue;
    for (const part of m.kind === "union" ? m.members : [m]) {
      const key = typeKey(part);
      if (!seen.has(key)) {
        seen.add(key);
        kept.push(part);
      }
    }
  }
  if (kept.length === 0) return NEVER;
  if (kept.length === 1) return kept[0] ?? UNKNOWN;
  return { kind: "union", members: kept };
}

function intersectionOf(parts: TypeNode[]): TypeNode {
  const kept = parts.filter((p) => !isUnknown(p));
  if (kept.length === 0) return UNKNOWN;
  if (kept.some(isNever)) return NEVER;
  if (kept.length === 1) return kept[0] ?? UNKNOWN;
  return {
    kind: "intersection",
    members: kept.flatMap((p) => (p.kind === "intersection" ? p.members : [p])),
  };
}

/** `entities` → `entity`, `addresses` → `address`, `items` → `item`: a name for one element. */
function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(x|ch|sh|sses)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word === "" ? "" : `${word}Item`;
}

// ---- tree → text ------------------------------------------------------------------------------

function precedence(node: TypeNode): 0 | 1 | 2 {
  if (node.kind === "text") return node.prec;
  if (node.kind === "union") return 0;
  if (node.kind === "intersection") return 1;
  return 2;
}

/** Parenthesised when it binds looser than `min`; objects (and alias names) never need it. */
function wrap(
  node: TypeNode,
  min: 0 | 1 | 2,
  aliases: ReadonlyMap<string, string> | undefined,
  self: TypeNode | undefined,
): string {
  const t = print(node, aliases, self);
  return precedence(node) < min ? `(${t})` : t;
}

function print(
  node: TypeNode,
  aliases: ReadonlyMap<string, string> | undefined,
  self: TypeNode | undefined,
): string {
  switch (node.kind) {
    case "text":
      return node.text;
    case "object": {
      if (aliases !== undefined && node !== self) {
        const alias = aliases.get(typeKey(node));
        if (alias !== undefined) return alias;
      }
      const fields = node.fields.map(
        (f) =>
          `${docComment(f.doc)}${propertyKey(f.key)}${f.optional ? "?" : ""}:${print(f.type, aliases, self)}`,
      );
      if (node.index !== undefined) fields.push(`[k:string]:${print(node.index, aliases, self)}`);
      return `{${fields.join(",")}}`;
    }
    case "array":
      return `${wrap(node.item, 2, aliases, self)}[]`;
    case "tuple": {
      const elements = node.elements.map((e) =>
        e.optional ? `${wrap(e.type, 2, aliases, self)}?` : print(e.type, aliases, self),
      );
      if (node.rest !== undefined) elements.push(`...${wrap(node.rest, 2, aliases, self)}[]`);
      return `[${elements.join(",")}]`;
    }
    case "union":
      return node.members.map((m) => print(m, aliases, self)).join("|");
    case "intersection":
      return node.members.map((m) => wrap(m, 1, aliases, self)).join("&");
  }
}
