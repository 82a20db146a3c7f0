/**
 * Resource budgets for a simulation, estimated from its inputs before any
 * work: firm-years, memory and output size, each against its documented cap
 * (src/limits.ts). The estimate assumes the worst case, every cluster at the
 * engine's population ceiling.
 */
import { CORE_METRICS, estimateOutputBytes } from "./output";
import { METRICS } from "../model/collect";
import { ResourceError } from "../errors";
import { formatBytes } from "../data/output-folder";
import { MAX_FIRM_YEARS, MAX_MEMORY_BYTES, MAX_OUTPUT_BYTES, POPULATION_CEILING_MULTIPLE } from "../limits";

/** What a run will cost, estimated from its inputs before any work (worst case at the population ceiling). */
export interface RunPlan {
  /** Firm-years simulated if every cluster grew to its ceiling. */
  firmYears: number;
  /** Bytes held in memory: result cubes, plus the firm panel when asked. */
  memoryBytes: number;
  /** Bytes written (runs.csv dominates). */
  outputBytes: number;
}

/** Memory per firm-year row of the in-memory firm panel (an object and its feature array). */
const PANEL_MEMORY_BYTES = 400;

export function planRun(p: { baseFirms: number; mixes: number; replicates: number; years: number; firmPanel?: boolean; metrics?: number; locations?: number }): RunPlan {
  const ceilingFirms = p.baseFirms * POPULATION_CEILING_MULTIPLE;
  const locations = p.locations ?? 21;
  const panelRows = p.firmPanel ? p.mixes * ceilingFirms * (p.years + 1) : 0;
  return {
    firmYears: p.mixes * p.replicates * p.years * ceilingFirms,
    memoryBytes: p.mixes * p.replicates * (p.years + 1) * locations * METRICS.length * 8 + panelRows * PANEL_MEMORY_BYTES,
    outputBytes: estimateOutputBytes(p.mixes, p.replicates, p.years, locations, p.metrics ?? CORE_METRICS.length, panelRows),
  };
}

/**
 * Refuses (ResourceError, exit 3) a plan beyond the documented caps, naming
 * the estimate, the limit and what to change; `allowLarge` lifts the
 * firm-year, memory and output caps.
 */
export function checkPlan(plan: RunPlan, o: { allowLarge?: boolean } = {}): void {
  if (o.allowLarge === true) return;
  const fmt = (n: number) => n.toLocaleString("en", { maximumSignificantDigits: 3 });
  const hint = "Use fewer replicates, years or mixes, or pass --allow-large if you really mean it (see \"Limits\" in README.md).";
  if (plan.firmYears > MAX_FIRM_YEARS) {
    throw new ResourceError(`This run could simulate up to ${fmt(plan.firmYears)} firm-years (mixes × replicates × years × firms at the population ceiling of ${POPULATION_CEILING_MULTIPLE}× the base), over the limit of ${fmt(MAX_FIRM_YEARS)}.`, { hint });
  }
  if (plan.memoryBytes > MAX_MEMORY_BYTES) {
    throw new ResourceError(`This run would hold about ${formatBytes(plan.memoryBytes)} of results in memory, over the limit of ${formatBytes(MAX_MEMORY_BYTES)}.`, { hint });
  }
  if (plan.outputBytes > MAX_OUTPUT_BYTES) {
    throw new ResourceError(`This run would write about ${formatBytes(plan.outputBytes)}, over the limit of ${formatBytes(MAX_OUTPUT_BYTES)}.`, { hint: `Fewer replicates or metrics (--metrics) write less. ${hint}` });
  }
}
