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
  role: "innovation" | "patents" | "sales_growth" | "innovation_heterogeneity";
  spec: EstimateSpec;
}

export const DEFAULT_MODELS: readonly DefaultModel[] = [
  {
    file: "innovation.json",
    role: "innovation",
    // Main effects plus the R&D grant's interactions with firm type (stage, financial constraint, size): on the
    // 2018 survey the heterogeneity model rejects a common grant effect (joint Wald test of the three grant
    // interactions, p ≈ 0.01) but not a common park effect (p ≈ 0.19), so the simulator's equation carries the
    // grant block only (docs/model.md, "Effects by firm type"; tests/estimation-defaults.test.ts re-checks it).
    spec: {
      model: "logit",
      y: "product_innovation",
      x: [...FIRM, "support_rnd_grant:startup", "support_rnd_grant:pre_revenue", "support_rnd_grant:log_employees", "pre_revenue", "log_employees", "sector"],
      categorical: { sector: "bio_pharma" },
      cov: "HC1",
    },
  },
  {
    file: "patents.json",
    role: "patents",
    spec: { model: "negbin", y: "patent_apps", x: [...FIRM, "sector"], categorical: { sector: "bio_pharma" }, cov: "HC1" },
  },
  {
    file: "sales_growth.json",
    role: "sales_growth",
    // Pre-revenue firms have no sales growth: the model is fitted on revenue firms, and the rows it leaves out are counted.
    spec: { model: "ols", y: "sales_growth", x: ["product_innovation", "log_rnd", "support_rnd_grant", "in_cluster", "collaborating", "startup", "log_employees"], cov: "HC1", dropMissing: true },
  },
];

/**
 * Innovation with the heterogeneity the survey's DGP builds in (issue 12):
 * R&D grants by stage, financial constraint and size (log bio employees: the
 * large size class has about 24 firms, 8 with grants, and separates
 * perfectly in some surveys); the park effect by own research effort and size. The simulator's innovation
 * equation (DEFAULT_MODELS) carries the grant interactions, the block the estimates support; this artefact
 * carries all of them (run the simulator on it by copying it over innovation.json in an estimates folder).
 */
export const HETEROGENEITY_MODEL: DefaultModel = {
  file: "innovation_heterogeneity.json",
  role: "innovation_heterogeneity",
  spec: {
    model: "logit",
    y: "product_innovation",
    x: [
      "log_researchers",
      "collaborating",
      "support_rnd_grant",
      "support_rnd_grant:startup",
      "support_rnd_grant:pre_revenue",
      "support_rnd_grant:log_employees",
      "support_networking",
      "in_cluster",
      "in_cluster:log_researchers",
      "in_cluster:log_employees",
      "startup",
      "pre_revenue",
      "log_employees",
      "sector",
    ],
    categorical: { sector: "bio_pharma" },
    cov: "HC1",
  },
};

/** Every artefact written to data/estimates/: the simulator's three, then the heterogeneity model. */
export const ALL_MODELS: readonly DefaultModel[] = [...DEFAULT_MODELS, HETEROGENEITY_MODEL];

export const ESTIMATES_DIR = dataFile("estimates");

/** Fits the default models on a survey file (default: the bundled synthetic survey). */
export function estimateDefaults(survey: string = dataFile("survey_synthetic.csv"), models: readonly DefaultModel[] = DEFAULT_MODELS): Array<DefaultModel & { result: RegressionResult }> {
  const rows = readTable(survey);
  return models.map((m) => ({ ...m, result: estimate(rows, { ...m.spec, source: survey }) }));
}

/**
 * Estimates the defaults and writes their artefacts (unchanged files are left
 * alone). Returns the artefacts by role.
 */
export function writeDefaultEstimates(survey: string = dataFile("survey_synthetic.csv"), dir: string = ESTIMATES_DIR, estimated?: string): Record<DefaultModel["role"], EstimatesArtefact> {
  const out = {} as Record<DefaultModel["role"], EstimatesArtefact>;
  for (const m of estimateDefaults(survey, ALL_MODELS)) {
    const rel = path.relative(PACKAGE_ROOT, path.resolve(survey)).split(path.sep).join("/");
    const a = toArtefact(m.result, { dataFile: survey, dataLabel: rel.startsWith("..") ? survey : rel, ...(estimated ? { estimated } : {}) });
    writeArtefact(path.join(dir, m.file), a);
    out[m.role] = a;
  }
  return out;
}
