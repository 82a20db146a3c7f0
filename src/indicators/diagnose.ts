/**
 * A diagnosis of each cluster: where it stands against the median cluster on
 * each pillar, its strongest and weakest pillars, and its development stage
 * from explicit thresholds.
 */
import { BASE_YEAR, type Cluster } from "../data/loaders";
import type { IndexResult } from "./build";
import { median } from "../stats";

export type Stage = "formation" | "growth" | "mature";

/**
 * Stage thresholds (defaults, documented in the diagnosis notebook):
 * - **formation**: fewer than `formationFirms` bio firms, or fewer than
 *   `formationYears` years since it was established;
 * - **mature**: at least `matureFirms` firms and at least `matureYears` years
 *   old (a cluster with no known founding year counts as old enough when it
 *   has at least `matureFirmsIfUndated` firms);
 * - **growth**: everything in between.
 */
export interface StageRules {
  formationFirms: number;
  formationYears: number;
  matureFirms: number;
  matureYears: number;
  matureFirmsIfUndated: number;
}

export const DEFAULT_STAGE_RULES: StageRules = { formationFirms: 10, formationYears: 5, matureFirms: 25, matureYears: 15, matureFirmsIfUndated: 40 };

export function stageOf(c: Pick<Cluster, "firms" | "established">, rules: StageRules = DEFAULT_STAGE_RULES, year = BASE_YEAR): Stage {
  const age = c.established === null ? null : year - c.established;
  if (c.firms < rules.formationFirms || (age !== null && age < rules.formationYears)) return "formation";
  const old = age === null ? c.firms >= rules.matureFirmsIfUndated : age >= rules.matureYears;
  if (c.firms >= rules.matureFirms && old) return "mature";
  return "growth";
}

export interface Diagnosis {
  cluster: string;
  score: number;
  rank: number;
  stage: Stage;
  strongest: string;
  weakest: string;
  /** Pillar score minus the median cluster's, per pillar. */
  gaps: Record<string, number>;
  /** Pillars at or above the median cluster. */
  strengths: string[];
}

/** Diagnoses every unit of an index result; `clusters` supplies firm counts and founding years for the stage. */
export function diagnose(result: IndexResult, clusters: readonly Pick<Cluster, "id" | "firms" | "established">[], rules: StageRules = DEFAULT_STAGE_RULES): Diagnosis[] {
  const pillarIds = Object.keys(result.pillars);
  const medians = Object.fromEntries(pillarIds.map((p) => [p, median(Object.values(result.pillars[p] as Record<string, number>))]));
  return result.units.map((u) => {
    const gaps = Object.fromEntries(pillarIds.map((p) => [p, ((result.pillars[p] as Record<string, number>)[u] as number) - (medians[p] as number)]));
    const sorted = [...pillarIds].sort((a, b) => (gaps[b] as number) - (gaps[a] as number));
    const c = clusters.find((x) => x.id === u);
    return {
      cluster: u,
      score: result.scores[u] as number,
      rank: result.ranks[u] as number,
      stage: c ? stageOf(c, rules) : "growth",
      strongest: sorted[0] as string,
      weakest: sorted[sorted.length - 1] as string,
      gaps,
      strengths: pillarIds.filter((p) => (gaps[p] as number) >= 0),
    };
  });
}
