import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@isobind/source"] },
  // Vitest runs tests in Vite's SSR environment, whose resolver reads its own conditions.
  ssr: { resolve: { conditions: ["@isobind/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
