/**
 * Structural parameters of the cluster model: every behavioural constant the
 * yearly step uses, in one table with its unit, default, range and source.
 * `docs/model.md` lists the same table and a test keeps the two in step; the
 * sensitivity tools can sweep every row (`factors: allFactors()` in the lab).
 *
 * Units: money in KRW m at firm level and KRW bn at cluster level.
 * `UNCERTAIN_PARAMETERS` lists the parameters that `--structural-uncertainty`
 * draws (uniformly over the range) and that the lab sweeps by default; the
 * others keep their default in runs unless a mix or the lab sets them.
 *
 * Source notes say where a default comes from; "assumption" means no data or
 * study supports the number, and its range is a judgement to be swept.
 */

/** One row of the parameter table. */
export interface ParameterSpec {
  /** What the parameter does, in one sentence. */
  description: string;
  unit: string;
  value: number;
  /** Plausible range, used for sensitivity analysis and structural uncertainty. */
  range: readonly [number, number];
  /** Where the default comes from, or "assumption". */
  source: string;
  /** The model channel (section of docs/model.md) it belongs to. */
  channel: "targeting" | "infrastructure" | "knowledge" | "grants" | "talent" | "finance" | "networks" | "commercialisation" | "sales" | "cash" | "exit" | "entry";
}

const MODEL_SPEC = "the project's model specification (policy-instrument table)";

function table<T extends Record<string, ParameterSpec>>(t: T): T {
  return t;
}

export const PARAMETERS = table({
  // Targeting.
  demandSmoothing: { channel: "targeting", unit: "pseudo-firms", value: 8, range: [2, 20], source: "assumption", description: "Survey-demand targeting shrinks each firm type's stated-demand share towards the national share with this many pseudo-firms." },
  awardCap: { channel: "targeting", unit: "multiple of the typical award", value: 3, range: [2, 4], source: "assumption (small early-stage awards work and large ones show little effect: Howell 2017, SBIR Phase 1 vs Phase 2 of about USD 1 m)", description: "Largest amount one firm can receive from a firm-level instrument in a year, as a multiple of the instrument's typical 2018 award." },
  coverageElasticity: { channel: "targeting", unit: "elasticity", value: 0.5, range: [0.25, 0.75], source: "assumption (how an agency spends more money: on more recipients, elasticity 1, or on larger awards, elasticity 0)", description: "Elasticity of a firm-level instrument's number of recipients to its budget; the rest of a budget change goes to larger awards." },
  supportDosePeak: { channel: "targeting", unit: "multiple of the typical award", value: 8, range: [5, 12], source: "assumption (diminishing returns to networking and commercialisation support; gains of loans shrink fast at scale: Brown & Earle 2017); above awardCap so the marginal effect stays positive", description: "Amount at which the effect of networking or commercialisation support would peak (inverted U), as a multiple of the typical award." },
  // Infrastructure.
  kappaInfra: { channel: "infrastructure", unit: "KRW bn", value: 200, range: [100, 400], source: `${MODEL_SPEC}; assumption for the value`, description: "Saturation scale of infrastructure: infraScore = 1 − exp(−infra / kappaInfra)." },
  deltaInfra: { channel: "infrastructure", unit: "share a year", value: 0.05, range: [0.03, 0.08], source: "assumption (the data build's depreciation of the infrastructure stock)", description: "Annual depreciation of the infrastructure stock." },
  infraNoResearchShare: { channel: "infrastructure", unit: "share of the effect", value: 0, range: [0, 0.5], source: "the park effect needs in-house innovation effort and is zero for non-innovators (Vásquez-Urriago et al. 2016; Corrocher et al. 2019); the range allows some effect through shared services", description: "Share of the infrastructure effects on exit (exitInfra) and first revenue (revenueInfra) that a firm without in-house researchers (fewer than one) receives." },
  // Knowledge.
  deltaKnowledge: { channel: "knowledge", unit: "share a year", value: 0.15, range: [0.1, 0.2], source: "assumption (the common 15 % knowledge-capital depreciation in R&D-capital studies)", description: "Annual depreciation of the knowledge stock." },
  institutionalOutput: { channel: "knowledge", unit: "knowledge units per anchor a year", value: 2, range: [1, 4], source: "assumption", description: "Knowledge added per anchor institution (university, research hospital, public institute) a year." },
  vcKnowledge: { channel: "finance", unit: "elasticity", value: 0.5, range: [0.25, 0.75], source: `${MODEL_SPEC}; assumption for the value`, description: "Elasticity of private venture capital to the cluster's knowledge stock." },
  // R&D grants.
  additionality: { channel: "grants", unit: "KRW of new R&D per KRW of grant", value: 0.6, range: [0.2, 1.2], source: `${MODEL_SPEC} (0.6, 0.2–1.2); meta-analyses reject full crowding-out (Dimos & Pugh 2016; Correa et al. 2013)`, description: "Share of an R&D grant that is new R&D (the rest replaces own spending)." },
  grantSize: { channel: "grants", unit: "KRW m", value: 230, range: [150, 350], source: "assumption: the synthetic survey's mean support of firms receiving only R&D grants, KRW 230 m (median 187 m), which its generator assumes (KRW 250 m); no observed amount per award in the research notes", description: "Typical 2018 R&D grant: the amount whose dose is 1 in the equations, and the award at the status quo's intensity." },
  rndUpFactor: { channel: "grants", unit: "ratio a year", value: 1.05, range: [1.0, 1.1], source: "assumption", description: "Own R&D multiplier of a pre-revenue firm in a year whose funds cover the burn (sellers move towards an intensity of sales instead)." },
  rndDownFactor: { channel: "grants", unit: "ratio a year", value: 0.9, range: [0.8, 1.0], source: "assumption", description: "Own R&D multiplier, at most, of any firm in a year whose funds fall short of the burn." },
  rndFloor: { channel: "grants", unit: "KRW m", value: 1, range: [0.5, 2], source: "assumption (keeps log R&D finite)", description: "Smallest own R&D a firm keeps." },
  rndIntensityEstablished: { channel: "grants", unit: "share of sales", value: 0.12, range: [0.08, 0.16], source: "national bio R&D ÷ production 14.8–16.4 % in 2014–18 (MOTIE/KoBIA bio-industry survey, as in data/national_bio_industry.csv; 15.8 % in 2018), less pre-revenue firms' R&D (0.35 of KRW 1.64 tn in the bundled survey): (1.64 − 0.35) / 10.6 = 12.2 %", description: "R&D intensity (own R&D ÷ sales) an established seller (age ≥ 7) moves its R&D towards." },
  rndIntensityStartup: { channel: "grants", unit: "share of sales", value: 0.2, range: [0.1, 0.3], source: "assumption (young sellers still develop their products; above the established target and below the 30 % upper bound of the bundled survey's sellers' intensities)", description: "R&D intensity (own R&D ÷ sales) a start-up seller (age < 7) moves its R&D towards." },
  rndAdjustment: { channel: "grants", unit: "share of the gap a year", value: 0.3, range: [0.1, 0.5], source: "assumption (R&D is smoothed: the knowledge and staff it pays for are costly to build up and to cut)", description: "Share of the gap between a seller's R&D and its target intensity × sales closed in a year whose funds cover the burn." },
  rndElasticity: { channel: "talent", unit: "elasticity", value: 0.8, range: [0.5, 1.0], source: "assumption", description: "Elasticity of desired researchers to R&D." },
  grantCoverage: { channel: "grants", unit: "share of eligible firms", value: 0.34, range: [0.25, 0.45], source: "assumption: the synthetic survey's 34.1 % of firms receiving R&D grants (41.7 % in clusters, 28.3 % outside), which its generator assumes (30 %); no observed share in the research notes", description: "Share of eligible firms receiving an R&D grant when the budget buys the 2018 intensity (the status quo)." },
  grantDosePeak: { channel: "grants", unit: "multiple of the typical award", value: 6, range: [5, 12], source: "inverted U and threshold in subsidy size (Oh & Hwang 2024; Kim & Yu 2022); small Phase-1 grants beat large Phase-2 grants (Howell 2017); the peak's position is an assumption, above awardCap", description: "Grant amount at which a grant's effect (its dose, and its new R&D) would peak, as a multiple of the typical grant." },
  grantNeedElasticity: { channel: "grants", unit: "elasticity", value: 0, range: [0, 0.5], source: "the synthetic survey: the slope of log grant on log R&D among grant-only recipients is 0.00 (its generator draws amounts independently of R&D): an assumption", description: "Elasticity of a grant's amount to the firm's need (its R&D spending); 0 gives every recipient the same amount." },
  // Talent.
  costPerTrained: { channel: "talent", unit: "KRW m per researcher", value: 30, range: [15, 60], source: `${MODEL_SPEC}; assumption for the value`, description: "Cost of training one researcher with talent-programme money." },
  talentOutflow: { channel: "talent", unit: "share a year", value: 0.5, range: [0.25, 0.75], source: "assumption", description: "Share of the unhired talent pool that leaves the local labour market each year." },
  talentRenewal: { channel: "talent", unit: "share of the base-year pool a year", value: 0.6, range: [0.4, 0.9], source: "assumption (set below base-year demand so that the talent shortage the study reports is measurable)", description: "Yearly inflow to a talent pool (graduates and movers) as a share of its base-year size, before anchor universities' own graduates." },
  graduatesPerUniversity: { channel: "talent", unit: "persons per university a year", value: 15, range: [5, 30], source: "assumption", description: "New bio R&D graduates entering the local pool per anchor university a year." },
  researcherTurnover: { channel: "talent", unit: "share a year", value: 0.1, range: [0.05, 0.15], source: "assumption (the data build's replacement-hire rule)", description: "Share of a firm's researchers who quit each year and must be replaced by hiring." },
  talentPrioritySmall: { channel: "talent", unit: "fill rate relative to a large firm", value: 0.5, range: [0.25, 1], source: "assumption (small bio firms report researcher hiring, above all PhD-level, as their hardest problem: KOITA survey of 226 bio firms 2016, 65 % short of R&D professionals; BioSpectator CEO survey 2021, 83.6 % PhD hires hardest); 1 is pro-rata rationing", description: "When a talent pool cannot fill every vacancy, a small firm's vacancies are filled at this multiple of a large firm's fill rate (large firms are filled first, up to all their vacancies)." },
  talentPriorityMedium: { channel: "talent", unit: "fill rate relative to a large firm", value: 0.75, range: [0.5, 1], source: "assumption (between small and large firms); 1 is pro-rata rationing", description: "When a talent pool cannot fill every vacancy, a medium firm's vacancies are filled at this multiple of a large firm's fill rate." },
  // Finance.
  leverage: { channel: "finance", unit: "private KRW per public KRW", value: 1.5, range: [0.5, 3], source: `${MODEL_SPEC} (1.5, 0.5–3)`, description: "Private money matched to each won of policy funds." },
  margin: { channel: "cash", unit: "share of sales", value: 0.2, range: [0.15, 0.25], source: "assumption", description: "Gross margin on sales available for non-R&D costs." },
  overheadPerEmployee: { channel: "cash", unit: "KRW m per employee a year", value: 15, range: [10, 25], source: "assumption", description: "Non-R&D cost per employee." },
  fundingHorizon: { channel: "finance", unit: "years of burn", value: 1.5, range: [1, 2], source: "assumption", description: "Years of net burn a firm seeking funding asks for." },
  fundAttractBase: { channel: "finance", unit: "probability weight", value: 0.5, range: [0.3, 0.7], source: "assumption", description: "Investors' base attractiveness of a firm seeking funds." },
  fundAttractInnovator: { channel: "finance", unit: "probability weight", value: 0.3, range: [0.1, 0.5], source: "assumption", description: "Attractiveness added if the firm innovated last year." },
  fundAttractMature: { channel: "finance", unit: "probability weight", value: 0.2, range: [0.1, 0.3], source: "assumption", description: "Attractiveness added if the firm is at least fundMatureAge years old." },
  fundMatureAge: { channel: "finance", unit: "years", value: 3, range: [2, 5], source: "assumption", description: "Age from which a firm counts as proven to investors." },
  fundedShareLow: { channel: "finance", unit: "share of need", value: 0.75, range: [0.5, 1], source: "assumption", description: "Smallest share of its need a funded firm obtains." },
  fundedShareWidth: { channel: "finance", unit: "share of need", value: 0.5, range: [0.25, 0.75], source: "assumption", description: "Width of the uniform range of the share of need obtained (low to low + width)." },
  fundAttractPreRevenue: { channel: "finance", unit: "probability weight", value: 0.15, range: [0, 0.3], source: "assumption (early-stage funding gaps bind hardest for firms without revenue: Howell 2017, effects of early-stage grants largest for financially constrained firms; securing start-up funds is the top difficulty in KHIDI's 2017 bio-health start-up survey)", description: "Attractiveness removed if the firm has no sales yet (investors ration pre-revenue firms more often)." },
  fundAttractLarge: { channel: "finance", unit: "probability weight", value: 0.3, range: [0, 0.5], source: "assumption (large firms borrow against sales and assets and are rarely rationed; the survey's funding-first answers come mostly from start-ups and pre-revenue firms)", description: "Attractiveness added if the firm is large (300 or more bio employees); attractiveness is capped at 1." },
  startingCashFloor: { channel: "cash", unit: "KRW m", value: 10, range: [5, 20], source: "assumption", description: "Least starting cash of a base-year firm or entrant, before the random factor." },
  startingCashSpread: { channel: "cash", unit: "ratio", value: 0.5, range: [0.25, 0.75], source: "assumption", description: "Starting cash is a year of net burn (or the funding obtained, if more) times U(1 − spread, 1 + spread)." },
  // Networks.
  networkEffect: { channel: "networks", unit: "log-odds", value: 1.0, range: [0, 2], source: "assumption (cluster and networking programmes raise the probability of innovating by 4.6–5.7 pp: Falck et al. 2010; their effect on ties is not measured)", description: "Effect of networking support on the log-odds of forming a collaboration tie, per unit of dose (a typical 2018 award)." },
  networkSupportSize: { channel: "networks", unit: "KRW m", value: 11, range: [5, 20], source: "assumption: the synthetic survey's mean support of firms receiving only networking support, KRW 11 m (median 9 m), which its generator assumes (KRW 10 m)", description: "Typical 2018 networking-support award: the amount whose dose is 1." },
  tieDecay: { channel: "networks", unit: "share a year", value: 0.15, range: [0.05, 0.3], source: "assumption", description: "Annual dissolution rate of collaboration ties." },
  tieNetwork: { channel: "networks", unit: "log-odds per unit of density", value: 2.0, range: [1, 3], source: "assumption", description: "Log-odds of forming a tie per unit of the cluster's collaboration density." },
  tieDensityMin: { channel: "networks", unit: "share", value: 0.02, range: [0.01, 0.05], source: "assumption (numerical guard for the steady-state calibration)", description: "Least collaboration density used to calibrate a location's tie-formation intercept." },
  tieDensityMax: { channel: "networks", unit: "share", value: 0.95, range: [0.9, 0.99], source: "assumption (numerical guard for the steady-state calibration)", description: "Largest collaboration density used to calibrate a location's tie-formation intercept." },
  networkCoverage: { channel: "networks", unit: "share of eligible firms", value: 0.11, range: [0.07, 0.15], source: "assumption: the synthetic survey's 10.9 % of cluster firms receiving networking support (generator: 8 % of all firms); its 6.8 % outside clusters come from programmes the model does not represent", description: "Share of eligible firms receiving networking support at the 2018 intensity (the status quo)." },
  // Commercialisation.
  commEffect: { channel: "commercialisation", unit: "log-odds", value: 0.8, range: [0, 1.6], source: "assumption", description: "Effect of commercialisation support on the log-odds of a pre-revenue firm's first revenue, per unit of dose (a typical 2018 award)." },
  commSalesDamping: { channel: "commercialisation", unit: "ratio", value: 10, range: [5, 20], source: "assumption", description: "A supported innovator's log sales growth rises by commEffect / commSalesDamping × dose at or below the Gibrat threshold size, and by that × threshold sales ÷ its sales above it (the same KRW of sales per award)." },
  commSupportSize: { channel: "commercialisation", unit: "KRW m", value: 90, range: [50, 150], source: "assumption: the synthetic survey's mean support of firms receiving only commercialisation support, KRW 91 m (median 77 m), which its generator assumes (KRW 80 m)", description: "Typical 2018 commercialisation-support award: the amount whose dose is 1." },
  revenueBase: { channel: "commercialisation", unit: "log-odds", value: -1.8, range: [-2.5, -1.1], source: "assumption", description: "Base log-odds of a pre-revenue firm's first revenue in a year." },
  revenueInnovation: { channel: "commercialisation", unit: "log-odds", value: 0.8, range: [0.4, 1.2], source: "assumption", description: "Log-odds of a first revenue added if the firm innovated this year." },
  revenueInfra: { channel: "infrastructure", unit: "log-odds per unit of infraScore", value: 0.6, range: [0, 1.2], source: "assumption", description: "Log-odds of a first revenue added per unit of the cluster's infraScore." },
  firstRevenue: { channel: "commercialisation", unit: "KRW m", value: 300, range: [150, 600], source: "assumption", description: "Median first-year revenue of a firm that starts selling." },
  firstRevenueSpread: { channel: "commercialisation", unit: "log s.d.", value: 0.5, range: [0.25, 1], source: "assumption", description: "Standard deviation of log first-year revenue." },
  commCoverage: { channel: "commercialisation", unit: "share of eligible firms", value: 0.11, range: [0.08, 0.15], source: "assumption: the synthetic survey's 11.3 % of cluster firms receiving commercialisation support (generator: 10 % of all firms); its 8.9 % outside clusters come from programmes the model does not represent", description: "Share of eligible firms receiving commercialisation support at the 2018 intensity (the status quo)." },
  // Sales and employment.
  employmentElasticity: { channel: "sales", unit: "elasticity", value: 0.5, range: [0.3, 0.8], source: "assumption", description: "Elasticity of non-research employment to sales." },
  salesDrift: { channel: "sales", unit: "log points a year", value: 0.05, range: [0.02, 0.08], source: "observed national bio production trend 2012–18, 6.8 % a year (ln 0.066; MOTIE/KoBIA bio-industry survey, data/national_bio_industry.csv), less the part that entrants, first revenues and small firms' catch-up add; value: assumption within that bound", description: "Mean log sales growth a year of a seller at or above the Gibrat threshold whose covariates equal the estimation sample's means; replaces the estimated intercept's level." },
  gibratPercentile: { channel: "sales", unit: "percentile (share)", value: 0.4, range: [0.2, 0.6], source: "Yoon 2019 (Korean firms, Heckman-corrected: Gibrat's law holds above about the 40th size percentile)", description: "Percentile of the base-year sellers' sales above which expected growth does not depend on size (the Gibrat threshold, fixed in KRW)." },
  salesCatchUp: { channel: "sales", unit: "log points a year per log point below the threshold", value: 0.03, range: [0.01, 0.06], source: "sign: Yoon 2019 (small Korean firms grow faster), Mazzucato & Demirel 2007 (small biotech firms' growth advantage); value: assumption", description: "Extra log sales growth a year per log point of sales below the Gibrat threshold: small sellers revert towards it." },
  salesSdSize: { channel: "sales", unit: "elasticity of the s.d. to sales", value: 0.2, range: [0.1, 0.3], source: "sign: Bottazzi, Dosi, Lippi, Pammolli & Riccaboni 2001 (growth variance falls with size in the drug industry); value: assumption", description: "Growth s.d. scales as sales^−salesSdSize within the base-year sellers' size range, normalised so its mean square over them is the estimated residual variance." },
  supportPersistence: { channel: "sales", unit: "share kept a year", value: 0.5, range: [0, 0.9], source: "assumption within weak evidence: Korean SME R&D grant recipients outperform while supported but non-recipients improve more after 2–3 years (a descriptive recipient/non-recipient comparison, not causal; the matched estimate finds no sales improvement; Lee & Jo 2018, KDI Focus); Korean biotech grant recipients show no financial-performance effect (Shin et al. 2019); SBIR awardees grew faster over 10 years, but only where venture capital was active (Lerner 1999): value 0.5 (half-life one year, an eighth left after three) and range (0: a level effect while supported; 0.9: half-life about 6.6 years) are judgements within that evidence", description: "Share of the support-induced deviation of a seller's log sales (the support terms of the sales-growth equation and commercialisation's bump) that persists into the next year; 1 would make support a permanent growth-rate shift." },
  // Exit.
  exitBase: { channel: "exit", unit: "probability a year", value: 0.035, range: [0.02, 0.05], source: "assumption", description: "Baseline annual exit hazard before the effects below." },
  exitCash: { channel: "exit", unit: "log-odds", value: 1.0, range: [0.5, 1.5], source: "assumption", description: "Log-odds of exit added by negative cash." },
  exitYoung: { channel: "exit", unit: "log-odds", value: 0.4, range: [0.2, 0.6], source: "assumption", description: "Log-odds of exit added for a firm younger than exitYoungAge." },
  exitYoungAge: { channel: "exit", unit: "years", value: 5, range: [3, 7], source: "assumption", description: "Age below which a firm counts as young for exit." },
  exitFalling: { channel: "exit", unit: "log-odds", value: 0.3, range: [0.1, 0.5], source: "assumption", description: "Log-odds of exit added when sales fell this year." },
  exitInfra: { channel: "infrastructure", unit: "log-odds per unit of infraScore", value: 0.3, range: [0, 0.6], source: "assumption", description: "Log-odds of exit removed per unit of the cluster's infraScore." },
  // Entry.
  entryRate: { channel: "entry", unit: "entrants per base-year firm a year", value: 0.06, range: [0.03, 0.09], source: "assumption", description: "Entrants a year per incumbent firm of the base year, before the effects below." },
  entryKnowledge: { channel: "entry", unit: "elasticity", value: 0.5, range: [0.25, 0.75], source: "assumption", description: "Elasticity of entry to the knowledge stock (relative to the base year)." },
  entryCapital: { channel: "entry", unit: "elasticity", value: 0.3, range: [0.15, 0.45], source: "assumption", description: "Elasticity of entry to risk capital (relative to the base year)." },
  entryIndex: { channel: "entry", unit: "elasticity", value: 0.5, range: [0.25, 0.75], source: "assumption", description: "Elasticity of entry to the cluster index (relative to 50)." },
  entryInfra: { channel: "infrastructure", unit: "relative change per unit of infraScore", value: 0.5, range: [0, 1], source: "assumption", description: "Entry rises by this much per unit rise of infraScore over the base year." },
});

export type ParameterId = keyof typeof PARAMETERS;

/** Values of every structural parameter. */
export type Structural = { [K in ParameterId]: number };

export const STRUCTURAL_KEYS = Object.keys(PARAMETERS) as ParameterId[];

export const DEFAULT_STRUCTURAL: Readonly<Structural> = Object.freeze(
  Object.fromEntries(STRUCTURAL_KEYS.map((k) => [k, PARAMETERS[k].value])) as Structural,
);

/** Ranges of every parameter. */
export const PARAMETER_RANGES = Object.fromEntries(STRUCTURAL_KEYS.map((k) => [k, PARAMETERS[k].range])) as unknown as Record<ParameterId, readonly [number, number]>;

/**
 * The parameters drawn under structural uncertainty and swept by the lab's
 * default factors. The order fixes which uniform draw of a replicate's
 * "structural" stream each parameter takes: appending keeps earlier draws,
 * reordering changes every structural-uncertainty run.
 */
export const UNCERTAIN_PARAMETERS = [
  "kappaInfra", "additionality", "grantSize", "costPerTrained", "leverage", "networkEffect", "commEffect",
  "tieDecay", "talentOutflow", "researcherTurnover", "graduatesPerUniversity", "entryRate", "exitBase", "margin",
  "salesDrift", "salesCatchUp", "rndIntensityEstablished",
  "networkSupportSize", "commSupportSize", "coverageElasticity", "grantDosePeak", "supportDosePeak",
  "exitInfra", "revenueInfra", "entryInfra", "talentRenewal", "commSalesDamping",
  "supportPersistence",
] as const satisfies readonly ParameterId[];

/** Ranges of the parameters drawn under structural uncertainty, in draw order. */
export const STRUCTURAL_RANGES = Object.fromEntries(UNCERTAIN_PARAMETERS.map((k) => [k, PARAMETERS[k].range])) as Partial<Record<ParameterId, readonly [number, number]>>;

/** The parameter table as Markdown (docs/model.md embeds it; a test keeps the two identical). */
export function parameterTableMarkdown(): string {
  const fmt = (v: number) => String(v);
  const rows = STRUCTURAL_KEYS.map((k) => {
    const s: ParameterSpec = PARAMETERS[k];
    const drawn = (UNCERTAIN_PARAMETERS as readonly string[]).includes(k) ? " ✱" : "";
    return `| \`${k}\`${drawn} | ${s.channel} | ${s.description} | ${s.unit} | ${fmt(s.value)} | ${fmt(s.range[0])} – ${fmt(s.range[1])} | ${s.source} |`;
  });
  return ["| parameter | channel | what it does | unit | default | range | source |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

/**
 * The free parameters of the calibration (`bioclusters calibrate`, issue 16): fitted by the method of simulated
 * moments to the 2012–2018 moments in data/calibration/moments.csv, within their ranges above. Every other parameter
 * keeps its value. Append only; each entry says which moment identifies it.
 */
export const CALIBRATED_PARAMETERS = [
  { name: "entryRate", reason: "sets the entry rate and, with exit, the growth of the firm count" },
  { name: "exitBase", reason: "sets the exit rate and, with entry, the growth of the firm count" },
  { name: "salesDrift", reason: "sets sellers' mean sales growth, so production growth" },
  { name: "rndIntensityEstablished", reason: "sets the R&D intensity sellers move towards, so R&D intensity and R&D growth" },
  { name: "employmentElasticity", reason: "ties employment growth to sales growth" },
  { name: "revenueBase", reason: "sets how fast pre-revenue firms start selling, so the trend of the pre-revenue share" },
] as const satisfies ReadonlyArray<{ name: ParameterId; reason: string }>;
