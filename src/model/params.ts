/**
 * Structural parameters of the cluster model: defaults and the ranges used
 * for sensitivity analysis and structural uncertainty (MODEL.md sections 3
 * and 5). Units: money in KRW m at firm level and KRW bn at cluster level.
 */
export interface Structural {
  /** Infrastructure saturation scale (KRW bn): infraScore = 1 − exp(−infra/kappaInfra). */
  kappaInfra: number;
  /** Annual depreciation of infrastructure. */
  deltaInfra: number;
  /** Annual depreciation of the knowledge stock. */
  deltaKnowledge: number;
  /** Share of an R&D grant that is new R&D (the rest crowds out own spending). */
  additionality: number;
  /** Size of one R&D grant (KRW m). */
  grantSize: number;
  /** Cost of training one researcher (KRW m). */
  costPerTrained: number;
  /** Private won per public won in matched policy funds. */
  leverage: number;
  /** Log-odds effect of networking support on tie formation. */
  networkEffect: number;
  /** Size of one networking-support award (KRW m). */
  networkSupportSize: number;
  /** Log-odds effect of commercialisation support on a first revenue; also added to the supported innovators' sales growth ÷ 10. */
  commEffect: number;
  /** Size of one commercialisation-support award (KRW m). */
  commSupportSize: number;
  /** Annual dissolution rate of collaboration ties. */
  tieDecay: number;
  /** Log-odds of forming a tie per unit of the cluster's collaboration density. */
  tieNetwork: number;
  /** Share of the unhired talent pool that leaves the local labour market each year. */
  talentOutflow: number;
  /** Share of a firm's researchers who quit each year (to be replaced by hiring). */
  researcherTurnover: number;
  /** New bio R&D graduates entering the local pool per anchor university per year. */
  graduatesPerUniversity: number;
  /** Gross margin on sales available for non-R&D costs (share of sales). */
  margin: number;
  /** Non-R&D cost per employee (KRW m a year). */
  overheadPerEmployee: number;
  /** Years of burn a firm seeking funding asks for. */
  fundingHorizon: number;
  /** Baseline annual exit hazard (before the effects below). */
  exitBase: number;
  /** Log-odds added to exit by negative cash, by age < 5, by falling sales; subtracted per unit of infraScore. */
  exitCash: number;
  exitYoung: number;
  exitFalling: number;
  exitInfra: number;
  /** Entry rate: entrants a year per incumbent firm in the base year. */
  entryRate: number;
  /** Elasticities of entry to knowledge, capital and the cluster index; effect of infraScore. */
  entryKnowledge: number;
  entryCapital: number;
  entryIndex: number;
  entryInfra: number;
  /** Elasticity of private VC to the knowledge stock. */
  vcKnowledge: number;
  /** Log-odds of a pre-revenue firm's first revenue: base, innovation effect, infraScore effect. */
  revenueBase: number;
  revenueInnovation: number;
  revenueInfra: number;
  /** Elasticity of desired researchers to R&D. */
  rndElasticity: number;
  /** Elasticity of non-research employment to sales. */
  employmentElasticity: number;
}

export const DEFAULT_STRUCTURAL: Structural = {
  kappaInfra: 200,
  deltaInfra: 0.05,
  deltaKnowledge: 0.15,
  additionality: 0.6,
  grantSize: 250,
  costPerTrained: 30,
  leverage: 1.5,
  networkEffect: 1.0,
  networkSupportSize: 20,
  commEffect: 0.8,
  commSupportSize: 100,
  tieDecay: 0.15,
  tieNetwork: 2.0,
  talentOutflow: 0.5,
  researcherTurnover: 0.1,
  graduatesPerUniversity: 15,
  margin: 0.2,
  overheadPerEmployee: 15,
  fundingHorizon: 1.5,
  exitBase: 0.035,
  exitCash: 1.0,
  exitYoung: 0.4,
  exitFalling: 0.3,
  exitInfra: 0.3,
  entryRate: 0.06,
  entryKnowledge: 0.5,
  entryCapital: 0.3,
  entryIndex: 0.5,
  entryInfra: 0.5,
  vcKnowledge: 0.5,
  revenueBase: -1.8,
  revenueInnovation: 0.8,
  revenueInfra: 0.6,
  rndElasticity: 0.8,
  employmentElasticity: 0.5,
};

/** Ranges for sensitivity analysis and structural uncertainty: MODEL.md's where it gives them, else ±50 %. */
export const STRUCTURAL_RANGES: Partial<Record<keyof Structural, [number, number]>> = {
  kappaInfra: [100, 400],
  additionality: [0.2, 1.2],
  grantSize: [100, 400],
  costPerTrained: [15, 60],
  leverage: [0.5, 3],
  networkEffect: [0, 2],
  commEffect: [0, 1.6],
  tieDecay: [0.05, 0.3],
  talentOutflow: [0.25, 0.75],
  researcherTurnover: [0.05, 0.15],
  graduatesPerUniversity: [5, 30],
  entryRate: [0.03, 0.09],
  exitBase: [0.02, 0.05],
  margin: [0.15, 0.25],
};

export const STRUCTURAL_KEYS = Object.keys(DEFAULT_STRUCTURAL) as Array<keyof Structural>;
