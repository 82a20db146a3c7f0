/**
 * `bioclusters bench --instructions` / `npm run bench:instructions`: machine
 * instructions per firm-year, by function, counted by valgrind's callgrind.
 *
 * Timings on a shared machine move by 10-30 % from run to run; instruction
 * counts do not (the same code on the same inputs executes the same
 * instructions whatever else the machine is doing), so a change to the step
 * can be judged by its count where its timing is lost in the noise. The count
 * is taken as a difference: the same population simulated for 2 and for 4
 * replicates, so start-up, loading and V8's compilation of the first
 * replicates cancel and what remains is what replicates 3 and 4 cost, divided
 * by their firm-years. V8 runs with on-stack replacement and concurrent
 * recompilation off, so that every phase is in optimised code by the third
 * replicate under valgrind as it is in a normal run (under valgrind the
 * background compiler falls behind and a phase can stay in baseline code);
 * `--perf-basic-prof` names the compiled JavaScript.
 *
 * The same workload then runs without valgrind and its CPU time gives the
 * machine's rate in instructions per nanosecond, and from it the number of
 * instructions a firm-year may take for 6 M firm-years per second on this
 * machine (`docs/model.md`, "Seventh pass").
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PACKAGE_ROOT } from "../paths";
import { tableText } from "../display/table";
import { UserError } from "../errors";
import { loadInputs, resolveMixes } from "../experiments/simulate";
import { initState, step, type State } from "../model/engine";
import { DEFAULT_STRUCTURAL } from "../model/params";
import { replicateCoefs, resolvePolicy } from "../model/run";
import { buildSetup } from "../model/setup";
import { replicateKey } from "../random/keyed";

/** The single-thread target of the bench (firm-years per second). */
const TARGET_FIRM_YEARS_PER_SECOND = 6e6;
/** Replicates of the two counted runs: their difference is replicates 3 and 4. */
const REPS_SHORT = 2;
const REPS_LONG = 4;
/** V8 flags of the counted (and the timed) runs: see the module comment. */
const V8_FLAGS = ["--no-use-osr", "--no-concurrent-recompilation"];
/** The bench's single-thread budget (KRW bn a year, spread over the instruments in the status quo's shares). */
export const BENCH_BUDGET_BN = 300;

/** One function's self cost in a callgrind profile. */
export interface CostRow {
  cost: number;
  name: string;
}

/** One entry of V8's perf map (`/tmp/perf-PID.map`): a compiled function's code range. */
export interface MapEntry {
  start: number;
  size: number;
  name: string;
}

/** Rows of `callgrind_annotate` (self cost per function): lines "1,234 (12.3%)  file:function [object]". */
export function parseAnnotate(text: string): CostRow[] {
  const rows: CostRow[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.+?)\s*$/.exec(line);
    if (m === null || m[2] === "PROGRAM TOTALS") continue;
    rows.push({ cost: Number((m[1] as string).replace(/,/g, "")), name: m[2] as string });
  }
  return rows;
}

/** V8's perf map: "start size name" per line, addresses in hexadecimal, in the order the code was made. */
export function parsePerfMap(text: string): MapEntry[] {
  const out: MapEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-fA-F]+) ([0-9a-fA-F]+) (.+)$/.exec(line);
    if (m !== null) out.push({ start: parseInt(m[1] as string, 16), size: parseInt(m[2] as string, 16), name: m[3] as string });
  }
  return out;
}

/** The function whose code holds `addr`: the latest entry that covers it (V8 reuses the space of collected code). */
export function symbolAt(map: readonly MapEntry[], addr: number): string | null {
  for (let k = map.length - 1; k >= 0; k--) {
    const e = map[k] as MapEntry;
    if (addr >= e.start && addr < e.start + e.size) return e.name;
  }
  return null;
}

const TIERS: Record<string, string> = { "*": "optimised", "+": "Maglev", "^": "baseline", "~": "interpreted" };

/**
 * A readable name for a profile row: compiled JavaScript by function, file and V8 tier ("phaseFirms (model/engine.js,
 * optimised)"), V8's fdlibm functions as the Math function they implement, builtins and C functions by name.
 */
export function readableName(raw: string, map: readonly MapEntry[]): string {
  const jit = /^\?\?\?:0x([0-9a-fA-F]+)/.exec(raw);
  const name = jit !== null ? symbolAt(map, parseInt(jit[1] as string, 16)) : raw;
  if (name === null) return "compiled code (not in V8's map)";
  const js = /^JS:([*+^~])(\S*) (\S+?):\d+:\d+$/.exec(name);
  if (js !== null) {
    const file = (js[3] as string).replace(/^.*\/dist\//, "").replace(/^.*\/node_modules\//, "node_modules/");
    return `${js[2] === "" ? "(anonymous)" : js[2]} (${file}, ${TIERS[js[1] as string]})`;
  }
  const fdlibm = /ieee754::(\w+)\(double/.exec(name);
  if (fdlibm !== null) return `Math.${fdlibm[1]} (V8's fdlibm)`;
  const builtin = /(?:^|:)Builtins?[_:](\w+)/.exec(name);
  if (builtin !== null) return `V8 builtin ${builtin[1]}`;
  if (/v8::internal::/.test(name)) return "V8 runtime (garbage collection, compiler, inline-cache misses)";
  const c = name.replace(/^\?\?\?:/, "").replace(/ \[[^\]]*\]$/, "");
  return c.includes(":") && !c.includes("::") ? c.slice(c.lastIndexOf(":") + 1) : c.replace(/\(.*$/, "");
}

/** Self cost by readable name, from one profile and its perf map. */
export function costByName(rows: readonly CostRow[], map: readonly MapEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const k = readableName(r.name, map);
    out.set(k, (out.get(k) ?? 0) + r.cost);
  }
  return out;
}

/** What the longer run cost beyond the shorter one, per firm-year, largest first. */
export function perFirmYear(short: Map<string, number>, long: Map<string, number>, firmYears: number): Array<{ name: string; instructions: number }> {
  if (!(firmYears > 0)) throw new Error(`the two counted runs differ by ${firmYears} firm-years; expected a positive number`);
  const names = new Set([...short.keys(), ...long.keys()]);
  return [...names]
    .map((name) => ({ name, instructions: ((long.get(name) ?? 0) - (short.get(name) ?? 0)) / firmYears }))
    .sort((a, b) => b.instructions - a.instructions);
}

/** Which part of the step a row belongs to, for the summary. */
export function partOf(name: string): "keyed generator" | "exp, log, log1p (V8's fdlibm)" | "model" | "other" {
  if (/^threefry|random\/threefry/.test(name)) return "keyed generator";
  if (/V8's fdlibm/.test(name)) return "exp, log, log1p (V8's fdlibm)";
  if (/\((model|random|data)\//.test(name)) return "model";
  return "other";
}

/** Alive firms at the start of the year. */
function alive(s: State): number {
  let a = 0;
  for (let i = 0; i < s.n; i++) a += s.firm.alive[i] as number;
  return a;
}

/**
 * The counted workload, run in a child process: the status quo on a population of about `firms` firms for `reps`
 * replicates of `years` years, as the bench's single-thread measurement runs it. Prints one JSON line: the firm-years
 * of every replicate and the CPU nanoseconds of the last two.
 */
export function instructionWorkload(firms: number, years: number, reps: number): void {
  const inputs = loadInputs();
  const setup = buildSetup({ ...inputs, scale: Math.max(1, Math.round(firms / inputs.survey.length)) });
  const mix = resolveMixes(["status_quo"], setup.clusterIds)[0]!;
  const p = DEFAULT_STRUCTURAL;
  const coefs = replicateCoefs(setup, 1, 0, false);
  const pol = resolvePolicy(mix, setup);
  for (let k = 0; k < pol.budget.length; k++) pol.budget[k] = BENCH_BUDGET_BN * (pol.budget[k] as number); // as the bench's single-thread run
  const firmYears: number[] = [];
  const cpuNs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const key = replicateKey(`bench/${r}`);
    const s = initState(setup, p, key);
    const t0 = process.cpuUsage();
    let fy = 0;
    for (let t = 1; t <= years; t++) {
      fy += alive(s);
      step(s, setup, p, pol, coefs, key);
    }
    const c = process.cpuUsage(t0);
    firmYears.push(fy);
    cpuNs.push((c.user + c.system) * 1000);
  }
  console.log(JSON.stringify({ firms: setup.population.size, firmYears, cpuNs }));
}

interface WorkloadResult {
  firms: number;
  firmYears: number[];
  cpuNs: number[];
}

function workloadCode(firms: number, years: number, reps: number): string {
  const lib = JSON.stringify(path.join(PACKAGE_ROOT, "dist", "cli", "bench-instructions.js"));
  return `require(${lib}).instructionWorkload(${firms}, ${years}, ${reps});`;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}

/** The workload under callgrind: its firm-years and its cost by readable name. */
function counted(firms: number, years: number, reps: number, dir: string): { run: WorkloadResult; cost: Map<string, number> } {
  const out = path.join(dir, `callgrind.${reps}.out`);
  const r = spawnSync("valgrind", ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${out}`, process.execPath, ...V8_FLAGS, "--perf-basic-prof", "-e", workloadCode(firms, years, reps)], { encoding: "utf8", maxBuffer: 64 << 20, cwd: dir }); // --perf-basic-prof also writes V8's log (isolate-*.log) into the working directory: the temporary one
  const mapFile = path.join(os.tmpdir(), `perf-${r.pid}.map`);
  try {
    if (r.status !== 0) throw new Error(`the counted run (${reps} replicates under valgrind) failed: ${lastLine(r.stderr)}`);
    const ann = spawnSync("callgrind_annotate", ["--threshold=100", out], { encoding: "utf8", maxBuffer: 256 << 20 });
    if (ann.status !== 0) throw new Error(`callgrind_annotate failed: ${lastLine(ann.stderr)}`);
    const map = fs.existsSync(mapFile) ? parsePerfMap(fs.readFileSync(mapFile, "utf8")) : [];
    return { run: JSON.parse(lastLine(r.stdout)) as WorkloadResult, cost: costByName(parseAnnotate(ann.stdout), map) };
  } finally {
    fs.rmSync(mapFile, { force: true });
  }
}

/** The instruction report (what `--json` prints). */
export interface InstructionReport {
  firms: number;
  years: number;
  firmYearsCounted: number;
  instructionsPerFirmYear: number;
  byPart: Array<{ part: string; instructions: number }>;
  byFunction: Array<{ name: string; instructions: number }>;
  timedNsPerFirmYear: number;
  instructionsPerNs: number;
  budgetForTarget: { firmYearsPerSecond: number; instructionsPerFirmYear: number };
  v8Flags: string[];
}

/** Counts, times and reports; valgrind (Debian's package `valgrind`) must be installed. */
export function instructionReport(firms: number, years: number): InstructionReport {
  const v = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  if (v.error !== undefined || v.status !== 0)
    throw new UserError("bench --instructions counts instructions with valgrind, which is not installed here.", { hint: "Install it (Debian: apt-get install valgrind) and run the command again." });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-instructions-"));
  try {
    const a = counted(firms, years, REPS_SHORT, dir);
    const b = counted(firms, years, REPS_LONG, dir);
    const fyShort = a.run.firmYears.reduce((x, y) => x + y, 0);
    const fyLong = b.run.firmYears.reduce((x, y) => x + y, 0);
    const rows = perFirmYear(a.cost, b.cost, fyLong - fyShort);
    const total = rows.reduce((x, r) => x + r.instructions, 0);
    const parts = new Map<string, number>();
    for (const r of rows) parts.set(partOf(r.name), (parts.get(partOf(r.name)) ?? 0) + r.instructions);
    // The same workload without valgrind: CPU time of replicates 3 and 4, the ones counted.
    const t = spawnSync(process.execPath, [...V8_FLAGS, "-e", workloadCode(firms, years, REPS_LONG)], { encoding: "utf8" });
    if (t.status !== 0) throw new Error(`the timed run failed: ${lastLine(t.stderr)}`);
    const timed = JSON.parse(lastLine(t.stdout)) as WorkloadResult;
    const ns = timed.cpuNs.slice(REPS_SHORT).reduce((x, y) => x + y, 0) / timed.firmYears.slice(REPS_SHORT).reduce((x, y) => x + y, 0);
    const rate = total / ns;
    return {
      firms: b.run.firms,
      years,
      firmYearsCounted: fyLong - fyShort,
      instructionsPerFirmYear: total,
      byPart: [...parts].map(([part, instructions]) => ({ part, instructions })).sort((x, y) => y.instructions - x.instructions),
      byFunction: rows.filter((r) => Math.abs(r.instructions) >= 0.5),
      timedNsPerFirmYear: ns,
      instructionsPerNs: rate,
      budgetForTarget: { firmYearsPerSecond: TARGET_FIRM_YEARS_PER_SECOND, instructionsPerFirmYear: (rate * 1e9) / TARGET_FIRM_YEARS_PER_SECOND },
      v8Flags: V8_FLAGS,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as the table the command prints. */
export function instructionTable(r: InstructionReport, top = 15): string {
  const f = (x: number) => Math.round(x).toLocaleString("en");
  const shown = r.byFunction.slice(0, top);
  const rest = r.instructionsPerFirmYear - shown.reduce((x, y) => x + y.instructions, 0);
  return tableText(
    [
      { measure: "population", value: `${r.firms.toLocaleString("en")} firms × ${r.years} years; replicates 3 and 4 counted (${r.firmYearsCounted.toLocaleString("en")} firm-years)` },
      { measure: "instructions per firm-year", value: f(r.instructionsPerFirmYear) },
      ...r.byPart.map((p) => ({ measure: `  ${p.part}`, value: f(p.instructions) })),
      ...shown.map((x) => ({ measure: `    ${x.name}`, value: f(x.instructions) })),
      { measure: "    everything else", value: f(rest) },
      { measure: "the same replicates timed (CPU, no valgrind)", value: `${r.timedNsPerFirmYear.toFixed(0)} ns per firm-year: ${r.instructionsPerNs.toFixed(2)} instructions per ns here` },
      { measure: `at that rate, ${(r.budgetForTarget.firmYearsPerSecond / 1e6).toFixed(0)} M firm-years per second allows`, value: `${f(r.budgetForTarget.instructionsPerFirmYear)} instructions per firm-year` },
    ],
    { maxRows: top + 12, caption: `bioclusters bench --instructions (callgrind; V8 ${r.v8Flags.join(" ")})` },
  );
}
