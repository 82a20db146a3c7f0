/**
 * Cluster fields that depend on the firm survey, and the cluster-evaluation
 * indicators (long form) built from the baseline and the survey.
 */
import { INDICATORS } from "../indicator-definitions";
import type { Cluster, Firm, IndicatorRow, ProvenanceStatus, SourceRow } from "../loaders";
import { BASE_YEAR, weakest, type PartialCluster } from "./baseline";
import { total, type Inputs } from "./inputs";

/** Annual turnover of researchers that re-enter the local hiring pool (assumption). */
export const RESEARCHER_TURNOVER = 0.1;
/** Depreciation of the knowledge stock (assumption; MODEL.md deltaK). */
export const DELTA_KNOWLEDGE = 0.15;

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
  return partial.map((c) => {
    const own = firms.filter((f) => f.cluster === c.id);
    const researchers = own.reduce((a, f) => a + f.researchers, 0);
    const network = own.length ? own.filter((f) => f.collaborating === 1).length / own.length : 0;
    const knowledge = (own.filter((f) => f.product_innovation === 1).length + own.reduce((a, f) => a + f.patent_apps, 0)) / DELTA_KNOWLEDGE;
    const talent = Math.round((pool * researchers) / researchersNat.value);
    sources.push({ cluster: c.id, field: "researchers", status: "synthetic", source: src, year: BASE_YEAR, note: "sum over the cluster's firms in the synthetic survey (national total 14,888 matched exactly)" });
    sources.push({
      cluster: c.id,
      field: "talent",
      status: "imputed",
      source: researchersNat.source,
      year: BASE_YEAR,
      note: `national pool of R&D hires ${pool.toFixed(0)} = employment growth (${employment2017}→${employment2018}) × research share ${researchShare.toFixed(3)} + ${RESEARCHER_TURNOVER} × ${researchersNat.value} researchers; cluster share = its researchers / national researchers`,
    });
    sources.push({ cluster: c.id, field: "network", status: "synthetic", source: src, year: BASE_YEAR, note: "share of the cluster's survey firms with any external collaboration" });
    sources.push({ cluster: c.id, field: "knowledge", status: "synthetic", source: src, year: BASE_YEAR, note: `(innovating firms + patent applications in the year) / δK with δK = ${DELTA_KNOWLEDGE} (steady state)` });
    return { ...c, researchers, talent, network, knowledge };
  });
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
