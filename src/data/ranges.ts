/**
 * Data uncertainty as a source of variation (issue 12, item 5): every imputed
 * or synthetic numeric cell of `data/clusters.csv` has a plausible range in
 * `data/sources.csv` (`low`, `high`; the `note` says how the range was set).
 * `drawBaseline` draws one cluster baseline from those ranges — a pure,
 * seeded function the simulator can call once per replicate
 * (`--data-uncertainty`), keeping this fourth source of variance apart from
 * coefficients, agents and structure.
 *
 * Rules:
 * - each imputed or synthetic cell with a range is drawn from a triangular
 *   distribution on [low, high] with its mode at the baseline value (clamped
 *   into the range); counts are rounded;
 * - observed and derived cells are never drawn; unknown cells stay as they are;
 * - consistency: the sector counts are rescaled (largest remainder) to the
 *   cluster's firm total — the baseline total when it is derived from an
 *   observed count, a draw from its own range when it is imputed; bio
 *   employees scale with the firm total (never below one per firm);
 *   researchers never exceed employees; shares stay in [0, 1].
 *
 * Cells are drawn in the order of `sources` (as in the file), so the same
 * stream gives the same baseline.
 */
import { largestRemainder } from "../stats";
import { stream, type Rng } from "../random";
import { SECTORS, type Cluster, type SourceRow } from "./loaders";

const INTEGER_FIELDS = new Set([
  "universities",
  "hospitals",
  "institutes",
  ...SECTORS.map((s) => `firms_${s}`),
  "firms",
  "employees",
  "researchers",
  "talent",
]);
const SHARE_FIELDS = new Set(["network"]);

/** A draw from the triangular distribution on [low, high] with the given mode. */
export function triangular(rng: Rng, low: number, mode: number, high: number): number {
  if (!(high > low)) return low;
  const m = Math.min(high, Math.max(low, mode));
  const u = rng();
  const c = (m - low) / (high - low);
  return u < c ? low + Math.sqrt(u * (high - low) * (m - low)) : high - Math.sqrt((1 - u) * (high - low) * (high - m));
}

/** Whether a provenance row is drawn: imputed or synthetic, with a range, on a numeric field of the cluster. */
export function isDrawn(row: SourceRow, cluster: Cluster): boolean {
  return (row.status === "imputed" || row.status === "synthetic") && row.low !== null && row.high !== null && typeof cluster[row.field as keyof Cluster] === "number";
}

/**
 * One draw of the cluster baseline from the ranges of its imputed and
 * synthetic cells. `rng` is a stream, or a seed string (then the stream
 * `(seed, "data-uncertainty")`). Returns new cluster records; the inputs are
 * not changed.
 */
export function drawBaseline(clusters: readonly Cluster[], sources: readonly SourceRow[], rngOrSeed: Rng | string): Cluster[] {
  const rng = typeof rngOrSeed === "string" ? stream(rngOrSeed, "data-uncertainty") : rngOrSeed;
  const byCluster = new Map<string, SourceRow[]>();
  for (const s of sources) byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s]);
  return clusters.map((base) => {
    const c: Cluster = { ...base };
    const rec = c as unknown as Record<string, number | string | null>;
    const rows = byCluster.get(c.id) ?? [];
    const drawn = new Set<string>();
    for (const row of rows) {
      if (!isDrawn(row, base)) continue;
      let v = triangular(rng, row.low as number, base[row.field as keyof Cluster] as number, row.high as number);
      if (INTEGER_FIELDS.has(row.field)) v = Math.round(v);
      if (SHARE_FIELDS.has(row.field)) v = Math.min(1, Math.max(0, v));
      rec[row.field] = v;
      drawn.add(row.field);
    }
    // Firm total and sector counts.
    const total = drawn.has("firms") ? Math.max(1, c.firms) : base.firms;
    if (SECTORS.some((s) => drawn.has(`firms_${s}`)) || total !== base.firms) {
      let weights = SECTORS.map((s) => c[`firms_${s}` as keyof Cluster] as number);
      if (weights.every((w) => w === 0)) weights = SECTORS.map((s) => base[`firms_${s}` as keyof Cluster] as number);
      const sw = weights.reduce((a, b) => a + b, 0);
      const counts = largestRemainder(weights.map((w) => (w * total) / sw), total);
      SECTORS.forEach((s, j) => (rec[`firms_${s}`] = counts[j] as number));
    }
    c.firms = total;
    c.employees = Math.max(c.firms, Math.round((c.employees * c.firms) / base.firms));
    c.researchers = Math.min(c.researchers, c.employees);
    return c;
  });
}
