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
/** A product of two factors (an interaction "a:b", or a size-class dummy as 1 × dummy). */
export const P_INTERACTION = 4;

/**
 * Factors an interaction multiplies, as indices into a firm's factor vector:
 * the NF features, then one dummy per sector (SECTORS order), then one per
 * size class (small, medium, large), then the constant 1 (so a size-class
 * main effect is the product 1 × dummy). The hot loop fills this vector only
 * when an equation has interactions.
 */
export const X_SECTOR = NF;
export const X_SIZE = NF + SECTORS.length;
export const X_ONE = X_SIZE + 3;
export const NX = X_ONE + 1;
export const SIZE_LEVELS = ["small", "medium", "large"] as const;

/** The factor index of one part of an interaction ("log_employees", "sector_bio_food", "size_class_large"), or -1. */
export function factorIndex(part: string): number {
  const f = FEATURES.indexOf(part as Feature);
  if (f >= 0) return f;
  if (part.startsWith("sector_")) {
    const s = SECTORS.indexOf(part.slice("sector_".length) as (typeof SECTORS)[number]);
    return s >= 0 ? X_SECTOR + s : -1;
  }
  if (part.startsWith("size_class_")) {
    const z = SIZE_LEVELS.indexOf(part.slice("size_class_".length) as (typeof SIZE_LEVELS)[number]);
    return z >= 0 ? X_SIZE + z : -1;
  }
  return -1;
}

/** Name of a factor index (for messages and tables). */
export function factorName(x: number): string {
  if (x < NF) return FEATURES[x] as string;
  if (x < X_SIZE) return `sector_${SECTORS[x - X_SECTOR] as string}`;
  if (x < X_ONE) return `size_class_${SIZE_LEVELS[x - X_SIZE] as string}`;
  return "1";
}

/** A behavioural equation bound to firm state, ready for coefficient draws. */
export interface Equation {
  model: "ols" | "logit" | "poisson" | "negbin";
  outcome: string;
  names: string[];
  estimate: Float64Array;
  /** Lower-triangular Cholesky factor of the covariance (row-major p × p), for draws from N(β̂, V̂). */
  chol: Float64Array;
  kind: Int8Array;
  /** Feature index (P_FEATURE), sector index (P_SECTOR), or a * NX + b for the factors of an interaction (P_INTERACTION). */
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
/**
 * Policy cells: a firm's type plus N_TYPES if it is cash-constrained this year (its cash is below its year's net
 * burn, so it seeks external funding: the model's counterpart of the survey's constrained firm). Targeting weights
 * are per cell; only "survey-demand" targeting weighs the two halves differently (issue 14: stated demand tied to
 * the constraint a firm faces in the model). Stage is cell & 1 and size class (cell % 6) >> 1, as for a type.
 */
export const N_CELLS = 2 * N_TYPES;
