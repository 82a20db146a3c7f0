// Stryker configuration for one core module; run through tests/mutation/run.mjs (npm run test:mutation <module>).
import { MODULES, THRESHOLD } from "./modules.mjs";

const name = process.env["MUTATION_MODULE"] ?? "stats";
const mod = MODULES[name];
if (!mod) throw new Error(`Unknown module "${name}". Modules: ${Object.keys(MODULES).join(", ")}.`);
process.env["MUTATION_TESTS"] = mod.tests.join(",");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "tests/mutation/vitest.config.mts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: mod.mutate,
  coverageAnalysis: "perTest",
  ignoreStatic: mod.ignoreStatic ?? false,
  incremental: true,
  incrementalFile: `tests/mutation/incremental/${name}.json`,
  reporters: ["html", "clear-text", "progress"],
  htmlReporter: { fileName: `out/mutation/${name}/index.html` },
  thresholds: { high: 95, low: THRESHOLD, break: THRESHOLD },
  concurrency: 2,
  timeoutMS: 20000,
  // One sandbox folder per module, so two modules can run at once without copying each other's sandboxes.
  tempDirName: `.stryker-tmp-${name}`,
  cleanTempDir: "always",
  ignorePatterns: ["out", "dist", ".stryker-tmp*", "notebooks"],
};
