/**
 * Calibrated parameters in runs: when `data/calibration/calibrated.json`
 * exists (written by `bioclusters calibrate`), the simulator runs with its
 * parameter values instead of the table's defaults and records the file and
 * its SHA-256 in the run's manifest (`options.calibration`). The environment
 * variable BIOCLUSTERS_CALIBRATION names another file, or `none` to run with
 * the defaults.
 *
 * Only the fields a run needs are read here (the experiments layer sits below
 * the calibration code): parameters (name, value, se) and the covariance.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { UserError } from "../errors";
import { PARAMETERS, type ParameterId, type Structural } from "../model/params";
import { dataFile } from "../paths";

export const CALIBRATION_ENV = "BIOCLUSTERS_CALIBRATION";

export interface CalibrationInUse {
  file: string;
  sha256: string;
  names: ParameterId[];
  values: number[];
  se: Array<number | null>;
  /** Sampling covariance of the values (names order), or null when a standard error is missing. */
  covariance: number[][] | null;
  /** The values as structural overrides. */
  structural: Partial<Structural>;
}

/** The calibration file runs use by default: BIOCLUSTERS_CALIBRATION, else data/calibration/calibrated.json if it exists. */
export function defaultCalibrationFile(): string | null {
  const env = process.env[CALIBRATION_ENV];
  if (env !== undefined && env !== "") return env === "none" ? null : env;
  const f = dataFile("calibration/calibrated.json");
  return fs.existsSync(f) ? f : null;
}

/** Reads a calibrated.json, checking each parameter's name and that its value lies in its range. */
export function readCalibration(file: string): CalibrationInUse {
  if (!fs.existsSync(file)) throw new UserError(`The calibration file ${file} does not exist.`, { hint: `Run bioclusters calibrate, or set ${CALIBRATION_ENV}=none to use the default parameters.` });
  const bytes = fs.readFileSync(file);
  let json: { parameters?: unknown; covariance?: unknown };
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new UserError(`${file} is not valid JSON.`, { hint: "Run bioclusters calibrate again to rewrite it." });
  }
  if (!Array.isArray(json.parameters) || json.parameters.length === 0) throw new UserError(`${file}, field "parameters": expected a non-empty list of calibrated parameters.`, { hint: "Run bioclusters calibrate again to rewrite it." });
  const names: ParameterId[] = [];
  const values: number[] = [];
  const se: Array<number | null> = [];
  json.parameters.forEach((p: { name?: unknown; value?: unknown; se?: unknown }, i: number) => {
    const where = `${file}, field "parameters[${i}]"`;
    const name = String(p?.name);
    if (!(name in PARAMETERS)) throw new UserError(`${where}: "${name}" is not a structural parameter of this version.`, { hint: "Run bioclusters calibrate again." });
    const spec = PARAMETERS[name as ParameterId];
    const v = p.value;
    if (typeof v !== "number" || !(v >= spec.range[0] && v <= spec.range[1])) throw new UserError(`${where}: the value of ${name} must be a number from ${spec.range[0]} to ${spec.range[1]}, not ${String(v)}.`, { hint: "Run bioclusters calibrate again." });
    names.push(name as ParameterId);
    values.push(v);
    se.push(typeof p.se === "number" && p.se > 0 ? p.se : null);
  });
  const cov = json.covariance;
  const covariance = Array.isArray(cov) && cov.length === names.length && cov.every((r) => Array.isArray(r) && r.length === names.length && r.every((x) => typeof x === "number" && Number.isFinite(x))) ? (cov as number[][]) : null;
  return {
    file,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    names,
    values,
    se,
    covariance,
    structural: Object.fromEntries(names.map((n, i) => [n, values[i]])) as Partial<Structural>,
  };
}

/** The calibration a run uses: `file` if given, none for null, else the default (see the file comment). */
export function calibrationInUse(file?: string | null): CalibrationInUse | null {
  const f = file === undefined ? defaultCalibrationFile() : file;
  return f === null ? null : readCalibration(f);
}
