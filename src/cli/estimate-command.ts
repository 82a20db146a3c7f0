/**
 * `bioclusters estimate`: fits OLS, logit, Poisson or negative binomial models
 * on a CSV file and prints a summary table (or JSON), optionally writing the
 * estimates artefact the simulator reads.
 */
import { readCsvFile } from "../data/csv";
import { checkColumns, describeDropped } from "../data/columns";
import { outputError } from "../data/output-folder";
import { buildDesign, conditionNumber } from "../estimation/design";
import { COLLINEARITY_WARNING_CONDITION } from "../limits";
import { toArtefact, writeArtefact } from "../estimation/artefact";
import { estimate, parseCov } from "../estimation/models";
import { MODELS, type ModelKind } from "../estimation/result";
import { summaryText } from "../estimation/summary";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import { dataFile } from "../paths";
import { parseCommand, required } from "./args";

export const ESTIMATE_HELP = `Usage: bioclusters estimate --model ols|logit|poisson|negbin --y <col> --x <col,col,…>
                           [--data <csv>] [--cov classic|HC0|HC1|HC2|HC3|cluster:<col>]
                           [--base <var=level,…>] [--drop-missing] [--json] [--out <estimates.json>]

Fits a regression on a CSV file. Text columns become dummies against their first level
(in sorted order). A missing value (an empty cell, NA, NaN, ., …) in a used column is an
error naming its line and column, unless --drop-missing asks to leave out such rows
(listwise deletion; the count and lines are reported). The design's scaled condition
number is reported; above ${COLLINEARITY_WARNING_CONDITION} the regressors are nearly collinear.

Options:
  --data <csv>    Data. Default: data/survey_synthetic.csv
  --model <m>     ols, logit, poisson or negbin (NB2, dispersion by maximum likelihood)
  --y <col>       Outcome column
  --x <cols>      Regressors, comma-separated
  --cov <type>    Covariance: classic (default), HC0-HC3 (HC2/HC3 OLS only), cluster:<col>
  --base <v=l>    Base level of a categorical regressor, e.g. sector=bio_pharma
  --drop-missing  Leave out rows with a missing value in a used column (reported)
  --json          Print {"model","nobs","params","bse","cov","llf","conditionNumber","nDropped"} (negbin: also "alpha")
  --out <file>    Write the estimates artefact (JSON) for the simulator
  -h, --help      Show this help

Exit status: 0 done, 2 user error (bad data or options), 3 resource limit, 70 internal error.`;

export async function runEstimate(args: string[]): Promise<number> {
  const values = parseCommand<{ data?: string; model?: string; y?: string; x?: string; cov?: string; base?: string; json?: boolean; out?: string; "drop-missing"?: boolean }>("estimate", args, {
    "drop-missing": { type: "boolean" },
    base: { type: "string" },
    data: { type: "string" },
    model: { type: "string" },
    y: { type: "string" },
    x: { type: "string" },
    cov: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
  }, ESTIMATE_HELP);
  if (values === null) return 0;
  const model = required("estimate", "model", values.model);
  if (!MODELS.includes(model as ModelKind)) throw new UserError(`Unknown model "${model}".`, { hint: `Use one of ${MODELS.join(", ")}.` });
  const y = required("estimate", "y", values.y);
  const xText = required("estimate", "x", values.x);
  const x = xText.split(",").map((s) => s.trim());
  if (x.some((v) => v === "")) throw new UserError(`--x "${xText}" has an empty name; list regressor columns separated by commas, e.g. --x log_researchers,collaborating.`);
  const dupX = x.find((v, i) => x.indexOf(v) !== i);
  if (dupX !== undefined) throw new UserError(`--x names "${dupX}" twice; list each regressor once.`);
  const data = values.data ?? dataFile("survey_synthetic.csv");
  const { cov, clusterBy } = parseCov(values.cov ?? "classic");
  const categorical: Record<string, string> = {};
  for (const part of (values.base ?? "").split(",").filter(Boolean)) {
    const [v, l, extra] = part.split("=");
    if (!v || !l || extra !== undefined) throw new UserError(`--base "${part}" should look like variable=level.`);
    if (!x.includes(v.trim())) throw new UserError(`--base names "${v.trim()}", which is not one of the regressors in --x (${x.join(", ")}).`);
    categorical[v.trim()] = l.trim();
  }
  if (values.out) checkArtefactTarget(values.out); // before any computation
  // One validation path: the file's used columns are checked (codebook tables against the codebook), missing values refused or dropped.
  const checked = checkColumns(readCsvFile(data), {
    columns: [y, ...x, ...(clusterBy ? [clusterBy] : [])],
    numeric: [y],
    categorical: Object.keys(categorical),
    dropMissing: values["drop-missing"] === true,
    dropHint: "pass --drop-missing",
  });
  const spec = { model: model as ModelKind, y, x, cov, ...(clusterBy ? { clusterBy } : {}), categorical, source: data };
  const cond = conditionNumber(buildDesign(checked.rows, { y, x, categorical, ...(clusterBy ? { group: clusterBy } : {}), source: data }));
  const r = estimate(checked.rows, spec);
  const bad = r.names.find((_, i) => !Number.isFinite(r.params[i] as number) || !Number.isFinite(r.bse[i] as number));
  if (bad !== undefined) {
    throw new UserError(`The ${model} fit gave a non-finite estimate or standard error for "${bad}" (condition number ${fmtCond(cond)}), so nothing was written.`, {
      location: { file: data },
      hint: "Rescale large variables, drop nearly collinear regressors, or check for perfect prediction (separation) in a logit.",
    });
  }
  const notes: string[] = [];
  if (checked.dropped.count > 0) notes.push(`Left out ${describeDropped(checked.dropped)} with missing values (--drop-missing).`);
  if (cond > COLLINEARITY_WARNING_CONDITION) notes.push(`Near-collinearity: the scaled condition number of the regressors is ${fmtCond(cond)} (above ${COLLINEARITY_WARNING_CONDITION}); the estimates are sensitive to small changes in the data.`);
  if (values.out) {
    const a = toArtefact(r, { dataFile: data });
    try {
      writeArtefact(values.out, a);
    } catch (e) {
      throw outputError(e, values.out);
    }
  }
  if (values.json) {
    const byName = (v: readonly number[]) => Object.fromEntries(r.names.map((n, i) => [n, v[i]]));
    for (const n of notes) console.error(`bioclusters: note: ${n}`);
    console.log(JSON.stringify({ model: r.model, nobs: r.nobs, params: byName(r.params), bse: byName(r.bse), cov: r.cov, llf: r.llf, ...(r.alpha !== null ? { alpha: r.alpha } : {}), covType: r.covType, nDropped: checked.dropped.count, conditionNumber: Number.isFinite(cond) ? cond : null }));
    return 0;
  }
  console.log(summaryText(r));
  console.log(`\nCondition number (columns scaled to unit length): ${fmtCond(cond)}`);
  for (const n of notes) console.log(n);
  if (values.out) console.log(`\nEstimates written to ${values.out}`);
  return 0;
}

function fmtCond(c: number): string {
  return Number.isFinite(c) ? (c < 1000 ? c.toFixed(1) : c.toExponential(2)) : "infinite";
}

/** --out for an artefact: a file path whose folder exists or can be made, not a folder, writable. */
function checkArtefactTarget(file: string): void {
  const where = { location: { file } };
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new UserError(`The output file cannot be used (${code}).`, { ...where, hint: "Give another --out file." });
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new UserError("The output file is a link to a file that does not exist.", { ...where, hint: "Remove the link or give another --out file." });
  }
  if (st?.isDirectory()) throw new UserError("The output path is a folder; --out names the estimates file to write.", { ...where, hint: "Give a file name, e.g. --out estimates.json." });
  if (st !== null && !st.isFile()) throw new UserError("The output path is a device or special file, not a regular file.", { ...where, hint: "Give a file name, e.g. --out estimates.json." });
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`"${dir}" is a file, so the output cannot be created inside it.`, { ...where, hint: "Give another --out file." });
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UserError(`The folder "${dir}" cannot be written to (permission denied).`, { ...where, hint: "Give an --out file in a folder you may write to." });
  }
}
