/**
 * Fields that several tools declare word for word (the same name, optional mark, comment and
 * type), declared once: `type Context={/** Kubeconfig context to use *\/context?:string};` and
 * then `kubectlGet(input:Context&{resourceType:string})`. A JSON tool list repeats such a field
 * with every tool (the Kubernetes server's `context` on 20 of its 23 tools, GitHub's `owner` and
 * `repo`, Notion's `page_id`); a declaration need not.
 * @module
 */

import {
  docComment,
  propertyKey,
  type TypeField,
  type TypeNode,
  typeKey,
} from "./json-schema-to-ts.ts";
import { typeName } from "./type-names.ts";

/** The inputs with shared fields taken out, and the one-field types that stand for them. */
export interface SharedFields {
  /** Type name → the one-field object type it declares, in order of first use. */
  definitions: Map<string, TypeNode>;
  /** One per input, in order: `Name&…&{rest}` where fields were shared, else the input as is. */
  inputs: TypeNode[];
}

/**
 * Finds the documented top-level fields of plain object inputs that occur in at least two
 * inputs and declares each once where that is shorter than repeating it (the comment is what
 * makes a field long enough to be worth it). Pure and deterministic.
 */
export function shareFields(inputs: readonly TypeNode[]): SharedFields {
  const counts = new Map<string, { field: TypeField; count: number }>();
  for (const input of inputs) {
    if (!shareable(input)) continue;
    for (const field of input.fields) {
      if (field.doc === "") continue;
      const key = fieldKey(field);
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { field, count: 1 });
      else entry.count++;
    }
  }

  const names = new Map<string, string>();
  const definitions = new Map<string, TypeNode>();
  for (const [key, { field, count }] of counts) {
    if (count < 2) continue;
    const name = typeName(field.key, (n) => definitions.has(n));
    // Worth it when the repeats saved outweigh the definition (`type Name={…};`) and the uses
    // (`Name&`).
    if ((count - 1) * key.length <= count * (name.length + 1) + name.length + 9) continue;
    names.set(key, name);
    definitions.set(name, { kind: "object", fields: [field], hint: field.key });
  }

  return {
    definitions,
    inputs: inputs.map((input) => {
      if (!shareable(input)) return input;
      const used = input.fields.flatMap((f) => names.get(fieldKey(f)) ?? []);
      if (used.length === 0) return input;
      const rest = input.fields.filter((f) => !names.has(fieldKey(f)));
      const members: TypeNode[] = used.map((name) => ({ kind: "text", text: name, prec: 2 }));
      if (rest.length > 0) members.push({ kind: "object", fields: rest, hint: input.hint });
      return members.length === 1 ? (members[0] as TypeNode) : { kind: "intersection", members };
    }),
  };
}

function shareable(input: TypeNode): input is TypeNode & { kind: "object" } {
  return input.kind === "object" && input.index === undefined;
}

function fieldKey(f: TypeField): string {
  return `${docComment(f.doc)}${propertyKey(f.key)}${f.optional ? "?" : ""}:${typeKey(f.type)}`;
}
