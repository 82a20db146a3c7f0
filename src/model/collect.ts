/**
 * Observing the model: per location and year, the outcomes of MODEL.md into a
 * flat cube, cube[(year × locations + location) × metrics + metric]. Locations
 * are the clusters, "none" (outside every cluster) and "all" (the nation).
 */
import { KRW_M_PER_BN } from "../data/constants";
import type { State } from "./state";
import { INSTRUMENTS } from "./instruments";

/** Firm types that outcomes are broken down by (stage and size class). */
export const FIRM_TYPES = ["startup", "established", "small", "medium", "large"] as const;

/**
 * The metrics recorded for an instrument table: outcomes, spend in total and by instrument, by firm type, stocks,
 * index, firm types; last, per instrument the money reallocation moved into (+) or out of (−) it (`placeBudgets`).
 */
export function metricsFor(instruments: readonly string[]): string[] {
  return [
    "firms", "entries", "exits", "employment", "researchers", "sales", "rnd", "innovators", "patents",
    "collaborating_share", "unfunded_demand", "unfilled_vacancies", "spend",
    ...instruments.map((i) => `spend_${i}`),
    "spend_startup", "spend_established", "spend_small", "spend_medium", "spend_large",
    "infra", "talent", "capital", "knowledge", "index",
    ...FIRM_TYPES.map((t) => `firms_${t}`),
    ...FIRM_TYPES.map((t) => `innovators_${t}`),
    ...instruments.map((i) => `realloc_${i}`),
  ];
}

/** The metrics of the six standard instruments. */
export const METRICS: readonly string[] = metricsFor(INSTRUMENTS);

/** The metric names for a one-line hint: the per-instrument ones as patterns, then the instruments. */
export const METRICS_HINT = [
  ...METRICS.filter((m) => !INSTRUMENTS.some((i) => m === `spend_${i}` || m === `realloc_${i}`)),
  "spend_<instrument>",
  "realloc_<instrument>",
].join(", ") + ` (instruments: ${INSTRUMENTS.join(", ")})`;
export type Metric = string;

/** Where each metric sits in a cube's metric axis, for one instrument table. */
export interface MetricLayout {
  names: readonly string[];
  nm: number;
  firms: number; entries: number; exits: number; employment: number; researchers: number; sales: number; rnd: number;
  innovators: number; patents: number; collaborating_share: number; unfunded_demand: number; unfilled_vacancies: number;
  spend: number; spend_first: number; spend_startup: number; infra: number; talent: number; capital: number; knowledge: number;
  index: number; firms_startup: number; innovators_startup: number; realloc_first: number;
}

export function metricLayout(instruments: readonly string[]): MetricLayout {
  const names = metricsFor(instruments);
  const at = (m: string): number => {
    const i = names.indexOf(m);
    if (i < 0) throw new Error(`unknown metric ${m}`);
    return i;
  };
  return {
    names, nm: names.length,
    firms: at("firms"), entries: at("entries"), exits: at("exits"), employment: at("employment"), researchers: at("researchers"),
    sales: at("sales"), rnd: at("rnd"), innovators: at("innovators"), patents: at("patents"), collaborating_share: at("collaborating_share"),
    unfunded_demand: at("unfunded_demand"), unfilled_vacancies: at("unfilled_vacancies"), spend: at("spend"),
    spend_first: at("spend") + 1, spend_startup: at("spend_startup"),
    infra: at("infra"), talent: at("talent"), capital: at("capital"), knowledge: at("knowledge"), index: at("index"),
    firms_startup: at("firms_startup"), innovators_startup: at("innovators_startup"),
    realloc_first: instruments.length > 0 ? at(`realloc_${instruments[0]}`) : names.length,
  };
}

const DEFAULT_LAYOUT = metricLayout(INSTRUMENTS);

/** Units of each metric, for tables and figures. */
export function metricUnit(m: string): string {
  return /^(sales|rnd|unfunded_demand|spend|realloc|infra|capital)/.test(m) ? "KRW bn" : m === "collaborating_share" ? "share" : m === "index" ? "0-100" : m === "knowledge" ? "index" : "count";
}

export function cubeSize(years: number, nLoc: number, nm: number = METRICS.length): number {
  return (years + 1) * (nLoc + 1) * nm;
}

/** Writes year `s.year`'s metrics into the cube. */
export function collect(s: State, cube: Float64Array, M: MetricLayout = DEFAULT_LAYOUT): void {
  const NM = M.nm;
  const L = s.nLoc + 1;
  const f = s.flows;
  const base = s.year * L * NM;
  const all = base + s.nLoc * NM;
  for (let m = 0; m < NM; m++) cube[all + m] = 0;
  let idxSum = 0;
  for (let l = 0; l < s.nLoc; l++) {
    const o = base + l * NM;
    const put = (m: number, v: number, sum = true) => {
      cube[o + m] = v;
      if (sum) cube[all + m] = (cube[all + m] as number) + v;
    };
    put(M.firms, f.firms[l] as number);
    put(M.entries, f.entries[l] as number);
    put(M.exits, f.exits[l] as number);
    put(M.employment, f.employment[l] as number);
    put(M.researchers, f.researchers[l] as number);
    put(M.sales, (f.sales[l] as number) / KRW_M_PER_BN);
    put(M.rnd, (f.rnd[l] as number) / KRW_M_PER_BN);
    put(M.innovators, f.innovators[l] as number);
    put(M.patents, f.patents[l] as number);
    put(M.collaborating_share, (f.firms[l] as number) > 0 ? (f.collaborating[l] as number) / (f.firms[l] as number) : 0, false);
    put(M.unfunded_demand, (f.unfunded[l] as number) / KRW_M_PER_BN);
    put(M.unfilled_vacancies, f.unfilled[l] as number);
    let spend = 0;
    for (let k = 0; k < s.fx.n; k++) {
      const v = f.spend[k * s.nLoc + l] as number;
      spend += v;
      put(M.spend_first + k, v);
    }
    put(M.spend, spend);
    for (let k = 0; k < 5; k++) put(M.spend_startup + k, f.spendType[l * 5 + k] as number);
    put(M.infra, s.infra[l] as number);
    put(M.talent, s.talent[l] as number);
    put(M.capital, s.capital[l] as number);
    put(M.knowledge, s.knowledge[l] as number);
    put(M.index, s.index[l] as number, false);
    for (let k = 0; k < 5; k++) {
      put(M.firms_startup + k, f.typeFirms[l * 5 + k] as number);
      put(M.innovators_startup + k, f.typeInnovators[l * 5 + k] as number);
    }
    if (l < s.nClusters) idxSum += s.index[l] as number;
  }
  let firms = 0;
  let collab = 0;
  for (let l = 0; l < s.nLoc; l++) {
    firms += f.firms[l] as number;
    collab += f.collaborating[l] as number;
  }
  cube[all + M.collaborating_share] = firms > 0 ? collab / firms : 0;
  cube[all + M.index] = idxSum / s.nClusters;
  // Reallocated money: the national figure, and each location's part as its share of the instrument's spending.
  for (let k = 0; k < s.fx.n; k++) {
    const net = s.realloc[k] as number;
    const m = M.realloc_first + k;
    cube[all + m] = net;
    let spent = 0;
    for (let l = 0; l < s.nLoc; l++) spent += f.spend[k * s.nLoc + l] as number;
    for (let l = 0; l < s.nLoc; l++) cube[base + l * NM + m] = spent > 0 ? (net * (f.spend[k * s.nLoc + l] as number)) / spent : 0;
  }
}
