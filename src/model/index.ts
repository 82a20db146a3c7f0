export { DEFAULT_STRUCTURAL, STRUCTURAL_RANGES, STRUCTURAL_KEYS, type Structural } from "./params";
export { INSTRUMENTS, PRESETS, PRESET_DIR, STAGES, SIZES, readMix, validateMix, budgetIn, type PolicyMix, type Instrument } from "./policy";
export { METRICS, FIRM_TYPES, metricUnit } from "./collect";
export { buildSetup, FEATURES, type ModelSetup, type SetupInput } from "./setup";
export { runReplicate, replicateSeed, resolvePolicy } from "./run";
export { synthesizePopulation, type Population } from "../population/synthesize";
