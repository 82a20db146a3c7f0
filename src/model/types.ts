/**
 * The model setup's types, free of Node.js dependencies (the browser bundle
 * of the simulator imports them).
 */
import type { Population } from "../population/columns";
import type { Equation } from "./features";
import type { InstrumentSpec } from "./instruments";

export interface ClusterBase {
  infra: Float64Array;
  talent: Float64Array;
  capital: Float64Array;
  network: Float64Array;
  knowledge: Float64Array;
  firms: Float64Array;
  universities: Float64Array;
  hospitals: Float64Array;
  institutes: Float64Array;
}

export interface ModelSetup {
  /** Cluster ids; location index clusterIds.length is "none" (outside every cluster). */
  clusterIds: string[];
  nLoc: number;
  base: ClusterBase;
  population: Population;
  /** Young survey firms (age < 7): entrants are copies of them. */
  donors: Population;
  /** donorsBySector[s] lists donor indices of sector s. */
  donorsBySector: Int32Array[];
  /** The policy instruments, as data (the engine loops over them). */
  instruments: InstrumentSpec[];
  /** Per instrument, per policy cell (firm type + N_TYPES if cash-constrained, N_CELLS): surveyed firms of that cell ranking the instrument's kind of support first. */
  demandCounts: Float64Array[];
  /** Surveyed firms per policy cell. */
  typeCounts: Float64Array;
  /** National shares of stated demand by instrument. */
  demandShares: Float64Array;
  equations: { innovation: Equation; patents: Equation; salesGrowth: Equation };
  /**
   * Means of the sales-growth equation's covariates over the survey's sellers (its estimation sample): `features`
   * per FEATURES entry, `sectors` the sector shares. The simulator centres the estimated covariates on them, so
   * they act as deviations around the structural drift (`salesDrift`).
   */
  growthCentre: { features: Float64Array; sectors: Float64Array; products: Float64Array };
}

