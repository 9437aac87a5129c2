/**
 * Reads the benchmark harness's JSON results (`bench/results/*.json`) and turns any of them into
 * tables, without knowing their schema: the docs show what the harness measured, never numbers
 * typed into a page.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fromRepo } from "./paths.ts";

/** A cell: text, a number, or empty. */
export type Cell = string | number | null;

/** A table of rows of like objects. */
export interface TableSection {
  kind: "table";
  /** Where the table is in the file (`tokens › sizes`). */
  title: string;
  columns: string[];
  /** True for columns whose every non-empty cell is a number (right-aligned, with a bar). */
  numeric: boolean[];
  rows: Cell[][];
  /** Largest absolute value per numeric column (0 for other columns), for the bars. */
  max: number[];
}

/** Scalar fields of one object. */
export interface FactsSection {
  kind: "facts";
  title: string;
  facts: [string, Cell][];
}

/** One rendered piece of a results file. */
export type Section = TableSection | FactsSection;

/** One results file. */
export interface ResultsFile {
  /** File name, e.g. `tokens.json`. */
  name: string;
  /** Path relative to the repository root. */
  path: string;
  data: unknown;
}

const RESULTS_DIR = "bench/results";
const MAX_DEPTH = 4;

const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || ["string", "number", "boolean"].includes(typeof v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const toCell = (v: unknown): Cell =>
  v === null || v === undefined
    ? null
    : typeof v === "number" || typeof v === "string"
      ? v
      : typeof v === "boolean"
        ? String(v)
        : JSON.stringify(v);

/** Every `bench/results/*.json`, sorted by name; none when the harness has not run. */
export function readResultsFiles(): ResultsFile[] {
  const dir = fromRepo(RESULTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({
      name,
      path: `${RESULTS_DIR}/${name}`,
      data: JSON.parse(readFileSync(`${dir}/${name}`, "utf8")) as unknown,
    }));
}

/** One results file by name, or `undefined` when it does not exist yet. */
export function readResultsFile(name: string): ResultsFile | undefined {
  return readResultsFiles().find((file) => file.name === name);
}

/** Turns any JSON value into tables (arrays of objects) and fact lists (scalar fields). */
export function toSections(data: unknown, title: string, depth = 0): Section[] {
  if (Array.isArray(data)) {
    if (data.length > 0 && data.every(isPlainObject)) return [toTable(data, title)];
    return [{ kind: "facts", title, facts: [["values", toCell(data)]] }];
  }
  if (!isPlainObject(data)) return [{ kind: "facts", title, facts: [["value", toCell(data)]] }];

  const facts: [string, Cell][] = [];
  const nested: Section[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (isScalar(value) || depth >= MAX_DEPTH) facts.push([key, toCell(value)]);
    else if (Array.isArray(value) && value.every(isScalar)) {
      facts.push([key, value.map((v) => String(v)).join(", ")]);
    } else nested.push(...toSections(value, `${title} › ${key}`, depth + 1));
  }
  return facts.length > 0 ? [{ kind: "facts", title, facts }, ...nested] : nested;
}

function toTable(rows: Record<string, unknown>[], title: string): TableSection {
  const columns: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cells = rows.map((row) => columns.map((c) => toCell(row[c])));
  const numeric = columns.map((_, i) => {
    const filled = cells.map((r) => r[i]).filter((c) => c !== null);
    return filled.length > 0 && filled.every((c) => typeof c === "number");
  });
  const max = columns.map((_, i) =>
    numeric[i] ? Math.max(0, ...cells.map((r) => Math.abs(Number(r[i] ?? 0)))) : 0,
  );
  return { kind: "table", title, columns, numeric, rows: cells, max };
}

/** How a cell is printed: integers with thousands separators, other numbers to 2 decimals. */
export function formatCell(cell: Cell): string {
  if (cell === null) return "—";
  if (typeof cell === "number") {
    return cell.toLocaleString("en-US", { maximumFractionDigits: Number.isInteger(cell) ? 0 : 2 });
  }
  return cell;
}
