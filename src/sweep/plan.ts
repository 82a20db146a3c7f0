/**
 * An experiment plan as data. A spec (JSON) names what to run — a scenario
 * grid for `simulate`, or the design of the lab's Sobol or Morris analysis —
 * and `makePlan` turns it into `plan.json`: every input resolved (mixes as
 * objects, factors with their ranges, data and estimates files with their
 * SHA-256), the work as a list of equal-cost tasks, and N shards of
 * contiguous tasks. A shard's results depend only on the plan, so any machine
 * can compute any shard, in any order, any number of times.
 *
 * The plan's hash covers everything its results depend on (the resolved spec,
 * the input files' hashes, the shard count and the tool's version); a shard
 * records the hash it was computed for, so a changed plan never merges old
 * shards.
 *
 * A simulate plan records the calibration in force when it is planned (the
 * spec's `calibration`, else BIOCLUSTERS_CALIBRATION, else the committed
 * data/calibration/calibrated.json; or none): its file, SHA-256 and values.
 * Shards run with the plan's values whatever the environment of the machine
 * running them, and refuse to run or merge if the file has changed since.
 * The values are part of the plan's hash, so shards made under another
 * calibration never merge.
 *
 * Plan kinds are `simulate`, `sobol`, `morris`, `lhs` (a Latin hypercube
 * over the factors, its points recorded in the plan) and `calibration`: the
 * design stage of `bioclusters calibrate` (its Latin hypercube points × its
 * replicates, one task per replicate of a point), merged into a calibration
 * journal from which `calibrate` continues.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describeIssue, issuePath, UserError, type SchemaIssue } from "../errors";
import { readJsonFile } from "../data/json";
import { writeFileAtomic } from "../data/write";
import { sha256File } from "../estimation/artefact";
import { designThetas, prepareCalibration } from "../calibration/msm";
import { readCalibration, calibrationInUse } from "../experiments/calibrated";
import { CORE_METRICS } from "../experiments/output";
import { loadInputs, resolveMixes, type InputFiles } from "../experiments/simulate";
import { defaultFactors, type Factor, type Outcome } from "../experiments/lab";
import { METRICS } from "../model/collect";
import type { ParameterId } from "../model/params";
import type { PolicyMix } from "../model/policy";
import { packageVersion } from "../paths";
import { deriveSeed, rngFromSeed } from "../random";
import { latinHypercube } from "../sensitivity/lhs";

// 2: plans record the calibration (simulate) and may be Latin hypercubes; plans of format 1 must be made again.
export const PLAN_FORMAT = "bioclusters-sweep-plan/2";

const seedSchema = z.union([z.string().min(1), z.number()]);
const inputsSchema = z.strictObject({ clusters: z.string().optional(), survey: z.string().optional(), estimates: z.string().optional() }).optional();
const shardsSchema = z.number().int().min(1).max(1_000_000);
const yearsSchema = z.number().int().min(1).max(100);
const outcomeSchema = z.strictObject({ metric: z.string(), location: z.string().optional(), mode: z.enum(["level", "sum"]).optional() });
const factorSchema = z.union([z.string(), z.strictObject({ name: z.string(), kind: z.enum(["structural", "lever"]), low: z.number(), high: z.number() })]);

const simulateSpec = z.strictObject({
  kind: z.literal("simulate"),
  mixes: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).min(1),
  baseline: z.string().optional(),
  years: yearsSchema,
  replicates: z.number().int().min(1),
  seed: seedSchema,
  paramUncertainty: z.boolean().optional(),
  structuralUncertainty: z.boolean().optional(),
  metrics: z.array(z.string()).min(1).optional(),
  calibration: z.string().min(1).optional(),
  shards: shardsSchema,
  inputs: inputsSchema,
});

const labCommon = {
  mix: z.union([z.string(), z.record(z.string(), z.unknown())]),
  years: yearsSchema,
  seed: seedSchema,
  outcome: outcomeSchema,
  factors: z.array(factorSchema).min(1).optional(),
  shards: shardsSchema,
  inputs: inputsSchema,
};
const sobolSpec = z.strictObject({ kind: z.literal("sobol"), n: z.number().int().min(2), bootstrap: z.number().int().min(1).optional(), ...labCommon });
const morrisSpec = z.strictObject({ kind: z.literal("morris"), trajectories: z.number().int().min(1).optional(), levels: z.number().int().min(2).optional(), ...labCommon });
const lhsSpec = z.strictObject({ kind: z.literal("lhs"), n: z.number().int().min(2).max(1_000_000), ...labCommon });
// The settings of `bioclusters calibrate` (defaults as there); the plan's journal continues only a calibrate run with the same ones.
const calibrationSpec = z.strictObject({
  kind: z.literal("calibration"),
  years: z.number().int().min(2).max(50).optional(),
  replicates: z.number().int().min(2).max(10_000).optional(),
  seed: z.string().min(1).optional(),
  design: z.number().int().min(1).max(100_000).optional(),
  maxEvals: z.number().int().min(1).max(100_000).optional(),
  jacobianStep: z.number().optional(),
  parameters: z.array(z.string()).min(1).optional(),
  mix: z.string().optional(),
  shards: shardsSchema,
  inputs: inputsSchema,
});
const specSchema = z.discriminatedUnion("kind", [simulateSpec, sobolSpec, morrisSpec, lhsSpec, calibrationSpec]);
export type SweepSpec = z.infer<typeof specSchema>;

export interface InputRecord {
  file: string;
  sha256: string;
}

/** The calibration a plan's runs use: the calibrated.json's path (not hashed: it may differ between machines), SHA-256 and values. */
export interface PlanCalibration {
  file: string;
  sha256: string;
  /** Parameter values, as runExperiment records them in its manifest (options.calibration.parameters). */
  parameters: Record<string, number>;
}

interface PlanCommon {
  format: typeof PLAN_FORMAT;
  /** SHA-256 over everything the results depend on (see `planHash`). */
  hash: string;
  version: string;
  shards: number;
  /** Number of equal-cost tasks; shard i holds tasks [floor(i·T/N), floor((i+1)·T/N)). */
  tasks: number;
  /** Years each task simulates (a task is one replicate of one mix). */
  years: number;
  seed: string | number;
  inputFiles: InputFiles;
  inputs: Record<string, InputRecord>;
  /** Locations of every cube: the clusters, "none", "all". */
  locations: string[];
  /** The calibration every task runs with; null: the parameter table's defaults (always so for the lab's kinds). */
  calibration: PlanCalibration | null;
}

export interface SimulatePlan extends PlanCommon {
  kind: "simulate";
  mixes: PolicyMix[];
  baseline: string;
  replicates: number;
  paramUncertainty: boolean;
  structuralUncertainty: boolean;
  metrics: string[];
}

export interface SobolPlan extends PlanCommon {
  kind: "sobol";
  mix: PolicyMix;
  outcome: Outcome;
  factors: Factor[];
  n: number;
  bootstrap: number;
}

export interface MorrisPlan extends PlanCommon {
  kind: "morris";
  mix: PolicyMix;
  outcome: Outcome;
  factors: Factor[];
  trajectories: number;
  levels: number;
}

/** A Latin hypercube over the factors: n points, each factor's n draws one per stratum of its range. */
export interface LhsPlan extends PlanCommon {
  kind: "lhs";
  mix: PolicyMix;
  outcome: Outcome;
  factors: Factor[];
  n: number;
  /** The design on [0, 1)^k (point i, factor j), drawn from the seed; factor j's value is low + (high − low)·u. */
  design: number[][];
}

/** The design stage of a calibration: task t is replicate t mod R of design point ⌊t / R⌋; a task's values are its moments. */
export interface CalibrationPlan extends PlanCommon {
  kind: "calibration";
  /** `calibrate`'s settings, resolved (seed is PlanCommon's). */
  options: { replicates: number; design: number; maxEvals: number; jacobianStep: number; parameters: string[]; mix: string };
  /** The calibration's settings hash (settings, moments, data and inputs): the journal's header. */
  config: string;
  /** The simulated moments, in the journal's order. */
  moments: string[];
  /** The design's parameter values (point i, parameter j), in the order calibrate evaluates them. */
  points: number[][];
}

export type LabPlan = SobolPlan | MorrisPlan | LhsPlan;
export type Plan = SimulatePlan | LabPlan | CalibrationPlan;
type Unhashed = Omit<SimulatePlan, "hash"> | Omit<SobolPlan, "hash"> | Omit<MorrisPlan, "hash"> | Omit<LhsPlan, "hash"> | Omit<CalibrationPlan, "hash">;

/** Validates a spec object; errors name the field. */
export function validateSpec(json: unknown, source: string): SweepSpec {
  const r = specSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0] as unknown as SchemaIssue;
    const where = issuePath(issue);
    const msg = where === "kind" ? "must be one of simulate, sobol, morris, lhs, calibration" : describeIssue(issue);
    throw new UserError(`Sweep spec field ${where}: ${msg}.`, { location: { file: source }, hint: "See the spec format in docs/sweeps.md." });
  }
  return r.data;
}

/** Reads and validates a spec file. */
export function readSpec(file: string): SweepSpec {
  const json = readJsonFile(file, {
    missing: "The sweep spec file does not exist.",
    invalid: "The sweep spec is not valid JSON",
    missingHint: "Give the path of a JSON spec (see docs/sweeps.md).",
  });
  return validateSpec(json, file);
}

/** Canonical JSON: object keys sorted, so equal plans hash equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The plan's hash: everything but file paths (which may differ between machines) and the hash itself. */
export function planHash(p: Unhashed | Plan): string {
  const { hash: _h, inputFiles: _f, calibration: c, ...rest } = p as Plan;
  const inputs = Object.fromEntries(Object.entries(rest.inputs).map(([k, v]) => [k, v.sha256]));
  const calibration = c ? { sha256: c.sha256, parameters: c.parameters } : null;
  return createHash("sha256").update(canonical({ ...rest, inputs, calibration })).digest("hex");
}

function resolveFactors(spec: Array<string | Factor> | undefined, source: string): Factor[] {
  const all = defaultFactors();
  if (spec === undefined) return all;
  return spec.map((f, i) => {
    if (typeof f !== "string") {
      if (!(f.high >= f.low)) throw new UserError(`Sweep spec field factors[${i}]: high (${f.high}) must not be below low (${f.low}).`, { location: { file: source } });
      return f;
    }
    const d = all.find((x) => x.name === f);
    if (!d) throw new UserError(`Sweep spec field factors[${i}]: unknown factor "${f}".`, { location: { file: source }, hint: `Factors: ${all.map((x) => x.name).join(", ")}.` });
    return d;
  });
}

function resolveOutcome(o: Outcome, locations: readonly string[], source: string): Outcome {
  if (!(METRICS as readonly string[]).includes(o.metric)) throw new UserError(`Sweep spec field outcome.metric: unknown metric "${o.metric}".`, { location: { file: source }, hint: `Metrics: ${METRICS.join(", ")}.` });
  if (o.location !== undefined && !locations.includes(o.location)) throw new UserError(`Sweep spec field outcome.location: unknown location "${o.location}".`, { location: { file: source }, hint: `Locations: ${locations.join(", ")}.` });
  return { metric: o.metric, location: o.location ?? "all", mode: o.mode ?? "level" };
}

/**
 * Resolves a spec into a plan. Relative paths in the spec (mix files, inputs)
 * are read relative to the spec file's folder.
 */
export function makePlan(spec: SweepSpec, source = "sweep spec"): Plan {
  const base = source === "sweep spec" ? process.cwd() : path.dirname(path.resolve(source));
  const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(base, p));
  const inputFiles: InputFiles = {};
  for (const k of ["clusters", "survey", "estimates"] as const) {
    const v = abs(spec.inputs?.[k]);
    if (v !== undefined) inputFiles[k] = v;
  }
  const loaded = loadInputs(inputFiles);
  const clusterIds = loaded.clusters.map((c) => c.id);
  const locations = [...clusterIds, "none", "all"];
  const inputs = Object.fromEntries(Object.entries(loaded.files).map(([k, f]) => [k, { file: f, sha256: sha256File(f) }]));
  const mixRef = (m: string | Record<string, unknown>) => (typeof m === "string" && fs.existsSync(path.resolve(base, m)) ? path.resolve(base, m) : m);
  let plan: Unhashed;
  if (spec.kind === "calibration") {
    const { kind: _k, shards: _s, inputs: _i, ...settings } = spec;
    const c = prepareCalibration({ ...settings, parameters: settings.parameters as ParameterId[] | undefined, inputs: inputFiles });
    plan = {
      format: PLAN_FORMAT,
      version: packageVersion(),
      shards: spec.shards,
      years: c.years,
      seed: c.seed,
      inputFiles,
      inputs,
      locations,
      calibration: null,
      kind: "calibration",
      tasks: c.design * c.R,
      options: { replicates: c.R, design: c.design, maxEvals: c.maxEvals, jacobianStep: c.h, parameters: [...c.names], mix: c.settings.mix },
      config: c.config,
      moments: [...c.spec.moments],
      points: designThetas(c),
    };
    if (spec.shards > plan.tasks) throw new UserError(`Sweep spec field shards: ${spec.shards} shards for ${plan.tasks} tasks would leave some empty.`, { location: { file: source }, hint: `Use at most ${plan.tasks} shards.` });
    return { ...plan, hash: planHash(plan) } as Plan;
  }
  const common = { format: PLAN_FORMAT, version: packageVersion(), shards: spec.shards, years: spec.years, seed: spec.seed, inputFiles, inputs, locations, calibration: null } as const;
  if (spec.kind === "simulate") {
    const mixes = resolveMixes(spec.mixes.map(mixRef) as Array<string | PolicyMix>, clusterIds);
    const names = mixes.map((m) => m.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new UserError(`Sweep spec field mixes: two mixes are named "${dup}"; names label the results, so they must differ.`, { location: { file: source } });
    const baseline = spec.baseline ?? (names.includes("status_quo") ? "status_quo" : (names[0] as string));
    if (!names.includes(baseline)) throw new UserError(`Sweep spec field baseline: "${baseline}" is not one of the mixes (${names.join(", ")}).`, { location: { file: source } });
    const metrics = spec.metrics ?? [...CORE_METRICS];
    for (const m of metrics) if (!(METRICS as readonly string[]).includes(m)) throw new UserError(`Sweep spec field metrics: unknown metric "${m}".`, { location: { file: source }, hint: `Metrics: ${METRICS.join(", ")}.` });
    // The calibration in force now, as runExperiment would pick it: the spec's file (relative to the spec), "none", or the default.
    const cal = spec.calibration === undefined ? calibrationInUse() : spec.calibration === "none" ? null : readCalibration(path.resolve(base, spec.calibration));
    plan = {
      ...common,
      calibration: cal ? { file: cal.file, sha256: cal.sha256, parameters: cal.structural as Record<string, number> } : null,
      kind: "simulate",
      tasks: mixes.length * spec.replicates,
      mixes,
      baseline,
      replicates: spec.replicates,
      paramUncertainty: spec.paramUncertainty !== false,
      structuralUncertainty: spec.structuralUncertainty === true,
      metrics,
    };
  } else {
    const mix = (resolveMixes([mixRef(spec.mix) as string | PolicyMix], clusterIds)[0]) as PolicyMix;
    const factors = resolveFactors(spec.factors, source);
    const outcome = resolveOutcome(spec.outcome, locations, source);
    if (spec.kind === "sobol") {
      plan = { ...common, kind: "sobol", tasks: (factors.length + 2) * spec.n, mix, outcome, factors, n: spec.n, bootstrap: spec.bootstrap ?? 300 };
    } else if (spec.kind === "lhs") {
      const design = latinHypercube(spec.n, factors.length, rngFromSeed(deriveSeed(spec.seed, "lhs"))).map((u) => Array.from(u));
      plan = { ...common, kind: "lhs", tasks: spec.n, mix, outcome, factors, n: spec.n, design };
    } else {
      const trajectories = spec.trajectories ?? 10;
      plan = { ...common, kind: "morris", tasks: trajectories * (factors.length + 1), mix, outcome, factors, trajectories, levels: spec.levels ?? 4 };
    }
  }
  if (spec.shards > plan.tasks) throw new UserError(`Sweep spec field shards: ${spec.shards} shards for ${plan.tasks} tasks would leave some empty.`, { location: { file: source }, hint: `Use at most ${plan.tasks} shards.` });
  return { ...plan, hash: planHash(plan) } as Plan;
}

/** The tasks [first, first + count) of shard i of N (contiguous, sizes differing by at most one). */
export function shardRange(tasks: number, shards: number, i: number): { first: number; count: number } {
  const first = Math.floor((i * tasks) / shards);
  return { first, count: Math.floor(((i + 1) * tasks) / shards) - first };
}

export const planFile = (dir: string) => path.join(dir, "plan.json");

/** Writes plan.json into `dir` (atomically). Shards of an earlier plan stay, but no longer count as done. */
export function writePlan(dir: string, plan: Plan): void {
  writeFileAtomic(planFile(dir), JSON.stringify(plan, null, 2) + "\n");
}

/** Reads plan.json from a sweep folder and checks its hash. */
export function readPlan(dir: string): Plan {
  const file = planFile(dir);
  const json = readJsonFile(file, {
    missing: "This folder has no sweep plan (plan.json).",
    invalid: "The sweep plan is not valid JSON",
    missingHint: "Make one with: bioclusters sweep plan <spec.json> --out <dir>.",
    invalidHint: "Make it again with: bioclusters sweep plan <spec.json> --out <dir>.",
  }) as Plan;
  if (json === null || typeof json !== "object" || json.format !== PLAN_FORMAT) {
    throw new UserError(`This is not a sweep plan of this version (format ${String((json as { format?: unknown } | null)?.format)}, expected ${PLAN_FORMAT}).`, { location: { file }, hint: "Make it again with: bioclusters sweep plan <spec.json> --out <dir>." });
  }
  if (planHash(json) !== json.hash) throw new UserError("The sweep plan was edited after it was made (its hash no longer matches its content).", { location: { file }, hint: "Make it again with: bioclusters sweep plan <spec.json> --out <dir>." });
  return json;
}

/** Checks that the data, estimates and calibration files still have the hashes the plan was made with. */
export function checkInputs(plan: Plan): void {
  const c = plan.calibration;
  if (c) {
    const again = "Restore it, or make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed).";
    if (!fs.existsSync(c.file)) throw new UserError("The calibration file this sweep was planned with no longer exists.", { location: { file: c.file }, hint: again });
    if (sha256File(c.file) !== c.sha256) throw new UserError("The calibration file changed since the sweep was planned (its SHA-256 differs), so results would mix two calibrations.", { location: { file: c.file }, hint: again });
  }
  for (const [k, v] of Object.entries(plan.inputs)) {
    if (!fs.existsSync(v.file)) throw new UserError(`The ${k} input file of this sweep no longer exists.`, { location: { file: v.file }, hint: "Restore it, or make the plan again with: bioclusters sweep plan <spec.json> --out <dir>." });
    if (sha256File(v.file) !== v.sha256) {
      throw new UserError(`The ${k} input file changed since the sweep was planned (its SHA-256 differs), so results would mix two inputs.`, { location: { file: v.file }, hint: "Make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed)." });
    }
  }
}
