export { DEFAULT_STRUCTURAL, PARAMETERS, PARAMETER_RANGES, STRUCTURAL_RANGES, STRUCTURAL_KEYS, UNCERTAIN_PARAMETERS, parameterTableMarkdown, type Structural, type ParameterId, type ParameterSpec } from "./params";
export { INSTRUMENTS, PRESETS, PRESET_DIR, STAGES, SIZES, readMix, validateMix, budgetIn, type PolicyMix, type Instrument } from "./policy";
export { INSTRUMENT_TABLE, type InstrumentSpec, type Effect } from "./instruments";
export { METRICS, FIRM_TYPES, metricUnit } from "./collect";
export { buildSetup, FEATURES, type ModelSetup, type SetupInput } from "./setup";
export { runReplicate, replicateSeed, resolvePolicy } from "./run";
export { synthesizePopulation, type Population } from "../population/synthesize";
