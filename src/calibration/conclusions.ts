/**
 * Which of the study's three conclusions survive the model's uncertainty: the
 * share of draws in which each, stated as a measurable claim, holds. A draw
 * takes the calibrated parameters from their sampling distribution N(θ̂, V)
 * (when a calibration is in use), every other uncertain parameter uniformly
 * over its range (`UNCERTAIN_PARAMETERS`, as `--structural-uncertainty`),
 * and the coefficients from N(β̂, V̂); all mixes of a draw share its seeds
 * (common random numbers). A conclusion holding in under 80 % of draws is
 * reported as not robust.
 *
 * The claims follow the report's decision rules (src/report/findings.ts), per draw:
 * - funds-and-people: under the status quo, in the last year, national unfunded funding demand and unfilled
 *   vacancies are both positive, and each is lower under the mix that gives its instrument more money
 *   (finance_first for unfunded demand, talent_first for vacancies);
 * - efficiency: the efficiency shift has more product innovators than the status quo, summed over the horizon;
 * - customised: the customised (survey-targeted) mix has more innovators than the efficiency shift (an
 *   untargeted mix of the same budget), summed over the horizon;
 * - targeting-innovators / targeting-sales: the customised mix beats the same mix without its targeting (the same
 *   budget and shares, every firm type weighted alike) in innovators summed over the horizon / in national sales in
 *   the last year — the study's "customise support by firm type" isolated from the choice of shares.
 *
 * What decides a claim: for each drawn parameter, the share of draws in which it holds when the parameter is
 * below its median draw and when above (a one-split classification tree per parameter); parameters whose two
 * shares differ by more than two standard errors are listed, largest gap first.
 */
import { calibrationInUse, type CalibrationInUse } from "../experiments/calibrated";
import { loadInputs, resolveMixes, type InputFiles } from "../experiments/simulate";
import { metricLayout, type MetricLayout } from "../model/collect";
import { CALIBRATED_PARAMETERS, PARAMETERS, UNCERTAIN_PARAMETERS, type ParameterId, type Structural } from "../model/params";
import { runReplicate, replicateStructural } from "../model/run";
import { buildSetup } from "../model/setup";
import { deriveSeed, stream } from "../random";
import { quantile } from "../stats";
import { UserError } from "../errors";
import { drawCalibrated } from "./validate";

export const ROBUST_SHARE = 0.8;

/** A conclusion is robust when it holds in at least `ROBUST_SHARE` of the draws (exactly 80 % counts). */
export function isRobust(share: number): boolean {
  return share >= ROBUST_SHARE;
}

export interface ConclusionRow {
  key: "funds-and-people" | "efficiency" | "customised" | "targeting-innovators" | "targeting-sales";
  claim: string;
  /** Share of draws in which the claim holds. */
  share: number;
  draws: number;
  robust: boolean;
  /**
   * Parameters whose lower and upper halves give shares more than two (pooled) standard errors apart, largest gap
   * first, at most three; none when no parameter clearly decides the claim.
   */
  deciders: Array<{ parameter: string; shareLow: number; shareHigh: number }>;
}

export interface ConclusionOptions {
  draws?: number;
  years?: number;
  seed?: string;
  calibration?: string | null;
  inputs?: InputFiles;
}

const MIXES = ["status_quo", "efficiency_shift", "customised", "finance_first", "talent_first"] as const;

export async function conclusionRobustness(o: ConclusionOptions = {}): Promise<ConclusionRow[]> {
  const D = o.draws ?? 100;
  const years = o.years ?? 10;
  if (!(Number.isInteger(D) && D >= 4 && D <= 100_000)) throw new UserError(`draws must be a whole number from 4 to 100000, not ${D}.`);
  const seed = o.seed ?? "conclusions";
  const cal = calibrationInUse(o.calibration);
  const inputs = loadInputs(o.inputs);
  // Stryker disable next-line StringLiteral: equivalent: the label only names the population's seed stream; any other gives another, equally valid and reproducible population (as for the design stream's labels in msm.ts)
  const setup = buildSetup({ ...inputs, seed: deriveSeed(seed, "population") });
  const ids = inputs.clusters.map((c) => c.id);
  const named = resolveMixes([...MIXES], ids);
  // The customised mix without its targeting: same budget and shares, every firm type weighted alike.
  const cu = named[MIXES.indexOf("customised")]!;
  const { targeting: _targeting, ...untargeted } = cu;
  // Stryker disable next-line StringLiteral: equivalent: the twin's label is never shown (only the claims' shares are reported)
  const mixes = [...named, ...resolveMixes([{ ...untargeted, name: "customised_untargeted", label: `${cu.label} without targeting` }], ids)];
  const layout = metricLayout(setup.instruments.map((i) => i.id));
  const drawn = drawnParameters(cal);
  const holds: Record<ConclusionRow["key"], boolean[]> = { "funds-and-people": [], efficiency: [], customised: [], "targeting-innovators": [], "targeting-sales": [] };
  const values: Structural[] = [];
  for (let d = 0; d < D; d++) {
    const p = drawStructural(seed, d, cal);
    values.push(p);
    const cubes = mixes.map((m) => runReplicate(setup, m, { years, seed, replicate: d, paramUncertainty: true, structural: p }).cube);
    const h = claimsHold(cubes, layout, setup.nLoc, years);
    for (const key of CONCLUSION_KEYS) holds[key].push(h[key]);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: equivalent: only how often the loop yields to the event loop, never what it computes
    if (d % 4 === 3) await new Promise((res) => setImmediate(res));
  }
  const claims: Record<ConclusionRow["key"], string> = {
    "funds-and-people": "Funding and talent constraints bind: under the status quo unfunded demand and unfilled vacancies are positive in the last year, and each falls when its instrument gets more money",
    efficiency: "The efficiency shift raises product innovators over the status quo (summed over the horizon)",
    customised: "Customised (targeted) support beats the efficiency shift, an untargeted mix of the same budget, in innovators",
    "targeting-innovators": "Targeting by firm type beats the same budget and shares untargeted, in innovators (summed over the horizon)",
    "targeting-sales": "Targeting by firm type beats the same budget and shares untargeted, in national sales in the last year",
  };
  return (Object.keys(holds) as Array<ConclusionRow["key"]>).map((key) => {
    const h = holds[key];
    const share = h.filter(Boolean).length / D;
    const deciders = decidersOf(drawn, values, h);
    return { key, claim: claims[key], share, draws: D, robust: isRobust(share), deciders };
  });
}

/** The parameters a conclusions run draws (each once): the uncertain ones and the calibrated ones (the calibration's, if one is in use). */
export function drawnParameters(cal: CalibrationInUse | null): ParameterId[] {
  return [...new Set<ParameterId>([...UNCERTAIN_PARAMETERS, ...(cal ? cal.names : CALIBRATED_PARAMETERS.map((p) => p.name))])];
}

/**
 * Draw d's structural parameters: the uncertain ones uniform over their ranges; the calibrated ones from their
 * sampling distribution, or, without a calibration, uniform over their ranges like the rest, from a stream of their
 * own (`<seed>/calibrated/<d>`, one draw per parameter in `CALIBRATED_PARAMETERS` order). Two calibrated parameters
 * (employmentElasticity, revenueBase) are not among the uncertain ones, so they must be drawn here, not taken from a
 * second structural draw (which leaves them at their defaults).
 */
export function drawStructural(seed: string, d: number, cal: CalibrationInUse | null): Structural {
  const p: Structural = replicateStructural(seed, d, true);
  if (cal) Object.assign(p, drawCalibrated(cal, seed, d));
  else {
    const rng = stream(seed, "calibrated", d);
    for (const n of CALIBRATED_PARAMETERS) {
      const [lo, hi] = PARAMETERS[n.name].range;
      p[n.name] = lo + (hi - lo) * rng();
    }
  }
  return p;
}

const CONCLUSION_KEYS = ["funds-and-people", "efficiency", "customised", "targeting-innovators", "targeting-sales"] as const;

/**
 * Whether each claim holds in one draw, from its cubes in the order status quo, efficiency shift, customised,
 * finance first, talent first, customised without targeting (each `(years + 1) × (nLoc + 1) × metrics`, the
 * national row last).
 */
export function claimsHold(cubes: readonly Float64Array[], layout: MetricLayout, nLoc: number, years: number): Record<ConclusionRow["key"], boolean> {
  const L = nLoc + 1;
  const at = (mix: number, t: number, m: number) => (cubes[mix] as Float64Array)[(t * L + nLoc) * layout.nm + m] as number;
  const sum = (mix: number, m: number) => {
    let s = 0;
    for (let t = 1; t <= years; t++) s += at(mix, t, m);
    return s;
  };
  const [SQ, ES, CU, FF, TF, UN] = [0, 1, 2, 3, 4, 5];
  return {
    // Both positive under the status quo follows: each is lower under the other mix, and neither can be negative
    // (unfunded demand is max(0, demand − funded), unfilled vacancies a sum of vacancies × (1 − hire ratio)).
    "funds-and-people": at(FF, years, layout.unfunded_demand) < at(SQ, years, layout.unfunded_demand) && at(TF, years, layout.unfilled_vacancies) < at(SQ, years, layout.unfilled_vacancies),
    efficiency: sum(ES, layout.innovators) > sum(SQ, layout.innovators),
    customised: sum(CU, layout.innovators) > sum(ES, layout.innovators),
    "targeting-innovators": sum(CU, layout.innovators) > sum(UN, layout.innovators),
    "targeting-sales": at(CU, years, layout.sales) > at(UN, years, layout.sales),
  };
}

/**
 * The parameters that decide a claim (see the file comment): `values[d]` are draw d's parameters, `h[d]` whether the
 * claim held in it. A parameter is listed when its halves (at or below the median draw, above it) give shares more
 * than two pooled standard errors apart; largest gap first, ties by name, at most three.
 */
export function decidersOf(drawn: readonly ParameterId[], values: readonly Structural[], h: readonly boolean[]): ConclusionRow["deciders"] {
  const share = h.filter(Boolean).length / h.length;
  return drawn
    .map((name) => {
      const v = values.map((p) => p[name]);
      const med = quantile(v, 0.5);
      const lowIdx = v.flatMap((x, i) => (x <= med ? [i] : []));
      const highIdx = v.flatMap((x, i) => (x > med ? [i] : []));
      const sh = (idx: number[]) => (idx.length ? idx.filter((i) => h[i]).length / idx.length : share);
      // Two standard errors of the difference of the two shares (pooled), so one or two draws do not "decide".
      // (When the claim always or never holds, se is 0 but so is every gap: nothing is listed.)
      const se = Math.sqrt(share * (1 - share) * (1 / Math.max(1, lowIdx.length) + 1 / Math.max(1, highIdx.length)));
      return { parameter: name, shareLow: sh(lowIdx), shareHigh: sh(highIdx), clear: Math.abs(sh(highIdx) - sh(lowIdx)) > 2 * se };
    })
    .filter((x) => x.clear)
    .map(({ parameter, shareLow, shareHigh }) => ({ parameter, shareLow, shareHigh }))
    .sort((a, b) => Math.abs(b.shareHigh - b.shareLow) - Math.abs(a.shareHigh - a.shareLow) || a.parameter.localeCompare(b.parameter))
    .slice(0, 3);
}
