/**
 * The core modules under mutation testing: which source files Stryker mutates
 * and which test files can kill those mutants. Tests that run the simulator in
 * worker threads from dist/ see unmutated code, so they are left out.
 */
export const MODULES = {
  stats: { mutate: ["src/stats.ts"], tests: ["tests/stats.test.ts"] },
  sensitivity: { mutate: ["src/sensitivity/**/*.ts"], tests: ["tests/sobol.test.ts", "tests/sobol-reference.test.ts", "tests/lhs.test.ts"] },
  indicators: { mutate: ["src/indicators/methods.ts", "src/indicators/diagnose.ts"], tests: ["tests/indicators.test.ts", "tests/indicators-methods.test.ts", "tests/indicators-edges.test.ts"] },
  estimation: { mutate: ["src/estimation/models.ts", "src/estimation/linalg.ts", "src/estimation/margins.ts"], tests: ["tests/estimation.test.ts", "tests/estimation-edges.test.ts", "tests/estimation-paths.test.ts", "tests/estimation-inputs.test.ts"] },
  // ignoreStatic: the random module's 130 static mutants (code run once at load: the ziggurat tables, the process
  // and rotation tables) must each rerun every test with no coverage to narrow it, 72 % of the run's time. They are
  // left out of the score; random-reference.test.ts checks the ziggurat tables' defining properties directly.
  random: { mutate: ["src/random/**/*.ts"], tests: ["tests/random.test.ts", "tests/random-keyed.test.ts", "tests/random-reference.test.ts", "tests/random-edges.test.ts", "tests/random-screen.test.ts"], ignoreStatic: true },
  model: { mutate: ["src/model/engine.ts", "src/model/state.ts", "src/model/instruments.ts"], tests: ["tests/model-formulas.test.ts", "tests/instruments.test.ts", "tests/model-golden.test.ts"] },
};

/** Mutation score below which a run fails (killed + timed out over valid, non-equivalent mutants). */
export const THRESHOLD = 90;
