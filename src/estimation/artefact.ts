/**
 * The estimates artefact: what turns survey evidence into agent behaviour.
 * A JSON file with the model, outcome, coefficients, covariance, sample size,
 * variable definitions mapped to the codebook, and provenance. It is written
 * by the estimation module or by hand from a published regression table
 * (coefficients and standard errors only: the covariance is then diagonal and
 * `diagonalCov` says so).
 *
 * ```json
 * { "format": "bioclusters-estimates/1", "model": "logit", "outcome": "product_innovation",
 *   "params": {"(Intercept)": -0.9, "log_researchers": 0.45},
 *   "cov": [[0.01, 0.0], [0.0, 0.002]], "covType": "HC1", "diagonalCov": false, "nobs": 993,
 *   "variables": [{"name": "(Intercept)", "codebook": null}, {"name": "log_researchers", "codebook": "log_researchers"}],
 *   "provenance": {"data": "data/survey_synthetic.csv", "sha256": "…", "estimated": "2026-11-27", "software": "bioclusters 0.1.0"} }
 * ```
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { z } from "zod";
import { describeIssue, issuePath, UserError, type SchemaIssue } from "../errors";
import { loadCodebook, type Codebook } from "../data/codebook";
import { writeFileAtomic } from "../data/write";
import { readJsonFile } from "../data/json";
import { packageVersion } from "../paths";
import { MODELS, type RegressionResult } from "./result";

export const ARTEFACT_FORMAT = "bioclusters-estimates/1";

const variableSchema = z.object({
  name: z.string().min(1),
  /** The codebook variable this column comes from; null for the intercept and NB2's alpha. */
  codebook: z.string().nullable(),
  /** For a dummy of a categorical variable, its level. */
  level: z.string().optional(),
  description: z.string().optional(),
});

export const artefactSchema = z.object({
  format: z.literal(ARTEFACT_FORMAT),
  model: z.enum(MODELS),
  outcome: z.string().min(1),
  params: z.record(z.string(), z.number()),
  cov: z.array(z.array(z.number())),
  covType: z.string(),
  diagonalCov: z.boolean(),
  nobs: z.number().int().positive(),
  /** NB2 dispersion (also in params as "alpha"). */
  alpha: z.number().positive().optional(),
  /** OLS residual standard deviation. */
  sigma: z.number().positive().optional(),
  variables: z.array(variableSchema),
  provenance: z.object({
    data: z.string(),
    sha256: z.string().optional(),
    estimated: z.string(),
    software: z.string(),
    source: z.string().optional(),
    note: z.string().optional(),
  }),
});

export type EstimatesArtefact = z.infer<typeof artefactSchema>;
export type ArtefactVariable = z.infer<typeof variableSchema>;

/** Maps a parameter name to the codebook: a survey variable, a dummy of a categorical one, or nothing. */
export function mapVariable(name: string, codebook: Codebook): ArtefactVariable {
  if (name === "(Intercept)") return { name, codebook: null, description: "intercept" };
  if (name === "alpha") return { name, codebook: null, description: "NB2 dispersion: variance = mu + alpha mu^2" };
  if (name.includes(":")) {
    // An interaction: valid when every part maps to the codebook.
    const parts = name.split(":").map((p) => mapVariable(p, codebook));
    if (parts.some((p) => p.codebook === null)) return { name, codebook: null };
    return { name, codebook: parts.map((p) => p.codebook).join(":"), description: `interaction: ${parts.map((p) => p.description ?? p.name).join(" × ")}` };
  }
  const vars = codebook.tables.survey.variables;
  const direct = vars.find((v) => v.name === name);
  if (direct) return { name, codebook: name, description: direct.label_en };
  for (const v of vars) {
    if (v.type !== "category" || !name.startsWith(`${v.name}_`)) continue;
    const level = name.slice(v.name.length + 1);
    if (Array.isArray(v.values) && v.values.includes(level)) return { name, codebook: v.name, level, description: `${v.label_en} = ${level}` };
  }
  return { name, codebook: null };
}

export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

export interface ArtefactOptions {
  /** The data file the model was estimated on (its hash is recorded). */
  dataFile: string;
  /** How to name the data in the artefact (default: the path as given). */
  dataLabel?: string;
  estimated?: string;
  note?: string;
  codebook?: Codebook;
}

/** The artefact of a fitted model. */
export function toArtefact(r: RegressionResult, o: ArtefactOptions): EstimatesArtefact {
  const codebook = o.codebook ?? loadCodebook();
  return {
    format: ARTEFACT_FORMAT,
    model: r.model,
    outcome: r.outcome,
    params: Object.fromEntries(r.names.map((n, i) => [n, r.params[i] as number])),
    cov: r.cov.map((row) => [...row]),
    covType: r.covType === "cluster" ? `cluster:${r.clusterBy}` : r.covType,
    diagonalCov: false,
    nobs: r.nobs,
    ...(r.alpha !== null ? { alpha: r.alpha } : {}),
    ...(r.sigma !== null ? { sigma: r.sigma } : {}),
    variables: r.names.map((n) => mapVariable(n, codebook)),
    provenance: {
      data: o.dataLabel ?? o.dataFile,
      sha256: sha256File(o.dataFile),
      estimated: o.estimated ?? new Date().toISOString().slice(0, 10),
      software: `bioclusters ${packageVersion()}`,
      ...(o.note ? { note: o.note } : {}),
    },
  };
}

export interface PublishedRow {
  name: string;
  coef: number;
  se: number;
}

/**
 * An artefact written by hand from a published regression table: only
 * coefficients and standard errors are known, so the covariance is diagonal.
 */
export function artefactFromTable(t: {
  model: EstimatesArtefact["model"];
  outcome: string;
  rows: readonly PublishedRow[];
  nobs: number;
  source: string;
  alpha?: number;
  sigma?: number;
  estimated?: string;
  codebook?: Codebook;
}): EstimatesArtefact {
  const codebook = t.codebook ?? loadCodebook();
  const names = t.rows.map((r) => r.name);
  return {
    format: ARTEFACT_FORMAT,
    model: t.model,
    outcome: t.outcome,
    params: Object.fromEntries(t.rows.map((r) => [r.name, r.coef])),
    cov: names.map((_, i) => names.map((__, j) => (i === j ? (t.rows[i] as PublishedRow).se ** 2 : 0))),
    covType: "published",
    diagonalCov: true,
    nobs: t.nobs,
    ...(t.alpha !== undefined ? { alpha: t.alpha } : {}),
    ...(t.sigma !== undefined ? { sigma: t.sigma } : {}),
    variables: names.map((n) => mapVariable(n, codebook)),
    provenance: { data: "published table", source: t.source, estimated: t.estimated ?? new Date().toISOString().slice(0, 10), software: `bioclusters ${packageVersion()}`, note: "coefficients and standard errors only; covariance diagonal" },
  };
}

/**
 * Artefacts this process has already validated against the bundled codebook
 * (the objects `validateArtefact` returned): validating one again returns it
 * at once, so an artefact read by `readArtefact` is not checked a second time
 * when the simulator binds it. (Mutating such an object afterwards is not
 * re-checked; build a new object instead.)
 */
const VALIDATED = new WeakSet<object>();

/**
 * Checks an artefact: shape, a square symmetric covariance over the
 * parameters with non-negative variances, and — unless `requireCodebook` is
 * false — every variable (and the outcome) in the codebook.
 */
export function validateArtefact(json: unknown, file = "estimates", o: { requireCodebook?: boolean; codebook?: Codebook } = {}): EstimatesArtefact {
  if (o.requireCodebook !== false && o.codebook === undefined && VALIDATED.has(json as object)) return json as EstimatesArtefact;
  const r = artefactSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0] as unknown as SchemaIssue;
    throw new UserError(`The estimates artefact is not valid at ${issuePath(issue)}: it ${describeIssue(issue)}.`, {
      location: { file },
      hint: `See the artefact format in docs/estimation.md; "format" must be "${ARTEFACT_FORMAT}".`,
    });
  }
  const a = r.data;
  const names = Object.keys(a.params);
  const k = names.length;
  if (a.cov.length !== k || a.cov.some((row) => row.length !== k)) {
    throw new UserError(`The covariance must be ${k} × ${k}, one row and column per parameter (${names.join(", ")}).`, { location: { file, column: "cov" } });
  }
  for (let i = 0; i < k; i++) {
    if (!((a.cov[i]?.[i] as number) >= 0)) throw new UserError(`The variance of "${names[i]}" is negative.`, { location: { file, column: "cov" } });
    for (let j = 0; j < i; j++) {
      const x = a.cov[i]?.[j] as number;
      const y = a.cov[j]?.[i] as number;
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) throw new UserError(`The covariance is not symmetric at ("${names[i]}", "${names[j]}").`, { location: { file, column: "cov" } });
    }
  }
  const vnames = a.variables.map((v) => v.name);
  if (vnames.join("\u0000") !== names.join("\u0000")) {
    throw new UserError(`"variables" must list the parameters in the same order as "params" (${names.join(", ")}).`, { location: { file, column: "variables" } });
  }
  if (a.model === "negbin" && !(a.params["alpha"] !== undefined && a.alpha !== undefined)) {
    throw new UserError('A negative binomial artefact needs its dispersion: "alpha" in params and at the top level.', { location: { file } });
  }
  if (o.requireCodebook !== false) {
    const codebook = o.codebook ?? loadCodebook();
    const surveyVars = new Set(codebook.tables.survey.variables.map((v) => v.name));
    if (!surveyVars.has(a.outcome)) {
      throw new UserError(`The outcome "${a.outcome}" is not a variable of the survey codebook.`, { location: { file, column: "outcome" }, hint: "The simulator maps every variable to firm state through data/codebook.json." });
    }
    for (const v of a.variables) {
      if (v.name === "(Intercept)" || v.name === "alpha") continue;
      const m = mapVariable(v.name, codebook);
      if (m.codebook === null || (v.codebook !== null && v.codebook !== m.codebook)) {
        throw new UserError(`The variable "${v.name}" is not in the codebook (neither a survey variable nor a dummy <variable>_<level> of a categorical one).`, {
          location: { file, column: "variables" },
          hint: "Rename it to a codebook variable (data/codebook.json, table survey) or re-estimate on data that uses the codebook.",
        });
      }
    }
    if (o.codebook === undefined) VALIDATED.add(a);
  }
  return a;
}

/** Reads and validates an artefact file. */
export function readArtefact(file: string, o: { requireCodebook?: boolean; codebook?: Codebook } = {}): EstimatesArtefact {
  const json = readJsonFile(file, { missing: "The estimates file does not exist.", invalid: "The estimates file is not valid JSON" });
  return validateArtefact(json, file, o);
}

/**
 * Writes an artefact atomically. If the file already holds the same estimates
 * (everything but the estimation date), it is left as it is, so re-running a
 * notebook does not churn the repository.
 */
export function writeArtefact(file: string, a: EstimatesArtefact): boolean {
  if (fs.existsSync(file)) {
    try {
      const old = JSON.parse(fs.readFileSync(file, "utf8")) as EstimatesArtefact;
      const strip = (x: EstimatesArtefact) => JSON.stringify({ ...x, provenance: { ...x.provenance, estimated: "" } });
      if (strip(old) === strip(a)) return false;
    } catch {
      // unreadable: overwrite
    }
  }
  writeFileAtomic(file, JSON.stringify(a, null, 2) + "\n");
  return true;
}
