import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@isobind/source"] },
  // Vitest resolves in Vite's SSR environment, which reads ssr.resolve, not resolve.
  ssr: { resolve: { conditions: ["@isobind/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
