/**
 * The 2018 cluster baseline, built from observed facts by stated rules. Every
 * value comes with a provenance row: observed, derived (formula on observed
 * inputs), imputed (a documented method fills a gap) or unknown.
 *
 * The rules (also in data/README.md):
 *
 * 1. **Firm counts on one basis.** Reported counts of resident firms are on
 *    different bases and years. The 2018-equivalent count U is: the 2018
 *    figure if there is one; else log-linear interpolation between the
 *    nearest figures before and after 2018; else the nearest figure scaled by
 *    the national survey's firm count, N(2018)/N(year) (years outside
 *    2013–2021 use the nearest surveyed year); a cluster with no count is
 *    imputed with the median U of clusters of the same kind, and a cluster
 *    that was only planned in 2018 with the smallest U observed.
 * 2. **Survey definition.** Tenant counts include small ventures outside the
 *    national survey's frame, so U is scaled by κ = 993 / 1,830, the national
 *    survey's 2018 firm count over the 1,830 bio SMEs and ventures KRIBB
 *    counted in 2018.
 * 3. **Sectors.** κ·U is split by the cluster's sector mix (observed for
 *    Osong, else imputed from its specialisation). In each sector the
 *    clusters together may hold at most `SECTOR_CAP` (70 %) of the national
 *    survey's firms — some firms of every sector sit outside these 19
 *    clusters — and are scaled down where they would exceed it. Counts are
 *    rounded by largest remainder within each sector.
 * 4. **Employees.** Firms × employees per firm, from the cluster's own
 *    observed employees/firms ratio where one exists, else the national
 *    sector means (47,047 employees by sector, 2018).
 * 5. **Infrastructure stock** (KRW bn). Sum of observed public
 *    infrastructure investments up to 2018, depreciated at 5 % a year
 *    (MODEL.md `deltaInfra`); a budget for a plan period is spread evenly over
 *    it and only the years up to 2018 count. Without any observed investment:
 *    imputed as firms × the median stock per firm of the clusters that have one.
 * 6. **Risk capital** (KRW bn). The national 2018 bio/medical VC investment
 *    (KRW 841.7 bn, KVCA) allocated over all 993 survey firms, with
 *    pharma and service firms weighted 1 and other firms 0.25 (VC in Korean
 *    bio goes mostly to drug developers); a cluster gets the share of its firms.
 *
 * Researchers, talent, network and knowledge depend on the firm survey and
 * are filled in by `completeBaseline` after it is generated.
 */
import { UserError } from "../../errors";
import { median, largestRemainder, quantile } from "../../stats";
import { SECTORS, type Basis, type Cluster, type ProvenanceStatus, type Sector, type SourceRow } from "../loaders";
import { total, type Fact, type Inputs } from "./inputs";

export const BASE_YEAR = 2018;
/** Share of a sector's national survey firms that the 19 clusters may hold together (assumption). */
export const SECTOR_CAP = 0.7;
/** Annual depreciation of infrastructure (MODEL.md deltaInfra). */
export const DELTA_INFRA = 0.05;
/** Weight of non-pharma, non-service firms in the allocation of risk capital (assumption). */
export const VC_OTHER_WEIGHT = 0.25;
/** Range of that weight for the capital ranges: from VC in pharma and services only, to all firms alike. */
export const VC_OTHER_RANGE: [number, number] = [0, 1];

const RANK: Record<ProvenanceStatus, number> = { observed: 0, derived: 1, imputed: 2, synthetic: 3, unknown: 4 };
/** The weakest of several statuses: a value is only as good as its weakest input. */
export function weakest(...s: ProvenanceStatus[]): ProvenanceStatus {
  return s.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "observed" as ProvenanceStatus);
}

/** A cluster record under construction: survey-dependent fields are filled later. */
export type PartialCluster = Omit<Cluster, "researchers" | "talent" | "network" | "knowledge"> &
  Partial<Pick<Cluster, "researchers" | "talent" | "network" | "knowledge">>;

export interface Baseline {
  clusters: PartialCluster[];
  sources: SourceRow[];
  /** κ, the survey-frame coverage factor. */
  kappa: number;
  /** The 2018-equivalent firm counts U (before κ), for the record. */
  tenantEquivalent: Map<string, number>;
}

/** Firms in the national survey in a year, interpolating missing years, clamped to the surveyed range. */
export function surveyedFirmsIn(inputs: Inputs, year: number): number {
  const years = [...inputs.surveyedFirms.keys()].sort((a, b) => a - b);
  const first = years[0] as number;
  const last = years[years.length - 1] as number;
  const y = Math.min(last, Math.max(first, year));
  const exact = inputs.surveyedFirms.get(y);
  if (exact !== undefined) return exact;
  const lo = years.filter((x) => x < y).at(-1) as number;
  const hi = years.find((x) => x > y) as number;
  const a = inputs.surveyedFirms.get(lo) as number;
  const b = inputs.surveyedFirms.get(hi) as number;
  return a + ((b - a) * (y - lo)) / (hi - lo);
}

interface Derived {
  value: number;
  status: ProvenanceStatus;
  source: string | null;
  year: number | null;
  note: string;
  /** Qualifiers of the inputs. */
  basis: Basis[];
  /** Plausible range, for imputed values. */
  low?: number;
  high?: number;
}

/** Relative half-width of the range of a value imputed from a plan, or from a sector mix inferred from a specialisation (assumption). */
export const PLAN_RANGE = 0.5;
export const MIX_RANGE = 0.5;

/** Union of qualifiers, in the order of BASES-like first appearance. */
export function unionBasis(...lists: Array<readonly Basis[]>): Basis[] {
  const out: Basis[] = [];
  for (const l of lists) for (const b of l) if (!out.includes(b)) out.push(b);
  return out;
}

function factsOf(inputs: Inputs, cluster: string, field: string): Fact[] {
  return inputs.facts.filter((f) => f.cluster === cluster && f.field === field).sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
}

/** Rule 1: the 2018-equivalent count of resident firms, before any imputation. */
export function tenantCount2018(inputs: Inputs, cluster: string): Derived | null {
  const obs = factsOf(inputs, cluster, "firms_reported").filter((f) => f.year !== null);
  if (obs.length === 0) return null;
  const at = obs.find((f) => f.year === BASE_YEAR);
  const fromPlan = (d: Derived): Derived =>
    d.basis.includes("plan")
      ? { ...d, status: "imputed", low: d.value * (1 - PLAN_RANGE), high: d.value * (1 + PLAN_RANGE), note: `${d.note}; a plan or contract, not firms in place: imputed, range ± ${PLAN_RANGE * 100}%` }
      : d;
  if (at) return fromPlan({ value: at.value, status: "observed", source: at.source, year: BASE_YEAR, note: `${at.basis} (${BASE_YEAR})`, basis: at.qualifier });
  const before = obs.filter((f) => (f.year as number) < BASE_YEAR).at(-1);
  const after = obs.find((f) => (f.year as number) > BASE_YEAR);
  if (before && after) {
    const t = (BASE_YEAR - (before.year as number)) / ((after.year as number) - (before.year as number));
    const v = before.value * Math.pow(after.value / before.value, t);
    return fromPlan({
      value: v,
      status: "derived",
      source: `${before.source} ; ${after.source}`,
      year: BASE_YEAR,
      note: `log-linear interpolation between ${before.value} (${before.year}) and ${after.value} (${after.year}): ${v.toFixed(1)}`,
      basis: unionBasis(before.qualifier, after.qualifier),
    });
  }
  const nearest = [...obs].sort((a, b) => Math.abs((a.year as number) - BASE_YEAR) - Math.abs((b.year as number) - BASE_YEAR))[0] as Fact;
  const ratio = surveyedFirmsIn(inputs, BASE_YEAR) / surveyedFirmsIn(inputs, nearest.year as number);
  return fromPlan({
    value: nearest.value * ratio,
    status: "derived",
    source: nearest.source,
    year: nearest.year,
    note: `${nearest.value} ${nearest.basis} (${nearest.year}) × national survey firms ${surveyedFirmsIn(inputs, BASE_YEAR)}/${surveyedFirmsIn(inputs, nearest.year as number).toFixed(0)}: ${(nearest.value * ratio).toFixed(1)}`,
    basis: nearest.qualifier,
  });
}

/** Rule 5: depreciated stock of observed public infrastructure investment up to 2018. */
export function infrastructureStock(inputs: Inputs, cluster: string): Derived | null {
  const inv = factsOf(inputs, cluster, "public_investment_krw_bn");
  if (inv.length === 0) return null;
  let stock = 0;
  const parts: string[] = [];
  let firstYear = Infinity;
  for (const f of inv) {
    if (f.period) {
      const [a, b] = f.period.split("-").map(Number) as [number, number];
      const perYear = f.value / (b - a + 1);
      let s = 0;
      for (let y = a; y <= Math.min(b, BASE_YEAR); y++) s += perYear * Math.pow(1 - DELTA_INFRA, BASE_YEAR - y);
      stock += s;
      firstYear = Math.min(firstYear, a);
      parts.push(`${f.value} over ${f.period}, years to ${BASE_YEAR} depreciated: ${s.toFixed(1)}`);
    } else {
      const y = f.year as number;
      if (y > BASE_YEAR) continue;
      const s = f.value * Math.pow(1 - DELTA_INFRA, BASE_YEAR - y);
      stock += s;
      firstYear = Math.min(firstYear, y);
      parts.push(`${f.value} (${y}) depreciated: ${s.toFixed(1)}`);
    }
  }
  const basis = unionBasis(...inv.map((f) => f.qualifier));
  const plan = basis.includes("plan");
  return {
    value: stock,
    // A plan budget spread over its period is not money spent: the stock it gives is imputed.
    status: plan ? "imputed" : "derived",
    source: inv.map((f) => f.source).join(" ; "),
    year: Number.isFinite(firstYear) ? firstYear : null,
    note: `sum of public investments, ${(DELTA_INFRA * 100).toFixed(0)}%/yr depreciation to ${BASE_YEAR}: ${parts.join("; ")}${plan ? `; from a plan, not spending: imputed, range ± ${PLAN_RANGE * 100}%` : ""}`,
    basis,
    ...(plan ? { low: stock * (1 - PLAN_RANGE), high: stock * (1 + PLAN_RANGE) } : {}),
  };
}

export function buildBaseline(inputs: Inputs): Baseline {
  const sources: SourceRow[] = [];
  const prov = (cluster: string, field: string, status: ProvenanceStatus, source: string | null, year: number | null, note: string | null, basis: readonly Basis[] = [], range?: [number, number]) =>
    sources.push({ cluster, field, status, basis: basis.length ? basis.join(";") : null, source, year, low: range ? range[0] : null, high: range ? range[1] : null, note });
  const rangeOf = (d: Derived): [number, number] | undefined => (d.low !== undefined && d.high !== undefined ? [d.low, d.high] : undefined);

  const nFirms = total(inputs, "firms_surveyed");
  const universe = total(inputs, "bio_sme_universe");
  const kappa = nFirms.value / universe.value;
  const kappaNote = `κ = ${nFirms.value}/${universe.value} = ${kappa.toFixed(4)} (survey firms / bio SMEs and ventures, 2018)`;

  // Rule 1: U for every cluster, imputing gaps.
  const U = new Map<string, Derived>();
  for (const m of inputs.meta) {
    const d = tenantCount2018(inputs, m.id);
    if (d) U.set(m.id, d);
  }
  // Counts imputed from plans do not serve as peers for other imputations.
  const observedU = [...U.entries()].filter(([, d]) => d.status !== "imputed");
  const smallest = Math.min(...observedU.map(([, d]) => d.value));
  for (const m of inputs.meta) {
    if (U.has(m.id)) continue;
    if (factsOf(inputs, m.id, "planned_in_2018").length > 0) {
      U.set(m.id, { value: smallest, status: "imputed", source: factsOf(inputs, m.id, "planned_in_2018")[0]?.source ?? null, year: BASE_YEAR, note: `planned in ${BASE_YEAR}: the smallest count of any cluster (${smallest.toFixed(1)}); range 0 to twice that`, basis: ["plan"], low: 0, high: 2 * smallest });
      continue;
    }
    const peers = observedU.filter(([id]) => inputs.meta.find((x) => x.id === id)?.kind === m.kind).map(([, d]) => d.value);
    if (peers.length === 0) throw new Error(`no cluster of kind ${m.kind} has a firm count to impute ${m.id} from`);
    const v = median(peers);
    U.set(m.id, { value: v, status: "imputed", source: null, year: BASE_YEAR, note: `no firm count found: median of the ${peers.length} ${m.kind} clusters with one (${v.toFixed(1)}); range their lower and upper quartile`, basis: [], low: quantile(peers, 0.25), high: quantile(peers, 0.75) });
  }

  // Rules 2-3: survey-definition firms by sector, capped per sector.
  const natSector = new Map(inputs.sectors.map((s) => [s.sector, s]));
  const raw = new Map<string, Record<Sector, number>>();
  for (const m of inputs.meta) {
    const u = (U.get(m.id) as Derived).value;
    const row = Object.fromEntries(SECTORS.map((s) => [s, kappa * u * (m.sector_mix[s] ?? 0)])) as Record<Sector, number>;
    raw.set(m.id, row);
  }
  const firmsBySector = new Map<string, Record<Sector, number>>(inputs.meta.map((m) => [m.id, Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>]));
  const capNotes = new Map<Sector, string>();
  for (const s of SECTORS) {
    const nat = natSector.get(s);
    if (!nat) throw new Error(`national_sectors.csv has no row for ${s}`);
    const sum = inputs.meta.reduce((a, m) => a + (raw.get(m.id) as Record<Sector, number>)[s], 0);
    const cap = SECTOR_CAP * nat.firms;
    const f = sum > cap ? cap / sum : 1;
    if (f < 1) capNotes.set(s, `${s} scaled by ${f.toFixed(3)} so clusters hold ${(SECTOR_CAP * 100).toFixed(0)}% of the sector's ${nat.firms} firms`);
    const ints = largestRemainder(inputs.meta.map((m) => (raw.get(m.id) as Record<Sector, number>)[s] * f));
    inputs.meta.forEach((m, i) => {
      (firmsBySector.get(m.id) as Record<Sector, number>)[s] = ints[i] as number;
    });
  }

  // Rule 4: employees per firm.
  const meanEmp = new Map(inputs.sectors.map((s) => [s.sector, s.employees / s.firms]));
  const clusters: PartialCluster[] = [];
  const nationalWeight = inputs.sectors.reduce((a, s) => a + s.firms * vcWeight(s.sector), 0);
  const vc = total(inputs, "vc_bio_krw_bn");
  const infraPerFirm: number[] = [];
  const infra = new Map<string, Derived | null>();
  for (const m of inputs.meta) {
    const d = infrastructureStock(inputs, m.id);
    infra.set(m.id, d);
    const fs = firmsBySector.get(m.id) as Record<Sector, number>;
    const f = SECTORS.reduce((a, s) => a + fs[s], 0);
    if (d && d.status !== "imputed" && f > 0) infraPerFirm.push(d.value / f);
  }
  const medianInfraPerFirm = median(infraPerFirm);
  const infraQuartiles: [number, number] = [quantile(infraPerFirm, 0.25), quantile(infraPerFirm, 0.75)];
  // Employees per firm where a cluster's sources give both.
  const ratios = inputs.meta.flatMap((m) => {
    const e = factsOf(inputs, m.id, "employees_reported")[0];
    const f = factsOf(inputs, m.id, "firms_reported_for_employees")[0] ?? factsOf(inputs, m.id, "firms_reported").find((x) => x.year === e?.year);
    return e && f ? [e.value / f.value] : [];
  });
  const perFirmRange: [number, number] = [Math.min(...ratios), Math.max(...ratios)];

  for (const m of inputs.meta) {
    const fs = firmsBySector.get(m.id) as Record<Sector, number>;
    const firms = SECTORS.reduce((a, s) => a + fs[s], 0);
    if (firms === 0) throw new UserError(`Cluster ${m.id} ends up with no firms; check its facts and sector mix.`);
    const u = U.get(m.id) as Derived;

    // Provenance of the identifying fields.
    if (m.kind_status === "observed") prov(m.id, "kind", "observed", m.kind_source, m.kind_year, "stated by the source", m.kind_qualifier);
    else prov(m.id, "kind", "imputed", m.kind_source, m.kind_year, "inferred from descriptions, not stated by a source");
    prov(m.id, "established", m.established === null ? "unknown" : "observed", m.established_source, m.established, m.established === null ? "no founding year found" : "year of founding or designation", m.established === null ? [] : ["point"]);
    const anchorValue: Partial<Record<"universities" | "hospitals" | "institutes", number>> = {};
    for (const a of ["universities", "hospitals", "institutes"] as const) {
      const f = factsOf(inputs, m.id, a)[0];
      if (!f) throw new UserError(`cluster_facts.csv has no "${a}" row for cluster ${m.id}.`, { hint: 'Every cluster needs its anchor counts; write 0 with qualifier "not-named" when no source names one.' });
      anchorValue[a] = f.value;
      if (f.qualifier.includes("not-named")) {
        // Absence in the sources read is not an observed zero: 0 is the working value, with a range up to the typical named count.
        const high = notNamedHigh(inputs, a);
        prov(m.id, a, "imputed", f.source, f.year, `no ${a} named in the source read (${f.basis}); 0 is a working value, not an observation; range 0 to ${high} (median count where clusters name any)`, f.qualifier, [0, high]);
      } else {
        prov(m.id, a, "observed", f.source, f.year, `count of ${f.basis}${f.note ? `: ${f.note}` : ""}`, f.qualifier);
      }
    }
    const area = factsOf(inputs, m.id, "area_m2")[0];
    let areaValue: number | null = null;
    if (!area) prov(m.id, "area_m2", "unknown", null, null, "no area found");
    else if (area.qualifier.includes("plan")) {
      prov(m.id, "area_m2", "unknown", area.source, area.year, `only a planned or later-designated area is known (${area.value} m², ${area.basis}); not a 2018 stock`, area.qualifier);
    } else {
      areaValue = area.value;
      const converted = area.qualifier.includes("converted");
      prov(m.id, "area_m2", converted ? "derived" : "observed", area.source, area.year, `${area.basis}${area.note ? `; ${area.note}` : ""}`, area.qualifier);
    }

    // Firms.
    const mixStatus: ProvenanceStatus = m.sector_mix_status === "observed" ? "derived" : "imputed";
    const firmsStatus = weakest(u.status === "observed" ? "derived" : u.status, "derived");
    const uScale = firms / u.value;
    const firmsRange = rangeOf(u)?.map((x) => Math.max(1, Math.round(x * uScale))) as [number, number] | undefined;
    prov(m.id, "firms", firmsStatus, u.source, u.year, `${u.note}; × ${kappaNote}; sector caps applied${firmsRange ? "; range: the count's range on the same basis" : ""}`, u.basis, firmsRange);
    for (const s of SECTORS) {
      const cap = capNotes.get(s);
      const st = fs[s] === 0 && (m.sector_mix[s] ?? 0) === 0 ? "imputed" : weakest(firmsStatus, mixStatus);
      const share = m.sector_mix[s] ?? 0;
      const range: [number, number] | undefined =
        st === "imputed" ? (share > 0 ? [Math.floor(fs[s] * (1 - MIX_RANGE)), Math.ceil(fs[s] * (1 + MIX_RANGE))] : [0, Math.ceil(0.1 * firms)]) : undefined;
      const rangeNote = range ? (share > 0 ? `; range ± ${MIX_RANGE * 100}% (sector mix inferred from the specialisation)` : "; range 0 to 10% of the cluster's firms (a sector its specialisation does not name)") : "";
      prov(m.id, `firms_${s}`, st, m.sector_mix_source, u.year, `firms × sector mix ${(share * 100).toFixed(0)}%${cap ? `; ${cap}` : ""}; largest-remainder rounding${rangeNote}`, u.basis, range);
    }

    // Employees.
    const empFact = factsOf(inputs, m.id, "employees_reported")[0];
    const empFirms = factsOf(inputs, m.id, "firms_reported_for_employees")[0] ?? factsOf(inputs, m.id, "firms_reported").find((f) => f.year === empFact?.year);
    let employees: number;
    if (empFact && empFirms) {
      const perFirm = empFact.value / empFirms.value;
      employees = Math.max(firms, Math.round(firms * perFirm));
      prov(m.id, "employees", "derived", `${empFact.source}`, empFact.year, `firms × observed employees per firm ${empFact.value}/${empFirms.value} = ${perFirm.toFixed(2)} (${empFact.year})`, unionBasis(empFact.qualifier, empFirms.qualifier));
    } else {
      employees = Math.round(SECTORS.reduce((a, s) => a + fs[s] * (meanEmp.get(s) as number), 0));
      const lo = Math.max(firms, Math.round(firms * perFirmRange[0]));
      const hi = Math.max(lo, Math.round(firms * perFirmRange[1]));
      prov(m.id, "employees", "imputed", natSector.get("bio_pharma")?.source ?? null, BASE_YEAR, `firms by sector × national mean employees per firm of each sector (2018); range firms × the lowest and highest employees per firm observed in a cluster (${perFirmRange[0].toFixed(2)}–${perFirmRange[1].toFixed(2)})`, [], [lo, hi]);
    }

    // Infrastructure.
    const inf = infra.get(m.id);
    const infraValue = inf ? inf.value : firms * medianInfraPerFirm;
    if (inf) prov(m.id, "infra_krw_bn", inf.status, inf.source, inf.year, inf.note, inf.basis, rangeOf(inf));
    else
      prov(m.id, "infra_krw_bn", "imputed", null, BASE_YEAR, `no public investment figure found: firms × median stock per firm of clusters with one (${medianInfraPerFirm.toFixed(3)} KRW bn); range firms × their lower and upper quartile (${infraQuartiles[0].toFixed(3)}–${infraQuartiles[1].toFixed(3)})`, [], [firms * infraQuartiles[0], firms * infraQuartiles[1]]);

    // Risk capital.
    const w = SECTORS.reduce((a, s) => a + fs[s] * vcWeight(s), 0);
    const capital = (vc.value * w) / nationalWeight;
    const capitalAt = (other: number) => (vc.value * SECTORS.reduce((a, s) => a + fs[s] * vcWeight(s, other), 0)) / inputs.sectors.reduce((a, x) => a + x.firms * vcWeight(x.sector, other), 0);
    const capLo = Math.min(capitalAt(VC_OTHER_RANGE[0]), capitalAt(VC_OTHER_RANGE[1]));
    const capHi = Math.max(capitalAt(VC_OTHER_RANGE[0]), capitalAt(VC_OTHER_RANGE[1]));
    prov(m.id, "capital_krw_bn", "imputed", vc.source, vc.year, `national bio/medical VC ${vc.value} KRW bn (${vc.year}) × cluster share of VC-weighted firms (pharma and services 1, others ${VC_OTHER_WEIGHT}); range: the other firms' weight from ${VC_OTHER_RANGE[0]} to ${VC_OTHER_RANGE[1]}`, [], [capLo, capHi]);

    clusters.push({
      id: m.id,
      name_en: m.name_en,
      name_ko: m.name_ko,
      region: m.region,
      kind: m.kind,
      established: m.established,
      specialisation: m.specialisation,
      universities: anchorValue.universities as number,
      hospitals: anchorValue.hospitals as number,
      institutes: anchorValue.institutes as number,
      area_m2: areaValue,
      firms_bio_pharma: fs.bio_pharma,
      firms_bio_food: fs.bio_food,
      firms_bio_chem_energy: fs.bio_chem_energy,
      firms_bio_services: fs.bio_services,
      firms_bio_devices: fs.bio_devices,
      firms_bio_equipment: fs.bio_equipment,
      firms_bio_other: fs.bio_other,
      firms,
      employees,
      infra_krw_bn: infraValue,
      capital_krw_bn: capital,
    });
  }
  const tenantEquivalent = new Map([...U.entries()].map(([k, d]) => [k, d.value]));
  return { clusters, sources, kappa, tenantEquivalent };
}

function vcWeight(s: Sector, other: number = VC_OTHER_WEIGHT): number {
  return s === "bio_pharma" || s === "bio_services" ? 1 : other;
}

/** Upper end of the range for an anchor count no source names: the median count where clusters name at least one. */
function notNamedHigh(inputs: Inputs, field: string): number {
  const named = inputs.facts.filter((f) => f.field === field && !f.qualifier.includes("not-named") && f.value > 0).map((f) => f.value);
  return named.length ? Math.ceil(median(named)) : 1;
}
