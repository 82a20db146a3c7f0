/**
 * One replicate of one policy mix: resolve the mix, draw the replicate's
 * coefficients and structural parameters, then collect → step → collect …
 *
 * Every draw of replicate r is keyed to (scenario seed, r) and counted by
 * (firm id, year, process, position) — never by the mix, the worker, the run
 * order or how many other firms drew — so all mixes share each firm's draws
 * (common random numbers) and any worker count gives the same numbers.
 */
import { SECTORS } from "../data/constants";
import { deriveSeed, normal, rngFromSeed } from "../random";
import { MAX_KEYED_LOCATIONS, MAX_KEYED_YEAR, replicateKey } from "../random/keyed";
import { UserError } from "../errors";
import { collect, cubeSize, metricLayout } from "./collect";
import { makeCoefs, type Coefs } from "./coefs";
import { step, type PanelSink } from "./engine";
import { initState, type YearPolicy } from "./state";
import { DEFAULT_STRUCTURAL, STRUCTURAL_RANGES, type Structural } from "./params";
import { SIZES, STAGES, budgetFor } from "./instruments";
import type { PolicyMix } from "./policy";
import { N_CELLS, N_TYPES, type Equation } from "./features";
import type { ModelSetup } from "./types";
import { sum } from "../stats";

export interface ReplicateOptions {
  years: number;
  seed: string | number;
  replicate: number;
  /** Draw coefficients from N(β̂, V̂) (default true). */
  paramUncertainty?: boolean;
  /** Draw structural parameters from their ranges (default false). */
  structuralUncertainty?: boolean;
  panel?: PanelSink | null;
  /** Index of the coefficient draw (default: the replicate), to vary one uncertainty source at a time. */
  coefficientReplicate?: number;
  /** Index of the structural-parameter draw (default: the replicate). */
  structuralReplicate?: number;
  /** Structural values that override defaults, draws and the mix (sensitivity analysis). */
  structural?: Partial<Structural>;
}

/** The seed string of replicate r: written into every output row. */
export function replicateSeed(seed: string | number, r: number): string {
  return deriveSeed(seed, "replicate", r);
}

/** Coefficients of a replicate: the estimates, or one draw from N(β̂, V̂) per equation (the same draw for every mix). */
export function replicateCoefs(setup: ModelSetup, seed: string | number, r: number, draw: boolean): Coefs {
  const eqs: Equation[] = [setup.equations.innovation, setup.equations.patents, setup.equations.salesGrowth];
  const rng = rngFromSeed(deriveSeed(replicateSeed(seed, r), "coefficients"));
  const thetas = eqs.map((eq) => {
    const p = eq.names.length;
    const th = Float64Array.from(eq.estimate);
    if (!draw) return th;
    const z = Float64Array.from({ length: p }, () => normal(rng));
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let j = 0; j <= i; j++) v += (eq.chol[i * p + j] as number) * (z[j] as number);
      th[i] = (th[i] as number) + v;
    }
    return th;
  });
  return makeCoefs(eqs, thetas);
}

/** Structural parameters of a replicate: defaults, or uniform draws over their ranges; then the mix's own settings. */
export function replicateStructural(seed: string | number, r: number, draw: boolean, mix?: PolicyMix): Structural {
  const p: Structural = { ...DEFAULT_STRUCTURAL };
  if (draw) {
    const rng = rngFromSeed(deriveSeed(replicateSeed(seed, r), "structural"));
    for (const [k, range] of Object.entries(STRUCTURAL_RANGES) as Array<[keyof Structural, [number, number]]>) {
      p[k] = range[0] + (range[1] - range[0]) * rng();
    }
  }
  for (const [k, v] of Object.entries(mix?.structural ?? {})) (p as unknown as Record<string, number>)[k] = v;
  return p;
}

/**
 * Weights of "survey-demand" targeting: per instrument and policy cell (firm type, cash-constrained or not), the
 * share of surveyed firms of that cell ranking the instrument's kind of support first. Shrunk with `demandSmoothing`
 * pseudo-firms twice: a type's share towards the national share, and each half of the type (constrained or not)
 * towards its type's share — so thinly surveyed cells are not weighted by one or two answers, and a cell without
 * surveyed firms gets its type's weight. The constrained/unconstrained split applies to funding instruments only
 * (demand "funding"); every other instrument weighs both halves of a type alike.
 */
export function demandWeights(setup: ModelSetup, p: Structural = DEFAULT_STRUCTURAL): Float64Array[] {
  const m = p.demandSmoothing;
  const T = N_TYPES;
  const n = setup.typeCounts;
  return setup.demandCounts.map((c, k) => {
    const national = setup.demandShares[k] as number;
    const byConstraint = setup.instruments[k]?.demand === "funding";
    return Float64Array.from({ length: N_CELLS }, (_, x) => {
      const t = x % T;
      const type = ((c[t] as number) + (c[t + T] as number) + m * national) / ((n[t] as number) + (n[t + T] as number) + m);
      // Only funding demand is tied to the cash constraint (the survey: firms ranking funding first are more often
      // cash-constrained). Other kinds of support are not about cash: splitting them by it would only mirror funding's
      // excess (the demand shares sum to one) and steer, say, grants away from cash-short firms. Both halves get the type's weight.
      return byConstraint ? ((c[x] as number) + m * type) / ((n[x] as number) + m) : type;
    });
  });
}

/** Resolves a mix's targeting to location and firm-type weights; the budget per instrument is set per year. */
export function resolvePolicy(mix: PolicyMix, setup: ModelSetup, p: Structural = DEFAULT_STRUCTURAL): YearPolicy {
  const surveyWeights = demandWeights(setup, p);
  const ids = setup.instruments.map((i) => i.id);
  const shares =
    mix.shares === "survey-demand"
      ? Array.from(setup.demandShares, (v) => v / sum(setup.demandShares))
      : ids.map((i) => (mix.shares as Record<string, number>)[i] ?? 0);
  const locW = new Float64Array(ids.length * setup.nLoc);
  const typeW = new Float64Array(ids.length * N_CELLS);
  const clusterShare = new Float64Array(ids.length);
  ids.forEach((inst, k) => {
    const t = mix.targeting?.[inst];
    const lw = new Float64Array(setup.nLoc);
    setup.clusterIds.forEach((id, c) => (lw[c] = t && t !== "survey-demand" && t.clusters ? (t.clusters[id] ?? (Object.keys(t.clusters).length ? 0 : 1)) : 1));
    // Firms outside clusters: only national instruments reach them, with the mix's cluster share (the engine splits the money).
    const cs = mix.clusterShare?.[inst];
    clusterShare[k] = cs === undefined || setup.instruments[k]?.national !== true ? NaN : cs;
    lw[setup.nLoc - 1] = Number.isNaN(clusterShare[k] as number) ? 0 : 1;
    const tw = new Float64Array(N_CELLS);
    for (let s = 0; s < SECTORS.length; s++)
      for (let z = 0; z < 3; z++)
        for (let g = 0; g < 2; g++) {
          const idx = s * 6 + z * 2 + g;
          // Explicit targeting weighs a type the same whether its firms are cash-constrained or not; survey demand does not.
          for (const x of [idx, idx + N_TYPES]) {
            if (t === "survey-demand") tw[x] = (surveyWeights[k] as Float64Array)[x] as number;
            else tw[x] = (t?.sector?.[SECTORS[s] as string] ?? 1) * (t?.size?.[SIZES[z] as string] ?? 1) * (t?.stage?.[STAGES[g] as string] ?? 1);
          }
        }
    locW.set(lw, k * setup.nLoc);
    typeW.set(tw, k * N_CELLS);
  });
  return { budget: Float64Array.from(shares), locW, typeW, clusterShare, reallocate: mix.unplacedMoney !== "save" };
}

export interface ReplicateResult {
  cube: Float64Array;
  seed: string;
}

/** Runs one replicate of one mix for `years` years. */
export function runReplicate(setup: ModelSetup, mix: PolicyMix, o: ReplicateOptions): ReplicateResult {
  const seed = replicateSeed(o.seed, o.replicate);
  // structuredClone, not the spread alone: a spread's result has one hidden class while its inline cache is cold (the
  // first two replicates of a thread) and another after, and every phase's optimised code, specialised on the first,
  // was thrown away at the third replicate (docs/model.md, "Sixth pass"). A clone is built the same way every time.
  const p = structuredClone({ ...replicateStructural(o.seed, o.structuralReplicate ?? o.replicate, o.structuralUncertainty === true, mix), ...(o.structural ?? {}) });
  const coefs = replicateCoefs(setup, o.seed, o.coefficientReplicate ?? o.replicate, o.paramUncertainty !== false);
  const policy = resolvePolicy(mix, setup, p);
  const shares = Float64Array.from(policy.budget);
  if (o.years > MAX_KEYED_YEAR) throw new UserError(`A run can last at most ${MAX_KEYED_YEAR} years, not ${o.years}.`, { hint: "Ask for fewer years." });
  if (setup.nLoc > MAX_KEYED_LOCATIONS) throw new UserError(`The simulator keys entrants' draws to at most ${MAX_KEYED_LOCATIONS} locations, not ${setup.nLoc}.`, { hint: "Use fewer clusters." });
  const key = replicateKey(seed);
  const state = initState(setup, p, key);
  const layout = metricLayout(setup.instruments.map((i) => i.id));
  const cube = new Float64Array(cubeSize(o.years, setup.nLoc, layout.nm));
  collect(state, cube, layout);
  for (let t = 1; t <= o.years; t++) {
    const b = budgetFor(mix.budget.krwBn, t);
    for (let k = 0; k < shares.length; k++) policy.budget[k] = b * (shares[k] as number);
    step(state, setup, p, policy, coefs, key, o.panel ?? null);
    collect(state, cube, layout);
  }
  return { cube, seed };
}
