/**
 * The three behavioural equations the simulator runs on (MODEL.md section 4),
 * estimated on the survey: innovation (logit), patents (negative binomial)
 * and sales growth (OLS, revenue firms). Their artefacts live in
 * `data/estimates/`; re-estimating on other survey data with the same
 * codebook and writing the artefacts is all it takes to re-parameterise the
 * simulator.
 */
import * as path from "node:path";
import { readTable } from "../data/csv";
import { dataFile, PACKAGE_ROOT } from "../paths";
import { toArtefact, writeArtefact, type EstimatesArtefact } from "./artefact";
import { estimate, type EstimateSpec } from "./models";
import type { RegressionResult } from "./result";

const FIRM = ["log_researchers", "collaborating", "support_rnd_grant", "in_cluster", "startup"];

export interface DefaultModel {
  /** File name in data/estimates/. */
  file: string;
  /** What it is for, in the simulator. */
  role: "innovation" | "patents" | "sales_growth";
  spec: EstimateSpec;
}

export const DEFAULT_MODELS: readonly DefaultModel[] = [
  {
    file: "innovation.json",
    role: "innovation",
    spec: { model: "logit", y: "product_innovation", x: [...FIRM, "log_employees", "sector"], categorical: { sector: "bio_pharma" }, cov: "HC1" },
  },
  {
    file: "patents.json",
    role: "patents",
    spec: { model: "negbin", y: "patent_apps", x: [...FIRM, "sector"], categorical: { sector: "bio_pharma" }, cov: "HC1" },
  },
  {
    file: "sales_growth.json",
    role: "sales_growth",
    spec: { model: "ols", y: "sales_growth", x: ["product_innovation", "log_rnd", "support_rnd_grant", "in_cluster", "collaborating", "startup", "log_employees"], cov: "HC1" },
  },
];

export const ESTIMATES_DIR = dataFile("estimates");

/** Fits the default models on a survey file (default: the bundled synthetic survey). */
export function estimateDefaults(survey: string = dataFile("survey_synthetic.csv")): Array<DefaultModel & { result: RegressionResult }> {
  const rows = readTable(survey);
  return DEFAULT_MODELS.map((m) => ({ ...m, result: estimate(rows, { ...m.spec, source: survey }) }));
}

/**
 * Estimates the defaults and writes their artefacts (unchanged files are left
 * alone). Returns the artefacts by role.
 */
export function writeDefaultEstimates(survey: string = dataFile("survey_synthetic.csv"), dir: string = ESTIMATES_DIR, estimated?: string): Record<DefaultModel["role"], EstimatesArtefact> {
  const out = {} as Record<DefaultModel["role"], EstimatesArtefact>;
  for (const m of estimateDefaults(survey)) {
    const rel = path.relative(PACKAGE_ROOT, path.resolve(survey)).split(path.sep).join("/");
    const a = toArtefact(m.result, { dataFile: survey, dataLabel: rel.startsWith("..") ? survey : rel, ...(estimated ? { estimated } : {}) });
    writeArtefact(path.join(dir, m.file), a);
    out[m.role] = a;
  }
  return out;
}
