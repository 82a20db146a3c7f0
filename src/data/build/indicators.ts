/**
 * Cluster fields that depend on the firm survey, and the cluster-evaluation
 * indicators (long form) built from the baseline and the survey.
 */
import { INDICATORS } from "../indicator-definitions";
import type { Cluster, Firm, IndicatorRow, ProvenanceStatus, SourceRow } from "../loaders";
import { BASE_YEAR, weakest, type PartialCluster } from "./baseline";
import { ASSUMED } from "./survey";
import { STARTUP_AGE } from "../constants";
import { total, type Inputs } from "./inputs";

/** Annual turnover of researchers that re-enter the local hiring pool (assumption). */
export const RESEARCHER_TURNOVER = 0.1;
/** Depreciation of the knowledge stock (assumption; MODEL.md deltaK). */
export const DELTA_KNOWLEDGE = 0.15;
/** Range of the researcher turnover for the talent ranges (assumption). */
export const TURNOVER_RANGE: [number, number] = [0.05, 0.15];
/** Normal quantile of the 90 % ranges of synthetic cells. */
const Z90 = 1.6449;

/**
 * Decimals a value is written with: no more precision than its method
 * supports (an imputed stock from one scalar is not known to three decimals).
 */
export const CLUSTER_DECIMALS = { infra_krw_bn: 1, capital_krw_bn: 1, network: 2, knowledge: 1 } as const;
export const roundTo = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
/** Three significant digits, for the low/high of ranges. */
export const sig3 = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(3)));

const SURVEY_SOURCE = "data/survey_synthetic.csv (src/data/build/survey.ts)";

/**
 * Fills researchers, talent, network and knowledge from the survey:
 * - researchers: the cluster's survey firms' researchers (synthetic);
 * - talent: the national pool of bio R&D hires in 2018 — net growth of
 *   research staff (employment growth 2017→2018 × research share) plus
 *   `RESEARCHER_TURNOVER` of the research workforce — shared by clusters in
 *   proportion to their researchers (imputed);
 * - network: share of the cluster's firms with an external collaboration (synthetic);
 * - knowledge: steady-state stock (innovating firms + patent applications) / δK (synthetic).
 */
export function completeBaseline(inputs: Inputs, partial: readonly PartialCluster[], firms: readonly Firm[], seed: string, sources: SourceRow[]): Cluster[] {
  const researchersNat = total(inputs, "researchers");
  const employment2018 = total(inputs, "employment").value;
  const employment2017 = nationalSeries(inputs, BASE_YEAR - 1);
  const researchShare = researchersNat.value / employment2018;
  const pool = (employment2018 - employment2017) * researchShare + RESEARCHER_TURNOVER * researchersNat.value;
  const src = `${SURVEY_SOURCE}, seed ${seed}`;
  const poolAt = (turnover: number) => (employment2018 - employment2017) * researchShare + turnover * researchersNat.value;
  return partial.map((c) => {
    const own = firms.filter((f) => f.cluster === c.id);
    const researchers = own.reduce((a, f) => a + f.researchers, 0);
    const collaborating = own.filter((f) => f.collaborating === 1).length;
    const network = own.length ? collaborating / own.length : 0;
    const count = own.filter((f) => f.product_innovation === 1).length + own.reduce((a, f) => a + f.patent_apps, 0);
    const knowledge = count / DELTA_KNOWLEDGE;
    const talent = Math.round((pool * researchers) / researchersNat.value);
    // Ranges of the synthetic cells: their sampling variation in the generator (90 %).
    const resSd = Math.sqrt(
      own.reduce((a, f) => {
        const m = Math.min(0.9, ASSUMED.researcherShare[f.sector] + (f.age < STARTUP_AGE ? 0.1 : 0));
        return a + (f.employees * f.employees * m * (1 - m)) / 7;
      }, 0),
    );
    const resRange: [number, number] = [Math.max(0, Math.floor(researchers - Z90 * resSd)), Math.min(c.employees, Math.ceil(researchers + Z90 * resSd))];
    const netRange = wilson(collaborating, own.length);
    const meanPatents = own.length ? own.reduce((a, f) => a + f.patent_apps, 0) / own.length : 0;
    const countSd = Math.sqrt(count * (1 + ASSUMED.patentDispersion * meanPatents));
    const knowRange: [number, number] = [Math.max(0, count - Z90 * countSd) / DELTA_KNOWLEDGE, (count + Z90 * countSd) / DELTA_KNOWLEDGE];
    const talentRange: [number, number] = [Math.round((poolAt(TURNOVER_RANGE[0]) * resRange[0]) / researchersNat.value), Math.round((poolAt(TURNOVER_RANGE[1]) * resRange[1]) / researchersNat.value)];
    const row = (field: string, status: ProvenanceStatus, source: string, note: string, range: [number, number]): SourceRow => ({
      cluster: c.id,
      field,
      status,
      basis: null,
      source,
      year: BASE_YEAR,
      low: sig3(range[0]),
      high: sig3(range[1]),
      note,
    });
    sources.push(row("researchers", "synthetic", src, "sum over the cluster's firms in the synthetic survey (national total 14,888 matched exactly); range ± 1.645 sd of the generator's researcher shares (Beta, 90%)", resRange));
    sources.push(
      row(
        "talent",
        "imputed",
        researchersNat.source,
        `national pool of R&D hires ${pool.toFixed(0)} = employment growth (${employment2017}→${employment2018}) × research share ${researchShare.toFixed(3)} + ${RESEARCHER_TURNOVER} × ${researchersNat.value} researchers; cluster share = its researchers / national researchers; range: turnover ${TURNOVER_RANGE[0]}–${TURNOVER_RANGE[1]} and the researchers' range`,
        talentRange,
      ),
    );
    sources.push(row("network", "synthetic", src, `share of the cluster's survey firms with any external collaboration (${collaborating} of ${own.length}); range: 90% Wilson interval`, netRange));
    sources.push(row("knowledge", "synthetic", src, `(innovating firms + patent applications in the year) / δK with δK = ${DELTA_KNOWLEDGE} (steady state); range ± 1.645 sd of the count (negative binomial, α = ${ASSUMED.patentDispersion})`, knowRange));
    for (const r of sources) if (r.cluster === c.id && r.low !== null && r.high !== null) [r.low, r.high] = [sig3(r.low), sig3(r.high)];
    return {
      ...c,
      researchers,
      talent,
      network: roundTo(network, CLUSTER_DECIMALS.network),
      knowledge: roundTo(knowledge, CLUSTER_DECIMALS.knowledge),
      infra_krw_bn: roundTo(c.infra_krw_bn, CLUSTER_DECIMALS.infra_krw_bn),
      capital_krw_bn: roundTo(c.capital_krw_bn, CLUSTER_DECIMALS.capital_krw_bn),
    };
  });
}

/** 90 % Wilson interval of a share k / n. */
export function wilson(k: number, n: number, z: number = Z90): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function nationalSeries(inputs: Inputs, year: number): number {
  const v = inputs.employmentByYear.get(year);
  if (v === undefined) throw new Error(`national_bio_industry.csv has no employment for ${year}`);
  return v;
}

export function buildIndicators(clusters: readonly Cluster[], firms: readonly Firm[], sources: readonly SourceRow[]): IndicatorRow[] {
  const status = (c: string, f: string): ProvenanceStatus => sources.find((s) => s.cluster === c && s.field === f)?.status ?? "unknown";
  const rows: IndicatorRow[] = [];
  for (const c of clusters) {
    const own = firms.filter((f) => f.cluster === c.id);
    const n = own.length;
    const share = (pred: (f: Firm) => boolean) => (n ? (100 * own.filter(pred).length) / n : 0);
    const sum = (k: keyof Firm) => own.reduce((a, f) => a + (f[k] as number), 0);
    const sought = sum("funding_sought_krw_m");
    const salesTotal = sum("sales_krw_m");
    const values: Record<string, [number | null, ProvenanceStatus]> = {
      infra_stock: [c.infra_krw_bn, status(c.id, "infra_krw_bn")],
      infra_per_firm: [c.infra_krw_bn / c.firms, weakest(status(c.id, "infra_krw_bn"), status(c.id, "firms"))],
      land_ha: [c.area_m2 === null ? null : c.area_m2 / 10_000, status(c.id, "area_m2")],
      researchers: [c.researchers, "synthetic"],
      researcher_share: [(100 * c.researchers) / c.employees, "synthetic"],
      anchors: [c.universities + c.hospitals + c.institutes, "observed"],
      talent_pool: [c.talent, status(c.id, "talent")],
      risk_capital: [c.capital_krw_bn, status(c.id, "capital_krw_bn")],
      capital_per_firm: [(1000 * c.capital_krw_bn) / c.firms, status(c.id, "capital_krw_bn")],
      gov_support_rate: [
        share((f) => f.support_rnd_grant + f.support_talent + f.support_finance + f.support_infrastructure + f.support_networking + f.support_commercialisation > 0),
        "synthetic",
      ],
      unfunded_share: [sought > 0 ? (100 * (sought - sum("funding_obtained_krw_m"))) / sought : 0, "synthetic"],
      collaboration: [100 * c.network, "synthetic"],
      hospital_links: [share((f) => f.collab_hospital === 1), "synthetic"],
      university_links: [share((f) => f.collab_university === 1), "synthetic"],
      firms: [c.firms, status(c.id, "firms")],
      employment: [c.employees, status(c.id, "employees")],
      sales: [salesTotal / 1000, "synthetic"],
      export_share: [salesTotal > 0 ? (100 * sum("exports_krw_m")) / salesTotal : 0, "synthetic"],
      patents_per_firm: [n ? sum("patent_apps") / n : 0, "synthetic"],
      innovator_share: [share((f) => f.product_innovation === 1), "synthetic"],
      startup_share: [share((f) => f.startup === 1), "synthetic"],
    };
    for (const d of INDICATORS) {
      const [value, st] = values[d.id] as [number | null, ProvenanceStatus];
      rows.push({ cluster: c.id, pillar: d.pillar, indicator: d.id, value, year: BASE_YEAR, status: value === null ? "unknown" : st });
    }
  }
  return rows;
}

export { CLUSTER_COLUMNS } from "../loaders";
