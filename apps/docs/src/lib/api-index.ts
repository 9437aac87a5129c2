/**
 * The `/api/` page: every published package with its one-line summary, and each export with the
 * summary TypeDoc wrote into the package's index (`src/content/docs/api/<pkg>/README.md`, a
 * table per kind, generated with `indexFormat: "table"` before the pages render).
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fromRepo } from "./paths.ts";

/** One export of a package. */
export interface ExportSummary {
  /** "Classes", "Functions", … as TypeDoc groups them. */
  kind: string;
  name: string;
  /** The export's reference page. */
  href: string;
  /** Its summary: the first sentence of its TSDoc, as plain text. */
  summary: string;
}

/** One package on the index. */
export interface PackageSummary {
  name: string;
  /** The package.json description. */
  description: string;
  /** The package's reference index page. */
  href: string;
  exports: ExportSummary[];
}

/** Plain text of a Markdown table cell: links become their text, escapes are undone. */
function plain(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\\([|*_<>`[\]])/g, "$1")
    .replace(/<br\s*\/?>/g, " ")
    .trim();
}

/** The first sentence of a summary (up to the first ". " outside code). */
export function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "`") inCode = !inCode;
    if (!inCode && text[i] === "." && (i === text.length - 1 || text[i + 1] === " ")) {
      return text.slice(0, i + 1);
    }
  }
  return text;
}

/** Reads a TypeDoc package index written with `indexFormat: "table"`. */
export function parseExportIndex(markdown: string): ExportSummary[] {
  const found: ExportSummary[] = [];
  let kind = "";
  for (const line of markdown.split("\n")) {
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) {
      kind = heading[1]?.trim() ?? "";
      continue;
    }
    const row = /^\|\s*\[([^\]]+)\]\(([^)]+)\)\s*\|(.*)\|\s*$/.exec(line);
    if (row && kind) {
      found.push({
        kind,
        name: plain(row[1] ?? ""),
        href: row[2] ?? "",
        summary: firstSentence(plain(row[3] ?? "")),
      });
    }
  }
  return found;
}

// From the repository root: this module also runs bundled into dist/, where import.meta.url
// no longer points into src/.
const docsDir = fromRepo("apps/docs/src/content/docs/");

/** The packages whose reference this site has, in the sidebar's order. */
export function apiPackages(names: readonly string[] = ["core", "mcp", "openai", "langchain"]) {
  return names.flatMap((name): PackageSummary[] => {
    const index = `${docsDir}api/${name}/README.md`;
    if (!existsSync(index)) return [];
    const pkg = JSON.parse(readFileSync(fromRepo(`packages/${name}/package.json`), "utf8"));
    return [
      {
        name: pkg.name,
        description: pkg.description ?? "",
        href: `/api/${name}/readme/`,
        exports: parseExportIndex(readFileSync(index, "utf8")),
      },
    ];
  });
}
