import { defineConfig } from "vitest/config";

// Notebook tests: each executes real notebooks through Jupyter and the tslab
// kernel, so they run one file at a time with generous timeouts.
export default defineConfig({
  test: {
    include: ["tests/notebooks/**/*.nbtest.ts"],
    testTimeout: 30 * 60 * 1000,
    hookTimeout: 5 * 60 * 1000,
    fileParallelism: false,
  },
});
