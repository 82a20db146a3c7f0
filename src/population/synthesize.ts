/**
 * Population synthesis: the base-year firm population of every cluster (and
 * of the firms outside clusters), drawn from survey microdata so that each
 * cluster's firms by sector and employees match `data/clusters.csv` exactly.
 *
 * Method: for each (cluster, sector) cell, the survey's firms of that cell
 * are the donors (if there are none, the sector's firms in any location);
 * when the target count equals the donors' count every donor is taken once,
 * otherwise donors are drawn with replacement from the stream
 * (seed, "population"). Each cluster's employees are then scaled to its
 * total exactly (largest-remainder rounding, at least one employee each, the
 * researcher share kept). With the bundled synthetic survey every cell
 * already matches, so the population is the survey itself. `scale` makes a
 * larger population (e.g. 100 × for benchmarks) with the same composition.
 */
import { largestRemainder, sum } from "../stats";
import { copyFirm, emptyPopulation, FIRM_COLUMNS, POPULATION_COLUMNS, type Population } from "./columns";
export { copyFirm, emptyPopulation, type Population };
import { SECTORS, type Cluster, type Firm, type Sector } from "../data/loaders";
import { UserError } from "../errors";
import { stream } from "../random";

export interface SynthesisOptions {
  seed?: string | number;
  /** Multiply every cluster's firms and employees (default 1). */
  scale?: number;
}

/** Targets per location: firms by sector and employees; outside = national survey totals minus the clusters. */
export function synthesizePopulation(clusters: readonly Cluster[], survey: readonly Firm[], o: SynthesisOptions = {}): Population {
  const scale = o.scale ?? 1;
  const rng = stream(o.seed ?? "population", "population");
  const ids = clusters.map((c) => c.id);
  const locOf = (f: Firm) => (f.cluster === "none" ? ids.length : ids.indexOf(f.cluster));
  if (survey.some((f) => locOf(f) < 0)) throw new UserError("The survey names a cluster that is not in the cluster file.");
  const targets: Array<{ loc: number; sector: Sector; firms: number }> = [];
  const empTarget: number[] = [];
  for (let c = 0; c <= ids.length; c++) {
    const cl = clusters[c];
    for (const s of SECTORS) {
      const n = cl ? (cl[`firms_${s}` as keyof Cluster] as number) : survey.filter((f) => f.cluster === "none" && f.sector === s).length;
      targets.push({ loc: c, sector: s, firms: Math.round(n * scale) });
    }
    empTarget.push(Math.round((cl ? cl.employees : survey.filter((f) => f.cluster === "none").reduce((a, f) => a + f.employees, 0)) * scale));
  }
  const total = targets.reduce((a, t) => a + t.firms, 0);
  // Each slot's donor (survey row) and location first; then the columns, each copied from the survey's own columns
  // in one loop (copyFirm firm by firm looks every column up by name: most of the build at 100,000 firms).
  const donorOf = new Int32Array(total);
  const locAt = new Int32Array(total);
  let i = 0;
  for (const t of targets) {
    let donors = survey.map((f, k) => ({ f, k })).filter(({ f }) => locOf(f) === t.loc && f.sector === t.sector);
    if (donors.length === 0) donors = survey.map((f, k) => ({ f, k })).filter(({ f }) => f.sector === t.sector);
    if (donors.length === 0 && t.firms > 0) throw new UserError(`The survey has no ${t.sector} firms to draw from.`);
    for (let j = 0; j < t.firms; j++) {
      const d = t.firms === donors.length ? (donors[j] as { f: Firm; k: number }) : (donors[Math.floor(rng() * donors.length)] as { f: Firm; k: number });
      donorOf[i] = d.k;
      locAt[i] = t.loc;
      i++;
    }
  }
  const src = emptyPopulation(survey.length);
  survey.forEach((f, k) => copyFirm(src, k, f, 0, k));
  const p = emptyPopulation(total);
  for (const k of POPULATION_COLUMNS) {
    const to = p[k] as Float64Array;
    if (FIRM_COLUMNS[k].from === "location") to.set(locAt); // the survey row's own location is not the slot's
    else {
      const from = src[k] as Float64Array;
      for (let r = 0; r < total; r++) to[r] = from[donorOf[r] as number] as number;
    }
  }
  // Employees to each location's total exactly; researchers keep their share.
  for (let c = 0; c <= ids.length; c++) {
    const idx: number[] = [];
    for (let k = 0; k < total; k++) if (p.loc[k] === c) idx.push(k);
    if (idx.length === 0) continue;
    const target = empTarget[c] as number;
    const now = idx.reduce((a, k) => a + (p.employees[k] as number), 0);
    if (now === target) continue;
    // Everyone keeps one employee; the rest is shared in proportion to each firm's employees beyond one.
    const beyond = idx.map((k) => (p.employees[k] as number) - 1);
    const sumBeyond = sum(beyond);
    const pool = target - idx.length;
    if (pool < 0) throw new UserError(`Location ${c < ids.length ? ids[c] : "outside clusters"} has fewer employees (${target}) than firms (${idx.length}).`);
    const extra = largestRemainder(beyond.map((b) => (sumBeyond > 0 ? (pool * b) / sumBeyond : pool / idx.length)), pool);
    idx.forEach((k, j) => {
      const e = Math.max(1, 1 + (extra[j] as number));
      const share = (p.researchers[k] as number) / (p.employees[k] as number);
      p.employees[k] = e;
      p.researchers[k] = Math.min(e, Math.round(share * e));
    });
  }
  return p;
}
