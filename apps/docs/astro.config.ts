import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import node from "@astrojs/node";
import starlight from "@astrojs/starlight";
import type { StarlightPlugin } from "@astrojs/starlight/types";
import { defineConfig } from "astro/config";
import starlightLinksValidator from "starlight-links-validator";
import { createStarlightTypeDocPlugin } from "starlight-typedoc";
import { MAX_BODY_BYTES } from "./src/lib/playground/request.ts";

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * One API reference section per published package, generated from its TSDoc by TypeDoc. A
 * package whose `src/index.ts` does not exist yet has no public surface to document.
 */
const apiPackages = ["core", "mcp", "openai", "langchain", "ai-sdk", "anthropic"].filter((name) =>
  existsSync(repo(`packages/${name}/src/index.ts`)),
);
const typeDoc = apiPackages.map((name) => {
  const [plugin, sidebarGroup] = createStarlightTypeDocPlugin();
  const instance: StarlightPlugin = plugin({
    entryPoints: [repo(`packages/${name}/src/index.ts`)],
    tsconfig: repo(`packages/${name}/tsconfig.json`),
    output: `api/${name}`,
    sidebar: { label: `@isobind/${name}`, collapsed: true },
    typeDoc: {
      excludeInternal: true,
      excludePrivate: true,
      excludeExternals: true,
      skipErrorChecking: true,
      readme: "none",
      disableSources: true,
      parametersFormat: "table",
    },
  });
  return { plugin: instance, sidebarGroup };
});

/** Adapter pages appear as their packages land (a README is what the page is written from). */
const adapterPages = [
  { slug: "adapters/mcp", pkg: "mcp" },
  { slug: "adapters/openai", pkg: "openai" },
  { slug: "adapters/langchain", pkg: "langchain" },
  { slug: "adapters/ai-sdk", pkg: "ai-sdk" },
  { slug: "adapters/anthropic", pkg: "anthropic" },
].filter((page) =>
  existsSync(fileURLToPath(new URL(`./src/content/docs/${page.slug}.mdx`, import.meta.url))),
);

export default defineConfig({
  site: "https://isobind.dev",
  output: "static",
  adapter: node({ mode: "standalone", bodySizeLimit: MAX_BODY_BYTES }),
  integrations: [
    starlight({
      title: "isobind",
      description: "Code Mode for AI agents: one execute-code tool, host bindings, a V8 isolate.",
      customCss: ["./src/styles/custom.css"],
      pagefind: true,
      plugins: [starlightLinksValidator(), ...typeDoc.map((t) => t.plugin)],
      sidebar: [
        {
          label: "Start here",
          items: [
            { label: "Introduction", slug: "index" },
            { label: "Quickstart", slug: "quickstart" },
            { label: "Playground", slug: "playground" },
          ],
        },
        {
          label: "Guides",
          items: [
            { label: "Bindings", slug: "guides/bindings" },
            { label: "Permissions", slug: "guides/permissions" },
            { label: "Approvals", slug: "guides/approvals" },
            { label: "Limits", slug: "guides/limits" },
            { label: "Results and errors", slug: "guides/results-and-errors" },
            { label: "Error codes", slug: "reference/errors" },
            { label: "TypeScript guest code", slug: "guides/typescript" },
            { label: "The code tool and discovery", slug: "guides/code-tool" },
          ],
        },
        ...(adapterPages.length > 0
          ? [{ label: "Adapters", items: adapterPages.map((p) => ({ slug: p.slug })) }]
          : []),
        {
          label: "Project",
          items: [
            { label: "Security", slug: "security" },
            { label: "Benchmarks", slug: "benchmarks" },
            { label: "Contributing", slug: "contributing" },
          ],
        },
        ...(typeDoc.length > 0
          ? [{ label: "API reference", items: typeDoc.map((t) => t.sidebarGroup) }]
          : []),
      ],
    }),
  ],
  vite: {
    ssr: {
      // Loaded by Node at run time, never bundled: it spawns its sandbox process from its own
      // files and loads isolated-vm's native addon.
      external: ["@isobind/core"],
      // `astro dev` loads the packages' TypeScript source, so the playground needs no build.
      // The built server gets the same with `node --conditions=@isobind/source` (`pnpm preview`).
      resolve: { externalConditions: ["@isobind/source"] },
    },
  },
});
