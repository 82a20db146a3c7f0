import { defineConfig } from "vitest/config";

// The unit tests of one module (MUTATION_TESTS, comma-separated), for Stryker's vitest runner.
export default defineConfig({
  test: {
    include: (process.env["MUTATION_TESTS"] ?? "tests/*.test.ts").split(","),
    // As in vitest.config.mts: the parameter table's defaults, not a local calibration (the golden values assume them).
    env: { BIOCLUSTERS_CALIBRATION: "none" },
    testTimeout: 60_000,
  },
});
