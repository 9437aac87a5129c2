/**
 * Names for the types a declaration declares once (`type Name=…`): from a hint such as a field
 * or binding name, never shadowing the standard library, unique within one declaration.
 * @module
 */

/** Names TypeScript's standard library already uses; an alias must not shadow them. */
const RESERVED = new Set([
  "Array",
  "ArrayBuffer",
  "Boolean",
  "DataView",
  "Date",
  "Error",
  "Function",
  "Infinity",
  "Intl",
  "Iterator",
  "JSON",
  "Map",
  "Math",
  "NaN",
  "Number",
  "Object",
  "Partial",
  "Pick",
  "Promise",
  "Proxy",
  "Readonly",
  "Record",
  "Reflect",
  "RegExp",
  "Required",
  "Set",
  "String",
  "Symbol",
  "WeakMap",
  "WeakSet",
  "Omit",
  "Exclude",
  "Extract",
  "Awaited",
  "Uppercase",
  "Lowercase",
]);

/** A fresh type name from `hint` (`page_id` → `PageId`), not in `taken`. */
export function typeName(hint: string, taken: (name: string) => boolean): string {
  const words = hint.replace(/[^A-Za-z0-9]+/g, " ").trim();
  let base = words
    .split(" ")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  if (base === "" || /^[0-9]/.test(base)) base = `T${base}`;
  if (RESERVED.has(base)) base = `${base}Type`;
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  return name;
}
