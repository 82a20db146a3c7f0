/**
 * The experiment result's types, apart from the runner so that outputs and
 * summaries can name them without importing the runner.
 */
import type { PolicyMix } from "../model/policy";

export interface PanelRow {
  scenario: string;
  replicate: number;
  firm: number;
  year: number;
  cluster: string;
  sector: number;
  x: Float64Array;
  product_innovation: number;
  patent_apps: number;
  sales_growth: number | null;
}

export interface ExperimentResult {
  mixes: PolicyMix[];
  years: number;
  replicates: number;
  seed: string | number;
  /** calibration: the calibrated.json the run used (path, SHA-256, values), absent when it used the defaults. */
  options: { paramUncertainty: boolean; structuralUncertainty: boolean; dataUncertainty?: boolean; calibration?: { file: string; sha256: string; parameters: Record<string, number | undefined> } };
  /** Locations: the clusters, "none", "all". */
  locations: string[];
  metrics: readonly string[];
  /** cubes[mix][replicate], each cube[(year × locations + location) × metrics + metric]. */
  cubes: Float64Array[][];
  /** Seed string of each replicate (written into every output row). */
  seeds: string[];
  /** Seed of the base population's synthesis (derived from the scenario seed; in the manifest). */
  populationSeed: string;
  panel: PanelRow[];
}

/** What a cube's cells are (ExperimentResult's fields of the same names), known before the first replicate ends. */
export type ResultLayout = Pick<ExperimentResult, "mixes" | "years" | "replicates" | "seed" | "locations" | "metrics" | "seeds">;
