/**
 * The workshop page's inputs, clamped to the same documented limits as the
 * command line (src/limits.ts): a budget box typed to 1e300 must not grow the
 * simulated population until the browser tab dies.
 */
import { MAX_BUDGET_KRW_BN, MAX_SEED_LENGTH, MAX_YEARS } from "../limits";

/** The page's own cap on replicates (each update reruns them within about a second). */
export const WORKSHOP_MAX_REPLICATES = 200;

export interface WorkshopInputs {
  budget: number;
  replicates: number;
  years: number;
  seed: string;
  /** Slider values, one per instrument (relative weights). */
  shares: number[];
}

export interface Clamped {
  value: WorkshopInputs;
  /** One note per input that was changed, for the status line. */
  notes: string[];
}

function clampNumber(x: number, lo: number, hi: number, fallback: number): number {
  if (!Number.isFinite(x)) return x === Infinity ? hi : x === -Infinity ? lo : fallback;
  return Math.min(hi, Math.max(lo, x));
}

/** Clamps raw input values (as typed, possibly NaN or huge) into their documented ranges. */
export function clampWorkshopInputs(raw: WorkshopInputs): Clamped {
  const notes: string[] = [];
  const budget = clampNumber(raw.budget, 0, MAX_BUDGET_KRW_BN, 0);
  if (budget !== raw.budget) notes.push(`budget set to ${budget.toLocaleString("en")} KRW bn (allowed 0 to ${MAX_BUDGET_KRW_BN.toLocaleString("en")})`);
  const replicates = Math.round(clampNumber(raw.replicates, 1, WORKSHOP_MAX_REPLICATES, 1));
  if (replicates !== raw.replicates) notes.push(`replicates set to ${replicates} (allowed 1 to ${WORKSHOP_MAX_REPLICATES})`);
  const years = Math.round(clampNumber(raw.years, 1, MAX_YEARS, 10));
  if (years !== raw.years) notes.push(`years set to ${years}`);
  const seed = raw.seed.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_SEED_LENGTH) || "2018";
  if (seed !== raw.seed) notes.push(`seed shortened to ${MAX_SEED_LENGTH} characters`);
  let shares = raw.shares.map((s) => clampNumber(s, 0, 100, 0));
  if (shares.some((s, i) => s !== raw.shares[i])) notes.push("shares kept between 0 and 100");
  if (shares.every((s) => s === 0)) shares = shares.map(() => 1);
  return { value: { budget, replicates, years, seed, shares }, notes };
}
