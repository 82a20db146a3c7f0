/**
 * Policy instruments and firm-type categories, free of Node.js dependencies.
 */
import type { Demand } from "../data/constants";

export const INSTRUMENTS = ["infrastructure", "rndGrants", "talent", "finance", "networking", "commercialisation"] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** The kind of support in the survey's stated demand that each instrument answers. */
export const INSTRUMENT_DEMAND: Record<Instrument, Demand> = {
  infrastructure: "infrastructure",
  rndGrants: "rnd",
  talent: "talent",
  finance: "funding",
  networking: "networking",
  commercialisation: "commercialisation",
};

export const STAGES = ["startup", "established"] as const;
export const SIZES = ["small", "medium", "large"] as const;

/** The budget (KRW bn) in simulation year t (1-based) of a budget given as a number or one number per year; the last value repeats. */
export function budgetFor(krwBn: number | readonly number[], t: number): number {
  return typeof krwBn === "number" ? krwBn : (krwBn[Math.min(t, krwBn.length) - 1] as number);
}
