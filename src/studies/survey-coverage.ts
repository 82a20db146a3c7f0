/**
 * Coverage of the survey's estimates as a *property* of its data-generating
 * process, not of one seed: over many seeds, the 95 % intervals of the
 * default models (src/estimation/defaults.ts) should contain the true
 * coefficients (data/survey_dgp.json) about 95 % of the time.
 *
 * The models are `COVERAGE_MODELS` (those specified as the DGP is).
 * `npm run data:coverage` runs `COVERAGE_SEEDS` seeds and writes
 * `data/survey_coverage.json` (per seed: intervals and how many covered; per
 * coefficient: coverage rate). The test suite reruns the first seeds and
 * checks them against the committed file, so the committed numbers are
 * verified, not just claimed.
 *
 * Seeds are `coverage-1`, `coverage-2`, … — a rule fixed in advance; none is
 * skipped or chosen.
 */
import { parseArgs } from "node:util";
import * as path from "node:path";
import { DATA_DIR } from "../paths";
import { DEFAULT_MODELS, HETEROGENEITY_MODEL, type DefaultModel } from "../estimation/defaults";
import { estimate } from "../estimation/models";
import { writeFileAtomic } from "../data/write";
import { buildBaseline } from "../data/build/baseline";
import { readInputs, type Inputs } from "../data/build/inputs";
import { generateSurvey, type Dgp } from "../data/build/survey";

/** Seeds in the committed coverage study (the issue asks for at least 200). */
export const COVERAGE_SEEDS = 200;
/** Nominal level of the intervals. */
export const NOMINAL = 0.95;

export const coverageSeed = (i: number): string => `coverage-${i}`;

/**
 * The models whose specification matches the DGP, so that their coefficients
 * have true values: innovation with its interactions, patents, sales growth.
 * (The simulator's main-effects innovation equation averages the
 * heterogeneity and has no true coefficients to cover.)
 */
export const COVERAGE_MODELS: readonly DefaultModel[] = [HETEROGENEITY_MODEL, ...DEFAULT_MODELS.filter((m) => m.role !== "innovation")];

/** True coefficients of a default model's equation, by coefficient name. */
export function trueCoefficients(dgp: Dgp, role: DefaultModel["role"]): Record<string, number> {
  switch (role) {
    case "innovation":
    case "innovation_heterogeneity":
      return dgp.productInnovation;
    case "patents":
      return dgp.patents.coefficients;
    case "sales_growth":
      return dgp.salesGrowth.coefficients;
  }
}

export interface SeedCoverage {
  seed: string;
  intervals: number;
  covered: number;
  /** Names of the coefficients whose interval missed the truth. */
  missed: string[];
}

/** Generates the survey for one seed, fits the default models and counts covered coefficients (the NB α excluded). */
export function coverageForSeed(seed: string, inputs: Inputs, clusters: ReturnType<typeof buildBaseline>["clusters"]): SeedCoverage {
  const { firms, dgp } = generateSurvey(inputs, clusters, seed);
  let intervals = 0;
  let covered = 0;
  const missed: string[] = [];
  for (const m of COVERAGE_MODELS) {
    const truth = trueCoefficients(dgp, m.role);
    const r = estimate(firms, m.spec);
    r.names.forEach((name, i) => {
      if (name === "alpha") return;
      const t = truth[name];
      if (t === undefined) throw new Error(`the DGP has no true value for ${m.role}: ${name}`);
      const [lo, hi] = r.confInt[i] as [number, number];
      intervals++;
      if (lo <= t && t <= hi) covered++;
      else missed.push(`${m.role}:${name}`);
    });
  }
  return { seed, intervals, covered, missed };
}

export interface CoverageStudy {
  description: string;
  nominal: number;
  seeds: number;
  intervals: number;
  covered: number;
  rate: number;
  /** Coverage of each coefficient over the seeds. */
  byCoefficient: Record<string, number>;
  perSeed: SeedCoverage[];
}

/** Runs seeds coverage-1 … coverage-n. */
export function coverageStudy(n: number, rawDir?: string, onSeed?: (i: number) => void): CoverageStudy {
  const inputs = readInputs(rawDir);
  const { clusters } = buildBaseline(inputs);
  const perSeed: SeedCoverage[] = [];
  for (let i = 1; i <= n; i++) {
    perSeed.push(coverageForSeed(coverageSeed(i), inputs, clusters));
    onSeed?.(i);
  }
  const intervals = perSeed.reduce((a, s) => a + s.intervals, 0);
  const covered = perSeed.reduce((a, s) => a + s.covered, 0);
  const misses = new Map<string, number>();
  for (const s of perSeed) for (const k of s.missed) misses.set(k, (misses.get(k) ?? 0) + 1);
  const first = generateSurvey(inputs, clusters, coverageSeed(1));
  const byCoefficient: Record<string, number> = {};
  for (const m of COVERAGE_MODELS) {
    const r = estimate(first.firms, m.spec);
    for (const name of r.names) if (name !== "alpha") byCoefficient[`${m.role}:${name}`] = 1 - (misses.get(`${m.role}:${name}`) ?? 0) / n;
  }
  return {
    description:
      "Coverage of the 95% intervals (HC1) of the models specified as the DGP (innovation with interactions, patents, sales growth) estimated on synthetic surveys generated with seeds coverage-1 … coverage-n (src/data/build/coverage.ts); rate = covered / intervals over all seeds and coefficients (NB alpha excluded).",
    nominal: NOMINAL,
    seeds: n,
    intervals,
    covered,
    rate: covered / intervals,
    byCoefficient,
    perSeed,
  };
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { seeds: { type: "string", default: String(COVERAGE_SEEDS) }, out: { type: "string", default: path.join(DATA_DIR, "survey_coverage.json") } } });
  const n = Number(values.seeds);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--seeds must be a positive whole number (got "${values.seeds}").`);
    return 2;
  }
  const study = coverageStudy(n, undefined, (i) => {
    if (i % 20 === 0) console.log(`  ${i}/${n} seeds`);
  });
  writeFileAtomic(values.out, JSON.stringify(study, null, 1) + "\n");
  console.log(`Coverage of the 95% intervals over ${n} seeds: ${(100 * study.rate).toFixed(2)}% (${study.covered}/${study.intervals}); wrote ${values.out}.`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
