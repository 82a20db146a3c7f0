/**
 * One shard: its tasks run, its results written atomically with a checksum.
 *
 * A shard file is two lines: a JSON header (plan hash, shard index and count,
 * task range, SHA-256 of the payload) and the payload, the results as
 * little-endian float64 in base64 (exact: no decimal round trip). It is
 * written under a temporary name and renamed into place, so a killed task
 * leaves no shard file; a shard whose valid file exists is skipped.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import { writeFileAtomic } from "../data/write";
import { runTask } from "../experiments/task";
import { loadInputs } from "../experiments/simulate";
import { METRICS } from "../model/collect";
import { buildSetup, type ModelSetup } from "../model/setup";
import { deriveSeed } from "../random";
import { evaluatePoint, labPoints } from "./lab";
import { checkInputs, readPlan, shardRange, type Plan } from "./plan";
import { prepareCalibration, type PreparedCalibration } from "../calibration/msm";
import { runCalibTask } from "../calibration/evaluate";
import type { ParameterId } from "../model/params";

export const SHARD_FORMAT = "bioclusters-sweep-shard/1";

export interface ShardHeader {
  format: typeof SHARD_FORMAT;
  plan: string;
  shard: number;
  shards: number;
  first: number;
  count: number;
  /** Float64 values per task. */
  width: number;
  /** SHA-256 of the calibration file the shard ran with, or "none" (so a refusal can say why the plans differ). */
  calibration: string;
  sha256: string;
}

export const shardDir = (dir: string) => path.join(dir, "shards");
export const shardFile = (dir: string, i: number) => path.join(shardDir(dir), `shard-${String(i).padStart(6, "0")}.json`);

/** Values per task: a whole cube for simulate, one number for the lab. */
export function taskWidth(plan: Plan): number {
  if (plan.kind === "calibration") return plan.moments.length;
  return plan.kind === "simulate" ? (plan.years + 1) * plan.locations.length * METRICS.length : 1;
}

/** "3/8" → 3, checked against the plan's shard count. */
export function parseShard(s: string, plan: Plan): number {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) throw new UserError(`--shard must look like i/N (for example 3/${plan.shards}), not "${s}".`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n !== plan.shards) throw new UserError(`--shard ${s} says ${n} shards, but this plan has ${plan.shards}.`, { hint: `Use --shard i/${plan.shards} with i from 0 to ${plan.shards - 1}.` });
  if (i >= n) throw new UserError(`--shard ${s}: the index must be from 0 to ${n - 1}.`);
  return i;
}

export type ShardStatus =
  | { ok: true; header: ShardHeader; values: Float64Array }
  | { ok: false; reason: "missing" | "damaged" | "other-plan"; detail: string };

/** Reads a shard file and checks it against the plan (presence, header, plan hash, checksum, size). */
export function readShard(dir: string, plan: Plan, i: number): ShardStatus {
  const file = shardFile(dir, i);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { ok: false, reason: "missing", detail: "has no result file" };
  }
  const nl = text.indexOf("\n");
  let header: ShardHeader;
  try {
    header = JSON.parse(text.slice(0, nl)) as ShardHeader;
  } catch {
    return { ok: false, reason: "damaged", detail: "is damaged (its header is not readable)" };
  }
  if (header.format !== SHARD_FORMAT) return { ok: false, reason: "damaged", detail: "is damaged (unknown format)" };
  if (header.plan !== plan.hash) {
    const mine = calibrationTag(plan);
    if (typeof header.calibration === "string" && header.calibration !== mine) {
      const name = (t: string) => (t === "none" ? "none" : `SHA-256 ${t.slice(0, 12)}…`);
      return { ok: false, reason: "other-plan", detail: `was made under another calibration (${name(header.calibration)}; this plan's: ${name(mine)})` };
    }
    return { ok: false, reason: "other-plan", detail: `belongs to another plan (hash ${String(header.plan).slice(0, 12)}…, this plan ${plan.hash.slice(0, 12)}…)` };
  }
  const payload = text.slice(nl + 1).replace(/\n$/, "");
  if (createHash("sha256").update(payload).digest("hex") !== header.sha256) return { ok: false, reason: "damaged", detail: "is damaged (checksum mismatch)" };
  const { first, count } = shardRange(plan.tasks, plan.shards, i);
  const width = taskWidth(plan);
  const buf = Buffer.from(payload, "base64");
  if (header.shard !== i || header.shards !== plan.shards || header.first !== first || header.count !== count || header.width !== width || buf.length !== count * width * 8) {
    return { ok: false, reason: "damaged", detail: "is damaged (its size or task range does not match the plan)" };
  }
  const values = new Float64Array(count * width);
  for (let j = 0; j < values.length; j++) values[j] = buf.readDoubleLE(j * 8);
  return { ok: true, header, values };
}

/** The calibration a plan's shards record in their header: the file's SHA-256, or "none". */
export const calibrationTag = (plan: Plan): string => plan.calibration?.sha256 ?? "none";

/** A loaded plan with its model built, reused across the shards one process runs. */
export interface Loaded {
  plan: Plan;
  setup: ModelSetup;
  points?: Float64Array[];
  /** A calibration plan's settings, model and moments, as calibrate prepares them. */
  calibration?: PreparedCalibration;
}

/** Prepares a calibration plan's evaluations as calibrate would, refusing if its settings hash moved (moments or data changed). */
export function prepareForPlan(plan: Plan & { kind: "calibration" }): PreparedCalibration {
  const o = plan.options;
  const c = prepareCalibration({ years: plan.years, replicates: o.replicates, seed: String(plan.seed), design: o.design, maxEvals: o.maxEvals, jacobianStep: o.jacobianStep, parameters: o.parameters as ParameterId[], mix: o.mix, inputs: plan.inputFiles });
  if (c.config !== plan.config) {
    throw new UserError("The calibration's moments or data changed since the sweep was planned (its settings hash differs), so its evaluations would belong to another calibration.", { hint: "Make the plan again with: bioclusters sweep plan <spec.json> --out <dir> (old shards are then recomputed)." });
  }
  return c;
}

export function loadSweep(dir: string): Loaded {
  const plan = readPlan(dir);
  checkInputs(plan);
  // A simulate plan builds its base population as runExperiment does, from the scenario seed.
  if (plan.kind === "calibration") {
    const calibration = prepareForPlan(plan);
    return { plan, setup: calibration.spec.setup, calibration };
  }
  const inputs = loadInputs(plan.inputFiles);
  const setup = buildSetup(plan.kind === "simulate" ? { ...inputs, seed: deriveSeed(plan.seed, "population") } : inputs);
  return { plan, setup, ...(plan.kind === "simulate" ? {} : { points: labPoints(plan) }) };
}

/** Computes the values of tasks [first, first + count). */
export function computeTasks(l: Loaded, first: number, count: number): Float64Array {
  const { plan, setup } = l;
  const width = taskWidth(plan);
  const out = new Float64Array(count * width);
  for (let j = 0; j < count; j++) {
    const t = first + j;
    if (plan.kind === "calibration") {
      const R = plan.options.replicates;
      const m = runCalibTask((l.calibration as PreparedCalibration).spec, plan.points[Math.floor(t / R)] as number[], t % R);
      if (m.length !== width) throw new Error(`${m.length} moments, expected ${width}`);
      out.set(m, j * width);
    } else if (plan.kind === "simulate") {
      const task = { index: t, mix: Math.floor(t / plan.replicates), replicate: t % plan.replicates };
      const { cube } = runTask(setup, plan.mixes, task, {
        years: plan.years,
        seed: plan.seed,
        paramUncertainty: plan.paramUncertainty,
        structuralUncertainty: plan.structuralUncertainty,
        firmPanel: false,
        // the plan's calibration, never the environment's: every machine runs the values the plan was made with
        ...(plan.calibration ? { structural: plan.calibration.parameters } : {}),
      });
      if (cube.length !== width) throw new Error(`cube of ${cube.length} values, expected ${width}`);
      out.set(cube, j * width);
    } else {
      out[j] = evaluatePoint(setup, plan, (l.points as Float64Array[])[t] as Float64Array);
    }
  }
  for (let j = 0; j < out.length; j++) {
    if (!Number.isFinite(out[j] as number)) throw new Error(`task ${first + Math.floor(j / width)} produced a non-finite value`);
  }
  return out;
}

export interface ShardRun {
  shard: number;
  skipped: boolean;
  /** Why an existing file was replaced (damaged, other plan), if it was. */
  replaced?: string;
  seconds: number;
}

/** Runs shard i unless its valid result exists; writes it atomically. */
export function runShard(dir: string, i: number, loaded?: Loaded): ShardRun {
  const l = loaded ?? loadSweep(dir);
  const { plan } = l;
  if (!(Number.isInteger(i) && i >= 0 && i < plan.shards)) throw new UserError(`Shard ${i} does not exist: this plan has shards 0 to ${plan.shards - 1}.`);
  const before = readShard(dir, plan, i);
  if (before.ok) return { shard: i, skipped: true, seconds: 0 };
  const t0 = process.hrtime.bigint();
  const { first, count } = shardRange(plan.tasks, plan.shards, i);
  const values = computeTasks(l, first, count);
  const buf = Buffer.alloc(values.length * 8);
  for (let j = 0; j < values.length; j++) buf.writeDoubleLE(values[j] as number, j * 8);
  const payload = buf.toString("base64");
  const header: ShardHeader = {
    format: SHARD_FORMAT,
    plan: plan.hash,
    shard: i,
    shards: plan.shards,
    first,
    count,
    width: taskWidth(plan),
    calibration: calibrationTag(plan),
    sha256: createHash("sha256").update(payload).digest("hex"),
  };
  writeFileAtomic(shardFile(dir, i), `${JSON.stringify(header)}\n${payload}\n`);
  return { shard: i, skipped: false, ...(before.reason === "missing" ? {} : { replaced: before.detail }), seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** The status of every shard: which are done, and why the others are not. */
export function shardStatuses(dir: string, plan: Plan): { done: number[]; todo: Array<{ shard: number; reason: string; detail: string }> } {
  const done: number[] = [];
  const todo: Array<{ shard: number; reason: string; detail: string }> = [];
  for (let i = 0; i < plan.shards; i++) {
    const s = readShard(dir, plan, i);
    if (s.ok) done.push(i);
    else todo.push({ shard: i, reason: s.reason, detail: s.detail });
  }
  return { done, todo };
}
