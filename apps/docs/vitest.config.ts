import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@isobind/source"] },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    // The browser suite may build the site first when dist/ is missing.
    hookTimeout: 240_000,
    // The browser suite and the preset suite each start sandboxes; on 2 cores run files one by one.
    fileParallelism: false,
  },
});
