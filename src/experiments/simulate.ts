/**
 * The one call notebooks and the CLI use: load the bundled data and
 * estimates (or the user's), resolve mixes by preset name or file, run.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import { loadClusters, loadSurvey } from "../data/loaders";
import { readArtefact, sha256File } from "../estimation/artefact";
import { ESTIMATES_DIR } from "../estimation/defaults";
import { dataFile } from "../paths";
import { readMix, validateMix, type PolicyMix } from "../model/policy";
import type { SetupInput } from "../model/setup";
import { runExperiment, type ExperimentOptions, type ExperimentResult } from "./runner";
export { planRun, checkPlan, type RunPlan } from "./plan";

export interface InputFiles {
  clusters?: string;
  survey?: string;
  /** Folder with innovation.json, patents.json and sales_growth.json. */
  estimates?: string;
}

/** The artefacts an estimates folder must hold, one per equation of the simulator. */
export const ESTIMATES_FILES = ["innovation.json", "patents.json", "sales_growth.json"] as const;

/**
 * Which estimates a run used, for the manifest: the folder (absolute), each
 * artefact's SHA-256, and one SHA-256 of the set (of the three files' names
 * and hashes in order), so two runs on the same estimates show the same hash
 * wherever the folder lives.
 */
export function estimatesRecord(dir: string = ESTIMATES_DIR): { dir: string; bundled: boolean; sha256: string; files: Record<string, string> } {
  const abs = path.resolve(dir);
  const files = Object.fromEntries(ESTIMATES_FILES.map((f) => [f, sha256File(path.join(abs, f))]));
  const sha256 = createHash("sha256").update(ESTIMATES_FILES.map((f) => `${f} ${files[f]}\n`).join("")).digest("hex");
  return { dir: abs, bundled: abs === path.resolve(ESTIMATES_DIR), sha256, files };
}

/** Loads and validates everything a run needs; errors name the file at fault. */
export function loadInputs(f: InputFiles = {}): SetupInput & { files: Record<string, string> } {
  const clustersFile = f.clusters ?? dataFile("clusters.csv");
  const surveyFile = f.survey ?? dataFile("survey_synthetic.csv");
  const dir = f.estimates ?? ESTIMATES_DIR;
  if (f.estimates !== undefined && !(fs.existsSync(dir) && fs.statSync(dir).isDirectory())) {
    throw new UserError(`The estimates folder "${dir}" ${fs.existsSync(dir) ? "is a file, not a folder" : "does not exist"}.`, {
      hint: `Give a folder holding ${ESTIMATES_FILES.join(", ")} (as notebook 03 writes them; the bundled ones are in data/estimates/).`,
    });
  }
  const clusters = loadClusters(clustersFile);
  const survey = loadSurvey(surveyFile, { clusters });
  const est = (name: string) => readArtefact(path.join(dir, name));
  return {
    clusters,
    survey,
    estimates: { innovation: est("innovation.json"), patents: est("patents.json"), salesGrowth: est("sales_growth.json") },
    files: {
      clusters: clustersFile,
      survey: surveyFile,
      innovation: path.join(dir, "innovation.json"),
      patents: path.join(dir, "patents.json"),
      salesGrowth: path.join(dir, "sales_growth.json"),
    },
  };
}

/** SHA-256 of each input file, for the manifest. */
export function inputHashes(files: Record<string, string>): Record<string, { file: string; sha256: string }> {
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, { file: f, sha256: sha256File(f) }]));
}

/** Resolves preset names, file paths or mix objects into validated mixes. */
export function resolveMixes(mixes: ReadonlyArray<string | PolicyMix>, clusterIds: readonly string[]): PolicyMix[] {
  return mixes.map((m) => (typeof m === "string" ? readMix(m, clusterIds) : validateMix(m, `mix "${(m as { name?: string }).name ?? "?"}"`, clusterIds)));
}

/**
 * Runs mixes (preset names, files or objects) on the bundled data.
 *
 * @example await simulate(["status_quo", "efficiency_shift"], { years: 10, replicates: 200, seed: 2018 })
 */
export async function simulate(mixes: ReadonlyArray<string | PolicyMix>, o: ExperimentOptions & { inputs?: InputFiles }): Promise<ExperimentResult> {
  const inputs = loadInputs(o.inputs);
  return runExperiment(inputs, resolveMixes(mixes, inputs.clusters.map((c) => c.id)), o);
}

