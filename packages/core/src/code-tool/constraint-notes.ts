/**
 * Validation constraints as short notes for a field's comment: what ajv enforces but a
 * TypeScript type cannot say, so the model knows a limit before it meets an `INVALID_INPUT`.
 * @module
 */

import type { JsonSchema } from "../types.ts";

type SchemaObject = { [key: string]: unknown };

/**
 * The validation keywords ajv enforces but a TypeScript type cannot say, as short notes:
 * `≥1`, `<100`, `multiple of 5`, `length ≤64`, `≤10 items`, `unique`, `pattern ^[a-z]+$`,
 * `keys: pattern ^x-`. Without them the model learns a limit only from an `INVALID_INPUT`.
 */
export function constraintNotes(schema: JsonSchema): string[] {
  if (!isObject(schema)) return [];
  const n = (key: string): number | undefined => {
    const v = schema[key];
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
  };
  const out: string[] = [];
  // Draft-04 spelled exclusive bounds as booleans beside minimum/maximum.
  // Bounds at the edge of the safe integers are what zod's `.int()` writes, not a real limit.
  const min = realBound(n("minimum"));
  const max = realBound(n("maximum"));
  if (min !== undefined) out.push(`${schema.exclusiveMinimum === true ? ">" : "≥"}${min}`);
  if (n("exclusiveMinimum") !== undefined) out.push(`>${n("exclusiveMinimum")}`);
  if (max !== undefined) out.push(`${schema.exclusiveMaximum === true ? "<" : "≤"}${max}`);
  if (n("exclusiveMaximum") !== undefined) out.push(`<${n("exclusiveMaximum")}`);
  if (n("multipleOf") !== undefined) out.push(`multiple of ${n("multipleOf")}`);
  out.push(...range("length ", "", n("minLength"), n("maxLength")));
  out.push(...range("", " items", n("minItems"), n("maxItems")));
  out.push(...range("", " keys", n("minProperties"), n("maxProperties")));
  if (schema.uniqueItems === true) out.push("unique");
  if (typeof schema.pattern === "string") out.push(`pattern ${schema.pattern}`);
  const names = schema.propertyNames;
  if (isObject(names)) {
    const keyNotes = [
      ...(typeof names.format === "string" ? [`format: ${names.format}`] : []),
      ...constraintNotes(names),
    ];
    if (Array.isArray(names.enum)) keyNotes.unshift(`one of ${names.enum.join(", ")}`);
    if (keyNotes.length > 0) out.push(`keys: ${keyNotes.join(", ")}`);
  }
  return out;
}

function realBound(bound: number | undefined): number | undefined {
  return bound === undefined || Math.abs(bound) >= Number.MAX_SAFE_INTEGER ? undefined : bound;
}

/** `length 1..64`, `≥1 items`, `≤10 keys`: a lower and upper count bound in one note. */
function range(before: string, after: string, min?: number, max?: number): string[] {
  if (min !== undefined && max !== undefined)
    return [min === max ? `${before}${min}${after}` : `${before}${min}..${max}${after}`];
  // `minLength: 0` / `minItems: 0` say nothing.
  if (min !== undefined && min > 0) return [`${before}≥${min}${after}`];
  if (max !== undefined) return [`${before}≤${max}${after}`];
  return [];
}

/** The constraints of an array's items (`string[]` of `length ≤64`), which have no field of their own. */
export function itemNotes(schema: SchemaObject): string[] {
  const items = schema.items;
  if (!isObject(items)) return [];
  const notes = constraintNotes(items);
  if (typeof items.format === "string") notes.unshift(`format: ${items.format}`);
  return notes.length === 0 ? [] : [`items: ${notes.join(", ")}`];
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
