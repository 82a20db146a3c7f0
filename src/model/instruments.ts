/**
 * Policy instruments as data, free of Node.js dependencies (the browser
 * bundle imports them). Each instrument is one row: its id (the one name used
 * in code, mixes, outputs and docs), whether it acts on clusters or on firms,
 * the survey demand it answers, the survey column that records it, its award
 * size and its effects — each effect names the model channel it acts through
 * and the structural parameter that sizes it. The engine loops over the
 * table, so a new instrument is a new row (see the extra-instrument test).
 */
import type { Demand } from "../data/constants";
import type { Feature } from "./features";
import type { ParameterId, Structural } from "./params";

/** A magnitude: a structural parameter (swept by the sensitivity tools), or a fixed number for instruments defined outside this table. */
export type Magnitude = ParameterId | number;

/**
 * The channels an instrument can act through.
 * Cluster level (the instrument's money is split over clusters by their firms' targeting weights):
 * - `infraStock`: the cluster's infrastructure stock rises by the amount (KRW bn);
 * - `talentPool`: the talent pool rises by 1,000 × amount / `costPer` (KRW m per person);
 * - `capital`: the year's risk capital rises by `leverage` × amount.
 * Firm level (awarded in lumps of `awardSize` KRW m):
 * - `rnd`: the award is R&D money, of which `share` is new R&D;
 * - `tieOdds`: `logOdds` added to a supported firm's odds of forming a collaboration tie;
 * - `revenueOdds`: `logOdds` added to a supported pre-revenue firm's odds of a first revenue;
 * - `innovatorSalesGrowth`: `value` / `divisor` added to a supported innovator's log sales growth.
 */
export type Effect =
  | { on: "infraStock" }
  | { on: "talentPool"; costPer: Magnitude }
  | { on: "capital"; leverage: Magnitude }
  | { on: "rnd"; share: Magnitude }
  | { on: "tieOdds"; logOdds: Magnitude }
  | { on: "revenueOdds"; logOdds: Magnitude }
  | { on: "innovatorSalesGrowth"; value: Magnitude; divisor: Magnitude };

export interface InstrumentSpec {
  id: string;
  label: string;
  level: "cluster" | "firm";
  /** The kind of support in the survey's stated demand this instrument answers (targeting "survey-demand"). */
  demand: Demand;
  /** The survey column that records a firm receiving it, where the survey has one. */
  surveyColumn: string | null;
  /** The feature of the estimated equations set to 1 for a supported firm (firm level), if any. */
  feature: Feature | null;
  /** Size of one award (firm level, KRW m). */
  awardSize: Magnitude | null;
  effects: readonly Effect[];
  /** Old names still accepted in policy-mix JSON. */
  aliases: readonly string[];
}

/** The six instruments of the study's policy mixes. */
export const INSTRUMENT_TABLE = [
  { id: "infrastructure", label: "Infrastructure", level: "cluster", demand: "infrastructure", surveyColumn: null, feature: null, awardSize: null, effects: [{ on: "infraStock" }], aliases: [] },
  { id: "rnd_grants", label: "R&D grants", level: "firm", demand: "rnd", surveyColumn: "support_rnd_grant", feature: "support_rnd_grant", awardSize: "grantSize", effects: [{ on: "rnd", share: "additionality" }], aliases: ["rndGrants"] },
  { id: "talent", label: "Talent", level: "cluster", demand: "talent", surveyColumn: null, feature: null, awardSize: null, effects: [{ on: "talentPool", costPer: "costPerTrained" }], aliases: [] },
  { id: "finance", label: "Finance", level: "cluster", demand: "funding", surveyColumn: null, feature: null, awardSize: null, effects: [{ on: "capital", leverage: "leverage" }], aliases: [] },
  { id: "networking", label: "Networking", level: "firm", demand: "networking", surveyColumn: "support_networking", feature: "support_networking", awardSize: "networkSupportSize", effects: [{ on: "tieOdds", logOdds: "networkEffect" }], aliases: [] },
  { id: "commercialisation", label: "Commercialisation", level: "firm", demand: "commercialisation", surveyColumn: "support_commercialisation", feature: "support_commercialisation", awardSize: "commSupportSize", effects: [{ on: "revenueOdds", logOdds: "commEffect" }, { on: "innovatorSalesGrowth", value: "commEffect", divisor: "commSalesDamping" }], aliases: [] },
] as const satisfies readonly InstrumentSpec[];

export const INSTRUMENTS = INSTRUMENT_TABLE.map((i) => i.id);
export type Instrument = (typeof INSTRUMENT_TABLE)[number]["id"];

/** The kind of support in the survey's stated demand that each instrument answers. */
export const INSTRUMENT_DEMAND = Object.fromEntries(INSTRUMENT_TABLE.map((i) => [i.id, i.demand])) as Record<Instrument, Demand>;

/** The instrument id an old or current mix key names, or undefined. */
export function instrumentId(key: string, table: readonly InstrumentSpec[] = INSTRUMENT_TABLE): string | undefined {
  return table.find((i) => i.id === key || i.aliases.includes(key))?.id;
}

export const STAGES = ["startup", "established"] as const;
export const SIZES = ["small", "medium", "large"] as const;

/** The budget (KRW bn) in simulation year t (1-based) of a budget given as a number or one number per year; the last value repeats. */
export function budgetFor(krwBn: number | readonly number[], t: number): number {
  return typeof krwBn === "number" ? krwBn : (krwBn[Math.min(t, krwBn.length) - 1] as number);
}

/**
 * The instruments' effects with the replicate's parameter values, as dense
 * arrays for the yearly step. Firm-level instruments are numbered j = 0 … nFirm − 1
 * in table order; `firmInstrument[j]` is their index in the table.
 */
export interface InstrumentEffects {
  n: number;
  nFirm: number;
  firmInstrument: Int32Array;
  /** Per firm-level instrument j: award size (KRW m), new-R&D share (0 if not R&D money), tie and revenue log-odds, innovator sales-growth bump. */
  awardSize: Float64Array;
  rndShare: Float64Array;
  isRnd: Uint8Array;
  /** Firm-level instruments acting on tie odds / revenue odds (their j), and the log-odds for every subset of them (bit b = the b-th listed). */
  tieInstruments: Int32Array;
  tieOdds: Float64Array;
  revenueInstruments: Int32Array;
  revenueOdds: Float64Array;
  /** Innovator sales-growth bump for every subset of the revenue-odds instruments' bit layout: indexed by the same mask over `growthInstruments`. */
  growthInstruments: Int32Array;
  growthBump: Float64Array;
  /** j of the instrument that sets each support feature, or −1. */
  grantFeature: number;
  networkingFeature: number;
  commercialisationFeature: number;
  /** Per instrument k (cluster level): infrastructure added per KRW bn; cost per trained person (KRW m); capital per KRW bn. 0 where the channel is absent. */
  infraPerBn: Float64Array;
  talentCost: Float64Array;
  capitalPerBn: Float64Array;
}

function magnitude(m: Magnitude, p: Structural): number {
  return typeof m === "number" ? m : p[m];
}

/** Sums of `values` over every subset: out[mask] = Σ_{b in mask} values[b], added in bit order. */
function subsetSums(values: readonly number[]): Float64Array {
  const out = new Float64Array(1 << values.length);
  for (let mask = 1; mask < out.length; mask++) {
    let s = 0;
    for (let b = 0; b < values.length; b++) if (mask & (1 << b)) s += values[b] as number;
    out[mask] = s;
  }
  return out;
}

/** Resolves the table's effects with parameter values p. */
export function instrumentEffects(table: readonly InstrumentSpec[], p: Structural): InstrumentEffects {
  const firm = table.flatMap((t, k) => (t.level === "firm" ? [k] : []));
  const nFirm = firm.length;
  const f64 = () => new Float64Array(nFirm);
  const e: InstrumentEffects = {
    n: table.length, nFirm, firmInstrument: Int32Array.from(firm),
    awardSize: f64(), rndShare: f64(), isRnd: new Uint8Array(nFirm),
    tieInstruments: new Int32Array(0), tieOdds: new Float64Array(1), revenueInstruments: new Int32Array(0), revenueOdds: new Float64Array(1),
    growthInstruments: new Int32Array(0), growthBump: new Float64Array(1),
    grantFeature: -1, networkingFeature: -1, commercialisationFeature: -1,
    infraPerBn: new Float64Array(table.length), talentCost: new Float64Array(table.length), capitalPerBn: new Float64Array(table.length),
  };
  const tie: Array<[number, number]> = [];
  const rev: Array<[number, number]> = [];
  const grow: Array<[number, number]> = [];
  table.forEach((t, k) => {
    const j = firm.indexOf(k);
    if (t.level === "firm") {
      e.awardSize[j] = t.awardSize === null ? 0 : magnitude(t.awardSize, p);
      if (t.feature === "support_rnd_grant") e.grantFeature = j;
      if (t.feature === "support_networking") e.networkingFeature = j;
      if (t.feature === "support_commercialisation") e.commercialisationFeature = j;
    }
    for (const ef of t.effects) {
      if (ef.on === "infraStock") e.infraPerBn[k] = 1;
      else if (ef.on === "talentPool") e.talentCost[k] = magnitude(ef.costPer, p);
      else if (ef.on === "capital") e.capitalPerBn[k] = magnitude(ef.leverage, p);
      else if (ef.on === "rnd") {
        e.rndShare[j] = magnitude(ef.share, p);
        e.isRnd[j] = 1;
      } else if (ef.on === "tieOdds") tie.push([j, magnitude(ef.logOdds, p)]);
      else if (ef.on === "revenueOdds") rev.push([j, magnitude(ef.logOdds, p)]);
      else grow.push([j, magnitude(ef.value, p) / magnitude(ef.divisor, p)]);
    }
  });
  e.tieInstruments = Int32Array.from(tie.map((x) => x[0]));
  e.tieOdds = subsetSums(tie.map((x) => x[1]));
  e.revenueInstruments = Int32Array.from(rev.map((x) => x[0]));
  e.revenueOdds = subsetSums(rev.map((x) => x[1]));
  e.growthInstruments = Int32Array.from(grow.map((x) => x[0]));
  e.growthBump = subsetSums(grow.map((x) => x[1]));
  return e;
}

/** Firm-level instruments a table may have: the step indexes probability tables by subsets of them. */
const MAX_FIRM_INSTRUMENTS = 16;

/** Checks a table: unique ids and aliases, firm-level instruments with an award size, cluster-level ones acting on cluster channels. */
export function checkInstrumentTable(table: readonly InstrumentSpec[]): void {
  const names = new Set<string>();
  const firmChannels = new Set(["rnd", "tieOdds", "revenueOdds", "innovatorSalesGrowth"]);
  for (const t of table) {
    for (const n of [t.id, ...t.aliases]) {
      if (names.has(n)) throw new Error(`Instrument table: the name "${n}" is used twice.`);
      names.add(n);
    }
    if (t.level === "firm" && t.awardSize === null) throw new Error(`Instrument table: firm-level instrument "${t.id}" needs an award size.`);
    for (const ef of t.effects) {
      if (firmChannels.has(ef.on) !== (t.level === "firm")) throw new Error(`Instrument table: "${t.id}" is ${t.level}-level but acts on ${ef.on}.`);
    }
  }
  if (table.filter((t) => t.level === "firm").length > MAX_FIRM_INSTRUMENTS) throw new Error(`Instrument table: at most ${MAX_FIRM_INSTRUMENTS} firm-level instruments.`);
}
