/**
 * Types and constants of the model setup, free of Node.js dependencies (the
 * browser bundle of the simulator imports them).
 */
import { STARTUP_AGE, SECTORS, sizeClassIndex } from "../data/constants";

/** Firm-state features an estimates artefact can use, by codebook name. */
export const FEATURES = [
  "log_researchers",
  "log_employees",
  "log_rnd",
  "collaborating",
  "support_rnd_grant",
  "support_networking",
  "support_commercialisation",
  "in_cluster",
  "startup",
  "exporter",
  "pre_revenue",
  "product_innovation",
  "age",
  "researchers",
  "employees",
] as const;
export type Feature = (typeof FEATURES)[number];
export const NF = FEATURES.length;

/** Kinds of parameter in a compiled equation. */
export const P_INTERCEPT = 0;
export const P_FEATURE = 1;
export const P_SECTOR = 2;
export const P_ALPHA = 3;

/** A behavioural equation bound to firm state, ready for coefficient draws. */
export interface Equation {
  model: "ols" | "logit" | "poisson" | "negbin";
  outcome: string;
  names: string[];
  estimate: Float64Array;
  /** Lower-triangular Cholesky factor of the covariance (row-major p × p), for draws from N(β̂, V̂). */
  chol: Float64Array;
  kind: Int8Array;
  target: Int32Array;
  /** OLS residual s.d. */
  sigma: number;
  diagonalCov: boolean;
}

/** Firm type index: sector × size class (small, medium, large) × stage (start-up, established) → 0 … 41. */
export function typeIndex(sector: number, employees: number, age: number): number {
  return sector * 6 + sizeClassIndex(employees) * 2 + (age < STARTUP_AGE ? 0 : 1);
}
export const N_TYPES = SECTORS.length * 6;
