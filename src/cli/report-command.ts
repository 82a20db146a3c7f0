/**
 * `bioclusters report --out <dir>`: the default analysis as one self-contained
 * HTML report, SVG/PNG figures, CSVs and a manifest.
 */
import * as os from "node:os";
import { buildReport } from "../report/report";
import { UserError } from "../errors";
import { MAX_REPLICATES, MAX_YEARS } from "../limits";
import { checkSeed, intOption, parseCommand } from "./args";

export const REPORT_HELP = `Usage: bioclusters report [--out <dir>] [--seed S] [--reps R] [--years Y] [--quick] [--no-images]

Runs the default analysis on the bundled data — cluster diagnosis, determinants, six policy
mixes, sensitivity — and writes to <dir> (default out/report):
  report.html        one self-contained page with interactive figures (works offline)
  figures/*.svg|png  every figure, rendered in headless Chromium
  data/*.csv         the numbers behind the figures
  manifest.json      seeds, options and data hashes
Running it twice with the same seed gives identical numbers.

Options:
  --seed S       Seed (default 2018)
  --reps R       Replicates per policy mix, 1-${MAX_REPLICATES} (default 100)
  --years Y      Horizon, 1-${MAX_YEARS} (default 10)
  --quick        Smaller samples everywhere (fast checks; noisier numbers)
  --no-images    Skip the SVG/PNG files (no Chromium needed)
  --lang L       Labels and headings in English (en, default) or Korean (ko)

<dir> is replaced as a whole when the report is complete (it never mixes two reports).
Exit status: 0 done, 2 user error, 3 resource limit, 70 internal error, 130/143 stopped.`;

export async function runReport(args: string[]): Promise<number> {
  const values = parseCommand<{ out?: string; seed?: string; reps?: string; years?: string; quick?: boolean; "no-images"?: boolean; lang?: string }>("report", args, {
    out: { type: "string" },
    seed: { type: "string" },
    reps: { type: "string" },
    years: { type: "string" },
    quick: { type: "boolean" },
    "no-images": { type: "boolean" },
    lang: { type: "string" },
  }, REPORT_HELP);
  if (values === null) return 0;
  const lang = values.lang ?? "en";
  if (lang !== "en" && lang !== "ko") throw new UserError(`--lang must be "en" (English) or "ko" (Korean), not "${lang}".`);
  const out = values.out ?? "out/report";
  const t0 = Date.now();
  const reps = values.reps === undefined ? undefined : intOption("report", "reps", values.reps, { min: 1, resourceMax: MAX_REPLICATES, what: "replicates per mix" });
  const years = values.years === undefined ? undefined : intOption("report", "years", values.years, { min: 1, max: MAX_YEARS });
  if (values.seed !== undefined) checkSeed("report", values.seed);
  const r = await buildReport({
    out,
    seed: values.seed ?? 2018,
    ...(reps !== undefined ? { replicates: reps } : {}),
    ...(years !== undefined ? { years } : {}),
    quick: values.quick === true,
    lang,
    images: values["no-images"] !== true,
    workers: Math.max(1, os.availableParallelism()), // simulation threads: this one and the rest in workers (runner.ts)
    onStage: (s) => process.stderr.write(`… ${s}\n`),
  });
  console.log(`Report written to ${r.html} in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${r.figures.length} figures, ${r.csvs.length} CSV files${r.images.length ? `, ${r.images.length} SVG/PNG files` : ""}.`);
  if (r.imageWarning) console.log(r.imageWarning);
  return 0;
}
