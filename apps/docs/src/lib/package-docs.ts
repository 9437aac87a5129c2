/**
 * Docs pages whose text lives in a package (`packages/core/docs/security.md`), so the page and
 * the package cannot say different things. When the file exists it replaces the site's own page
 * of the same id at build time; until then the site's page stays.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, posix } from "node:path";
import type { Loader, LoaderContext } from "astro/loaders";
import { fromRepo } from "./paths.ts";

/** A page that takes its text from a Markdown file in the repository. */
export interface PackageDocPage {
  /** The docs entry it replaces, e.g. `security`. */
  id: string;
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** The page title when the file has no `# Title` line of its own. */
  title: string;
  /** The page's meta description. */
  description: string;
}

/** The package docs the site renders, and where on the site other repository files live. */
export const PACKAGE_DOC_PAGES: readonly PackageDocPage[] = [
  {
    id: "security",
    file: "packages/core/docs/security.md",
    title: "Security",
    description: "What the sandbox guarantees, how, and where its limits are.",
  },
  {
    id: "security-policy",
    file: "SECURITY.md",
    title: "Security policy",
    description: "How to report a vulnerability, and which versions get security fixes.",
  },
];

/** Repository files that are pages of this site, for links between package docs. */
const SITE_PAGES: Record<string, string> = {
  "packages/core/docs/security.md": "/security/",
  "packages/core/docs/code-tool.md": "/guides/code-tool/",
  "packages/core/README.md": "/api/core/readme/",
  "packages/mcp/README.md": "/adapters/mcp/",
  "packages/openai/README.md": "/adapters/openai/",
  "packages/langchain/README.md": "/adapters/langchain/",
  "packages/ai-sdk/README.md": "/adapters/ai-sdk/",
  "packages/anthropic/README.md": "/adapters/anthropic/",
  "CONTRIBUTING.md": "/contributing/",
  "SECURITY.md": "/security-policy/",
};

/**
 * Splits off a leading `# Title` line. The title is plain text (a page title is not rendered as
 * Markdown), so inline-code backticks are dropped: "Security model of `@isobind/core`" would
 * otherwise show its backticks.
 */
export function splitTitle(markdown: string): { title: string | undefined; body: string } {
  const match = /^\s*#[ \t]+(.+?)[ \t]*#*[ \t]*\r?\n/.exec(markdown);
  if (!match) return { title: undefined, body: markdown };
  const title = (match[1] ?? "").replace(/`([^`]*)`/g, "$1");
  return { title, body: markdown.slice(match[0].length) };
}

/**
 * Rewrites the relative links of a repository Markdown file (`[text](../README.md#x)`) for the
 * site: to the page that shows that file when there is one, otherwise to the bare text, because
 * a link into the repository would be broken on the site. Absolute URLs, `#anchors` and fenced
 * code are left alone.
 */
export function rewriteRelativeLinks(markdown: string, file: string): string {
  const dir = posix.dirname(file);
  const parts = markdown.split(/(^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m);
  return parts
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(
            /(!?)\[([^\]\n]+)\]\(([^)\s]+)(\s+"[^"]*")?\)/g,
            (whole, bang: string, text: string, target: string, title = "") => {
              if (bang || /^[a-z][a-z0-9+.-]*:|^#|^\//i.test(target)) return whole;
              const [path = "", hash] = target.split("#");
              const page = SITE_PAGES[posix.normalize(posix.join(dir, path))];
              if (page === undefined) return text;
              return `[${text}](${page}${hash ? `#${hash}` : ""}${title})`;
            },
          ),
    )
    .join("");
}

/**
 * Wraps a loader (Starlight's `docsLoader()`): after it has loaded the site's pages, each of
 * {@link PACKAGE_DOC_PAGES} whose file exists replaces the entry of the same id, rendered from
 * that file with the site's Markdown pipeline, so it gets the table of contents, search and the
 * link checker like any other page.
 */
export function withPackageDocs(
  base: Loader,
  pages: readonly PackageDocPage[] = PACKAGE_DOC_PAGES,
): Loader {
  return {
    ...base,
    name: "isobind-docs-with-package-docs",
    load: async (context: LoaderContext) => {
      await base.load(context);
      for (const page of pages) {
        const path = fromRepo(page.file);
        if (!existsSync(path)) continue;
        const source = readFileSync(path, "utf8");
        const { title, body: raw } = splitTitle(source);
        const body = rewriteRelativeLinks(raw, page.file);
        const data = await context.parseData({
          id: page.id,
          data: { title: title ?? page.title, description: page.description },
        });
        // Starlight places a page in the sidebar by its path under src/content/docs, and the link
        // checker knows a page by the same path, so the entry keeps the path of the page it
        // replaces.
        const filePath = context.store.get(page.id)?.filePath ?? `src/content/docs/${page.id}.md`;
        const rendered = await context.renderMarkdown(body, {
          fileURL: new URL(filePath, context.config.root),
        });
        context.store.set({
          id: page.id,
          data,
          body,
          rendered,
          filePath,
          digest: context.generateDigest(source),
        });
        context.watcher?.add(dirname(path));
      }
    },
  };
}
