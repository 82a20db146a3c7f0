/**
 * Writing a calibration: `calibrated.json` (the whole result) and
 * `calibrated_moments.csv` (target, simulated, t-ratio per moment), each
 * written under a temporary name and renamed, so neither is ever half-written.
 * Neither holds a time or a path of this machine: the same inputs give the
 * same bytes.
 */
import * as path from "node:path";
import { toCsv, writeFileAtomic } from "../data/write";
import type { CalibrationResult } from "./msm";

export const CALIBRATED_FILE = "calibrated.json";
export const MOMENTS_TABLE_FILE = "calibrated_moments.csv";

export function calibrationJson(r: CalibrationResult): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export function momentsTableCsv(r: CalibrationResult): string {
  return toCsv(r.moments.map((m) => ({ moment: m.name, target: m.target, se: m.se, simulated: m.simulated, simulated_sd: m.simulatedSd, t_ratio: m.t })), ["moment", "target", "se", "simulated", "simulated_sd", "t_ratio"]);
}

/** Writes both files into `dir`; returns their paths. */
export function writeCalibration(dir: string, r: CalibrationResult): string[] {
  const files = [path.join(dir, CALIBRATED_FILE), path.join(dir, MOMENTS_TABLE_FILE)];
  writeFileAtomic(files[0] as string, calibrationJson(r));
  writeFileAtomic(files[1] as string, momentsTableCsv(r));
  return files;
}
