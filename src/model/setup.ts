/**
 * Everything a run needs that does not change between replicates: cluster
 * base stocks, the base population, entrant donors, demand weights by firm
 * type, and the behavioural equations bound to firm state. Plain data and
 * typed arrays only, so it can be sent to worker threads.
 */
import { Matrix, CholeskyDecomposition } from "ml-matrix";
import { DEMANDS, SECTORS, type Cluster, type Firm } from "../data/loaders";
import type { Codebook } from "../data/codebook";
import { UserError } from "../errors";
import { validateArtefact, type EstimatesArtefact } from "../estimation/artefact";
import { copyFirm, emptyPopulation, synthesizePopulation } from "../population/synthesize";
import { FEATURES, factorIndex, N_CELLS, N_TYPES, NX, P_ALPHA, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR, typeIndex, X_ONE, X_SECTOR, X_SIZE, type Equation, type Feature } from "./features";
import type { ClusterBase, ModelSetup } from "./types";
export { FEATURES, NF, NX, N_TYPES, P_ALPHA, P_FEATURE, P_INTERACTION, P_INTERCEPT, P_SECTOR, factorIndex, factorName, typeIndex, type Equation, type Feature } from "./features";
export type { ClusterBase, ModelSetup } from "./types";
import { checkInstrumentTable, INSTRUMENT_TABLE, type InstrumentSpec } from "./instruments";
import { DEFAULT_STRUCTURAL } from "./params";
import { NATIONAL_VC_2018_KRW_BN, OUTSIDE_TALENT_PER_RESEARCHER, sizeClassIndex } from "../data/constants";
import { sum } from "../stats";
import { cashConstrained } from "../data/build/survey";

/**
 * Binds an artefact's parameters to firm-state features; refuses variables the
 * model cannot compute. An interaction "a:b" is the product of two factors,
 * each a feature, a sector dummy (`sector_<level>`) or a size-class dummy
 * (`size_class_<level>`); a size-class dummy on its own is 1 × dummy. An
 * artefact already validated against the bundled codebook (by `readArtefact`)
 * is not validated again. `file`, when given, names the artefact's file in
 * the errors about its terms.
 */
export function compileEquation(a: EstimatesArtefact, role: string, codebook?: Codebook, file?: string): Equation {
  validateArtefact(a, `${role} estimates`, codebook === undefined ? {} : { codebook });
  const names = Object.keys(a.params);
  const p = names.length;
  const kind = new Int8Array(p);
  const target = new Int32Array(p);
  const where = `The ${role} estimates`;
  const supported = `Variables the simulator supports: ${FEATURES.join(", ")}, sector dummies (sector_<level>), size-class dummies (size_class_<level>), and products of two of them ("a:b").`;
  names.forEach((n, i) => {
    const v = a.variables[i];
    if (n === "(Intercept)") kind[i] = P_INTERCEPT;
    else if (n === "alpha") kind[i] = P_ALPHA;
    else if (n.includes(":")) {
      const parts = n.split(":");
      if (parts.length !== 2) {
        throw new UserError(`${where} use the interaction "${n}" of ${parts.length} variables, which the simulator cannot evaluate: it evaluates products of two.`, {
          ...(file === undefined ? {} : { location: { file } }),
          hint: `Re-estimate without "${n}" (or with its two-way parts). ${supported}`,
        });
      }
      const [fa, fb] = parts.map(factorIndex) as [number, number];
      const bad = fa < 0 ? parts[0] : fb < 0 ? parts[1] : undefined;
      if (bad !== undefined) {
        throw new UserError(`${where} use the interaction "${n}", which the simulator cannot evaluate: "${bad}" is not a variable it computes from firm state.`, {
          ...(file === undefined ? {} : { location: { file } }),
          hint: supported,
        });
      }
      kind[i] = P_INTERACTION;
      target[i] = fa * NX + fb;
    } else if (v?.codebook === "sector" && v.level !== undefined) {
      kind[i] = P_SECTOR;
      target[i] = SECTORS.indexOf(v.level as (typeof SECTORS)[number]);
    } else if (factorIndex(n) >= X_SIZE && factorIndex(n) < X_ONE) {
      kind[i] = P_INTERACTION;
      target[i] = X_ONE * NX + factorIndex(n);
    } else {
      const f = FEATURES.indexOf(n as Feature);
      if (f < 0) {
        throw new UserError(`${where} use "${n}", which the simulator cannot compute from firm state.`, {
          ...(file === undefined ? {} : { location: { file } }),
          hint: supported,
        });
      }
      kind[i] = P_FEATURE;
      target[i] = f;
    }
  });
  if (a.outcome === "product_innovation") {
    // The innovation equation draws this year's innovation: it cannot depend on it.
    const own = names.find((n) => n.split(":").includes("product_innovation"));
    if (own !== undefined) {
      throw new UserError(`${where} use "${own}", but product innovation is this equation's own outcome, so the simulator cannot evaluate it.`, {
        ...(file === undefined ? {} : { location: { file } }),
        hint: "Re-estimate the innovation equation without product_innovation.",
      });
    }
  }
  const V0 = new Matrix(a.cov);
  const V = V0.add(V0.transpose()).div(2);
  const chol = new Float64Array(p * p);
  if (a.diagonalCov) {
    for (let i = 0; i < p; i++) chol[i * p + i] = Math.sqrt(a.cov[i]?.[i] as number);
  } else {
    const c = new CholeskyDecomposition(V);
    if (!c.isPositiveDefinite()) throw new UserError(`The covariance of the ${role} estimates is not positive definite, so coefficients cannot be drawn from it.`);
    const L = c.lowerTriangularMatrix;
    for (let i = 0; i < p; i++) for (let j = 0; j <= i; j++) chol[i * p + j] = L.get(i, j);
  }
  return {
    model: a.model,
    outcome: a.outcome,
    names,
    estimate: Float64Array.from(names.map((n) => a.params[n] as number)),
    chol,
    kind,
    target,
    sigma: a.sigma ?? 0,
    diagonalCov: a.diagonalCov,
  };
}

export interface SetupInput {
  clusters: readonly Cluster[];
  survey: readonly Firm[];
  estimates: { innovation: EstimatesArtefact; patents: EstimatesArtefact; salesGrowth: EstimatesArtefact };
  /** Population multiplier (benchmarks use a 100,000-firm population). */
  scale?: number;
  seed?: string | number;
  codebook?: Codebook;
  /** The policy instruments (default: the six of INSTRUMENT_TABLE). */
  instruments?: readonly InstrumentSpec[];
  /** National new venture-capital investment in bio of the base year (KRW bn); default NATIONAL_VC_2018_KRW_BN. */
  nationalVcKrwBn?: number;
}

export function buildSetup(input: SetupInput): ModelSetup {
  const { clusters, survey } = input;
  const codebook = input.codebook;
  const instruments = (input.instruments ?? INSTRUMENT_TABLE).map((i) => structuredClone(i)) as InstrumentSpec[];
  checkInstrumentTable(instruments);
  const ids = clusters.map((c) => c.id);
  const nLoc = ids.length + 1;
  const population = synthesizePopulation(clusters, survey, { scale: input.scale ?? 1, ...(input.seed !== undefined ? { seed: input.seed } : {}) });
  const scale = input.scale ?? 1;

  // Base stocks; "outside" gets the national remainders (talent pool, VC) and the survey's outside firms' network and knowledge.
  const f64 = () => new Float64Array(nLoc);
  const base: ClusterBase = { infra: f64(), talent: f64(), capital: f64(), network: f64(), knowledge: f64(), firms: f64(), universities: f64(), hospitals: f64(), institutes: f64() };
  clusters.forEach((c, i) => {
    base.infra[i] = c.infra_krw_bn * scale;
    base.talent[i] = c.talent * scale;
    base.capital[i] = c.capital_krw_bn * scale;
    base.network[i] = c.network;
    base.knowledge[i] = c.knowledge * scale;
    base.universities[i] = c.universities;
    base.hospitals[i] = c.hospitals;
    base.institutes[i] = c.institutes;
  });
  const out = nLoc - 1;
  const outsideFirms = survey.filter((f) => f.cluster === "none");
  const resAll = survey.reduce((a, f) => a + f.researchers, 0);
  const resOut = outsideFirms.reduce((a, f) => a + f.researchers, 0);
  const clusterTalent = clusters.reduce((a, c) => a + c.talent, 0);
  const clusterRes = clusters.reduce((a, c) => a + c.researchers, 0);
  base.talent[out] = (clusterRes > 0 ? (clusterTalent * resOut) / clusterRes : OUTSIDE_TALENT_PER_RESEARCHER * resAll) * scale;
  const vcAll = input.nationalVcKrwBn ?? NATIONAL_VC_2018_KRW_BN;
  base.capital[out] = Math.max(0, vcAll - clusters.reduce((a, c) => a + c.capital_krw_bn, 0)) * scale;
  base.network[out] = outsideFirms.length ? outsideFirms.filter((f) => f.collaborating).length / outsideFirms.length : 0;
  base.knowledge[out] = ((outsideFirms.filter((f) => f.product_innovation).length + outsideFirms.reduce((a, f) => a + f.patent_apps, 0)) / DEFAULT_STRUCTURAL.deltaKnowledge) * scale;
  for (let k = 0; k < population.size; k++) base.firms[population.loc[k] as number] = (base.firms[population.loc[k] as number] as number) + 1;

  // Entrant donors: the survey's young firms.
  const young = survey.flatMap((f, row) => (f.startup === 1 ? [{ f, row }] : []));
  const donors = emptyPopulation(young.length);
  young.forEach(({ f, row }, i) => copyFirm(donors, i, f, f.cluster === "none" ? out : ids.indexOf(f.cluster), row));
  const donorsBySector = SECTORS.map((_, s) => {
    const xs: number[] = [];
    for (let i = 0; i < donors.size; i++) if (donors.sector[i] === s) xs.push(i);
    if (xs.length === 0) for (let i = 0; i < donors.size; i++) xs.push(i);
    return Int32Array.from(xs);
  });

  // Stated demand by policy cell (firm type, and whether the firm is cash-constrained: it sought external funding and
  // obtained less than half, `cashConstrained`): counts per instrument's kind of support, and firms per cell
  // (smoothed per replicate in resolvePolicy).
  const counts = DEMANDS.map(() => new Float64Array(N_CELLS));
  const totals = new Float64Array(N_CELLS);
  for (const f of survey) {
    const t = typeIndex(SECTORS.indexOf(f.sector), f.employees, f.age) + (cashConstrained({ sought: f.funding_sought_krw_m, obtained: f.funding_obtained_krw_m }) ? N_TYPES : 0);
    totals[t] = (totals[t] as number) + 1;
    const d = counts[DEMANDS.indexOf(f.demand_first)] as Float64Array;
    d[t] = (d[t] as number) + 1;
  }
  const national = DEMANDS.map((_, j) => sum(counts[j] as Float64Array) / survey.length);
  const demandCounts = instruments.map((inst) => Float64Array.from(counts[DEMANDS.indexOf(inst.demand)] as Float64Array));
  const demandShares = Float64Array.from(instruments.map((inst) => national[DEMANDS.indexOf(inst.demand)] as number));

  const equations = {
    innovation: compileEquation(input.estimates.innovation, "innovation", codebook),
    patents: compileEquation(input.estimates.patents, "patents", codebook),
    salesGrowth: compileEquation(input.estimates.salesGrowth, "sales growth", codebook),
  };
  if (equations.innovation.model !== "logit") throw new UserError(`The innovation estimates must be a logit model, not ${equations.innovation.model}.`);
  if (equations.patents.model !== "poisson" && equations.patents.model !== "negbin") throw new UserError(`The patent estimates must be a Poisson or negative binomial model, not ${equations.patents.model}.`);
  if (equations.salesGrowth.model !== "ols") throw new UserError(`The sales-growth estimates must be an OLS model, not ${equations.salesGrowth.model}.`);
  return { clusterIds: ids, nLoc, base, population, donors, donorsBySector, instruments, demandCounts, typeCounts: totals, demandShares, equations, growthCentre: growthCentre(survey) };
}

/**
 * A survey firm's value of a model feature: the survey column of that name, or for an interaction "a:b" the
 * product of its parts.
 */
function featureOf(f: Firm, name: string): number {
  const row = f as unknown as Record<string, unknown>;
  const v = row[name];
  if (typeof v === "number") return v;
  return name.includes(":") ? name.split(":").reduce((a, part) => a * featureOf(f, part), 1) : 0;
}

/**
 * Means over the survey's sellers (firms with a sales growth) of the model's features, the sector shares, and
 * the products of every pair of factors (`features.ts`: features, sector and size-class dummies, 1), so an
 * interaction term's mean is the mean of its product, not the product of its parts' means.
 */
export function growthCentre(survey: readonly Firm[]): { features: Float64Array; sectors: Float64Array; products: Float64Array } {
  const sellers = survey.filter((f) => f.sales_growth !== null);
  const m = Math.max(1, sellers.length);
  const features = Float64Array.from(FEATURES, (name) => sum(sellers.map((f) => featureOf(f, name))) / m);
  const sectors = Float64Array.from(SECTORS, (sec) => sellers.filter((f) => f.sector === sec).length / m);
  const products = new Float64Array(NX * NX);
  const x = new Float64Array(NX);
  for (const f of sellers) {
    x.fill(0);
    FEATURES.forEach((name, k) => (x[k] = featureOf(f, name)));
    x[X_SECTOR + SECTORS.indexOf(f.sector)] = 1;
    x[X_SIZE + sizeClassIndex(f.employees)] = 1;
    x[X_ONE] = 1;
    for (let a = 0; a < NX; a++) for (let b = 0; b < NX; b++) products[a * NX + b] = (products[a * NX + b] as number) + (x[a] as number) * (x[b] as number) / m;
  }
  return { features, sectors, products };
}
