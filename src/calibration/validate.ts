/**
 * The out-of-sample back-test (`bioclusters validate`): run the model from
 * its 2018 base over 2019–2021 under the policy in force and compare national
 * firms, employment and production with the held-out observations; and check
 * each calibration moment, simulated at the parameters in use, against its
 * tolerance.
 *
 * - Parameters: the calibration in use (data/calibration/calibrated.json, or
 *   BIOCLUSTERS_CALIBRATION), each replicate drawing them from their sampling
 *   distribution N(θ̂, V) (clamped to their ranges), together with a draw of
 *   the estimated coefficients; without a calibration, the table's defaults.
 * - Policy: the status-quo preset (infrastructure-heavy, as the clusters were
 *   run), its yearly budget (as the preset gives it) scaled by the government's bio-health budget
 *   (KRW 0.98 tn in 2019, 1.15 tn in 2020; BioIN, Korea Biotechnology Industry
 *   Organization report, 2020), 2021 held at the 2020 level because no 2021
 *   figure is in the project's sources. The cluster budget itself is not observed.
 * - Comparison: per year and metric the observed value, and the median and
 *   5–95 % band over replicates. Production is the model's sales (KRW bn)
 *   against the survey's production.
 * - Tolerance of a moment: two standard errors of its target.
 */
import { loadNationalSeries } from "../data/national";
import { calibrationInUse, type CalibrationInUse } from "../experiments/calibrated";
import { loadInputs, resolveMixes, type InputFiles } from "../experiments/simulate";
import { metricLayout } from "../model/collect";
import { PARAMETERS, type Structural } from "../model/params";
import type { PolicyMix } from "../model/policy";
import { runReplicate } from "../model/run";
import { buildSetup } from "../model/setup";
import { deriveSeed, normal, stream } from "../random";
import { quantile } from "../stats";
import { UserError } from "../errors";
import { loadCalibrationData } from "./moments";
import { simulatedMomentsAt } from "./msm";

export const BACKTEST_METRICS = ["firms", "employment", "production"] as const;
export type BacktestMetric = (typeof BACKTEST_METRICS)[number];

/** Government bio-health budget, KRW tn (BioIN 2020): the index the status-quo budget is scaled by. */
export const BIO_HEALTH_BUDGET_KRW_TN: Readonly<Record<number, number>> = { 2019: 0.98, 2020: 1.15 };

export interface BacktestRow {
  year: number;
  metric: BacktestMetric;
  observed: number;
  median: number;
  lo: number;
  hi: number;
}

export interface MomentCheck {
  name: string;
  target: number;
  simulated: number;
  tolerance: number;
  ok: boolean;
}

export interface Validation {
  backtest: BacktestRow[];
  moments: MomentCheck[];
}

export interface ValidateOptions {
  replicates?: number;
  seed?: string;
  /** A calibration file, null for the defaults, undefined for the default file if any. */
  calibration?: string | null;
  /** Replicates for the simulated moments (as the calibration's default). */
  momentReplicates?: number;
  inputs?: InputFiles;
  national?: { file?: string; sourcesFile?: string };
}

export interface ValidationReport {
  result: Validation;
  calibration: { file: string; sha256: string } | null;
  mix: PolicyMix;
}

/** Draws replicate r's calibrated parameters from N(θ̂, V) by Cholesky, clamped to their ranges. */
export function drawCalibrated(cal: CalibrationInUse, seed: string, r: number): Partial<Structural> {
  const k = cal.names.length;
  const V = cal.covariance;
  if (V === null) return { ...cal.structural };
  const L: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (V[i] as number[])[j] as number;
      for (let m = 0; m < j; m++) s -= ((L[i] as number[])[m] as number) * ((L[j] as number[])[m] as number);
      if (i === j) {
        if (!(s > 0)) return { ...cal.structural }; // not positive definite: use the point estimate
        (L[i] as number[])[i] = Math.sqrt(s);
      } else (L[i] as number[])[j] = s / ((L[j] as number[])[j] as number);
    }
  }
  const rng = stream(seed, "validate", "calibrated", r);
  const z = Array.from({ length: k }, () => normal(rng));
  const out: Partial<Structural> = {};
  cal.names.forEach((n, i) => {
    let v = cal.values[i] as number;
    for (let j = 0; j <= i; j++) v += ((L[i] as number[])[j] as number) * (z[j] as number);
    const [lo, hi] = PARAMETERS[n].range;
    out[n] = Math.min(hi, Math.max(lo, v));
  });
  return out;
}

export async function validate(o: ValidateOptions = {}): Promise<ValidationReport> {
  const R = o.replicates ?? 200;
  if (!(Number.isInteger(R) && R >= 2 && R <= 100_000)) throw new UserError(`replicates must be a whole number from 2 to 100000, not ${R}.`);
  const seed = o.seed ?? "2019";
  const cal = calibrationInUse(o.calibration);
  const national = loadNationalSeries({ includeHoldout: true, ...(o.national ?? {}) });
  const base = national.years.find((y) => y.year === 2018);
  if (!base) throw new UserError("The national series has no 2018 row, the back-test's starting year.");
  const holdout = national.years.filter((y) => y.holdout === 1).sort((a, b) => a.year - b.year);
  if (holdout.length === 0) throw new UserError("The national series has no hold-out years (2019 on) to test against.");
  const years = (holdout[holdout.length - 1] as (typeof holdout)[number]).year - 2018;
  const inputs = loadInputs(o.inputs);
  const setup = buildSetup({ ...inputs, seed: deriveSeed(seed, "population") });
  const [sq] = resolveMixes(["status_quo"], inputs.clusters.map((c) => c.id));
  const preset = sq as PolicyMix;
  const krw = typeof preset.budget.krwBn === "number" ? preset.budget.krwBn : (preset.budget.krwBn[0] as number);
  const index = (y: number) => (BIO_HEALTH_BUDGET_KRW_TN[Math.min(y, 2020)] as number) / (BIO_HEALTH_BUDGET_KRW_TN[2019] as number);
  const mix: PolicyMix = { ...preset, name: "in_force_2019_2021", label: "Status quo at the 2019–2021 budget path", budget: { krwBn: Array.from({ length: years }, (_, t) => krw * index(2019 + t)) } };
  const layout = metricLayout(setup.instruments.map((i) => i.id));
  const L = setup.nLoc + 1;
  const sims: Record<BacktestMetric, number[][]> = { firms: [], employment: [], production: [] };
  for (let r = 0; r < R; r++) {
    const structural = cal ? drawCalibrated(cal, seed, r) : {};
    const { cube } = runReplicate(setup, mix, { years, seed, replicate: r, paramUncertainty: true, structural });
    const at = (t: number, m: number) => cube[(t * L + setup.nLoc) * layout.nm + m] as number;
    for (let t = 1; t <= years; t++) {
      (sims.firms[t] ??= []).push(at(t, layout.firms));
      (sims.employment[t] ??= []).push(at(t, layout.employment));
      (sims.production[t] ??= []).push(at(t, layout.sales));
    }
    if (r % 8 === 7) await new Promise((res) => setImmediate(res));
  }
  const observed = (y: (typeof holdout)[number], m: BacktestMetric): number | null =>
    m === "firms" ? y.firms_surveyed : m === "employment" ? y.employment : y.production_krw_tn === null ? null : Math.round(y.production_krw_tn * 1000 * 10) / 10;
  const backtest: BacktestRow[] = [];
  for (const y of holdout) {
    const t = y.year - 2018;
    for (const m of BACKTEST_METRICS) {
      const obs = observed(y, m);
      if (obs === null) continue;
      const xs = sims[m][t] as number[];
      backtest.push({ year: y.year, metric: m, observed: obs, median: quantile(xs, 0.5), lo: quantile(xs, 0.05), hi: quantile(xs, 0.95) });
    }
  }
  const data = loadCalibrationData();
  const sim = await simulatedMomentsAt(cal ? cal.structural : {}, { replicates: o.momentReplicates ?? 20, seed: "2018", moments: data.moments.map((m) => m.name), ...(o.inputs ? { inputs: o.inputs } : {}) });
  const moments = data.moments.map((m, i) => {
    const s = sim.mean[i] as number;
    const tolerance = 2 * m.se;
    return { name: m.name, target: m.value, simulated: s, tolerance, ok: Math.abs(s - m.value) <= tolerance };
  });
  return { result: { backtest, moments }, calibration: cal ? { file: cal.file, sha256: cal.sha256 } : null, mix };
}
