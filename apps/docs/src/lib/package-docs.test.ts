import type { LoaderContext } from "astro/loaders";
import { describe, expect, it } from "vitest";
import {
  type PackageDocPage,
  rewriteRelativeLinks,
  splitTitle,
  withPackageDocs,
} from "./package-docs.ts";

describe("splitTitle", () => {
  it("takes a leading # line as the title", () => {
    expect(splitTitle("# Security\n\nBody\n")).toEqual({ title: "Security", body: "\nBody\n" });
  });

  it("drops inline-code backticks from the title, which is plain text", () => {
    expect(splitTitle("# Security model of `@isobind/core`\n").title).toBe(
      "Security model of @isobind/core",
    );
  });

  it("leaves a file that starts with another heading alone", () => {
    expect(splitTitle("## The code tool\n")).toEqual({
      title: undefined,
      body: "## The code tool\n",
    });
  });
});

describe("rewriteRelativeLinks", () => {
  const file = "packages/core/docs/security.md";

  it("points links to repository files that are site pages at those pages", () => {
    expect(rewriteRelativeLinks("See [the tool](./code-tool.md#limits).", file)).toBe(
      "See [the tool](/guides/code-tool/#limits).",
    );
    expect(rewriteRelativeLinks('[MCP](../../mcp/README.md "mcp")', file)).toBe(
      '[MCP](/adapters/mcp/ "mcp")',
    );
  });

  it("keeps only the text of links to files the site does not show", () => {
    expect(rewriteRelativeLinks("in [the runtime](../src/runtime.ts)", file)).toBe(
      "in the runtime",
    );
  });

  it("leaves URLs, anchors, images and fenced code alone", () => {
    const text = [
      "[V8](https://v8.dev) [below](#limits) ![x](./x.png)",
      "```md",
      "[kept](../src/runtime.ts)",
      "```",
    ].join("\n");
    expect(rewriteRelativeLinks(text, file)).toBe(text);
  });
});

/** A loader context with an in-memory store, enough for the wrapper. */
function fakeContext() {
  const entries = new Map<string, Record<string, unknown>>();
  const context = {
    config: { root: new URL("file:///repo/apps/docs/") },
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string }) => {
        entries.set(entry.id, entry);
        return true;
      },
    },
    parseData: async ({ data }: { data: Record<string, unknown> }) => data,
    renderMarkdown: async (body: string, options?: { fileURL?: URL }) => ({
      html: `<p>${body.trim()}</p>`,
      metadata: { headings: [], fileURL: options?.fileURL?.href },
    }),
    generateDigest: (data: unknown) => String(data).length.toString(),
  };
  return { entries, context: context as unknown as LoaderContext };
}

const base = {
  name: "base",
  load: async (context: LoaderContext) => {
    context.store.set({
      id: "security",
      data: { title: "Site page" },
      filePath: "src/content/docs/security.mdx",
    });
  },
};

describe("withPackageDocs", () => {
  it("replaces the site's page with the package doc when the file exists", async () => {
    const page: PackageDocPage = {
      id: "security",
      file: "apps/docs/test/fixtures/package-doc.md",
      title: "Fallback title",
      description: "d",
    };
    const { entries, context } = fakeContext();
    await withPackageDocs(base, [page]).load(context);
    const entry = entries.get("security");
    expect(entry?.data).toEqual({ title: "A package doc", description: "d" });
    expect(entry?.filePath).toBe("src/content/docs/security.mdx");
    expect(entry?.rendered).toEqual({
      html: "<p>It links to the guide.</p>",
      metadata: {
        headings: [],
        fileURL: "file:///repo/apps/docs/src/content/docs/security.mdx",
      },
    });
  });

  it("keeps the site's page while the package doc does not exist", async () => {
    const { entries, context } = fakeContext();
    await withPackageDocs(base, [
      { id: "security", file: "packages/core/docs/none.md", title: "t", description: "d" },
    ]).load(context);
    expect(entries.get("security")?.data).toEqual({ title: "Site page" });
  });
});
