import { configDefaults, defineConfig } from "vitest/config";

// Unit tests (`npm test`). With BIOCLUSTERS_TEST_JSON_DIR set (CI does), each npm script that runs vitest also writes
// a JSON report there, named after the script (test.json, test:faults.json), for CI's one-line summary.
const dir = process.env["BIOCLUSTERS_TEST_JSON_DIR"];
const name = process.env["npm_lifecycle_event"] ?? "vitest";

export default defineConfig({
  test: {
    // Runs use data/calibration/calibrated.json when it exists (src/experiments/calibrated.ts); unit tests run with
    // the parameter table's defaults so a local calibration cannot change their numbers (tests that need one set it).
    env: { BIOCLUSTERS_CALIBRATION: "none" },
    // Stryker's sandboxes (.stryker-tmp-<module>/) hold copies of tests/: a filtered run must not pick them up.
    exclude: [...configDefaults.exclude, ".stryker-tmp*/**"],
    reporters: dir ? ["default", ["json", { outputFile: `${dir}/${name}.json` }]] : ["default"],
  },
});
