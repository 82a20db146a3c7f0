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
