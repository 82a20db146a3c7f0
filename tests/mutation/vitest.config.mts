import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Golden-value files (`*-golden.test.ts`) run last: Stryker stops a mutant's run at its first failing test, so a
 * kill credited to a golden file is one that no other test made (the golden test only says the numbers moved).
 */
class GoldenLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const golden = (f: TestSpecification) => /-golden\.test\.ts$/.test(f.moduleId);
    return [...sorted.filter((f) => !golden(f)), ...sorted.filter(golden)];
  }
}

// The unit tests of one module (MUTATION_TESTS, comma-separated), for Stryker's vitest runner.
export default defineConfig({
  test: {
    include: (process.env["MUTATION_TESTS"] ?? "tests/*.test.ts").split(","),
    // As in vitest.config.mts: the parameter table's defaults, not a local calibration (the golden values assume them).
    env: { BIOCLUSTERS_CALIBRATION: "none" },
    testTimeout: 60_000,
    sequence: { sequencer: GoldenLast },
  },
});
