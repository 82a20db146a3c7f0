/**
 * The 21 cluster indicators: id, pillar, unit, direction (1 = higher is
 * better) and definition. `npm run data:build` computes them into
 * data/indicators.csv; the composite index and figures read their labels here.
 */
import type { Pillar } from "./loaders";

/** Definition of an indicator: its pillar, unit, direction (1 = higher is better) and meaning. */
export interface IndicatorDefinition {
  id: string;
  pillar: Pillar;
  label: string;
  unit: string;
  direction: 1 | -1;
  definition: string;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  { id: "infra_stock", pillar: "infrastructure", label: "Infrastructure stock", unit: "KRW bn", direction: 1, definition: "Depreciated public infrastructure investment (clusters.infra_krw_bn)" },
  { id: "infra_per_firm", pillar: "infrastructure", label: "Infrastructure per firm", unit: "KRW bn per firm", direction: 1, definition: "infra_krw_bn / firms" },
  { id: "land_ha", pillar: "infrastructure", label: "Land area", unit: "ha", direction: 1, definition: "area_m2 / 10,000 (empty where unknown)" },
  { id: "researchers", pillar: "human_resources", label: "Researchers", unit: "persons", direction: 1, definition: "Researchers of the cluster's bio firms" },
  { id: "researcher_share", pillar: "human_resources", label: "Researcher share", unit: "% of employees", direction: 1, definition: "100 × researchers / employees" },
  { id: "anchors", pillar: "human_resources", label: "Anchor institutions", unit: "count", direction: 1, definition: "universities + research hospitals + public institutes" },
  { id: "talent_pool", pillar: "human_resources", label: "Talent pool", unit: "persons", direction: 1, definition: "Bio R&D workers available for hire (clusters.talent)" },
  { id: "risk_capital", pillar: "funding", label: "Risk capital", unit: "KRW bn", direction: 1, definition: "Risk capital available to the cluster's firms (clusters.capital_krw_bn)" },
  { id: "capital_per_firm", pillar: "funding", label: "Risk capital per firm", unit: "KRW m per firm", direction: 1, definition: "1,000 × capital_krw_bn / firms" },
  { id: "gov_support_rate", pillar: "funding", label: "Firms receiving government support", unit: "% of firms", direction: 1, definition: "Share of the cluster's survey firms receiving any of the six instruments" },
  { id: "unfunded_share", pillar: "funding", label: "Unfunded demand", unit: "% of funding sought", direction: -1, definition: "100 × (funding sought − obtained) / funding sought, over the cluster's survey firms" },
  { id: "collaboration", pillar: "networks", label: "Collaborating firms", unit: "% of firms", direction: 1, definition: "100 × clusters.network" },
  { id: "hospital_links", pillar: "networks", label: "Firms with hospital partners", unit: "% of firms", direction: 1, definition: "Share of survey firms collaborating with a hospital" },
  { id: "university_links", pillar: "networks", label: "Firms with university partners", unit: "% of firms", direction: 1, definition: "Share of survey firms collaborating with a university" },
  { id: "firms", pillar: "performance", label: "Bio firms", unit: "firms", direction: 1, definition: "Bio firms in the survey definition (clusters.firms)" },
  { id: "employment", pillar: "performance", label: "Employment", unit: "persons", direction: 1, definition: "Employees of the cluster's bio firms (clusters.employees)" },
  { id: "sales", pillar: "performance", label: "Sales", unit: "KRW bn", direction: 1, definition: "Sales of the cluster's survey firms" },
  { id: "export_share", pillar: "performance", label: "Export share", unit: "% of sales", direction: 1, definition: "100 × exports / sales of the cluster's survey firms" },
  { id: "patents_per_firm", pillar: "performance", label: "Patent applications per firm", unit: "per firm", direction: 1, definition: "Patent applications in the year / firms" },
  { id: "innovator_share", pillar: "performance", label: "Product innovators", unit: "% of firms", direction: 1, definition: "Share of survey firms with a product innovation" },
  { id: "startup_share", pillar: "performance", label: "Start-ups", unit: "% of firms", direction: 1, definition: "Share of survey firms younger than 7 years" },
];
