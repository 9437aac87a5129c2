/**
 * Pretty-prints the compact TypeScript declarations the code tool puts in its description
 * (`declare const tools:{getWeather(input:{city:string}):Promise<unknown>}`, without whitespace
 * to save the model's tokens) for people: one member and one doc comment per line, indented.
 * Only layout changes: whitespace, and `;` instead of `,` between the members of an object type.
 * @module
 */

const INDENT = "  ";

/** The declarations laid out with two-space indentation. */
export function prettyDeclarations(source: string): string {
  let out = "";
  let depth = 0;
  const open: string[] = [];
  const newline = () => {
    out = `${out.trimEnd()}\n${INDENT.repeat(depth)}`;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop);
      newline();
      i = stop - 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j;
    } else if (c === "{" && source[i + 1] === "}") {
      out += "{}";
      i++;
    } else if (c === "{") {
      open.push(c);
      depth++;
      out += "{";
      newline();
    } else if (c === "}") {
      open.pop();
      depth = Math.max(0, depth - 1);
      newline();
      out += "}";
    } else if ((c === ";" || c === ",") && open.at(-1) === "{") {
      out += ";";
      newline();
    } else if (c === "\n") {
      out = `${out.trimEnd()}\n`;
    } else if (c === ":" || c === ",") {
      out += `${c} `;
    } else if (c === "=" || c === "|" || c === "&") {
      out += ` ${c} `;
    } else {
      if (c === "(" || c === "[" || c === "<") open.push(c);
      else if (c === ")" || c === "]" || c === ">") open.pop();
      out += c;
    }
  }
  return out
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trim();
}

/** A code tool description split into its prose and its declarations. */
export interface DescriptionParts {
  /** The instructions before the declarations. */
  prose: string;
  /** The declarations, pretty-printed (empty when there are none). */
  declarations: string;
}

/** Splits a description at its first `declare`/`type` line and pretty-prints the rest. */
export function splitDescription(description: string): DescriptionParts {
  const lines = description.split("\n");
  const at = lines.findIndex((l) => /^(declare |type )/.test(l));
  if (at === -1) return { prose: description.trim(), declarations: "" };
  return {
    prose: lines.slice(0, at).join("\n").trim(),
    declarations: prettyDeclarations(lines.slice(at).join("\n")),
  };
}
