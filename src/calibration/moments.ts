/**
 * Calibration targets as data: `data/calibration/moments.csv`, one row per
 * moment — name, value, standard error, years, how the value is derived, how
 * the standard error was set, source, note.
 *
 * A moment derived from the national series (`loggrowth`, `ratio_mean`,
 * `change`) is recomputed here from `loadNationalSeries()` — which leaves out
 * the 2019–2021 hold-out years — and must agree with the CSV's value (and,
 * for `sd_changes` / `sd_mean`, its standard error) to the CSV's rounding; a
 * derivation that names a hold-out year is refused. `external` moments come
 * from other sources (the CSV's source column) and are taken as written.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { readCsvFile, toRecords } from "../data/csv";
import { HOLDOUT_FROM, loadNationalSeries, NATIONAL_VARIABLES, type NationalSeries, type NationalVariable } from "../data/national";
import { UserError } from "../errors";
import { dataFile } from "../paths";
import { MOMENT_NAMES, type MomentName } from "./simulated";

export const SE_METHODS = ["sd_changes", "sd_mean", "judgement"] as const;
export type SeMethod = (typeof SE_METHODS)[number];

export interface Moment {
  name: MomentName;
  value: number;
  se: number;
  years: string;
  derivation: string;
  seMethod: SeMethod;
  source: string;
  note: string;
}

export interface CalibrationData {
  moments: Moment[];
  /** The national series as read (2012–2018 only). */
  series: NationalSeries;
  /** SHA-256 of the moments file's bytes and of the series as read (canonical JSON of the non-hold-out years). */
  hashes: { moments: string; nationalSeries: string };
}

export interface CalibrationDataFiles {
  moments?: string;
  national?: string;
  nationalSources?: string;
}

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** Significant agreement: |a − b| within half a unit of the CSV value's last written digit (plus float slack). */
function agrees(written: string, computed: number): boolean {
  const dec = written.includes(".") ? (written.split(".")[1] as string).length : 0;
  // Stryker disable next-line EqualityOperator: equivalent: "<" differs from "<=" only when |written − computed| is exactly 0.5·10^−dec + 1e-12 to the last bit, a point inside the rounding slack the bound adds on purpose
  return Math.abs(Number(written) - computed) <= 0.5 * 10 ** -dec + 1e-12;
}

interface Derived {
  value: number;
  se: number | null;
}

/** Computes a derivation from the series; `where` prefixes errors. */
export function derive(spec: string, series: NationalSeries, where: string): Derived {
  const parts = spec.trim().split(/\s+/);
  const kind = parts[0];
  const years = parts.slice(-2).map(Number);
  const [from, to] = years as [number, number];
  const vars = parts.slice(1, -2) as NationalVariable[];
  const known = ["loggrowth", "ratio_mean", "change"];
  if (!known.includes(kind as string)) throw new UserError(`${where}, column "derivation": "${spec}" is not one of ${known.join(", ")} or external.`, { hint: "Write e.g. \"loggrowth employment 2012 2018\"." });
  if (!(Number.isInteger(from) && Number.isInteger(to) && from < to)) throw new UserError(`${where}, column "derivation": "${spec}" must end with two years, the first before the second.`);
  if (to >= HOLDOUT_FROM) throw new UserError(`${where}, column "derivation": ${to} is a hold-out year (${HOLDOUT_FROM} on); calibration may use only earlier years.`, { hint: "Use years up to 2018; the hold-out years are for the back-test (bioclusters validate)." });
  const need = kind === "ratio_mean" ? 2 : 1;
  if (vars.length !== need || vars.some((v) => !NATIONAL_VARIABLES.includes(v))) {
    throw new UserError(`${where}, column "derivation": "${spec}" needs ${need} column(s) of the national series (${NATIONAL_VARIABLES.join(", ")}).`);
  }
  const at = (v: NationalVariable, y: number): number | null => series.years.find((r) => r.year === y)?.[v] ?? null;
  const endpoint = (v: NationalVariable, y: number): number => {
    const x = at(v, y);
    if (x === null) throw new UserError(`${where}, column "derivation": the national series has no ${v} for ${y}.`, { hint: "Pick years with published values." });
    return x;
  };
  const sdOver = (xs: number[]) => {
    if (xs.length < 2) return null;
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length);
  };
  const v0 = vars[0] as NationalVariable;
  if (kind === "loggrowth") {
    const value = Math.log(endpoint(v0, to) / endpoint(v0, from)) / (to - from);
    const changes: number[] = [];
    for (let y = from; y < to; y++) {
      const a = at(v0, y);
      const b = at(v0, y + 1);
      if (a !== null && b !== null) changes.push(Math.log(b / a));
    }
    return { value, se: sdOver(changes) };
  }
  if (kind === "change") return { value: (endpoint(v0, to) - endpoint(v0, from)) / (to - from), se: null };
  const v1 = vars[1] as NationalVariable;
  const ratios: number[] = [];
  for (let y = from; y <= to; y++) {
    const a = at(v0, y);
    const b = at(v1, y);
    if (a !== null && b !== null) ratios.push(a / b);
  }
  if (ratios.length === 0) throw new UserError(`${where}, column "derivation": no year from ${from} to ${to} has both ${v0} and ${v1}.`);
  return { value: ratios.reduce((a, b) => a + b, 0) / ratios.length, se: sdOver(ratios) };
}

/** Reads and checks the moments file against the national series (hold-out years never read). */
export function loadCalibrationData(f: CalibrationDataFiles = {}): CalibrationData {
  const file = f.moments ?? dataFile("calibration/moments.csv");
  if (!fs.existsSync(file)) throw new UserError(`The moments file ${file} does not exist.`, { hint: "Give the path of a moments CSV (see data/calibration/moments.csv)." });
  const series = loadNationalSeries({ ...(f.national ? { file: f.national } : {}), ...(f.nationalSources ? { sourcesFile: f.nationalSources } : {}) });
  const table = readCsvFile(file);
  const cols = ["name", "value", "se", "years", "derivation", "se_method", "source", "note"];
  for (const c of cols) if (!table.columns.includes(c)) throw new UserError(`${file}: the column "${c}" is missing.`, { hint: `The header must be ${cols.join(",")}.` });
  const seen = new Set<string>();
  const moments = table.rows.map((row, i): Moment => {
    const line = table.lines[i] as number;
    const cell = (c: string) => row[table.columns.indexOf(c)] ?? null;
    const where = `${file}, line ${line}`;
    const name = String(cell("name"));
    if (!(MOMENT_NAMES as readonly string[]).includes(name)) throw new UserError(`${where}, column "name": "${name}" is not a moment the simulator can compute.`, { hint: `Use one of ${MOMENT_NAMES.join(", ")}.` });
    if (seen.has(name)) throw new UserError(`${where}, column "name": "${name}" appears twice.`, { hint: "Give each moment once." });
    seen.add(name);
    const num = (c: string, positive: boolean): { text: string; x: number } => {
      const text = cell(c);
      const x = text === null ? NaN : Number(text);
      if (!Number.isFinite(x) || (positive && !(x > 0))) throw new UserError(`${where}, column "${c}": expected ${positive ? "a positive number" : "a number"}, found "${text ?? ""}".`);
      return { text: text as string, x };
    };
    const value = num("value", false);
    const se = num("se", true);
    const seMethod = String(cell("se_method")) as SeMethod;
    if (!SE_METHODS.includes(seMethod)) throw new UserError(`${where}, column "se_method": "${seMethod}" is not one of ${SE_METHODS.join(", ")}.`, { hint: "Say how the standard error was set." });
    const derivation = String(cell("derivation") ?? "");
    const years = cell("years") ?? "";
    const source = cell("source");
    const note = cell("note");
    if (!source || !note) throw new UserError(`${where}: give the moment's source and a note saying how its standard error was set.`);
    // Stryker disable next-line ArrayDeclaration: equivalent: without a four-digit year nothing is checked; a placeholder element is not a number, so never a hold-out year
    for (const y of years.match(/\d{4}/g) ?? []) {
      if (Number(y) >= HOLDOUT_FROM) throw new UserError(`${where}, column "years": ${y} is a hold-out year; calibration moments come from years before ${HOLDOUT_FROM}.`, { hint: "Leave the hold-out years to the back-test." });
    }
    if (derivation !== "external") {
      const d = derive(derivation, series, where);
      if (!agrees(value.text, d.value)) throw new UserError(`${where}, column "value": ${value.text} does not match ${d.value.toPrecision(6)} computed from the national series by "${derivation}".`, { hint: "Correct the value or the derivation." });
      if (seMethod !== "judgement") {
        if (d.se === null) throw new UserError(`${where}, column "se_method": "${seMethod}" needs at least two yearly values; use judgement and say why in the note.`);
        if (!agrees(se.text, d.se)) throw new UserError(`${where}, column "se": ${se.text} does not match ${d.se.toPrecision(6)} computed by ${seMethod}.`, { hint: "Correct the standard error or its method." });
      }
    } else if (seMethod !== "judgement") {
      throw new UserError(`${where}, column "se_method": an external moment's standard error is a judgement; say how it was set in the note.`);
    }
    return { name: name as MomentName, value: value.x, se: se.x, years, derivation, seMethod, source: String(source), note: String(note) };
  });
  return {
    moments,
    series,
    hashes: { moments: sha256(fs.readFileSync(file)), nationalSeries: sha256(JSON.stringify(series)) },
  };
}

export type { MomentName };
