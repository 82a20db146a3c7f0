/**
 * `bioclusters simulate`: projects every cluster under one or more policy
 * mixes and writes runs.csv, summary.csv, differences.csv, panel.csv (when
 * asked) and manifest.json to --out.
 */
import * as os from "node:os";
import * as path from "node:path";
import { progress } from "../display/progress";
import { tableText } from "../display/table";
import { ResourceError, UserError } from "../errors";
import { checkOutputFolder, openOutputFolder } from "../data/output-folder";
import { checkPlan, planRun } from "../experiments/plan";
import { METRICS, METRICS_HINT } from "../model/collect";
import { MAX_MIXES, MAX_REPLICATES, MAX_WORKERS, MAX_YEARS } from "../limits";
import { cancelController } from "./signals";
import { writeExperiment, CORE_METRICS, RUNS_FORMATS, RunsStream, SummaryStream, type RunsFormat, type WrittenOutputs } from "../experiments/output";
import { runExperiment, type ExperimentResult } from "../experiments/runner";
import { ESTIMATES_FILES, estimatesRecord, inputHashes, loadInputs, resolveMixes } from "../experiments/simulate";
import { loadSources } from "../data/loaders";
import { dataFile } from "../paths";
import { costEffectiveness, pairedDifferences, unspentBudgets } from "../experiments/summary";
import { PRESETS } from "../model/policy";
import { checkSeed, intOption, parseCommand, required } from "./args";

export const SIMULATE_HELP = `Usage: bioclusters simulate --mix <preset|file> [--mix …] [--baseline <name>]
                           --years N --reps R --seed S --out <dir>
                           [--workers W] [--no-param-uncertainty] [--structural-uncertainty] [--data-uncertainty]
                           [--firm-panel] [--metrics m,m,…] [--estimates <dir>] [--format csv|arrow]

Projects every Korean bio-cluster under each policy mix, R replicates each, with
common random numbers across mixes, and writes to <dir>:
  runs.csv         scenario,replicate,seed,year,cluster,metric,value (long rows);
                   with --format arrow, runs.arrow instead (the same rows, Apache Arrow IPC)
  summary.csv      mean and 5/50/95 % quantiles per mix, cluster, year, metric
  differences.csv  paired differences against the baseline: the mean with its 95 % confidence
                   interval (t-interval over replicates), the spread of the replicates'
                   differences (5/50/95 %) and the relative difference with its interval
  panel.csv        one row per firm-year of replicate 0 (with --firm-panel)
  manifest.json    version, data and estimates (folder and hashes), mixes, seeds, options
Files appear only when complete.

Options:
  --mix <m>                 A preset (${PRESETS.join(", ")}) or a JSON file; repeat for several
  --baseline <name>         Mix the others are compared with (default: status_quo if run, else the first)
  --years <N>               Years to project (1-${MAX_YEARS})
  --reps <R>                Replicates per mix (1-${MAX_REPLICATES.toLocaleString("en")})
  --seed <S>                Scenario seed (any text or number)
  --workers <W>             Simulation threads (this one and W - 1 worker threads), 1-${MAX_WORKERS} (default: the
                            number of cores); results do not depend on it
  --no-param-uncertainty    Use the point estimates instead of drawing coefficients from N(b, V)
  --structural-uncertainty  Draw structural parameters from their ranges
  --data-uncertainty        Run each replicate on its own draw of the cluster baseline: every imputed or
                            synthetic cell from its range in data/sources.csv
  --firm-panel              Also write panel.csv
  --metrics <list>          Metrics in runs.csv (default: ${CORE_METRICS.join(",")})
  --estimates <dir>         Folder of estimates artefacts (${ESTIMATES_FILES.join(", ")}) to run on instead
                            of the bundled data/estimates/; checked like the bundled ones before the run
  --format <csv|arrow>      How the runs are written: csv (runs.csv, the default) or arrow (runs.arrow,
                            an Apache Arrow IPC file a sixth the size, read by pyarrow and R's arrow;
                            see docs/outputs.md)
  --out <dir>               Output folder (replaced as a whole when the run is complete)
  --allow-large             Lift the caps on firm-years, memory and output size (README "Limits")

The output folder is checked before the run starts. While a run writes, the folder keeps the
previous run; the new set replaces it in one step, so it never mixes two runs. A lock stops two
runs writing to one folder. Ctrl-C stops the run and leaves the previous output.
Exit status: 0 done, 2 user error, 3 resource limit, 70 internal error, 130/143 stopped.`;

export async function runSimulate(args: string[]): Promise<number> {
  const values = parseCommand<{
    mix?: string[]; baseline?: string; years?: string; reps?: string; seed?: string; workers?: string;
    "no-param-uncertainty"?: boolean; "structural-uncertainty"?: boolean; "data-uncertainty"?: boolean; "firm-panel"?: boolean; metrics?: string; out?: string; "allow-large"?: boolean; estimates?: string; format?: string;
  }>("simulate", args, {
    mix: { type: "string", multiple: true },
    baseline: { type: "string" },
    years: { type: "string" },
    reps: { type: "string" },
    seed: { type: "string" },
    workers: { type: "string" },
    "no-param-uncertainty": { type: "boolean" },
    "structural-uncertainty": { type: "boolean" },
    "data-uncertainty": { type: "boolean" },
    "firm-panel": { type: "boolean" },
    metrics: { type: "string" },
    out: { type: "string" },
    "allow-large": { type: "boolean" },
    estimates: { type: "string" },
    format: { type: "string" },
  }, SIMULATE_HELP);
  if (values === null) return 0;
  if (!values.mix || values.mix.length === 0) throw new UserError("Give at least one --mix (a preset name or a JSON file).", { hint: `Presets: ${PRESETS.join(", ")}.` });
  const allowLarge = values["allow-large"] === true;
  // Every option is checked before any input is read or any work is done.
  const years = intOption("simulate", "years", required("simulate", "years", values.years), { min: 1, max: MAX_YEARS });
  const reps = intOption("simulate", "reps", required("simulate", "reps", values.reps), { min: 1, resourceMax: MAX_REPLICATES, what: "replicates per mix" });
  const seed = checkSeed("simulate", required("simulate", "seed", values.seed));
  const out = required("simulate", "out", values.out);
  const workers = values.workers
    ? intOption("simulate", "workers", values.workers, { min: 1, max: MAX_WORKERS })
    : Math.max(1, os.availableParallelism()); // this thread simulates too (runner.ts)
  if (values.mix.length > MAX_MIXES) throw new ResourceError(`${values.mix.length} mixes exceed the limit of ${MAX_MIXES} in one run.`, { hint: "Split them over several runs." });
  const metrics = values.metrics !== undefined ? parseMetrics(values.metrics) : undefined;
  const format = parseFormat(values.format);
  checkOutputFolder(out);
  if (values.estimates !== undefined && values.estimates.trim() === "") throw new UserError("--estimates needs a folder, e.g. --estimates out/my-estimates.", { hint: `The folder must hold ${ESTIMATES_FILES.join(", ")}.` });
  const inputs = loadInputs(values.estimates !== undefined ? { estimates: values.estimates } : {});
  const estimates = estimatesRecord(values.estimates);
  const mixes = resolveMixes(values.mix, inputs.clusters.map((c) => c.id));
  const names = mixes.map((m) => m.name);
  const baseline = values.baseline ?? (names.includes("status_quo") ? "status_quo" : (names[0] as string));
  if (!names.includes(baseline)) throw new UserError(`The baseline "${baseline}" is not one of the mixes given (${names.join(", ")}).`);
  const plan = planRun({ baseFirms: inputs.survey.length, mixes: mixes.length, replicates: reps, years, firmPanel: values["firm-panel"] === true, ...(metrics ? { metrics: metrics.length } : {}) });
  checkPlan(plan, { allowLarge });
  // The output set is opened (and locked) before the run, so a second run into the same folder is refused at once.
  const set = openOutputFolder(out, { estimatedBytes: plan.outputBytes, command: ["bioclusters", "simulate", ...args].join(" ") });
  const bar = progress(mixes.length * reps, "replicates");
  // runs.csv is written into the output set while the replicates run (RunsStream); arrow is written at the end.
  const runs = format === "csv" ? new RunsStream(path.join(set.dir, "runs.csv"), metrics ?? CORE_METRICS) : undefined;
  // Summaries and paired differences are computed mix by mix as the mixes finish (SummaryStream).
  const summaries = new SummaryStream(baseline, metrics ?? CORE_METRICS);
  const t0 = Date.now();
  let res: ExperimentResult;
  let simSeconds: number;
  let written: WrittenOutputs;
  try {
    res = await runExperiment(inputs, mixes, {
      years,
      replicates: reps,
      seed,
      workers,
      paramUncertainty: values["no-param-uncertainty"] !== true,
      structuralUncertainty: values["structural-uncertainty"] === true,
      ...(values["data-uncertainty"] === true ? { dataUncertainty: { sources: loadSources(dataFile("sources.csv"), { clusters: inputs.clusters }) } } : {}),
      firmPanel: values["firm-panel"] === true,
      onProgress: (d) => bar.set(d),
      onResult: (k, r, cube, layout) => {
        runs?.add(k, r, cube, layout);
        summaries.add(k, r, cube, layout);
      },
      signal: cancelController.signal,
      allowLarge,
    });
    simSeconds = (Date.now() - t0) / 1000;
    written = writeExperiment(out, res, {
      set,
      baseline,
      format,
      ...(runs ? { runs } : {}),
      summaries,
      ...(metrics ? { metrics } : {}),
      manifest: { command: ["bioclusters", "simulate", ...args].join(" "), workers, data: inputHashes(inputs.files), estimates, seconds: simSeconds },
    });
  } catch (e) {
    runs?.close();
    set.abort(); // the previous output stays; the lock is released
    throw e;
  }
  const last = years;
  const rows = (mixes.length > 1 ? pairedDifferences(res, baseline, { metrics: ["firms", "employment", "innovators", "patents", "unfunded_demand", "unfilled_vacancies"], locations: ["all"] }) : [])
    .filter((d) => d.year === last)
    .map((d) => ({ mix: d.scenario, metric: d.metric, "mean difference": d.mean, "95% CI low": d.ciLow, "95% CI high": d.ciHigh, "spread 5%": d.p05, "spread 95%": d.p95 }));
  console.log(`\nSimulated ${mixes.length} mix(es) × ${reps} replicates × ${years} years in ${simSeconds.toFixed(1)} s; wrote ${written.files.length} files (${written.runRows} rows in ${format === "arrow" ? "runs.arrow" : "runs.csv"}) to ${out}`);
  if (rows.length) console.log("\n" + tableText(rows, { maxRows: 200, caption: `Year ${last}, national totals, paired differences against ${baseline}: mean with its 95 % confidence interval (t over ${reps} replicates), and the spread of the replicates' differences (5-95 %):` }));
  if (mixes.length > 1) {
    const ce = costEffectiveness(res, baseline).map((c) => ({
      mix: c.scenario,
      metric: c.metric,
      "gain over horizon": c.gain,
      "cost difference (KRW bn)": c.costDiff,
      "gain per KRW bn of cost difference": c.perKrwBn === null ? c.basis : c.perKrwBn,
    }));
    console.log("\n" + tableText(ce, { maxRows: 200, caption: `Cost-effectiveness against ${baseline} (national; flows summed over the horizon, levels in its last year; "budget-neutral": the mix costs the same, so compare gains directly):` }));
  }
  const unspent = unspentBudgets(res);
  if (unspent.length) {
    const rows2 = unspent.map((u) => ({ mix: u.scenario, instrument: u.instrument, "budget (KRW bn)": u.budget, "spent (KRW bn)": u.spent, "share spent": `${((100 * u.spent) / u.budget).toFixed(0)} %` }));
    console.log("\n" + tableText(rows2, { maxRows: 200, caption: `Note: these instruments spent under 95 % of their budget over the horizon (mean over replicates). A firm-level instrument pays each firm at most awardCap × its typical award, so money beyond what its eligible firms can absorb is moved to the mix's other firm-level and national instruments, unless the mix says "unplacedMoney": "save" or none can take it; then it stays unspent and the mix costs less than its budget (drop that setting, or move that share to other instruments, for a budget-neutral comparison):` }));
  }
  return 0;
}

/** `--format` is csv (the default) or arrow. */
function parseFormat(text: string | undefined): RunsFormat {
  if (text === undefined) return "csv";
  const f = text.trim().toLowerCase();
  if ((RUNS_FORMATS as readonly string[]).includes(f)) return f as RunsFormat;
  throw new UserError(`--format "${text}" is not a runs format; use csv (runs.csv, the default) or arrow (runs.arrow, an Apache Arrow IPC file for big runs).`);
}

/** `--metrics firms,bogus` names the unknown metric before any work. */
function parseMetrics(text: string): string[] {
  const list = text.split(",").map((m) => m.trim());
  if (list.some((m) => m === "")) throw new UserError(`--metrics "${text}" has an empty name; list metric names separated by commas.`, { hint: `Metrics: ${METRICS_HINT}.` });
  const unknown = list.filter((m) => !(METRICS as readonly string[]).includes(m));
  if (unknown.length > 0) throw new UserError(`--metrics names unknown metric${unknown.length > 1 ? "s" : ""} ${unknown.map((m) => `"${m}"`).join(", ")}.`, { hint: `Metrics: ${METRICS_HINT}.` });
  return [...new Set(list)];
}
