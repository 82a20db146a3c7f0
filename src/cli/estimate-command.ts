/**
 * `bioclusters estimate`: fits OLS, logit, Poisson or negative binomial models
 * on a CSV file and prints a summary table (or JSON), optionally writing the
 * estimates artefact the simulator reads.
 */
import { readTable } from "../data/csv";
import { toArtefact, writeArtefact } from "../estimation/artefact";
import { estimate, parseCov } from "../estimation/models";
import { MODELS, type ModelKind } from "../estimation/result";
import { summaryText } from "../estimation/summary";
import { UserError } from "../errors";
import { dataFile } from "../paths";
import { parseCommand, required } from "./args";

export const ESTIMATE_HELP = `Usage: bioclusters estimate --model ols|logit|poisson|negbin --y <col> --x <col,col,…>
                           [--data <csv>] [--cov classic|HC0|HC1|HC2|HC3|cluster:<col>]
                           [--base <var=level,…>] [--json] [--out <estimates.json>]

Fits a regression on a CSV file. Text columns become dummies against their first level
(in sorted order); rows with a missing value in any used column are dropped and counted.

Options:
  --data <csv>    Data. Default: data/survey_synthetic.csv
  --model <m>     ols, logit, poisson or negbin (NB2, dispersion by maximum likelihood)
  --y <col>       Outcome column
  --x <cols>      Regressors, comma-separated
  --cov <type>    Covariance: classic (default), HC0-HC3 (HC2/HC3 OLS only), cluster:<col>
  --base <v=l>    Base level of a categorical regressor, e.g. sector=bio_pharma
  --json          Print {"model","nobs","params","bse","cov","llf"} (negbin: also "alpha")
  --out <file>    Write the estimates artefact (JSON) for the simulator
  -h, --help      Show this help`;

export async function runEstimate(args: string[]): Promise<number> {
  const values = parseCommand<{ data?: string; model?: string; y?: string; x?: string; cov?: string; base?: string; json?: boolean; out?: string }>("estimate", args, {
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
  const x = required("estimate", "x", values.x).split(",").map((s) => s.trim()).filter(Boolean);
  const data = values.data ?? dataFile("survey_synthetic.csv");
  const { cov, clusterBy } = parseCov(values.cov ?? "classic");
  const categorical: Record<string, string> = {};
  for (const part of (values.base ?? "").split(",").filter(Boolean)) {
    const [v, l] = part.split("=");
    if (!v || !l) throw new UserError(`--base "${part}" should look like variable=level.`);
    categorical[v.trim()] = l.trim();
  }
  const r = estimate(readTable(data), { model: model as ModelKind, y, x, cov, ...(clusterBy ? { clusterBy } : {}), categorical, source: data });
  if (values.out) {
    const a = toArtefact(r, { dataFile: data });
    writeArtefact(values.out, a);
  }
  if (values.json) {
    const byName = (v: readonly number[]) => Object.fromEntries(r.names.map((n, i) => [n, v[i]]));
    console.log(JSON.stringify({ model: r.model, nobs: r.nobs, params: byName(r.params), bse: byName(r.bse), cov: r.cov, llf: r.llf, ...(r.alpha !== null ? { alpha: r.alpha } : {}), covType: r.covType, nDropped: r.nDropped }));
    return 0;
  }
  console.log(summaryText(r));
  if (values.out) console.log(`\nEstimates written to ${values.out}`);
  return 0;
}
