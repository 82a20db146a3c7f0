/**
 * `bioclusters bench` / `npm run bench`: how fast the simulator runs here, and
 * why. Reports firm-years per second single-threaded on a 100,000-firm
 * population and with 1 and 2 workers (in this process, and each in a new
 * process, start-up included); nanoseconds per firm-year by phase;
 * Threefry blocks and transcendental calls (exp, log, log1p, pow) per
 * firm-year, counted on a real run; the measured cost of one block and one
 * call; and the arithmetic floor they imply, so the gap to it shows in every
 * run. Then, unless --quick, the six presets × 200 replicates × 10 years end to
 * end, simulation and output writing timed apart. Figures, not a timed test.
 *
 * Single-thread figures are CPU time of this process (user + system), not
 * wall time: on a machine shared with other work the process waits for a core
 * and wall time measures the queue, while CPU time measures the simulator
 * (cache and core sharing still inflate it). Worker figures and the end-to-end
 * run are wall time, the quantity that matters for them; the report gives the
 * load average so a loaded run can be recognised.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PACKAGE_ROOT } from "../paths";
import { UserError } from "../errors";
import { tableText } from "../display/table";
import { runExperiment } from "../experiments/runner";
import { CORE_METRICS, RunsStream, SummaryStream, writeExperiment } from "../experiments/output";
import { writeRunsArrow } from "../experiments/arrow-output";
import { openOutputFolder } from "../data/output-folder";
import type { ExperimentResult } from "../experiments/types";
import { loadInputs, resolveMixes } from "../experiments/simulate";
import { beginYear, initState, PHASES, step } from "../model/engine";
import { DEFAULT_STRUCTURAL } from "../model/params";
import { replicateCoefs, resolvePolicy } from "../model/run";
import { PRESETS } from "../model/policy";
import { budgetFor } from "../model/instruments";
import { buildSetup } from "../model/setup";
import type { ModelSetup } from "../model/types";
import { replicateKey } from "../random/keyed";
import { setDrawTap, threefry, WORDS } from "../random/threefry";
import { intOption, parseCommand } from "./args";
import { alive, BENCH_BUDGET_BN, instructionReport, instructionTable, TARGET_FIRM_YEARS_PER_SECOND } from "./bench-instructions";
import { MAX_BENCH_FIRMS, MAX_BENCH_YEARS } from "../limits";

export const BENCH_HELP = `Usage: bioclusters bench [--json] [--quick] [--firms N] [--years Y]
       bioclusters bench --instructions [--json] [--firms N] [--years Y]

Measures the simulator on this machine: firm-years per second on a population of
about N firms (default 100,000; at most ${MAX_BENCH_FIRMS.toLocaleString("en")}) for Y years (default 10; 1-${MAX_BENCH_YEARS}), one thread and 1 and 2
workers (in the bench's process and each in a new one); nanoseconds per firm-year by phase; random blocks and exp/log calls per
firm-year and the arithmetic floor they imply; bytes per firm; and (unless
--quick) six presets × 200 replicates × 10 years end to end, outputs included.

--instructions counts instead, with valgrind: machine instructions per firm-year
by function (default 20,000 firms: about four minutes; the time grows with
--firms), repeatable where timings are not, and the count 6 M firm-years per
second allows at this machine's measured (timed, so noisy) rate.`;

/** The end-to-end run's figures (wall seconds unless named CPU). */
interface EndToEnd {
  presets: number;
  replicates: number;
  years: number;
  workers: number;
  rows: number;
  simulateSeconds: number;
  writeSeconds: number;
  totalSeconds: number;
  /** CPU seconds of the process (main thread and worker threads) over the run and the writing. */
  cpuSeconds: number;
  runsCsvBytes: number;
  runsArrowBytes: number;
  runsArrowWriteSeconds: number;
}

/** CPU seconds this process has used (user + system). */
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const secondsSince = (t0: number) => now() - t0;

/** Calls of the transcendental functions during `f`, counted by wrapping them (a separate, slow run). */
function countTranscendental(f: () => void): number {
  const M = Math as unknown as Record<string, (...x: number[]) => number>;
  const names = ["exp", "log", "log1p", "expm1", "pow"];
  const saved = names.map((n) => M[n]!);
  let calls = 0;
  names.forEach((n, i) => {
    const g = saved[i]!;
    M[n] = (...x: number[]) => {
      calls++;
      return g(...x);
    };
  });
  try {
    f();
  } finally {
    names.forEach((n, i) => (M[n] = saved[i]!));
  }
  return calls;
}

/** CPU ns per Threefry4x32-13 block (in its own function, so V8 optimises the loop as the engine's). */
function blockCost(): number {
  const n = 2_000_000;
  let acc = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    threefry(1, 2, 3, 4, i, 0, 1, 2);
    acc += WORDS[0] as number;
  }
  const ns = (1e9 * secondsSince(t0)) / n;
  return acc === 0.5 ? 0 : ns;
}

/** CPU ns per exp or log call on varying arguments. */
function callCost(): number {
  const n = 2_000_000;
  let acc = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) acc += Math.exp(-1e-7 * i) + Math.log(1 + i);
  const ns = (1e9 * secondsSince(t0)) / (2 * n);
  return acc === 0.5 ? 0 : ns;
}

/**
 * The step as the presets run it on the bundled survey's population (about 1,000 firms): each preset with its own
 * budget path, 10 years, 3 replicates after a warm-up one; CPU ns per firm-year in total and by phase. On a small
 * population the yearly work that does not scale with firms (allocation rules, tables, aggregates) weighs more than
 * on the 100,000-firm population, and the end-to-end run is made of these.
 */
function presetStepCost(inputs: ReturnType<typeof loadInputs>): { firms: number; nsPerFirmYear: number; byPhase: Array<{ phase: string; nsPerFirmYear: number }> } {
  const setup = buildSetup(inputs);
  const p = DEFAULT_STRUCTURAL;
  const coefs = replicateCoefs(setup, 1, 0, false);
  const phaseSeconds = new Float64Array(PHASES.length);
  let fy = 0;
  for (let rep = 0; rep < 4; rep++) {
    for (const mix of resolveMixes([...PRESETS], setup.clusterIds)) {
      const key = replicateKey(`bench-presets/${rep}`);
      const state = initState(setup, p, key);
      const pol = resolvePolicy(mix, setup, p);
      const shares = Float64Array.from(pol.budget);
      for (let t = 1; t <= 10; t++) {
        const b = budgetFor(mix.budget.krwBn, t);
        for (let k = 0; k < shares.length; k++) pol.budget[k] = b * (shares[k] as number);
        const a = alive(state);
        beginYear(state);
        PHASES.forEach((ph, k) => {
          const t0 = now();
          ph.run(state, setup, p, pol, coefs, key, null);
          if (rep > 0) phaseSeconds[k] = (phaseSeconds[k] as number) + secondsSince(t0);
        });
        if (rep > 0) fy += a;
      }
    }
  }
  const byPhase = PHASES.map((ph, k) => ({ phase: ph.name, nsPerFirmYear: (1e9 * (phaseSeconds[k] as number)) / fy }));
  return { firms: setup.population.size, nsPerFirmYear: byPhase.reduce((a, b) => a + b.nsPerFirmYear, 0), byPhase };
}

/**
 * Wall seconds of runExperiment on 12 replicates of the status quo with `workers` workers in a new Node process,
 * from its start to its exit: loading the library and the data, building the population, the run.
 */
function freshScaling(workers: number, scale: number, years: number, firmYears: number): { workers: number; seconds: number; firmYearsPerSecond: number } {
  const lib = (f: string) => JSON.stringify(path.join(PACKAGE_ROOT, "dist", f));
  const code = [
    `const { loadInputs, resolveMixes } = require(${lib("experiments/simulate.js")});`,
    `const { runExperiment } = require(${lib("experiments/runner.js")});`,
    "const inputs = loadInputs();",
    `const mix = resolveMixes(["status_quo"], inputs.clusters.map((c) => c.id))[0];`,
    `runExperiment({ ...inputs, scale: ${scale} }, [mix], { years: ${years}, replicates: 12, seed: "bench", workers: ${workers}, paramUncertainty: false }).catch((e) => { console.error(e.message); process.exit(1); });`,
  ].join("\n");
  const t = Date.now();
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
  const seconds = (Date.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`the bench's ${workers}-worker run in a new process failed: ${r.stderr.trim()}`);
  return { workers, seconds, firmYearsPerSecond: firmYears / seconds };
}

export async function runBench(args: string[]): Promise<number> {
  const values = parseCommand<{ json?: boolean; quick?: boolean; instructions?: boolean; firms?: string; years?: string }>("bench", args, {
    json: { type: "boolean" },
    instructions: { type: "boolean" },
    quick: { type: "boolean" },
    firms: { type: "string" },
    years: { type: "string" },
  }, BENCH_HELP);
  if (values === null) return 0;
  const years = values.years === undefined ? 10 : intOption("bench", "years", values.years, { min: 1, max: MAX_BENCH_YEARS });
  const wanted = values.firms === undefined ? (values.instructions === true ? 20_000 : 100_000) : intOption("bench", "firms", values.firms, { min: 1, resourceMax: MAX_BENCH_FIRMS, what: "firms" });
  if (values.instructions === true) {
    if (values.quick === true) throw new UserError("--quick has no effect with --instructions, which always counts the same two runs.", { hint: "Leave out --quick (or --instructions)." });
    const r = instructionReport(wanted, years);
    console.log(values.json === true ? JSON.stringify(r, null, 2) : instructionTable(r));
    return 0;
  }
  const inputs = loadInputs();
  const scale = Math.max(1, Math.round(wanted / inputs.survey.length));
  const setup = buildSetup({ ...inputs, scale });
  const firms = setup.population.size;
  const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;
  const p = DEFAULT_STRUCTURAL;
  const coefs = replicateCoefs(setup, 1, 0, false);
  const shares = Float64Array.from(resolvePolicy(mix, setup).budget);
  const policyFor = (su: ModelSetup, t: number) => {
    const pol = resolvePolicy(mix, su);
    for (let k = 0; k < shares.length; k++) pol.budget[k] = BENCH_BUDGET_BN * (shares[k] as number);
    return { pol, t };
  };

  // Single-threaded step throughput (a warm-up run, then the best of three), and the time of each phase.
  let best = Infinity;
  let firmYears = 0;
  let memBefore = 0;
  let memAfter = 0;
  const phaseSeconds = new Float64Array(PHASES.length);
  let phaseFirmYears = 0;
  for (let rep = 0; rep < 5; rep++) {
    const key = replicateKey(`bench/${rep}`);
    if (rep === 0) memBefore = process.memoryUsage().arrayBuffers;
    const state = initState(setup, p, key);
    if (rep === 0) memAfter = process.memoryUsage().arrayBuffers;
    const { pol } = policyFor(setup, 0);
    let fy = 0;
    if (rep < 4) {
      const t0 = now();
      for (let t = 1; t <= years; t++) {
        fy += alive(state);
        step(state, setup, p, pol, coefs, key);
      }
      const sec = secondsSince(t0);
      if (rep > 0 && sec < best) {
        best = sec;
        firmYears = fy;
      }
    } else {
      for (let t = 1; t <= years; t++) {
        phaseFirmYears += alive(state);
        beginYear(state);
        PHASES.forEach((ph, k) => {
          const t0 = now();
          ph.run(state, setup, p, pol, coefs, key, null);
          phaseSeconds[k] = (phaseSeconds[k] as number) + secondsSince(t0);
        });
      }
    }
  }
  const single = firmYears / best;
  const byPhase = PHASES.map((ph, k) => ({ phase: ph.name, nsPerFirmYear: (1e9 * (phaseSeconds[k] as number)) / phaseFirmYears }));

  const presets = presetStepCost(inputs);

  // Operation counts on the bundled population (3 years): Threefry blocks through the draw observer, and
  // transcendental calls by wrapping Math's functions.
  const small = buildSetup(inputs);
  let blocks = 0;
  let countFy = 0;
  const calls = countTranscendental(() => {
    const key = replicateKey("count");
    const st = initState(small, p, key);
    const { pol } = policyFor(small, 0);
    setDrawTap(() => void blocks++);
    try {
      for (let t = 1; t <= 3; t++) {
        countFy += alive(st);
        step(st, small, p, pol, coefs, key);
      }
    } finally {
      setDrawTap(null);
    }
  });
  const blocksPerFy = blocks / countFy;
  const callsPerFy = calls / countFy;

  // Unit costs in this process: one Threefry4x32-13 block; one exp or log of a varying argument (best of three).
  const nsPerBlock = Math.min(blockCost(), blockCost(), blockCost());
  const nsPerCall = Math.min(callCost(), callCost(), callCost());
  const floorNs = blocksPerFy * nsPerBlock + callsPerFy * nsPerCall;

  // Worker scaling on the same population (12 replicates of the status quo, end to end).
  const scaling: Array<{ workers: number; seconds: number; firmYearsPerSecond: number }> = [];
  for (const workers of [1, 2]) {
    const t1 = Date.now();
    await runExperiment({ ...inputs, scale }, [mix], { years, replicates: 12, seed: "bench", workers, paramUncertainty: false });
    const sec = (Date.now() - t1) / 1000;
    scaling.push({ workers, seconds: sec, firmYearsPerSecond: (12 * firmYears) / sec });
  }
  // The same runs each in a new process, timed from its start (as a command-line run is): loading, the population
  // build and every thread's JIT warm-up paid alike by both, where in this process the one-worker run follows the
  // single-thread measurement.
  const fresh = [1, 2].map((workers) => freshScaling(workers, scale, years, 12 * firmYears));

  // End to end: the six presets × 200 replicates × 10 years on two workers, as `simulate` runs them: runs.csv is
  // streamed into the output set while the replicates run (RunsStream) and each mix is summarised when it ends
  // (SummaryStream), then summary.csv, differences.csv and the manifest are written and the set is swapped in. "simulation" is the run (with the streaming it overlaps),
  // "writing" what follows it; runs.arrow is then written from the same result on its own, for comparison.
  let endToEnd: EndToEnd | null = null;
  if (values.quick !== true) {
    const mixes = resolveMixes([...PRESETS], setup.clusterIds);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-bench-"));
    try {
      const target = path.join(dir, "out");
      const set = openOutputFolder(target);
      const runs = new RunsStream(path.join(set.dir, "runs.csv"));
      const summaries = new SummaryStream("status_quo");
      const t2 = Date.now();
      const cpu2 = process.cpuUsage();
      let res: ExperimentResult;
      try {
        res = await runExperiment(inputs, mixes, { years: 10, replicates: 200, seed: "bench-e2e", workers: 2, onResult: (k, r, cube, layout) => {
          runs.add(k, r, cube, layout);
          summaries.add(k, r, cube, layout);
        } });
      } catch (e) {
        runs.close();
        set.abort();
        throw e;
      }
      const sim = (Date.now() - t2) / 1000;
      const t3 = Date.now();
      const written = writeExperiment(target, res, { baseline: "status_quo", set, runs, summaries });
      const wr = (Date.now() - t3) / 1000;
      const cpu = process.cpuUsage(cpu2);
      const csvBytes = fs.statSync(path.join(target, "runs.csv")).size;
      const t4 = Date.now();
      const arrowFile = path.join(dir, "runs.arrow");
      writeRunsArrow(arrowFile, res, CORE_METRICS);
      const arrow = (Date.now() - t4) / 1000;
      endToEnd = {
        presets: mixes.length, replicates: 200, years: 10, workers: 2, rows: written.runRows,
        simulateSeconds: sim, writeSeconds: wr, totalSeconds: sim + wr, cpuSeconds: (cpu.user + cpu.system) / 1e6,
        runsCsvBytes: csvBytes, runsArrowBytes: fs.statSync(arrowFile).size, runsArrowWriteSeconds: arrow,
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const bytesPerFirm = (memAfter - memBefore) / firms;
  const load = os.loadavg()[0] as number;
  const report = {
    machine: { cpus: os.availableParallelism(), node: process.version, loadAverage1min: load },
    firms,
    years,
    timing: "single-thread figures in CPU time of this process; workers and end to end in wall time",
    firmYearsPerSecond: {
      singleThreadStep: single,
      workers: scaling,
      twoWorkerSpeedup: (scaling[1]?.firmYearsPerSecond ?? 0) / (scaling[0]?.firmYearsPerSecond ?? 1),
      workersFreshProcess: fresh,
      twoWorkerSpeedupFreshProcess: (fresh[1]?.firmYearsPerSecond ?? 0) / (fresh[0]?.firmYearsPerSecond ?? 1),
    },
    nsPerFirmYear: { total: 1e9 / single, byPhase },
    presetsOnBundledPopulation: presets,
    operationsPerFirmYear: { threefryBlocks: blocksPerFy, randomWords: 4 * blocksPerFy, transcendentalCalls: callsPerFy },
    unitCostsNs: { threefryBlock: nsPerBlock, transcendentalCall: nsPerCall },
    arithmeticFloor: { nsPerFirmYear: floorNs, firmYearsPerSecond: 1e9 / floorNs, shareOfStepTime: floorNs / (1e9 / single) },
    bytesPerFirm,
    generator: "Threefry4x32-13, keyed to (seed, replicate), counter (firm id, year, process, block)",
    endToEnd,
    targets: { singleThread: TARGET_FIRM_YEARS_PER_SECOND, twoWorkerSpeedup: 1.7, bytesPerFirm: 300, endToEndSeconds: 8 },
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  const ns = (x: number) => `${x.toFixed(0)} ns`;
  console.log(
    tableText(
      [
        { measure: "population", value: `${firms.toLocaleString("en")} firms × ${years} years` },
        { measure: "firm-years per CPU second, one thread (step only)", value: `${m(single)} (${ns(1e9 / single)} per firm-year)` },
        ...byPhase.map((b) => ({ measure: `  phase: ${b.phase}`, value: `${ns(b.nsPerFirmYear)} per firm-year` })),
        { measure: `the six presets on the bundled ${presets.firms.toLocaleString("en")} firms, one thread (step only)`, value: `${m(1e9 / presets.nsPerFirmYear)} (${ns(presets.nsPerFirmYear)} per firm-year)` },
        ...presets.byPhase.map((b) => ({ measure: `  phase: ${b.phase}`, value: `${ns(b.nsPerFirmYear)} per firm-year` })),
        ...scaling.map((s) => ({ measure: `firm-years per second, ${s.workers} worker(s), 12 replicates end to end`, value: `${m(s.firmYearsPerSecond)} (${s.seconds.toFixed(1)} s)` })),
        { measure: "two workers against one", value: `${report.firmYearsPerSecond.twoWorkerSpeedup.toFixed(2)} ×` },
        ...fresh.map((s) => ({ measure: `  the same, ${s.workers} worker(s), each run in a new process (start-up included)`, value: `${m(s.firmYearsPerSecond)} (${s.seconds.toFixed(1)} s)` })),
        { measure: "  two workers against one, new processes", value: `${report.firmYearsPerSecond.twoWorkerSpeedupFreshProcess.toFixed(2)} ×` },
        { measure: "Threefry blocks (4 words) per firm-year", value: blocksPerFy.toFixed(2) },
        { measure: "exp/log/log1p/pow calls per firm-year", value: callsPerFy.toFixed(2) },
        { measure: "cost of one block / one exp or log", value: `${nsPerBlock.toFixed(1)} ns / ${nsPerCall.toFixed(1)} ns` },
        { measure: "arithmetic floor (blocks + calls)", value: `${ns(floorNs)} per firm-year = ${m(1e9 / floorNs)} firm-years per second (${((100 * floorNs * single) / 1e9).toFixed(0)} % of the step)` },
        { measure: "bytes per firm (state arrays, capacity 1.25× the population)", value: bytesPerFirm.toFixed(0) },
        ...(endToEnd === null
          ? []
          : [
              { measure: `end to end: ${endToEnd.presets} presets × 200 replicates × 10 years, 2 workers, as simulate`, value: `${endToEnd.totalSeconds.toFixed(1)} s (simulation with runs.csv streamed ${endToEnd.simulateSeconds.toFixed(1)} s, then writing ${endToEnd.writeSeconds.toFixed(1)} s; ${endToEnd.cpuSeconds.toFixed(1)} CPU s)` },
              { measure: "  runs.csv / runs.arrow (--format arrow) of that run", value: `${(endToEnd.runsCsvBytes / 1e6).toFixed(0)} MB / ${(endToEnd.runsArrowBytes / 1e6).toFixed(0)} MB (arrow written in ${endToEnd.runsArrowWriteSeconds.toFixed(1)} s)` },
            ]),
        { measure: "load average (1 min) during the bench", value: load.toFixed(1) },
      ],
      { maxRows: 40, caption: `bioclusters bench (${os.availableParallelism()} CPUs, Node ${process.version}); targets: 6 M single, 1.7 × with 2 workers, ≤ 300 bytes per firm, < 8 s end to end` },
    ),
  );
  return 0;
}
