import { defineConfig } from "vitest/config";
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order in which a mutant's covering files run (Stryker stops at the first failing test, and every surviving
 * mutant reruns all of them): the file that failed last first (neighbouring mutants tend to die in the same file),
 * then the fastest first, so a kill costs as little as possible. vitest's own order is the reverse (longest first),
 * which put a 2 s file before the hand-built-state files for every mutant of the model. Golden-value files
 * (`*-golden.test.ts`) run last: a kill credited to a golden file is one that no other test made (the golden test only
 * says the numbers moved).
 */
class FailedThenFastestGoldenLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const golden = (f: TestSpecification) => /-golden\.test\.ts$/.test(f.moduleId);
    const result = (f: TestSpecification) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`);
    return [...files].sort((a, b) => {
      if (golden(a) !== golden(b)) return golden(a) ? 1 : -1;
      const ra = result(a), rb = result(b);
      if (!ra || !rb) return !ra && rb ? -1 : ra && !rb ? 1 : 0; // not run yet: first (the dry run measures them)
      if (ra.failed !== rb.failed) return ra.failed ? -1 : 1;
      return ra.duration - rb.duration;
    });
  }
}

// The unit tests of one module (MUTATION_TESTS, comma-separated), for Stryker's vitest runner.
export default defineConfig({
  test: {
    include: (process.env["MUTATION_TESTS"] ?? "tests/*.test.ts").split(","),
    // As in vitest.config.mts: the parameter table's defaults, not a local calibration (the golden values assume them).
    env: { BIOCLUSTERS_CALIBRATION: "none" },
    testTimeout: 60_000,
    sequence: { sequencer: FailedThenFastestGoldenLast },
  },
});
