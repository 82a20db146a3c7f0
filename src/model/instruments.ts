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
 * in table order; `firmInstrument[j]` is their index in the table. A firm's
 * support this year is a bit pattern over them (bit j set if it received an
 * award from instrument j), and the firm-level effects are tables indexed by
 * that pattern, so the step looks them up instead of looping over instruments.
 */
export interface InstrumentEffects {
  n: number;
  nFirm: number;
  /** Number of support patterns, 2^nFirm. */
  nPatterns: number;
  firmInstrument: Int32Array;
  /** Per firm-level instrument j: award size (KRW m), new-R&D share and whether the award is R&D money. */
  awardSize: Float64Array;
  rndShare: Float64Array;
  isRnd: Uint8Array;
  /** Per support pattern: log-odds added to tie formation and to a first revenue; an innovator's sales-growth bump. */
  tieOdds: Float64Array;
  revenueOdds: Float64Array;
  growthBump: Float64Array;
  /** Per support pattern: the equations' support features (1 if an instrument setting that feature is in the pattern). */
  grantFeature: Uint8Array;
  networkingFeature: Uint8Array;
  commercialisationFeature: Uint8Array;
  /** Per instrument k (cluster level): infrastructure added per KRW bn; cost per trained person (KRW m); capital per KRW bn. 0 where the channel is absent. */
  infraPerBn: Float64Array;
  talentCost: Float64Array;
  capitalPerBn: Float64Array;
}

function magnitude(m: Magnitude, p: Structural): number {
  return typeof m === "number" ? m : p[m];
}

/** Per support pattern: the sum of the listed instruments' values that the pattern contains, added in list order. */
function patternSums(nPatterns: number, list: ReadonlyArray<readonly [number, number]>): Float64Array {
  const out = new Float64Array(nPatterns);
  for (let bits = 0; bits < nPatterns; bits++) {
    let s = 0;
    for (const [j, v] of list) if (bits & (1 << j)) s += v;
    out[bits] = s;
  }
  return out;
}

/** Resolves the table's effects with parameter values p. */
export function instrumentEffects(table: readonly InstrumentSpec[], p: Structural): InstrumentEffects {
  const firm = table.flatMap((t, k) => (t.level === "firm" ? [k] : []));
  const nFirm = firm.length;
  const nPatterns = 1 << nFirm;
  const f64 = () => new Float64Array(nFirm);
  const tie: Array<[number, number]> = [];
  const rev: Array<[number, number]> = [];
  const grow: Array<[number, number]> = [];
  const features: Record<"support_rnd_grant" | "support_networking" | "support_commercialisation", number[]> = { support_rnd_grant: [], support_networking: [], support_commercialisation: [] };
  const e: InstrumentEffects = {
    n: table.length, nFirm, nPatterns, firmInstrument: Int32Array.from(firm),
    awardSize: f64(), rndShare: f64(), isRnd: new Uint8Array(nFirm),
    tieOdds: new Float64Array(0), revenueOdds: new Float64Array(0), growthBump: new Float64Array(0),
    grantFeature: new Uint8Array(0), networkingFeature: new Uint8Array(0), commercialisationFeature: new Uint8Array(0),
    infraPerBn: new Float64Array(table.length), talentCost: new Float64Array(table.length), capitalPerBn: new Float64Array(table.length),
  };
  table.forEach((t, k) => {
    const j = firm.indexOf(k);
    if (t.level === "firm") {
      e.awardSize[j] = t.awardSize === null ? 0 : magnitude(t.awardSize, p);
      if (t.feature !== null && t.feature in features) features[t.feature as keyof typeof features].push(j);
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
  e.tieOdds = patternSums(nPatterns, tie);
  e.revenueOdds = patternSums(nPatterns, rev);
  e.growthBump = patternSums(nPatterns, grow);
  const flag = (js: number[]) => Uint8Array.from({ length: nPatterns }, (_, bits) => (js.some((j) => bits & (1 << j)) ? 1 : 0));
  e.grantFeature = flag(features.support_rnd_grant);
  e.networkingFeature = flag(features.support_networking);
  e.commercialisationFeature = flag(features.support_commercialisation);
  return e;
}

/** Firm-level instruments a table may have: the step indexes tables by the pattern of support over them (2^8 patterns). */
const MAX_FIRM_INSTRUMENTS = 8;

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
