/**
 * `bioclusters calibrate`: fits the free structural parameters to the
 * 2012–2018 moments by the method of simulated moments and writes
 * calibrated.json and calibrated_moments.csv (docs/calibration.md).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { calibrate } from "../calibration/msm";
import { writeCalibration } from "../calibration/output";
import { progress, type Progress } from "../display/progress";
import { tableText } from "../display/table";
import { UserError } from "../errors";
import { MAX_WORKERS } from "../limits";
import { CALIBRATED_PARAMETERS, PARAMETERS, type ParameterId } from "../model/params";
import { dataFile } from "../paths";
import { checkSeed, decimalOption, intOption, parseCommand } from "./args";
import { cancelController } from "./signals";

const DEFAULTS = { years: 6, reps: 20, design: 40, maxEvals: 400 };
const SMALL = { years: 6, reps: 4, design: 8, maxEvals: 20 };

export const CALIBRATE_HELP = `Usage: bioclusters calibrate [--out <dir>] [--workers W] [--small]
                            [--reps R] [--design N] [--max-evals N] [--years T] [--seed S]
                            [--parameters a,b,…] [--mix <preset|file>] [--moments <file>]
                            [--journal <file>] [--fresh]

Fits the free structural parameters (${CALIBRATED_PARAMETERS.map((p) => p.name).join(", ")})
to the 2012–2018 moments in data/calibration/moments.csv by the method of simulated moments:
R replicates per parameter point with the same seeds at every point, a Latin hypercube of N
points over the parameters' ranges, then Nelder–Mead from the best. Writes to <dir>:
  calibrated.json          parameters and standard errors, objective, J statistic and p-value,
                           moments table, seeds, settings, data hashes
  calibrated_moments.csv   moment, target, se, simulated, simulated_sd, t_ratio
Every completed evaluation is recorded in a journal; an interrupted run (Ctrl-C, a crash,
a killed job) continues from its last completed evaluation when run again with the same options.

Options:
  --out <dir>           Output folder (default: the package's data/calibration, which the
                        simulator reads its calibrated parameters from)
  --workers <W>         Worker threads, 1-${MAX_WORKERS} (default: the number of cores); results do not depend on it
  --small               A quick run for checks and CI: ${SMALL.reps} replicates, ${SMALL.design} design points, ${SMALL.maxEvals} Nelder–Mead evaluations
  --reps <R>            Replicates per point (default ${DEFAULTS.reps})
  --design <N>          Latin hypercube points (default ${DEFAULTS.design})
  --max-evals <N>       Most Nelder–Mead evaluations (default ${DEFAULTS.maxEvals})
  --years <T>           Model years per replicate, the window the moments describe (default ${DEFAULTS.years})
  --seed <S>            Seed (default 2018)
  --parameters <list>   Free parameters, comma-separated (default the list above)
  --mix <m>             The policy mix in force over the window (default status_quo)
  --moments <file>      A moments CSV in the format of data/calibration/moments.csv
  --journal <file>      The journal (default <dir>/calibrate-journal.jsonl)
  --fresh               Delete the journal first and start afresh
Exit status: 0 done, 2 user error, 70 internal error, 130/143 stopped (the journal keeps the work done).`;

export async function runCalibrate(args: string[]): Promise<number> {
  const v = parseCommand<{ out?: string; workers?: string; small?: boolean; reps?: string; design?: string; "max-evals"?: string; years?: string; seed?: string; parameters?: string; mix?: string; moments?: string; journal?: string; fresh?: boolean; "jacobian-step"?: string }>(
    "calibrate",
    args,
    {
      out: { type: "string" }, workers: { type: "string" }, small: { type: "boolean" }, reps: { type: "string" }, design: { type: "string" },
      "max-evals": { type: "string" }, years: { type: "string" }, seed: { type: "string" }, parameters: { type: "string" }, mix: { type: "string" },
      moments: { type: "string" }, journal: { type: "string" }, fresh: { type: "boolean" }, "jacobian-step": { type: "string" },
    },
    CALIBRATE_HELP,
  );
  if (v === null) return 0;
  const base = v.small === true ? SMALL : DEFAULTS;
  const years = v.years !== undefined ? intOption("calibrate", "years", v.years, { min: 2, max: 50 }) : base.years;
  const replicates = v.reps !== undefined ? intOption("calibrate", "reps", v.reps, { min: 2, max: 10_000 }) : base.reps;
  const design = v.design !== undefined ? intOption("calibrate", "design", v.design, { min: 1, max: 100_000 }) : base.design;
  const maxEvals = v["max-evals"] !== undefined ? intOption("calibrate", "max-evals", v["max-evals"], { min: 1, max: 100_000 }) : base.maxEvals;
  const workers = v.workers !== undefined ? intOption("calibrate", "workers", v.workers, { min: 1, max: MAX_WORKERS }) : Math.max(1, os.availableParallelism());
  const seed = v.seed !== undefined ? checkSeed("calibrate", v.seed) : "2018";
  const jacobianStep = v["jacobian-step"] !== undefined ? decimalOption("calibrate", "jacobian-step", v["jacobian-step"], { min: 0.001, max: 0.25 }) : undefined;
  let parameters: ParameterId[] | undefined;
  if (v.parameters !== undefined) {
    parameters = v.parameters.split(",").map((s) => s.trim()).filter((s) => s !== "") as ParameterId[];
    for (const p of parameters) if (!(p in PARAMETERS)) throw new UserError(`--parameters: "${p}" is not a structural parameter.`, { hint: "See the parameter table in docs/model.md for the names." });
  }
  const out = v.out ?? dataFile("calibration");
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UserError(`--out ${out} is a file, not a folder.`, { hint: "Give a folder for calibrated.json." });
  const journal = v.journal ?? path.join(out, "calibrate-journal.jsonl");
  if (v.fresh === true) fs.rmSync(journal, { force: true });
  const resumed = fs.existsSync(journal);
  let bar: Progress | null = null;
  const t0 = Date.now();
  const res = await calibrate({
    years, replicates, design, maxEvals, workers, seed, journal,
    ...(jacobianStep !== undefined ? { jacobianStep } : {}),
    ...(parameters ? { parameters } : {}),
    ...(v.mix ? { mix: v.mix } : {}),
    ...(v.moments ? { data: { moments: v.moments } } : {}),
    signal: cancelController.signal,
    onProgress: (done, planned, stage) => {
      bar ??= progress(planned, "evaluations", { sink: null });
      bar.set(Math.min(done, planned - 1));
      void stage;
    },
  });
  (bar as Progress | null)?.set((bar as Progress | null)?.total ?? 0);
  const seconds = (Date.now() - t0) / 1000;
  const files = writeCalibration(out, res);
  const fmt = (x: number | null) => (x === null ? "—" : Number(x.toPrecision(4)));
  console.log(tableText(res.parameters.map((p) => ({ parameter: p.name, value: fmt(p.value), se: fmt(p.se), range: `${p.lower} – ${p.upper}`, default: p.default })), { caption: "Calibrated parameters:" }));
  console.log("\n" + tableText(res.moments.map((m) => ({ moment: m.name, target: fmt(m.target), se: fmt(m.se), simulated: fmt(m.simulated), "t-ratio": fmt(m.t) })), { caption: "Moments (t = (simulated − target) / se):" }));
  console.log(`\nObjective ${fmt(res.objective)}; J = ${fmt(res.J)} on ${res.df} degrees of freedom, p = ${res.pValue === null ? "—" : res.pValue.toExponential(2)}.`);
  for (const w of res.warnings) console.log(`Note: ${w}`);
  console.log(`\n${res.optimiser.evaluations} evaluations × ${replicates} replicates in ${seconds.toFixed(1)} s on ${workers} worker(s)${resumed ? " (resumed from the journal)" : ""}; wrote ${files.join(", ")}`);
  return 0;
}
