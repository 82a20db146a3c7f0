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
 * The same workload then runs without valgrind (three times, the fastest
 * kept) and its CPU time gives the machine's rate in instructions per
 * nanosecond, and from it the number of instructions a firm-year may take for
 * 6 M firm-years per second on this machine (`docs/model.md`, "Seventh
 * pass"). That budget is a timing, with a timing's noise, and it divides
 * instructions of code V8 compiled under valgrind by the time of code it
 * compiled natively (the same functions, compiled for the same feedback): a
 * guide to the scale of the target, not a count.
 *
 * A compiled function's cost is found by its address in V8's perf map; V8
 * reuses the space of collected code, so an address can be covered by more
 * than one entry over a run. The latest entry is taken (the code that lives
 * there now), and the report gives the share of the counted instructions at
 * such reused addresses, so the reader can see how much that choice matters.
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
export const TARGET_FIRM_YEARS_PER_SECOND = 6e6;
/** Replicates of the two counted runs: their difference is replicates 3 and 4. */
const REPS_SHORT = 2;
const REPS_LONG = 4;
/** V8 flags of the counted (and the timed) runs: see the module comment. */
const V8_FLAGS = ["--no-use-osr", "--no-concurrent-recompilation"];
/** Timed runs of the workload without valgrind; the fastest is kept. */
const TIMED_RUNS = 3;
/** Where V8 writes its perf map whatever TMPDIR says (Node 20's V8: "/tmp/perf-%d.map"). */
const PERF_MAP_DIR = "/tmp";
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

/**
 * Rows of `callgrind_annotate --auto=no --threshold=100` (self cost per function): lines "1,234 (12.3%)  file:function
 * [object]" after the "PROGRAM TOTALS" line. The rows must add up to the total: anything else (source annotation, a
 * format this parser does not know) is refused rather than reported.
 */
export function parseAnnotate(text: string): CostRow[] {
  const rows: CostRow[] = [];
  let total: number | null = null;
  for (const line of text.split("\n")) {
    const m = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.+?)\s*$/.exec(line);
    if (m === null) continue;
    const cost = Number((m[1] as string).replace(/,/g, ""));
    if (m[2] === "PROGRAM TOTALS") total = cost;
    else if (total !== null) rows.push({ cost, name: m[2] as string });
  }
  const sum = rows.reduce((a, r) => a + r.cost, 0);
  if (total === null || rows.length === 0 || sum !== total)
    throw new Error(`callgrind_annotate's report could not be read: ${total === null ? "no PROGRAM TOTALS line" : `${rows.length} function rows adding up to ${sum} against a total of ${total}`}`);
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
  // "JS:*phaseFirms /…/dist/model/engine.js:258:20", "JS:~get href node:internal/url:925:11"; older V8s wrote
  // "LazyCompile:", "Function:", "Eval:" or "Script:" where Node 20 writes "JS:".
  const js = /^(?:JS|LazyCompile|Function|Eval|Script):([*+^~])(.*?) ?(\S+?):\d+:\d+$/.exec(name);
  if (js !== null) {
    const file = (js[3] as string).replace(/^.*\/dist\//, "").replace(/^.*\/node_modules\//, "node_modules/");
    return `${js[2] === "" ? "(anonymous)" : js[2]} (${file}, ${TIERS[js[1] as string]})`;
  }
  const handler = /^BytecodeHandler:(\S+)/.exec(name);
  if (handler !== null) return `V8 interpreter (${handler[1]})`;
  const fdlibm = /ieee754::(\w+)\(double/.exec(name);
  if (fdlibm !== null) return `Math.${fdlibm[1]} (V8's fdlibm)`;
  const builtin = /(?:^|:)Builtins?[_:](\w+)/.exec(name);
  if (builtin !== null) return `V8 builtin ${builtin[1]}`;
  if (/v8::internal::/.test(name)) return "V8 runtime (garbage collection, compiler, inline-cache misses)";
  const c = name.replace(/^\?\?\?:/, "").replace(/ \[[^\]]*\]$/, "");
  return c.includes(":") && !c.includes("::") ? c.slice(c.lastIndexOf(":") + 1) : c.replace(/\(.*$/, "");
}

/** How many of the map's entries cover `addr`. */
export function entriesAt(map: readonly MapEntry[], addr: number): number {
  let n = 0;
  for (const e of map) if (addr >= e.start && addr < e.start + e.size) n++;
  return n;
}

/** Self cost by readable name, from one profile and its perf map; `reused` is the cost at addresses more than one entry covers. */
export function costByName(rows: readonly CostRow[], map: readonly MapEntry[]): { cost: Map<string, number>; reused: number } {
  const cost = new Map<string, number>();
  let reused = 0;
  for (const r of rows) {
    const k = readableName(r.name, map);
    cost.set(k, (cost.get(k) ?? 0) + r.cost);
    const jit = /^\?\?\?:0x([0-9a-fA-F]+)/.exec(r.name);
    if (jit !== null && entriesAt(map, parseInt(jit[1] as string, 16)) > 1) reused += r.cost;
  }
  return { cost, reused };
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
export function partOf(name: string): "keyed generator" | "Math functions (V8's fdlibm)" | "model" | "other" {
  if (/\(random\/threefry\.js,/.test(name)) return "keyed generator";
  if (/V8's fdlibm/.test(name)) return "Math functions (V8's fdlibm)";
  // The project's compiled code, except this command's own harness (cli/), is the model's.
  if (/ \((?!cli\/|node_modules\/|node:)[\w./-]+\.js, \w+\)$/.test(name)) return "model";
  return "other";
}

/** Alive firms at the start of the year (the firm-years the year adds); the bench counts with it too. */
export function alive(s: State): number {
  let a = 0;
  for (let i = 0; i < s.n; i++) a += s.firm.alive[i] as number;
  return a;
}

/**
 * The counted workload, run in a child process: the status quo on a population of about `firms` firms for `reps`
 * replicates of `years` years, as the bench's single-thread measurement runs it. Prints one JSON line: its process id
 * (which names V8's perf map), the firm-years and the CPU nanoseconds (set-up included) of every replicate.
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
    const t0 = process.cpuUsage(); // the replicate's set-up too: the count's difference includes it
    const key = replicateKey(`bench/${r}`);
    const s = initState(setup, p, key);
    let fy = 0;
    for (let t = 1; t <= years; t++) {
      fy += alive(s);
      step(s, setup, p, pol, coefs, key);
    }
    const c = process.cpuUsage(t0);
    firmYears.push(fy);
    cpuNs.push((c.user + c.system) * 1000);
  }
  console.log(JSON.stringify({ pid: process.pid, firms: setup.population.size, firmYears, cpuNs }));
}

interface WorkloadResult {
  pid: number;
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

/** A child that ended by a signal (Ctrl-C reaches it too) or could not start: a sentence, not an internal error. */
function checkChild(r: ReturnType<typeof spawnSync>, what: string): void {
  if (r.error !== undefined) throw new UserError(`${what} could not be started (${r.error.message}).`, { hint: "Install valgrind (Debian: apt-get install valgrind), which provides callgrind_annotate too." });
  if (r.signal !== null) throw new UserError(`${what} was stopped by ${r.signal}; nothing was reported.`);
}

/** The workload under callgrind: its firm-years, its cost by readable name and the cost at reused addresses. */
function counted(firms: number, years: number, reps: number, dir: string): { run: WorkloadResult; cost: Map<string, number>; reused: number; total: number } {
  const out = path.join(dir, `callgrind.${reps}.out`);
  const args = ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${out}`, process.execPath, ...V8_FLAGS, "--perf-basic-prof", "-e", workloadCode(firms, years, reps)];
  // --perf-basic-prof also writes V8's log (isolate-*.log) into the working directory: the temporary one.
  const r = spawnSync("valgrind", args, { encoding: "utf8", maxBuffer: 64 << 20, cwd: dir });
  let mapFile: string | null = null;
  try {
    checkChild(r, `The counted run (${reps} replicates under valgrind)`);
    if (r.status !== 0) throw new Error(`the counted run (${reps} replicates under valgrind) failed: ${lastLine(String(r.stderr))}`);
    const run = JSON.parse(lastLine(String(r.stdout))) as WorkloadResult;
    mapFile = path.join(PERF_MAP_DIR, `perf-${run.pid}.map`);
    if (!fs.existsSync(mapFile)) throw new Error(`V8's perf map ${mapFile} was not written, so compiled code cannot be named`);
    const ann = spawnSync("callgrind_annotate", ["--auto=no", "--threshold=100", out], { encoding: "utf8", maxBuffer: 256 << 20 });
    checkChild(ann, "callgrind_annotate");
    if (ann.status !== 0) throw new Error(`callgrind_annotate failed: ${lastLine(String(ann.stderr))}`);
    const rows = parseAnnotate(String(ann.stdout));
    const { cost, reused } = costByName(rows, parsePerfMap(fs.readFileSync(mapFile, "utf8")));
    return { run, cost, reused, total: rows.reduce((a, x) => a + x.cost, 0) };
  } finally {
    if (mapFile !== null) fs.rmSync(mapFile, { force: true });
    else if (r.pid !== undefined) fs.rmSync(path.join(PERF_MAP_DIR, `perf-${r.pid}.map`), { force: true }); // valgrind runs the client in its own process
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
  /** Share of the counted instructions (both runs) at addresses V8 reused for more than one function. */
  reusedAddressShare: number;
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
    const reusedShare = (a.reused + b.reused) / (a.total + b.total);
    const total = rows.reduce((x, r) => x + r.instructions, 0);
    const parts = new Map<string, number>();
    for (const r of rows) parts.set(partOf(r.name), (parts.get(partOf(r.name)) ?? 0) + r.instructions);
    // The same workload without valgrind: CPU time of replicates 3 and 4, the ones counted; the fastest of a few runs.
    let ns = Infinity;
    for (let k = 0; k < TIMED_RUNS; k++) {
      const t = spawnSync(process.execPath, [...V8_FLAGS, "-e", workloadCode(firms, years, REPS_LONG)], { encoding: "utf8" });
      checkChild(t, "The timed run");
      if (t.status !== 0) throw new Error(`the timed run failed: ${lastLine(String(t.stderr))}`);
      const timed = JSON.parse(lastLine(String(t.stdout))) as WorkloadResult;
      ns = Math.min(ns, timed.cpuNs.slice(REPS_SHORT).reduce((x, y) => x + y, 0) / timed.firmYears.slice(REPS_SHORT).reduce((x, y) => x + y, 0));
    }
    const rate = total / ns;
    return {
      firms: b.run.firms,
      years,
      firmYearsCounted: fyLong - fyShort,
      instructionsPerFirmYear: total,
      byPart: [...parts].map(([part, instructions]) => ({ part, instructions })).sort((x, y) => y.instructions - x.instructions),
      byFunction: rows.filter((r) => Math.abs(r.instructions) >= 0.5),
      reusedAddressShare: reusedShare,
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
      { measure: "counted instructions at addresses V8 reused for another function", value: `${(100 * r.reusedAddressShare).toFixed(1)} % (charged to the function there now)` },
      { measure: `the same replicates timed (CPU, no valgrind, fastest of ${TIMED_RUNS})`, value: `${r.timedNsPerFirmYear.toFixed(0)} ns per firm-year: ${r.instructionsPerNs.toFixed(2)} instructions per ns here` },
      { measure: `at that rate, ${(r.budgetForTarget.firmYearsPerSecond / 1e6).toFixed(0)} M firm-years per second allows (a timing: noisy)`, value: `${f(r.budgetForTarget.instructionsPerFirmYear)} instructions per firm-year` },
    ],
    { maxRows: top + 14, caption: `bioclusters bench --instructions (callgrind; V8 ${r.v8Flags.join(" ")})` },
  );
}
