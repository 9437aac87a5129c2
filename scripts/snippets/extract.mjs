// Extracts what a reader would paste from the README files and the docs pages: install lines,
// shell commands, and code blocks (fenced, or rendered from an example file by <ExampleCode>).
//
// Marking, in the source:
//   ```ts fragment             a fenced block that is not a whole program (skipped)
//   ```ts title="hello.ts"     the file name a reader saves the block as
//   <ExampleCode file=… fragment />            not a whole program (a region is one too)
//   <ExampleCode file=… needsEnv="API_KEY" />  stops without that variable, as documented
//   ```ts title="x.ts" needsEnv=API_KEY          the same for a fenced block
// Blocks in text, txt or no language are program output and are skipped.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

const SHELL = new Set(["sh", "bash", "shell", "console"]);
const CODE = new Set(["ts", "js", "mts", "mjs", "typescript", "javascript"]);
const OUTPUT = new Set(["", "text", "txt", "plaintext", "output"]);

/**
 * @typedef {{ kind: "shell", commands: string[], line: number }
 *   | { kind: "file", name: string, code: string, lang: string, run: boolean,
 *       needsEnv?: string, line: number }
 *   | { kind: "skip", why: string, line: number }} Snippet
 * @typedef {{ source: string, id: string, snippets: Snippet[], problems: string[] }} Page
 */

/** The files whose snippets a user would paste, relative to the repository root. */
export function sourceFiles(root) {
  const docs = "apps/docs/src/content/docs";
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      // api/ is generated from TSDoc (its @example blocks are excerpts); contributing is for
      // a clone of this repository, not a fresh project.
      if (entry.isDirectory()) {
        if (path !== `${docs}/api`) walk(path);
      } else if (/\.mdx?$/.test(entry.name) && entry.name !== "contributing.mdx") {
        pages.push(path);
      }
    }
  };
  walk(docs);
  const readmes = readdirSync(join(root, "packages")).map((p) => `packages/${p}/README.md`);
  return ["README.md", ...readmes.filter((f) => exists(root, f)), ...pages.sort()];
}

function exists(root, file) {
  try {
    readFileSync(join(root, file));
    return true;
  } catch {
    return false;
  }
}

const lineAt = (text, index) => text.slice(0, index).split("\n").length;

function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([A-Za-z]+)(?:=(?:"([^"]*)"|\{"([^"]*)"\}))?/g)) {
    attrs[m[1]] = m[2] ?? m[3] ?? true;
  }
  return attrs;
}

/** Reads one source file into its snippets, in order. */
export function extractPage(root, source) {
  const text = readFileSync(join(root, source), "utf8");
  const id = source
    .replace(/^apps\/docs\/src\/content\/docs\//, "docs/")
    .replace(/\.(mdx?|md)$/, "")
    .replace(/[^A-Za-z0-9]+/g, "-");
  /** @type {Page} */
  const page = { source, id, snippets: [], problems: [] };
  const found = [];
  const fence = /^([ \t]*)(`{3,}|~{3,})([^\n]*)\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (const m of text.matchAll(fence)) {
    const [lang = "", ...rest] = m[3].trim().split(/\s+/);
    const meta = rest.join(" ");
    const indent = m[1].length;
    const body = m[4]
      .split("\n")
      .map((l) => l.slice(indent))
      .join("\n");
    found.push({ index: m.index, lang: lang.toLowerCase(), meta, body });
  }
  for (const m of text.matchAll(/<ExampleCode\b([^>]*?)\/>/g)) {
    found.push({ index: m.index, component: attributes(m[1]) });
  }
  found.sort((a, b) => a.index - b.index);
  let auto = 0;
  for (const block of found) {
    const line = lineAt(text, block.index);
    const where = `${source}:${line}`;
    if (block.component) {
      const { file, region, fragment, lang = "ts", needsEnv } = block.component;
      if (fragment || region) {
        page.snippets.push({ kind: "skip", why: `fragment of ${file}`, line });
        continue;
      }
      const code = readFileSync(join(root, file), "utf8");
      page.snippets.push({
        kind: "file",
        name: basename(file),
        code,
        lang,
        run: CODE.has(lang),
        ...(needsEnv ? { needsEnv } : {}),
        line,
      });
      continue;
    }
    const { lang, meta, body } = block;
    if (/\bfragment\b/.test(meta)) {
      page.snippets.push({ kind: "skip", why: "marked fragment", line });
    } else if (SHELL.has(lang)) {
      const commands = body
        .split("\n")
        .map((l) => l.replace(/\s+#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
      page.snippets.push({ kind: "shell", commands, line });
    } else if (CODE.has(lang) || lang === "json") {
      const title = /title="([^"]+)"/.exec(meta)?.[1];
      if (!title && lang === "json") {
        page.problems.push(`${where}: a json block needs title="<file>" or fragment`);
        continue;
      }
      const name = title ?? `snippet-${++auto}.${lang.startsWith("t") ? "ts" : "js"}`;
      const needsEnv = /\bneedsEnv="?([A-Z][A-Z0-9_]*)"?/.exec(meta)?.[1];
      page.snippets.push({
        kind: "file",
        name,
        code: body,
        lang,
        run: lang !== "json",
        ...(needsEnv ? { needsEnv } : {}),
        line,
      });
    } else if (OUTPUT.has(lang)) {
      page.snippets.push({ kind: "skip", why: "program output", line });
    } else {
      page.problems.push(
        `${where}: a \`${lang}\` block: mark it fragment or give it a known language`,
      );
    }
  }
  return page;
}

/** The npm package an import specifier names, or undefined for node: and relative ones. */
export function packageOf(specifier) {
  if (/^(node:|\.|\/)/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every module specifier a program imports. */
export function importsOf(code) {
  const specifiers = [];
  for (const m of code.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^"'`;]*?from\s*["']([^"']+)["']/g,
  )) {
    specifiers.push(m[1]);
  }
  for (const m of code.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) specifiers.push(m[1]);
  return specifiers;
}

/** `npm install a b` → ["a", "b"]; undefined when the command is not an install. */
export function installedBy(command) {
  const m = /^npm\s+(?:install|i|add)\s+(.*)$/.exec(command);
  if (!m || /^npm install-scripts/.test(command)) return undefined;
  return m[1].split(/\s+/).filter((t) => t !== "" && !t.startsWith("-"));
}
