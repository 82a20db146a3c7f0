/**
 * Hand-built states for the model's analytic tests (model-allocation, model-phases): the base year of the bundled
 * inputs cut down to a few firms set by hand, a year's policy set by hand, and the yearly step's phases run one by
 * one on them. Not a test file (no `.test.ts`): helpers only.
 */
import { loadInputs } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { beginYear, initState, PHASES, type State, type YearPolicy } from "../src/model/engine";
import { INSTRUMENT_TABLE } from "../src/model/instruments";
import { N_CELLS } from "../src/model/features";
import type { Structural } from "../src/model/params";
import { makeCoefs, type Coefs } from "../src/model/coefs";
import type { Equation } from "../src/model/features";
import { replicateKey } from "../src/random/keyed";

export const inputs = loadInputs();
export const setup = buildSetup({ ...inputs, seed: "allocation" });
export const NLOC = setup.nLoc;
/** The location of firms outside clusters (the last one). */
export const OUT = NLOC - 1;
/** Instrument index k by id. */
export const ID = Object.fromEntries(INSTRUMENT_TABLE.map((t, k) => [t.id, k])) as Record<string, number>;
export const NI = INSTRUMENT_TABLE.length;
export const key = replicateKey("allocation");

export interface Firm { loc: number; sector?: number; age?: number; employees?: number; researchers?: number; sales?: number; rnd?: number; cash?: number; preRevenue?: number; innovated?: number }

/** A base-year state cut down to the given firms (slots 0 … n − 1, everything else as initState set it). */
export function firms(p: Structural, list: Firm[]): State {
  const s = initState(setup, p, key);
  const f = s.firm;
  f.alive.fill(0);
  s.n = list.length;
  list.forEach((x, i) => {
    f.alive[i] = 1;
    f.loc[i] = x.loc;
    f.sector[i] = x.sector ?? 0;
    f.age[i] = x.age ?? 10;
    f.employees[i] = x.employees ?? 20;
    f.researchers[i] = x.researchers ?? 5;
    f.sales[i] = x.sales ?? 1000;
    f.rnd[i] = x.rnd ?? 50;
    f.cash[i] = x.cash ?? 1e6;
    f.preRevenue[i] = x.preRevenue ?? 0;
    f.innovated[i] = x.innovated ?? 0;
  });
  return s;
}

/** A year's policy: budget (KRW bn) per instrument id; every cluster weighs 1, outside firms 0 unless a cluster share is given; every cell weighs 1 unless typeW says otherwise. */
export function policy(budget: Record<string, number>, o: { clusterShare?: Record<string, number>; typeW?: (k: number, cell: number) => number; reallocate?: boolean } = {}): YearPolicy {
  const locW = new Float64Array(NI * NLOC);
  const typeW = new Float64Array(NI * N_CELLS);
  const clusterShare = new Float64Array(NI).fill(NaN);
  for (let k = 0; k < NI; k++) {
    const id = INSTRUMENT_TABLE[k]!.id;
    if (o.clusterShare?.[id] !== undefined) clusterShare[k] = o.clusterShare[id] as number;
    for (let l = 0; l < NLOC; l++) locW[k * NLOC + l] = l < OUT ? 1 : Number.isNaN(clusterShare[k] as number) ? 0 : 1;
    for (let t = 0; t < N_CELLS; t++) typeW[k * N_CELLS + t] = o.typeW ? o.typeW(k, t) : 1;
  }
  return { budget: Float64Array.from(INSTRUMENT_TABLE, (t) => budget[t.id] ?? 0), locW, typeW, clusterShare, reallocate: o.reallocate ?? true };
}

/** Starts a year and runs its first `phases` phases (1: needs, weights and allocation; 2: cluster stocks; 3: awards, funding, R&D). */
export function runPhases(s: State, p: Structural, pol: YearPolicy, phases: number): State {
  beginYear(s);
  for (let k = 0; k < phases; k++) (PHASES[k] as (typeof PHASES)[number]).run(s, setup, p, pol, undefined as unknown as Coefs, key, null);
  return s;
}

/** An equation by hand: one [kind, target, value] per term (kinds and targets as in features.ts). */
export function handEquation(model: Equation["model"], terms: Array<[number, number, number]>, sigma = 0): Equation {
  return {
    model, outcome: "y", names: terms.map((_, i) => `t${i}`), estimate: Float64Array.from(terms, (t) => t[2]), chol: new Float64Array(terms.length * terms.length),
    kind: Int8Array.from(terms, (t) => t[0]), target: Int32Array.from(terms, (t) => t[1]), sigma, diagonalCov: true,
  };
}

/** Coefficient tables of three hand equations (innovation logit, patents Poisson, sales-growth OLS with s.d. `sigma`). */
export function handCoefs(innovation: Array<[number, number, number]>, patents: Array<[number, number, number]>, growth: Array<[number, number, number]>, sigma = 0): Coefs {
  const eqs = [handEquation("logit", innovation), handEquation("poisson", patents), handEquation("ols", growth, sigma)];
  return makeCoefs(eqs, eqs.map((e) => e.estimate));
}

/** Starts a year and runs every phase with these coefficients (the whole step, phase by phase). */
export function runYear(s: State, p: Structural, pol: YearPolicy, c: Coefs, phases: number = PHASES.length): State {
  beginYear(s);
  for (let k = 0; k < phases; k++) (PHASES[k] as (typeof PHASES)[number]).run(s, setup, p, pol, c, key, null);
  return s;
}
