/**
 * TypeScript declarations of bindings, generated from their JSON Schemas: what the model reads in
 * the code tool's description (full mode) or gets back from `tools.$describe` / `tools.$search`
 * (discovery mode). The paths come from `BindingInfo.path`, the same name map the guest's
 * `tools` object is built from.
 * @module
 */

import type { BindingInfo } from "../types.ts";
import {
  cleanText,
  docComment,
  printOutline,
  printType,
  propertyKey,
  schemaToType,
  type TypeNode,
  typeKey,
  walkObjects,
} from "./json-schema-to-ts.ts";
import { shareFields } from "./shared-fields.ts";
import { typeName } from "./type-names.ts";

/** Options of {@link generateDeclarations} and {@link declareBinding}. */
export interface DeclarationOptions {
  /**
   * Declare return types from `outputSchema` (`Promise<unknown>` when `false` or absent).
   * @defaultValue true
   */
  outputTypes?: boolean;
  /**
   * Nesting depth past which a schema is declared `unknown`.
   * @defaultValue 12
   */
  maxDepth?: number;
  /**
   * Note validation constraints (`≥1`, `length ≤64`, `≤10 items`, `pattern …`) in the field
   * comments, so the model knows the limits ajv enforces before it hits an `INVALID_INPUT`.
   * @defaultValue true
   */
  constraints?: boolean;
}

/**
 * One binding as a method signature, its description as JSDoc:
 * `/** Look up the weather *\/getWeather(input:{city:string}):Promise<unknown>`. The method name
 * is the last segment of the binding's path; see {@link declareBindingAt} for the full path.
 */
export function declareBinding(binding: BindingInfo, options: DeclarationOptions = {}): string {
  const { input, output } = bindingTypes(binding, options);
  return member(binding, propertyKey(lastSegment(binding)), input, output);
}

/**
 * One binding with its full guest path, for discovery results:
 * `/** Create an issue *\/tools.github.createIssue(input:{title:string}):Promise<unknown>`.
 */
export function declareBindingAt(binding: BindingInfo, options: DeclarationOptions = {}): string {
  const { input, output } = bindingTypes(binding, options);
  return member(binding, guestPath(binding), input, output);
}

/**
 * One binding as a search hit: the first sentence of its description and a one-line outline of
 * the call, nested object types shortened to `{…}`:
 * `/** Create an issue *\/tools.github.createIssue(input:{title:string,labels?:string[]}):Promise<{…}>`.
 * Full types, field descriptions and constraints come from {@link declareBindingAt}.
 */
export function outlineBinding(binding: BindingInfo, options: DeclarationOptions = {}): string {
  const { input, output } = bindingTypes(binding, options);
  const optional = allOptional(input);
  const doc = docComment(firstSentence(binding.description));
  return `${doc}${guestPath(binding)}(input${optional ? "?" : ""}:${printOutline(input)}):Promise<${printOutline(output)}>`;
}

/** Longest first sentence kept in a search hit, in characters. */
const LONGEST_SENTENCE = 160;

/** The first sentence (or line) of a description, at most {@link LONGEST_SENTENCE} characters. */
export function firstSentence(description: string): string {
  const text = cleanText(description);
  const line = text.split("\n")[0] ?? "";
  const end = line.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? line : line.slice(0, end + 1);
  return sentence.length > LONGEST_SENTENCE
    ? `${sentence.slice(0, LONGEST_SENTENCE - 1).trimEnd()}…`
    : sentence;
}

/** The expression the guest calls a binding with: `tools.github.createIssue`. */
export function guestPath(binding: BindingInfo): string {
  return `tools${binding.path.map((p) => (IDENTIFIER.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join("")}`;
}

/**
 * A `declare const tools:{…}` declaration of every binding: dotted names become nested
 * namespaces, bindings keep the order given, and object types that occur more than once (the same
 * entity in several inputs and outputs, copies of a tool) are declared once as a named `type`
 * before it. Pure and deterministic: the same bindings give the same text.
 */
export function generateDeclarations(
  bindings: readonly BindingInfo[],
  options: DeclarationOptions = {},
): string {
  const plain = bindings.map((b) => ({ binding: b, ...bindingTypes(b, options) }));
  const shared = shareFields(plain.map((t) => t.input));
  const typed: TypedBinding[] = plain.map((t, i) => ({
    ...t,
    optionalInput: allOptional(t.input),
    input: shared.inputs[i] ?? t.input,
  }));
  const roots = [...typed.flatMap((t) => [t.input, t.output]), ...shared.definitions.values()];
  const aliases = chooseAliases(roots, new Set(shared.definitions.keys()));

  const tree: Namespace = new Map();
  for (const t of typed) {
    let ns = tree;
    for (const segment of t.binding.path.slice(0, -1)) {
      let child = ns.get(segment);
      if (!(child instanceof Map)) {
        child = new Map();
        ns.set(segment, child);
      }
      ns = child;
    }
    ns.set(lastSegment(t.binding), t);
  }

  const typeLines = [...shared.definitions, ...aliases.definitions].map(
    ([name, node]) => `type ${name}=${printType(node, aliases.byKey, node)};`,
  );
  const declaration = `declare const tools:${renderNamespace(tree, aliases.byKey)}`;
  return typeLines.length === 0 ? declaration : `${typeLines.join("")}\n${declaration}`;
}

interface TypedBinding {
  binding: BindingInfo;
  input: TypeNode;
  output: TypeNode;
  /** Whether the input may be left out (decided before shared fields were taken out). */
  optionalInput: boolean;
}

type Namespace = Map<string, Namespace | TypedBinding>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const UNKNOWN: TypeNode = { kind: "text", text: "unknown", prec: 2 };

function lastSegment(binding: BindingInfo): string {
  return binding.path[binding.path.length - 1] ?? "_";
}

function bindingTypes(
  binding: BindingInfo,
  options: DeclarationOptions,
): { input: TypeNode; output: TypeNode } {
  const base = {
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    ...(options.constraints === undefined ? {} : { constraints: options.constraints }),
  };
  const name = lastSegment(binding);
  const input = schemaToType(binding.inputSchema, { ...base, hint: `${name}Input` });
  const output =
    options.outputTypes !== false && binding.outputSchema !== undefined
      ? schemaToType(binding.outputSchema, { ...base, hint: `${name}Output` })
      : UNKNOWN;
  return { input, output };
}

/**
 * The guest sends a missing input as `{}`, so an object whose fields are all optional may be
 * left out: `tools.getEnv()`.
 */
export function allOptional(input: TypeNode): boolean {
  return input.kind === "object" && input.fields.every((f) => f.optional);
}

function member(
  binding: BindingInfo,
  callee: string,
  input: TypeNode,
  output: TypeNode,
  aliases?: ReadonlyMap<string, string>,
  optional = allOptional(input),
): string {
  const param = `input${optional ? "?" : ""}:${printType(input, aliases)}`;
  const doc = docComment(cleanText(binding.description));
  return `${doc}${callee}(${param}):Promise<${printType(output, aliases)}>`;
}

function renderNamespace(ns: Namespace, aliases: ReadonlyMap<string, string>): string {
  const members: string[] = [];
  for (const [key, entry] of ns) {
    members.push(
      entry instanceof Map
        ? `${propertyKey(key)}:${renderNamespace(entry, aliases)}`
        : member(
            entry.binding,
            propertyKey(key),
            entry.input,
            entry.output,
            aliases,
            entry.optionalInput,
          ),
    );
  }
  // `;` rather than a newline between members: in JSON-embedded descriptions a newline costs a
  // token more (`\n` splits from the `/**` that follows it).
  return `{${members.join(";")}}`;
}

// ---- repeated object types --------------------------------------------------------------------

interface Aliases {
  /** Unaliased type text → alias name. */
  byKey: Map<string, string>;
  /** Alias name → the node that defines it, in order of first use. */
  definitions: Map<string, TypeNode>;
}

/**
 * Picks the object types worth declaring once: those that occur at least twice where a name
 * is shorter than repeating the text. Largest first, so that a hoisted type's insides are
 * counted once (in its definition), not once per use.
 */
function chooseAliases(roots: readonly TypeNode[], reserved: ReadonlySet<string>): Aliases {
  const first = new Map<string, TypeNode>();
  const order: string[] = [];
  for (const root of roots) {
    walkObjects(root, (node) => {
      const key = typeKey(node);
      if (!first.has(key)) {
        first.set(key, node);
        order.push(key);
      }
    });
  }
  const byKey = new Map<string, string>();
  const definitions = new Map<string, TypeNode>();
  const candidates = order.filter((k) => k.length > 24).sort((a, b) => b.length - a.length);
  for (const key of candidates) {
    const node = first.get(key);
    if (node === undefined || node.kind !== "object") continue;
    const count = countUses(key, roots, byKey, definitions);
    const name = typeName(
      node.hint,
      (n) => reserved.has(n) || definitions.has(n) || [...byKey.values()].includes(n),
    );
    // Worth it when the repeats saved outweigh the definition (`type Name=…;`) and the name uses.
    if (count < 2 || (count - 1) * key.length <= (count + 1) * name.length + 7) continue;
    byKey.set(key, name);
    definitions.set(name, node);
  }
  // Definitions in order of first appearance, for a stable, readable prelude.
  const ordered = new Map<string, TypeNode>();
  for (const key of order) {
    const name = byKey.get(key);
    const node = name === undefined ? undefined : definitions.get(name);
    if (name !== undefined && node !== undefined) ordered.set(name, node);
  }
  return { byKey, definitions: ordered };
}

/** Occurrences of `key` outside already hoisted types, plus once inside each hoisted definition. */
function countUses(
  key: string,
  roots: readonly TypeNode[],
  byKey: ReadonlyMap<string, string>,
  definitions: ReadonlyMap<string, TypeNode>,
): number {
  let count = 0;
  const visit = (node: TypeNode, isDefinition: boolean): void => {
    if (node.kind === "object") {
      const k = typeKey(node);
      if (!isDefinition && byKey.has(k)) return;
      if (k === key) count++;
      for (const f of node.fields) visit(f.type, false);
      if (node.index !== undefined) visit(node.index, false);
    } else if (node.kind === "array") visit(node.item, false);
    else if (node.kind === "tuple") {
      for (const e of node.elements) visit(e.type, false);
      if (node.rest !== undefined) visit(node.rest, false);
    } else if (node.kind === "union" || node.kind === "intersection") {
      for (const m of node.members) visit(m, false);
    }
  };
  for (const root of roots) visit(root, false);
  for (const node of definitions.values()) visit(node, true);
  return count;
}
