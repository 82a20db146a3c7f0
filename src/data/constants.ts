/**
 * Constants of the data model, free of any Node.js dependency (the browser
 * bundle of the simulator imports them).
 */
export const SECTORS = ["bio_pharma", "bio_food", "bio_chem_energy", "bio_services", "bio_devices", "bio_equipment", "bio_other"] as const;
export type Sector = (typeof SECTORS)[number];

export const DEMANDS = ["funding", "rnd", "talent", "commercialisation", "networking", "infrastructure"] as const;
export type Demand = (typeof DEMANDS)[number];

/** The base year of the baseline data. */
export const BASE_YEAR = 2018;
/** Firms younger than this many years are start-ups (MODEL.md). */
export const STARTUP_AGE = 7;

/**
 * National new venture-capital investment in bio/medical firms in 2018 (KRW bn), as published by the
 * Korean Venture Capital Association (KVCA) and recorded in data/raw/national_totals.csv (vc_bio_krw_bn).
 * The simulator gives firms outside every cluster what remains after the clusters' risk capital.
 */
export const NATIONAL_VC_2018_KRW_BN = 841.7;

/**
 * Talent pool outside clusters as a share of the researchers there, used only when no cluster reports
 * researchers (otherwise the clusters' own ratio of talent pool to researchers is used). Assumption.
 */
export const OUTSIDE_TALENT_PER_RESEARCHER = 0.16;

/** Employees from which a firm is medium, and large: the survey's size classes (small < 50, medium 50–299, large ≥ 300). */
export const MEDIUM_FROM = 50;
export const LARGE_FROM = 300;

/** Size class index by employees: 0 small, 1 medium, 2 large. */
export function sizeClassIndex(employees: number): number {
  return employees < MEDIUM_FROM ? 0 : employees < LARGE_FROM ? 1 : 2;
}

/** KRW million per KRW billion: budgets and cluster stocks are in KRW bn, firm-level amounts in KRW m. */
export const KRW_M_PER_BN = 1000;
