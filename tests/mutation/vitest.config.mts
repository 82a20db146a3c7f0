import { defineConfig } from "vitest/config";

// The unit tests of one module (MUTATION_TESTS, comma-separated), for Stryker's vitest runner.
export default defineConfig({
  test: {
    include: (process.env["MUTATION_TESTS"] ?? "tests/*.test.ts").split(","),
    testTimeout: 60_000,
  },
});
