export { makePlan, readSpec, validateSpec, writePlan, readPlan, checkInputs, shardRange, planHash, type Plan, type SweepSpec, type SimulatePlan, type SobolPlan, type MorrisPlan, type LhsPlan, type PlanCalibration } from "./plan";
export { runShard, readShard, shardStatuses, parseShard, type ShardRun } from "./shard";
export { mergeSweep, writeLabResult, experimentFromValues, type LabResult, type MergeResult } from "./merge";
export { runLocal } from "./local";
export { submitSlurm, slurmScript, arrayList, type SlurmOptions } from "./slurm";
export { submitSweep, BACKENDS, type SubmitOptions, type SubmitResult } from "./submit";
