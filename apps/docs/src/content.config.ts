import { defineCollection } from "astro:content";
import { docsLoader } from "@astrojs/starlight/loaders";
import { docsSchema } from "@astrojs/starlight/schema";
import { withPackageDocs } from "./lib/package-docs.ts";

export const collections = {
  docs: defineCollection({ loader: withPackageDocs(docsLoader()), schema: docsSchema() }),
};
