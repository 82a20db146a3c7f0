/**
 * The immutable result of a regression: parameters, covariance and fit
 * statistics, with standard errors, test statistics, p-values and intervals
 * derived once at construction (no getters that write other fields).
 *
 * Inference follows statsmodels: OLS with the classical covariance uses the
 * t distribution with n − k degrees of freedom; OLS with a robust covariance
 * and every maximum-likelihood model (logit, Poisson, negative binomial) use
 * the normal distribution.
 */
import tcdf from "@stdlib/stats-base-dists-t-cdf";
import tquantile from "@stdlib/stats-base-dists-t-quantile";
import ncdf from "@stdlib/stats-base-dists-normal-cdf";
import nquantile from "@stdlib/stats-base-dists-normal-quantile";
import type { Design } from "./design";

export const MODELS = ["ols", "logit", "poisson", "negbin"] as const;
export type ModelKind = (typeof MODELS)[number];

export const COV_TYPES = ["classic", "HC0", "HC1", "HC2", "HC3", "cluster"] as const;
export type CovType = (typeof COV_TYPES)[number];

export interface RegressionResult {
  readonly model: ModelKind;
  readonly outcome: string;
  /** Parameter names; for `negbin` the last one is `alpha`. */
  readonly names: readonly string[];
  readonly params: readonly number[];
  /** Covariance of `params`, row-major nested arrays. */
  readonly cov: ReadonlyArray<readonly number[]>;
  readonly covType: CovType;
  /** Grouping column for `cluster`, and its number of groups. */
  readonly clusterBy: string | null;
  readonly groups: number | null;
  readonly nobs: number;
  /** Rows dropped for missing values (listwise deletion). */
  readonly nDropped: number;
  readonly dfModel: number;
  readonly dfResid: number;
  readonly llf: number;
  /** Log-likelihood of the intercept-only model (ML models). */
  readonly llnull: number | null;
  readonly aic: number;
  readonly bic: number;
  /** OLS: R² and adjusted R². */
  readonly rsquared: number | null;
  readonly rsquaredAdj: number | null;
  /** ML models: McFadden's pseudo-R², 1 − llf/llnull. */
  readonly prsquared: number | null;
  /** negbin: the NB2 dispersion α (variance μ + αμ²). */
  readonly alpha: number | null;
  /** OLS: residual standard deviation √(SSR / (n − k)). */
  readonly sigma: number | null;
  readonly converged: boolean;
  readonly iterations: number;
  /** t (true) or normal (false) reference distribution, and the t's degrees of freedom. */
  readonly useT: boolean;
  readonly dfInference: number;
  readonly bse: readonly number[];
  /** t or z statistics. */
  readonly tvalues: readonly number[];
  readonly pvalues: readonly number[];
  /** 95 % intervals, [lower, upper] per parameter. */
  readonly confInt: ReadonlyArray<readonly [number, number]>;
  readonly baseLevels: Readonly<Record<string, string>>;
  readonly xNames: readonly string[];
}

export interface ResultInput {
  model: ModelKind;
  outcome: string;
  names: string[];
  params: number[];
  cov: number[][];
  covType: CovType;
  clusterBy: string | null;
  groups: number | null;
  nobs: number;
  nDropped: number;
  dfModel: number;
  dfResid: number;
  llf: number;
  llnull: number | null;
  kParams: number;
  rsquared?: number | null;
  rsquaredAdj?: number | null;
  alpha?: number | null;
  sigma?: number | null;
  converged: boolean;
  iterations: number;
  baseLevels: Record<string, string>;
  xNames: string[];
}

const designs = new WeakMap<RegressionResult, Design>();

/** The design matrix a result was fitted on (for marginal effects and predictions). */
export function designOf(r: RegressionResult): Design | undefined {
  return designs.get(r);
}

/** Two-sided p-value and critical value for level `level` under t(df) or N(0, 1). */
export function reference(useT: boolean, df: number) {
  return {
    p: (stat: number) => (useT ? 2 * (1 - tcdf(Math.abs(stat), df)) : 2 * (1 - ncdf(Math.abs(stat), 0, 1))),
    crit: (level: number) => (useT ? tquantile(1 - (1 - level) / 2, df) : nquantile(1 - (1 - level) / 2, 0, 1)),
  };
}

/** Builds the frozen result record, deriving every statistic once. */
export function makeResult(input: ResultInput, design?: Design): RegressionResult {
  const useT = input.model === "ols" && input.covType === "classic";
  const dfInference = input.dfResid;
  const bse = input.cov.map((row, i) => Math.sqrt(row[i] as number));
  const tvalues = input.params.map((b, i) => b / (bse[i] as number));
  const ref = reference(useT, dfInference);
  const c = ref.crit(0.95);
  const r: RegressionResult = Object.freeze({
    model: input.model,
    outcome: input.outcome,
    names: Object.freeze([...input.names]),
    params: Object.freeze([...input.params]),
    cov: Object.freeze(input.cov.map((row) => Object.freeze([...row]))),
    covType: input.covType,
    clusterBy: input.clusterBy,
    groups: input.groups,
    nobs: input.nobs,
    nDropped: input.nDropped,
    dfModel: input.dfModel,
    dfResid: input.dfResid,
    llf: input.llf,
    llnull: input.llnull,
    aic: -2 * input.llf + 2 * input.kParams,
    bic: -2 * input.llf + Math.log(input.nobs) * input.kParams,
    rsquared: input.rsquared ?? null,
    rsquaredAdj: input.rsquaredAdj ?? null,
    prsquared: input.llnull !== null ? 1 - input.llf / input.llnull : null,
    alpha: input.alpha ?? null,
    sigma: input.sigma ?? null,
    converged: input.converged,
    iterations: input.iterations,
    useT,
    dfInference,
    bse: Object.freeze(bse),
    tvalues: Object.freeze(tvalues),
    pvalues: Object.freeze(tvalues.map(ref.p)),
    confInt: Object.freeze(input.params.map((b, i) => Object.freeze([b - c * (bse[i] as number), b + c * (bse[i] as number)] as const))),
    baseLevels: Object.freeze({ ...input.baseLevels }),
    xNames: Object.freeze([...input.xNames]),
  });
  if (design) designs.set(r, design);
  return r;
}

/** The value of a named parameter, or an error listing the names. */
export function param(r: RegressionResult, name: string): number {
  const i = r.names.indexOf(name);
  if (i < 0) throw new Error(`No parameter "${name}"; parameters: ${r.names.join(", ")}`);
  return r.params[i] as number;
}

/** Parameters as a name → value object (the CLI's and the artefact's shape). */
export function paramsByName(r: RegressionResult, values: readonly number[] = r.params): Record<string, number> {
  return Object.fromEntries(r.names.map((n, i) => [n, values[i] as number]));
}
