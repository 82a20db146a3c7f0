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
 * Firm level (each recipient gets an amount in KRW m; its effect is `dose(amount)`, concave, 1 at the typical
 * 2018 award `awardSize` — see `dose`):
 * - `rnd`: the award is R&D money, of which `share` × awardSize × dose is new R&D (the rest replaces own spending);
 * - `tieOdds`: `logOdds` × dose added to a supported firm's odds of forming a collaboration tie;
 * - `revenueOdds`: `logOdds` × dose added to a supported pre-revenue firm's odds of a first revenue;
 * - `innovatorSalesGrowth`: `value` / `divisor` × dose added to a supported innovator's log sales growth.
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
  /** Firm level: the typical 2018 award (KRW m), whose dose is 1; the award at the status quo's intensity. */
  awardSize: Magnitude | null;
  /** Firm level: share of eligible firms receiving it when the budget buys the 2018 intensity. */
  coverage?: Magnitude;
  /** Firm level: the amount at which the effect would peak (inverted U), as a multiple of `awardSize`; above `awardCap`. */
  dosePeak?: Magnitude;
  /** Firm level: elasticity of a recipient's amount to its need (its R&D spending); absent or 0, every recipient gets the same amount. */
  needElasticity?: Magnitude;
  /** National instruments may reach firms outside clusters: a mix sets the share of their money that goes to cluster firms (`clusterShare`). */
  national?: boolean;
  effects: readonly Effect[];
  /** Old names still accepted in policy-mix JSON. */
  aliases: readonly string[];
}

/** The six instruments of the study's policy mixes. */
export const INSTRUMENT_TABLE = [
  { id: "infrastructure", label: "Infrastructure", level: "cluster", demand: "infrastructure", surveyColumn: null, feature: null, awardSize: null, effects: [{ on: "infraStock" }], aliases: [] },
  { id: "rnd_grants", label: "R&D grants", level: "firm", demand: "rnd", surveyColumn: "support_rnd_grant", feature: "support_rnd_grant", awardSize: "grantSize", coverage: "grantCoverage", dosePeak: "grantDosePeak", needElasticity: "grantNeedElasticity", national: true, effects: [{ on: "rnd", share: "additionality" }], aliases: ["rndGrants"] },
  { id: "talent", label: "Talent", level: "cluster", demand: "talent", surveyColumn: null, feature: null, awardSize: null, national: true, effects: [{ on: "talentPool", costPer: "costPerTrained" }], aliases: [] },
  { id: "finance", label: "Finance", level: "cluster", demand: "funding", surveyColumn: null, feature: null, awardSize: null, national: true, effects: [{ on: "capital", leverage: "leverage" }], aliases: [] },
  { id: "networking", label: "Networking", level: "firm", demand: "networking", surveyColumn: "support_networking", feature: "support_networking", awardSize: "networkSupportSize", coverage: "networkCoverage", dosePeak: "supportDosePeak", effects: [{ on: "tieOdds", logOdds: "networkEffect" }], aliases: [] },
  { id: "commercialisation", label: "Commercialisation", level: "firm", demand: "commercialisation", surveyColumn: "support_commercialisation", feature: "support_commercialisation", awardSize: "commSupportSize", coverage: "commCoverage", dosePeak: "supportDosePeak", effects: [{ on: "revenueOdds", logOdds: "commEffect" }, { on: "innovatorSalesGrowth", value: "commEffect", divisor: "commSalesDamping" }], aliases: [] },
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
 * The effect of an amount a (KRW m) of firm-level support: a concave dose, 1 at the typical 2018 award S and
 * 0 at 0, an inverted U peaking at P × S: dose = r (2P − r) / (2P − 1) with r = a / S. Its marginal effect falls
 * with the amount and stays positive below the peak; awards are capped at `awardCap` × S < P × S.
 */
export function dose(a: number, S: number, P: number): number {
  if (!(a > 0) || !(S > 0)) return 0;
  const r = a / S;
  return (r * (2 * P - r)) / (2 * P - 1);
}

/**
 * The instruments' effects with the replicate's parameter values, as dense
 * arrays for the yearly step. Firm-level instruments are numbered j = 0 … nFirm − 1
 * in table order; `firmInstrument[j]` is their index in the table. A firm's
 * support this year is its amount from each (`support[i × nFirm + j]`); the
 * step turns each amount into a dose and multiplies the per-instrument
 * coefficients below. `supportBits` records which instruments paid (bit j).
 */
export interface InstrumentEffects {
  n: number;
  nFirm: number;
  firmInstrument: Int32Array;
  /** Per instrument k: its firm-level index j, or −1 for a cluster-level instrument. */
  firmOf: Int32Array;
  /** Per firm-level instrument j: typical 2018 award (KRW m), 2018 coverage, dose peak (multiple of the award), need elasticity, new-R&D share and whether the award is R&D money. */
  awardSize: Float64Array;
  coverage: Float64Array;
  dosePeak: Float64Array;
  needElasticity: Float64Array;
  rndShare: Float64Array;
  isRnd: Uint8Array;
  /** Per firm-level instrument j: log-odds per unit of dose added to tie formation and to a first revenue; an innovator's sales-growth bump per unit of dose. */
  tieOdds: Float64Array;
  revenueOdds: Float64Array;
  growthBump: Float64Array;
  /** Per firm-level instrument j: 1 if its dose enters the equations' feature (R&D grant, networking, commercialisation support). */
  grantFeature: Uint8Array;
  networkingFeature: Uint8Array;
  commercialisationFeature: Uint8Array;
  /** Per instrument k: 1 if it may reach firms outside clusters (a mix's clusterShare). */
  national: Uint8Array;
  /** Per instrument k (cluster level): infrastructure added per KRW bn; cost per trained person (KRW m); capital per KRW bn. 0 where the channel is absent. */
  infraPerBn: Float64Array;
  talentCost: Float64Array;
  capitalPerBn: Float64Array;
}

function magnitude(m: Magnitude, p: Structural): number {
  return typeof m === "number" ? m : p[m];
}

/** Resolves the table's effects with parameter values p. */
export function instrumentEffects(table: readonly InstrumentSpec[], p: Structural): InstrumentEffects {
  const firm = table.flatMap((t, k) => (t.level === "firm" ? [k] : []));
  const nFirm = firm.length;
  const f64 = () => new Float64Array(nFirm);
  const u8 = () => new Uint8Array(nFirm);
  const e = {} as InstrumentEffects; // named stores, not a literal (state.ts, initState)
  e.n = table.length; e.nFirm = nFirm; e.firmInstrument = Int32Array.from(firm); e.firmOf = Int32Array.from(table, (_, k) => firm.indexOf(k));
  e.awardSize = f64(); e.coverage = f64(); e.dosePeak = f64(); e.needElasticity = f64(); e.rndShare = f64(); e.isRnd = u8();
  e.tieOdds = f64(); e.revenueOdds = f64(); e.growthBump = f64();
  e.grantFeature = u8(); e.networkingFeature = u8(); e.commercialisationFeature = u8();
  e.national = Uint8Array.from(table, (t) => (t.national === true ? 1 : 0));
  e.infraPerBn = new Float64Array(table.length); e.talentCost = new Float64Array(table.length); e.capitalPerBn = new Float64Array(table.length);
  table.forEach((t, k) => {
    const j = firm.indexOf(k);
    // Stryker disable next-line ConditionalExpression: equivalent: for a cluster-level instrument j is −1, and a typed array ignores writes to index −1 (feature is null, so no flag is set)
    if (t.level === "firm") {
      e.awardSize[j] = t.awardSize === null ? 0 : magnitude(t.awardSize, p);
      e.coverage[j] = t.coverage === undefined ? 0 : magnitude(t.coverage, p);
      e.dosePeak[j] = t.dosePeak === undefined ? 0 : magnitude(t.dosePeak, p);
      e.needElasticity[j] = t.needElasticity === undefined ? 0 : magnitude(t.needElasticity, p);
      if (t.feature === "support_rnd_grant") e.grantFeature[j] = 1;
      else if (t.feature === "support_networking") e.networkingFeature[j] = 1;
      else if (t.feature === "support_commercialisation") e.commercialisationFeature[j] = 1;
    }
    for (const ef of t.effects) {
      if (ef.on === "infraStock") e.infraPerBn[k] = 1;
      else if (ef.on === "talentPool") e.talentCost[k] = magnitude(ef.costPer, p);
      else if (ef.on === "capital") e.capitalPerBn[k] = magnitude(ef.leverage, p);
      else if (ef.on === "rnd") {
        e.rndShare[j] = magnitude(ef.share, p);
        e.isRnd[j] = 1;
      } else if (ef.on === "tieOdds") e.tieOdds[j] = (e.tieOdds[j] as number) + magnitude(ef.logOdds, p);
      else if (ef.on === "revenueOdds") e.revenueOdds[j] = (e.revenueOdds[j] as number) + magnitude(ef.logOdds, p);
      else e.growthBump[j] = (e.growthBump[j] as number) + magnitude(ef.value, p) / magnitude(ef.divisor, p);
    }
  });
  return e;
}

/** Firm-level instruments a table may have: `supportBits` records them in 8 bits. */
const MAX_FIRM_INSTRUMENTS = 8;

/** Checks a table: unique ids and aliases, firm-level instruments with an award size, coverage and dose peak, cluster-level ones acting on cluster channels. */
export function checkInstrumentTable(table: readonly InstrumentSpec[]): void {
  const names = new Set<string>();
  const firmChannels = new Set(["rnd", "tieOdds", "revenueOdds", "innovatorSalesGrowth"]);
  for (const t of table) {
    for (const n of [t.id, ...t.aliases]) {
      if (names.has(n)) throw new Error(`Instrument table: the name "${n}" is used twice.`);
      names.add(n);
    }
    if (t.level === "firm" && t.awardSize === null) throw new Error(`Instrument table: firm-level instrument "${t.id}" needs an award size.`);
    if (t.level === "firm" && (t.coverage === undefined || t.dosePeak === undefined)) throw new Error(`Instrument table: firm-level instrument "${t.id}" needs a 2018 coverage and a dose peak.`);
    for (const ef of t.effects) {
      if (firmChannels.has(ef.on) !== (t.level === "firm")) throw new Error(`Instrument table: "${t.id}" is ${t.level}-level but acts on ${ef.on}.`);
    }
  }
  if (table.filter((t) => t.level === "firm").length > MAX_FIRM_INSTRUMENTS) throw new Error(`Instrument table: at most ${MAX_FIRM_INSTRUMENTS} firm-level instruments.`);
}
