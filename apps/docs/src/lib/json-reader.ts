/**
 * Reads a JSON document field by field and collects every mismatch, so a results file whose
 * format changed fails the docs build with one message listing each field that is wrong, instead
 * of rendering blanks.
 * @module
 */

/** A problem found in a JSON document: where, and what was expected there. */
export interface ShapeIssue {
  /** Path of the field, e.g. `rows[3].savedPercent`. */
  path: string;
  /** What the field should have been. */
  expected: string;
}

type Json = unknown;

const describe = (value: Json): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;

/** One position in a document; reading a field that is not there records an issue. */
export class JsonReader {
  readonly #value: Json;
  readonly #path: string;
  readonly #issues: ShapeIssue[];

  constructor(value: Json, path = "", issues: ShapeIssue[] = []) {
    this.#value = value;
    this.#path = path;
    this.#issues = issues;
  }

  /** Every issue recorded so far, by this reader and every reader derived from it. */
  get issues(): readonly ShapeIssue[] {
    return this.#issues;
  }

  /** Whether the field `key` exists (and is not `null`). */
  has(key: string): boolean {
    const v = this.#value;
    return (
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      (v as Record<string, Json>)[key] != null
    );
  }

  /** The reader for field `key` of this object. */
  field(key: string): JsonReader {
    const v = this.#value;
    const at = this.#path === "" ? key : `${this.#path}.${key}`;
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      this.#fail("an object", v);
      // Its fields are not reported one by one: the missing parent is the one issue.
      return new JsonReader(undefined, at, []);
    }
    return new JsonReader((v as Record<string, Json>)[key], at, this.#issues);
  }

  /** A reader per element of this array. */
  items(): JsonReader[] {
    if (!Array.isArray(this.#value)) {
      this.#fail("an array", this.#value);
      return [];
    }
    return this.#value.map((v, i) => new JsonReader(v, `${this.#path}[${i}]`, this.#issues));
  }

  number(): number {
    const v = this.#value;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    this.#fail("a number", v);
    return Number.NaN;
  }

  string(): string {
    const v = this.#value;
    if (typeof v === "string") return v;
    this.#fail("a string", v);
    return "";
  }

  boolean(): boolean {
    const v = this.#value;
    if (typeof v === "boolean") return v;
    this.#fail("a boolean", v);
    return false;
  }

  /** Optional number: `undefined` when absent, an issue when present but not a number. */
  optionalNumber(): number | undefined {
    return this.#value === undefined || this.#value === null ? undefined : this.number();
  }

  #fail(expected: string, got: Json): void {
    this.#issues.push({
      path: this.#path || "(root)",
      expected: `${expected}, got ${describe(got)}`,
    });
  }
}

/** Throws one error listing every issue, naming the file; does nothing when there are none. */
export function assertNoShapeIssues(
  file: string,
  issues: readonly ShapeIssue[],
  format: string,
): void {
  if (issues.length === 0) return;
  // A missing object is reported once, not once per field read from it.
  const lines = [...new Set(issues.map((i) => `  ${i.path}: expected ${i.expected}`))];
  throw new Error(
    `${file} does not have the format the docs render (${format}); ${lines.length} problem(s):\n${lines.join("\n")}`,
  );
}
