#!/usr/bin/env node
// Fails when any package's sources import each other in a cycle. A small resolver of this repo's
// own relative `import … from "./x.ts"` specifiers (type-only imports included, since a cycle of
// types is still a cycle of concepts); no dependency needed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"/g;

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

export function findCycles(files) {
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const deps = [];
    for (const m of text.matchAll(IMPORT)) deps.push(resolve(dirname(file), m[1]));
    graph.set(
      file,
      deps.filter((d) => files.includes(d)),
    );
  }
  const cycles = [];
  const state = new Map(); // 1 = on stack, 2 = done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 1) cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

const packages = readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "src"));
const files = packages.flatMap((dir) => {
  try {
    return sources(dir);
  } catch {
    return [];
  }
});
const cycles = findCycles(files);
if (cycles.length > 0) {
  for (const c of cycles)
    console.error(`import cycle: ${c.map((f) => relative(root, f)).join(" → ")}`);
  process.exit(1);
}
console.log(`no import cycles in ${files.length} source files`);
