import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const timeouts = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests read the sources of this and sibling packages (no build needed).
        // Vitest resolves in Vite's SSR environment, which reads ssr.resolve, not resolve.
        resolve: { conditions: ["@isobind/source"] },
        ssr: { resolve: { conditions: ["@isobind/source"] } },
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/contract/**"],
          ...timeouts,
        },
      },
      {
        // Contract tests import "@isobind/core" as a user would get it: the built dist.
        resolve: {
          alias: { "@isobind/core": fileURLToPath(new URL("./dist/index.js", import.meta.url)) },
        },
        test: { name: "contract", include: ["test/contract/**/*.test.ts"], ...timeouts },
      },
    ],
  },
});
