/**
 * Evaluating the simulated moments at parameter points: R replicates per
 * point, each with the same seeds at every point (common random numbers: the
 * replicate seeds depend only on the calibration seed and the replicate
 * index), spread over worker threads (`runWorkerPool`), and recorded in a
 * journal as each point completes, so an interrupted calibration resumes from
 * its last completed evaluation.
 *
 * The journal is a JSON-lines file: a header naming the calibration's
 * settings hash, then one line per evaluated point (its parameter values and
 * the mean and standard deviation of each moment over the replicates). It is
 * rewritten under a temporary name and renamed after each evaluation, so a
 * killed run leaves either the old or the new journal, never a torn one.
 * JSON keeps every float64 exactly, so a resumed run gives the same bytes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../data/write";
import { UserError } from "../errors";
import { compiledWorker, runWorkerPool } from "../experiments/pool";
import { metricLayout } from "../model/collect";
import type { ParameterId, Structural } from "../model/params";
import type { PolicyMix } from "../model/policy";
import { runReplicate } from "../model/run";
import type { ModelSetup } from "../model/types";
import { PreRevenueCounter, replicateMoments, type MomentName } from "./simulated";

/** What every evaluation shares. */
export interface EvalSpec {
  setup: ModelSetup;
  mix: PolicyMix;
  years: number;
  seed: string;
  replicates: number;
  /** The free parameters, in the order of a point's coordinates. */
  names: ParameterId[];
  moments: MomentName[];
}

/** The simulated moments at one point: mean and standard deviation over the replicates. */
export interface PointResult {
  mean: number[];
  sd: number[];
}

export interface CalibTask {
  index: number;
  point: number;
  replicate: number;
}

export interface CalibWorkerInput {
  spec: Omit<EvalSpec, "replicates">;
  points: number[][];
  tasks: CalibTask[];
}

export type CalibWorkerMessage = { type: "result"; index: number; moments: Float64Array } | { type: "error"; message: string; user: boolean };

/** One replicate at one point: the moments, in `spec.moments` order. Shared by the worker and the in-thread path. */
export function runCalibTask(spec: Omit<EvalSpec, "replicates">, theta: readonly number[], replicate: number): Float64Array {
  const structural: Partial<Structural> = {};
  spec.names.forEach((n, i) => (structural[n] = theta[i] as number));
  const counter = new PreRevenueCounter(spec.years);
  const { cube } = runReplicate(spec.setup, spec.mix, { years: spec.years, seed: spec.seed, replicate, paramUncertainty: false, structural, panel: counter });
  return replicateMoments(spec.moments, cube, metricLayout(spec.setup.instruments.map((i) => i.id)), spec.setup.nLoc, spec.years, counter);
}

/** Where the compiled calibration worker lives (the library runs workers from dist/ even under the test runner). */
export function calibWorkerFile(): string {
  return compiledWorker(__dirname, "calibration");
}

/** The key of a point: its coordinates' exact float64 values. */
export function pointKey(theta: readonly number[]): string {
  return theta.map((v) => v.toString()).join(",");
}

interface JournalLine {
  theta: number[];
  mean: number[];
  sd: number[];
}

/** The journal of completed evaluations (see the file comment). */
export class Journal {
  private readonly lines: string[];
  private readonly done = new Map<string, PointResult>();

  private constructor(readonly file: string | null, private readonly header: string) {
    this.lines = [header];
  }

  /** Opens (or starts) the journal for a calibration whose settings hash is `config`. */
  static open(file: string | null, config: string): Journal {
    const header = JSON.stringify({ journal: "bioclusters calibration", config });
    const j = new Journal(file, header);
    if (file === null || !fs.existsSync(file)) return j;
    const text = fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
    let first: { journal?: unknown } | null = null;
    try {
      first = JSON.parse(text[0] ?? "") as { journal?: unknown };
    } catch {
      first = null;
    }
    if (first?.journal !== "bioclusters calibration") {
      throw new UserError(`${file}, line 1: not a calibration journal (the file was edited, damaged or is something else).`, { hint: "Delete it to start afresh, or give another --journal." });
    }
    if (text[0] !== header) {
      throw new UserError(`The journal ${file} belongs to a calibration with other settings or data, so it cannot be resumed.`, { hint: "Delete it to start afresh, or give another --journal." });
    }
    text.slice(1).forEach((l, i) => {
      let e: JournalLine;
      try {
        e = JSON.parse(l) as JournalLine;
      } catch {
        throw new UserError(`${file}, line ${i + 2}: not a journal entry (the file was edited or damaged).`, { hint: "Delete the journal to start afresh." });
      }
      j.lines.push(l);
      j.done.set(pointKey(e.theta), { mean: e.mean, sd: e.sd });
    });
    return j;
  }

  get size(): number {
    return this.done.size;
  }

  get(theta: readonly number[]): PointResult | undefined {
    return this.done.get(pointKey(theta));
  }

  add(theta: readonly number[], r: PointResult): void {
    const key = pointKey(theta);
    if (this.done.has(key)) return;
    this.done.set(key, r);
    this.lines.push(JSON.stringify({ theta, mean: r.mean, sd: r.sd }));
    if (this.file !== null) writeFileAtomic(this.file, this.lines.join("\n") + "\n");
  }
}

export interface EvaluatorOptions {
  workers?: number;
  signal?: AbortSignal | undefined;
  /** Called after each point completes (cached or computed) with the count so far. */
  onEvaluated?: (evaluations: number) => void;
}

function cancelled(): UserError {
  return new UserError("The calibration was stopped; its completed evaluations are in the journal, and running the same command again resumes it.");
}

/** Evaluates points (from the journal when it has them), spreading the replicates of new points over workers. */
export class Evaluator {
  evaluations = 0;
  /** Points computed in this process (not taken from the journal). */
  computed = 0;
  constructor(readonly spec: EvalSpec, readonly journal: Journal, readonly o: EvaluatorOptions = {}) {}

  async evaluate(points: readonly (readonly number[])[]): Promise<PointResult[]> {
    const R = this.spec.replicates;
    const fresh: number[][] = [];
    for (const p of points) if (this.journal.get(p) === undefined && !fresh.some((q) => pointKey(q) === pointKey(p))) fresh.push([...p]);
    const partial = fresh.map(() => new Array<Float64Array>(R));
    const counts = fresh.map(() => 0);
    const tasks: CalibTask[] = [];
    fresh.forEach((_, pi) => {
      for (let r = 0; r < R; r++) tasks.push({ index: tasks.length, point: pi, replicate: r });
    });
    const complete = (t: CalibTask, m: Float64Array) => {
      (partial[t.point] as Float64Array[])[t.replicate] = m;
      counts[t.point] = (counts[t.point] as number) + 1;
      if (counts[t.point] === R) {
        this.journal.add(fresh[t.point] as number[], summarise(partial[t.point] as Float64Array[]));
        this.computed++;
      }
    };
    if (this.o.signal?.aborted) throw cancelled();
    const { setup, mix, years, seed, names, moments } = this.spec;
    const spec = { setup, mix, years, seed, names, moments };
    // Starting threads and copying the model to them costs about as much as one point's replicates, so a batch of
    // one point (a Nelder–Mead step) runs in this thread and larger batches (the design, the simplex, the Jacobian)
    // are spread over the workers. The numbers do not depend on it.
    const workers = fresh.length < 2 ? 1 : Math.max(1, Math.min(this.o.workers ?? 1, tasks.length));
    if (tasks.length > 0 && workers === 1) {
      for (const t of tasks) {
        if (this.o.signal?.aborted) throw cancelled();
        complete(t, runCalibTask(spec, fresh[t.point] as number[], t.replicate));
        await new Promise((res) => setImmediate(res));
      }
    } else if (tasks.length > 0) {
      const inputs: CalibWorkerInput[] = Array.from({ length: workers }, (_, w) => ({ spec, points: fresh, tasks: tasks.filter((t) => t.index % workers === w) }));
      // One batch's signal, relayed from the caller's and released after the batch (the pool adds a listener per call).
      const batch = new AbortController();
      const relay = () => batch.abort();
      this.o.signal?.addEventListener("abort", relay, { once: true });
      try {
        await runWorkerPool<CalibWorkerInput, CalibWorkerMessage>(calibWorkerFile(), inputs, (msg) => complete(tasks[msg.index] as CalibTask, msg.moments), { what: "calibration", signal: batch.signal, abortError: cancelled });
      } finally {
        this.o.signal?.removeEventListener("abort", relay);
      }
    }
    return points.map((p) => {
      const r = this.journal.get(p) as PointResult;
      this.evaluations++;
      this.o.onEvaluated?.(this.evaluations);
      return r;
    });
  }
}

/** Mean and standard deviation (n − 1) of each moment over the replicates. */
export function summarise(reps: readonly Float64Array[]): PointResult {
  const k = (reps[0] as Float64Array).length;
  const n = reps.length;
  const mean: number[] = [];
  const sd: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (const r of reps) s += r[i] as number;
    const m = s / n;
    let v = 0;
    for (const r of reps) v += ((r[i] as number) - m) ** 2;
    mean.push(m);
    sd.push(n > 1 ? Math.sqrt(v / (n - 1)) : 0);
  }
  return { mean, sd };
}
