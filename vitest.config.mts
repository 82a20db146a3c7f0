import { defineConfig } from "vitest/config";

// Unit tests (`npm test`). With BIOCLUSTERS_TEST_JSON_DIR set (CI does), each npm script that runs vitest also writes
// a JSON report there, named after the script (test.json, test:faults.json), for CI's one-line summary.
const dir = process.env["BIOCLUSTERS_TEST_JSON_DIR"];
const name = process.env["npm_lifecycle_event"] ?? "vitest";

export default defineConfig({
  test: {
    reporters: dir ? ["default", ["json", { outputFile: `${dir}/${name}.json` }]] : ["default"],
  },
});
