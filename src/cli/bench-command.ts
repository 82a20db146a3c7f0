/**
 * `bioclusters bench` / `npm run bench`: how fast the simulator runs here.
 * Reports firm-years per second single-threaded on a 100,000-firm population,
 * scaling with 1 and 2 workers, bytes per firm, and — measured in the same
 * process — the raw throughput of the random generator and the draws per
 * firm-year, so the simulator's speed can be read against the generator-bound
 * limit. Figures, not a timed test.
 */
import * as os from "node:os";
import { tableText } from "../display/table";
import { runExperiment } from "../experiments/runner";
import { loadInputs, resolveMixes } from "../experiments/simulate";
import { initState, step } from "../model/engine";
import { DEFAULT_STRUCTURAL } from "../model/params";
import { replicateCoefs, resolvePolicy } from "../model/run";
import { buildSetup } from "../model/setup";
import { fastStream, nextU32, unif } from "../random/fast";
import { intOption, parseCommand } from "./args";
import { MAX_BENCH_FIRMS, MAX_BENCH_YEARS } from "../limits";

export const BENCH_HELP = `Usage: bioclusters bench [--json] [--firms N] [--years Y]

Measures the simulator on this machine: firm-years per second on a population of
about N firms (default 100,000; at most ${MAX_BENCH_FIRMS.toLocaleString("en")}) for Y years (default 10; 1-${MAX_BENCH_YEARS}), with 1 and 2 workers,
bytes per firm, the random generator's raw speed and the draws per firm-year.`;

interface CountingStream {
  s: Uint32Array;
}

export async function runBench(args: string[]): Promise<number> {
  const values = parseCommand<{ json?: boolean; firms?: string; years?: string }>("bench", args, {
    json: { type: "boolean" },
    firms: { type: "string" },
    years: { type: "string" },
  }, BENCH_HELP);
  if (values === null) return 0;
  const years = values.years === undefined ? 10 : intOption("bench", "years", values.years, { min: 1, max: MAX_BENCH_YEARS });
  const wanted = values.firms === undefined ? 100_000 : intOption("bench", "firms", values.firms, { min: 1, resourceMax: MAX_BENCH_FIRMS, what: "firms" });
  const inputs = loadInputs();
  const scale = Math.max(1, Math.round(wanted / inputs.survey.length));
  const setup = buildSetup({ ...inputs, scale });
  const firms = setup.population.size;
  const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;
  const p = DEFAULT_STRUCTURAL;
  const coefs = replicateCoefs(setup, 1, 0, false);
  const policy = resolvePolicy(mix, setup);
  const shares = Float64Array.from(policy.budget);

  // Single-threaded step throughput (warm-up run, then the best of three).
  const streamsFor = (seed: string) => ({
    policy: fastStream(`${seed}/policy`), finance: fastStream(`${seed}/finance`), network: fastStream(`${seed}/network`),
    innovation: fastStream(`${seed}/innovation`), patents: fastStream(`${seed}/patents`), sales: fastStream(`${seed}/sales`),
    exit: fastStream(`${seed}/exit`), entry: fastStream(`${seed}/entry`),
  });
  let best = Infinity;
  let firmYears = 0;
  let draws = 0;
  let memBefore = 0;
  let memAfter = 0;
  for (let rep = 0; rep < 4; rep++) {
    const streams = streamsFor(`bench/${rep}`);
    if (rep === 0) memBefore = process.memoryUsage().arrayBuffers;
    const state = initState(setup, p, fastStream(`bench/${rep}/init`));
    if (rep === 0) memAfter = process.memoryUsage().arrayBuffers;
    // Count draws by snapshotting the streams' positions is not possible with xoshiro; count via a shadow run instead (below).
    const t0 = process.hrtime.bigint();
    let fy = 0;
    for (let t = 1; t <= years; t++) {
      for (let k = 0; k < shares.length; k++) policy.budget[k] = 300 * (shares[k] as number);
      let alive = 0;
      for (let i = 0; i < state.n; i++) alive += state.alive[i] as number;
      fy += alive;
      step(state, setup, p, policy, coefs, streams);
    }
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    if (rep > 0 && sec < best) {
      best = sec;
      firmYears = fy;
    }
  }
  const single = firmYears / best;

  // Draws per firm-year: run a small population with counting generators.
  {
    const small = buildSetup(inputs);
    const st = initState(small, p, fastStream("count/init"));
    const counters: CountingStream[] = [];
    const make = (name: string) => {
      const s = fastStream(`count/${name}`);
      counters.push({ s });
      return s;
    };
    const streams = { policy: make("policy"), finance: make("finance"), network: make("network"), innovation: make("innovation"), patents: make("patents"), sales: make("sales"), exit: make("exit"), entry: make("entry") };
    // Re-run with identical seeds and count how many outputs reproduce each stream's final state.
    const snapshot = counters.map((c) => Uint32Array.from(c.s));
    let fy = 0;
    const pol = resolvePolicy(mix, small);
    for (let t = 1; t <= 3; t++) {
      for (let k = 0; k < shares.length; k++) pol.budget[k] = 300 * (shares[k] as number);
      for (let i = 0; i < st.n; i++) fy += st.alive[i] as number;
      step(st, small, p, pol, coefs, streams);
    }
    counters.forEach((c, j) => {
      const s = Uint32Array.from(snapshot[j] as Uint32Array);
      let n = 0;
      while (n < 5_000_000 && (s[0] !== c.s[0] || s[1] !== c.s[1] || s[2] !== c.s[2] || s[3] !== c.s[3])) {
        nextU32(s);
        n++;
      }
      draws += n;
    });
    draws /= fy;
  }

  // Raw generator throughput: uniforms per second in this process.
  const g = fastStream("bench/generator");
  let acc = 0;
  const N = 50_000_000;
  const tg = process.hrtime.bigint();
  for (let i = 0; i < N; i++) acc += unif(g);
  const genRate = N / (Number(process.hrtime.bigint() - tg) / 1e9);
  if (acc === 0) console.log("");

  // Worker scaling on the same population (6 replicates of the status quo).
  const scaling: Array<{ workers: number; seconds: number; firmYearsPerSecond: number }> = [];
  for (const workers of [1, 2]) {
    const t0 = Date.now();
    await runExperiment({ ...inputs, scale }, [mix], { years, replicates: 12, seed: "bench", workers, paramUncertainty: false });
    const sec = (Date.now() - t0) / 1000;
    scaling.push({ workers, seconds: sec, firmYearsPerSecond: (12 * firmYears) / sec });
  }

  const bytesPerFirm = (memAfter - memBefore) / firms;
  const report = {
    machine: { cpus: os.availableParallelism(), node: process.version },
    firms,
    years,
    firmYearsPerSecond: { singleThreadStep: single, workers: scaling },
    bytesPerFirm,
    generator: { name: "xoshiro128** (seeded via seedrandom)", uniformsPerSecond: genRate, drawsPerFirmYear: draws },
    generatorBoundFirmYearsPerSecond: genRate / draws,
    targets: { singleThread: 6e6, twoWorkers: 10e6, bytesPerFirm: 300 },
  };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  console.log(
    tableText(
      [
        { measure: "population", value: `${firms.toLocaleString("en")} firms × ${years} years` },
        { measure: "firm-years per second, one thread (step only)", value: m(single) },
        ...scaling.map((s) => ({ measure: `firm-years per second, ${s.workers} worker(s), 12 replicates end to end`, value: `${m(s.firmYearsPerSecond)} (${s.seconds.toFixed(1)} s)` })),
        { measure: "bytes per firm (state arrays, capacity 1.25× the population)", value: bytesPerFirm.toFixed(0) },
        { measure: "random generator, uniforms per second", value: m(genRate) },
        { measure: "random draws per firm-year", value: draws.toFixed(1) },
        { measure: "generator-bound limit, firm-years per second", value: m(genRate / draws) },
        { measure: "simulator speed as a share of that limit", value: `${((100 * single) / (genRate / draws)).toFixed(0)} %` },
      ],
      { maxRows: 20, caption: `bioclusters bench (${os.availableParallelism()} CPUs, Node ${process.version}); targets: 6 M single, 10 M with 2 workers, ≤ 300 bytes per firm` },
    ),
  );
  return 0;
}
