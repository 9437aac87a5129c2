/**
 * `//#region name` … `//#endregion` markers, as in the MCP TypeScript SDK's example files: a page
 * shows one region of a real, executed example file instead of a hand-typed copy.
 * @module
 */

const REGION_START = /^\s*\/\/\s*#region\s+(\S+)\s*$/;
const REGION_END = /^\s*\/\/\s*#endregion\b.*$/;

/**
 * The lines between `//#region name` and its `//#endregion`, de-indented, with nested region
 * markers removed. Without `name`, the whole file without any region markers.
 *
 * @throws Error naming the file and the regions it has when `name` is not one of them, or when a
 *   region is not closed.
 */
export function extractRegion(source: string, file: string, name?: string): string {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const isMarker = (line: string) => REGION_START.test(line) || REGION_END.test(line);
  if (name === undefined) {
    return trimBlankEdges(lines.filter((line) => !isMarker(line))).join("\n");
  }

  const found: string[] = [];
  let start = -1;
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const open = REGION_START.exec(line);
    if (start === -1) {
      if (open) {
        found.push(open[1] ?? "");
        if (open[1] === name) start = i + 1;
      }
      continue;
    }
    if (open) depth++;
    else if (REGION_END.test(line)) {
      if (depth === 0) return dedent(lines.slice(start, i).filter((l) => !isMarker(l)));
      depth--;
    }
  }
  if (start !== -1) throw new Error(`${file}: region "${name}" is never closed with //#endregion`);
  const known = found.length > 0 ? found.map((r) => `"${r}"`).join(", ") : "none";
  throw new Error(`${file}: no region "${name}" (regions in the file: ${known})`);
}

function trimBlankEdges(lines: string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]?.trim() === "") from++;
  while (to > from && lines[to - 1]?.trim() === "") to--;
  return lines.slice(from, to);
}

function dedent(lines: string[]): string {
  const kept = trimBlankEdges(lines);
  const indents = kept.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return kept.map((l) => l.slice(cut)).join("\n");
}
