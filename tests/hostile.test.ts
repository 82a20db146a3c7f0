/**
 * Hostile input and faults: the real CLI, run as child processes (several at
 * a time) under a watchdog (30 s, 2 GB resident), on inputs an attacker or a
 * careless user would give. Every case asserts the exit status, that stderr is
 * one plain line naming what is wrong (no stack frame), and — where there is
 * an output folder — that it holds the previous complete run or the new
 * complete run, never a mix, and no temporary folder or lock.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../src/paths";
import { leftovers, outputState, pool, runCli, type RunResult } from "./hostile-harness";

const LIMITS = { timeMs: 30_000, memBytes: 2 * 1024 ** 3 };
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "bc-hostile-"));
const data = (f: string) => path.join(PACKAGE_ROOT, "data", f);
const SIM = ["simulate", "--years", "2", "--reps", "2", "--seed", "s1", "--workers", "1"];
const statusQuo = JSON.parse(fs.readFileSync(data("policy-mixes/status_quo.json"), "utf8")) as Record<string, unknown>;
const recipe = JSON.parse(fs.readFileSync(data("recipes/default.json"), "utf8")) as { impute?: unknown; pillars: Array<{ weight?: number; indicators: Array<{ id: string }> }> };

/** Whether this process may mount a small tmpfs (root in most containers); cases that need it are skipped otherwise. */
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const d = fs.mkdtempSync(path.join(ROOT, "probe-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", d]);
  if (r.status !== 0) return false;
  spawnSync("umount", [d]);
  return true;
})();
const mounts: string[] = [];
function mountTmpfs(dir: string, opts: string): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", opts, "tmpfs", dir]);
  mounts.push(dir);
}

const mix = (over: Record<string, unknown>) => JSON.stringify({ ...statusQuo, name: "hostile", ...over });
const write = (dir: string, f: string, text: string | Buffer) => fs.writeFileSync(path.join(dir, f), text);

/** A small wide index dataset: 30 units, two indicators, and a recipe over them. */
function wide(rows = 30, edit?: (lines: string[]) => void): string {
  const lines = ["unit,a,b,group"];
  for (let i = 0; i < rows; i++) lines.push(`u${i},${(i * 7) % 23}.5,${(i * 5) % 11}.25,g${i % 3}`);
  edit?.(lines);
  return lines.join("\n") + "\n";
}
const RECIPE = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ unit: "unit", normalise: { method: "minmax" }, aggregate: { method: "arithmetic" }, pillars: [{ id: "p", indicators: [{ id: "a", direction: 1 }, { id: "b", direction: -1 }] }], ...over });

/** A regression dataset: y, x1, x2, a text column g; 60 rows. */
function reg(edit?: (lines: string[]) => void): string {
  const lines = ["id,y,x1,x2,g,yb"];
  for (let i = 0; i < 60; i++) lines.push(`r${i},${((i * 37) % 17) / 3 + i / 10},${i % 9},${(i * i) % 13},${["a", "b", "c"][i % 3]},${(i * 7) % 3 === 0 ? 1 : 0}`);
  edit?.(lines);
  return lines.join("\n") + "\n";
}
const setLine = (n: number, text: string) => (lines: string[]) => void (lines[n - 1] = text);

interface Case {
  name: string;
  /** Arguments; `{dir}` is replaced by the case's folder. */
  args: string[];
  setup?: (dir: string) => void;
  code: number;
  /** What stderr must say (file, field, line, limit, remedy). */
  err?: RegExp;
  /** What stdout must say. */
  out?: RegExp;
  /** Start with a previous complete run in {dir}/out, and check what the folder holds afterwards. */
  previous?: "kept" | "replaced";
  mount?: boolean;
  /** Further checks on the case's folder. */
  check?: (dir: string) => void;
}

const CASES: Case[] = [
  // ── Resource caps: one value must not take the machine down ──
  { name: "mix budget 1e300", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ budget: { krwBn: 1e300 } })), code: 2, err: /m\.json: Policy mix field budget\.krwBn: is over the limit of 10,000 KRW bn a year/, previous: "kept" },
  { name: "mix budget 1e12", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ budget: { krwBn: 1e12 } })), code: 2, err: /budget\.krwBn: is over the limit/ },
  { name: "mix budget path over the limit in year 3", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ budget: { krwBn: [300, 300, 1e9] } })), code: 2, err: /budget\.krwBn\[2\]: is over the limit/ },
  { name: "mix budget 1e999 (Infinity in JSON)", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({}).replace(/"krwBn":[0-9.]+/, '"krwBn":1e999')), code: 2, err: /budget\.krwBn/ },
  { name: "negative budget", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ budget: { krwBn: -5 } })), code: 2, err: /the budget cannot be negative/ },
  { name: "budget path of 500 years", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ budget: { krwBn: Array(500).fill(300) } })), code: 2, err: /at most 100 years/ },
  { name: "targeting weight 1e9", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ targeting: { rndGrants: { stage: { startup: 1e9 } } } })), code: 2, err: /targeting\.rndGrants\.stage\.startup: is over the limit of 1000/ },
  { name: "--reps 1e7", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "1e7", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--reps must be a whole number written in digits/ },
  { name: "--reps 10000001", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "10000001", "--seed", "1", "--out", "{dir}/out"], code: 3, err: /--reps 10000001 exceeds the limit of 10,000 replicates per mix/, previous: "kept" },
  { name: "firm-years over the cap", args: ["simulate", "--mix", "status_quo", "--mix", "talent_first", "--mix", "finance_first", "--years", "100", "--reps", "10000", "--seed", "1", "--out", "{dir}/out"], code: 3, err: /up to [\d.,]+ (billion|[\d,]+) firm-years|firm-years .* over the limit/ },
  { name: "--workers 64", args: [...SIM, "--mix", "status_quo", "--workers", "64", "--out", "{dir}/out"], code: 2, err: /--workers is 64, outside the allowed range 1 to 16/ },
  { name: "--workers 0", args: [...SIM, "--mix", "status_quo", "--workers", "0", "--out", "{dir}/out"], code: 2, err: /--workers is 0, outside the allowed range/ },
  { name: "--mix /dev/zero", args: [...SIM, "--mix", "/dev/zero", "--out", "{dir}/out"], code: 3, err: /\/dev\/zero: The input goes on beyond 16 MB, the limit for a JSON file/, previous: "kept" },
  { name: "bench --firms 1e9", args: ["bench", "--firms", "1e9"], code: 2, err: /--firms must be a whole number written in digits/ },
  { name: "bench --firms 1000000000", args: ["bench", "--firms", "1000000000"], code: 3, err: /--firms 1000000000 exceeds the limit of 2,000,000 firms/ },
  { name: "bench --years 1e9", args: ["bench", "--years", "1e9"], code: 2, err: /--years must be a whole number/ },
  { name: "bench --years 1000000000", args: ["bench", "--years", "1000000000"], code: 2, err: /--years is 1000000000, outside the allowed range 1 to 50/ },
  { name: "index data /dev/zero", args: ["index", "--data", "/dev/zero"], code: 3, err: /\/dev\/zero: The input goes on beyond 256 MB/ },
  { name: "index data over the size cap (sparse 300 MB file)", args: ["index", "--data", "{dir}/huge.csv"], setup: (d) => fs.truncateSync((write(d, "huge.csv", "a,b\n"), path.join(d, "huge.csv")), 300 * 1024 ** 2), code: 3, err: /huge\.csv: The file is 300 MB, over the limit of 256 MB for a CSV file/ },
  // ── Numeric options: plain numbers in documented ranges ──
  { name: "--years 0x10", args: ["simulate", "--mix", "status_quo", "--years", "0x10", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years must be a whole number written in digits \(1 to 100\), not "0x10"/ },
  { name: "--years 1e9", args: ["simulate", "--mix", "status_quo", "--years", "1e9", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years must be a whole number written in digits/ },
  { name: "--years -5 (not 'ambiguous')", args: ["simulate", "--mix", "status_quo", "--years", "-5", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years is -5, outside the allowed range 1 to 100/ },
  { name: "--years 0", args: ["simulate", "--mix", "status_quo", "--years", "0", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years is 0, outside the allowed range 1 to 100/ },
  { name: "--years 101", args: ["simulate", "--mix", "status_quo", "--years", "101", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years is 101, outside the allowed range 1 to 100/ },
  { name: "--years 2.5", args: ["simulate", "--mix", "status_quo", "--years", "2.5", "--reps", "2", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--years must be a whole number written in digits/ },
  { name: "--reps -1", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "-1", "--seed", "1", "--out", "{dir}/out"], code: 2, err: /--reps is -1, outside the allowed range/ },
  { name: "--seed empty", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "", "--out", "{dir}/out"], code: 2, err: /The option --seed is required/ },
  { name: "--seed of 300 characters", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "x".repeat(300), "--out", "{dir}/out"], code: 2, err: /--seed is 300 characters long; a seed may have at most 200/ },
  { name: "--seed with a newline", args: ["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "a\nb", "--out", "{dir}/out"], code: 2, err: /--seed contains a control character/ },
  { name: "report --reps 0", args: ["report", "--reps", "0", "--out", "{dir}/rep"], code: 2, err: /--reps is 0, outside the allowed range/ },
  { name: "report --years 0x10", args: ["report", "--years", "0x10", "--out", "{dir}/rep"], code: 2, err: /--years must be a whole number written in digits/ },
  { name: "unknown option", args: [...SIM, "--mix", "status_quo", "--bogus", "--out", "{dir}/out"], code: 2, err: /Unknown option '--bogus'.*Run "bioclusters simulate --help"/ },
  { name: "unknown command", args: ["simulat"], code: 2, err: /Unknown command "simulat"/ },
  { name: "missing --out", args: [...SIM, "--mix", "status_quo"], code: 2, err: /The option --out is required/ },
  // ── Mixes ──
  { name: 'share "NaN" as a string', args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ shares: { ...(statusQuo["shares"] as object), rndGrants: "NaN" } })), code: 2, err: /m\.json: Policy mix field shares\.rndGrants: must be a number from 0 to 1 \(written without quotes\)/ },
  { name: "shares summing to 0.5", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ shares: { infrastructure: 0.5 } })), code: 2, err: /add up to 0\.5, not 1/ },
  { name: "unknown instrument", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ shares: { rockets: 1 } })), code: 2, err: /Unknown instrument "rockets" in shares/ },
  { name: "all-zero targeting", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ targeting: { rndGrants: { stage: { startup: 0, established: 0 } } } })), code: 2, err: /targeting\.rndGrants\.stage gives every stage a weight of 0.*unspent/ },
  { name: "unknown cluster in targeting", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ targeting: { talent: { clusters: { atlantis: 2 } } } })), code: 2, err: /Unknown cluster "atlantis" in targeting\.talent\.clusters/ },
  { name: "mix that is not JSON", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", '{\n  "name": "x",\n  "budget": {krwBn: 3}\n}'), code: 2, err: /m\.json: The policy mix is not valid JSON \(.* at line 3, column \d+\)/ },
  { name: "mix file missing", args: [...SIM, "--mix", "{dir}/nope.json", "--out", "{dir}/out"], code: 2, err: /"\S*nope\.json" is neither a policy-mix file nor a preset/ },
  { name: "mix is a folder", args: [...SIM, "--mix", "{dir}/folder", "--out", "{dir}/out"], setup: (d) => fs.mkdirSync(path.join(d, "folder")), code: 2, err: /folder: This is a folder, not a policy-mix file/ },
  { name: "mix in UTF-16", args: [...SIM, "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mix({}), "utf16le")])), code: 2, err: /m\.json: The file is encoded as UTF-16, not UTF-8/ },
  { name: "two mixes with one name", args: [...SIM, "--mix", "status_quo", "--mix", "{dir}/m.json", "--out", "{dir}/out"], setup: (d) => write(d, "m.json", mix({ name: "status_quo" })), code: 2, err: /Two mixes are named "status_quo"/, previous: "kept" },
  { name: "baseline not among the mixes", args: [...SIM, "--mix", "status_quo", "--baseline", "talent_first", "--out", "{dir}/out"], code: 2, err: /The baseline "talent_first" is not one of the mixes given/ },
  { name: "a folder named status_quo does not shadow the preset", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/out"], setup: (d) => fs.mkdirSync(path.join(d, "status_quo")), code: 0, out: /Simulated 1 mix/, previous: "replaced" },
  // ── Output folders: checked before any work; never a mix of runs ──
  { name: "--metrics firms,bogus", args: [...SIM, "--mix", "status_quo", "--metrics", "firms,bogus", "--out", "{dir}/out"], code: 2, err: /--metrics names unknown metric "bogus"\. Metrics: firms,/, previous: "kept" },
  { name: "--metrics with an empty name", args: [...SIM, "--mix", "status_quo", "--metrics", ",", "--out", "{dir}/out"], code: 2, err: /--metrics "," has an empty name/ },
  { name: "--out is an existing file", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/file.txt"], setup: (d) => write(d, "file.txt", "keep me"), code: 2, err: /file\.txt: The output path exists and is a file, not a folder/ },
  { name: "--out is a dangling symlink", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/link"], setup: (d) => fs.symlinkSync(path.join(d, "gone"), path.join(d, "link")), code: 2, err: /link: The output folder is a link to ".*gone", which does not exist/ },
  { name: "--out holds someone else's files", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/mine"], setup: (d) => (fs.mkdirSync(path.join(d, "mine")), write(d, "mine/thesis.docx", "x")), code: 2, err: /mine: The output folder already holds files bioclusters did not write \("thesis\.docx"\)/ },
  { name: "--out inside a file", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/file.txt/sub"], setup: (d) => write(d, "file.txt", "x"), code: 2, err: /file\.txt" is a file, so the output folder cannot be created inside it/ },
  { name: "--out locked by a live run", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/out"], setup: (d) => write(d, ".out.lock", `${process.pid}\n2026-01-01T00:00:00Z\nbioclusters simulate\n`), code: 2, err: new RegExp(`Another bioclusters run \\(process ${process.pid}.*Wait for it to finish`), previous: "kept" },
  { name: "a stale lock from a killed run is taken over", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/out"], setup: (d) => write(d, ".out.lock", "999999999\n2026-01-01T00:00:00Z\nbioclusters simulate\n"), code: 0, previous: "replaced" },
  { name: "stale temporary folders are cleaned", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/out"], setup: (d) => (fs.mkdirSync(path.join(d, ".out.tmp-999999999-abc")), write(d, ".out.tmp-999999999-abc/runs.csv", "x".repeat(1e6))), code: 0, previous: "replaced" },
  { name: "a run without --firm-panel leaves no old panel.csv", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/out"], code: 0, previous: "replaced" },
  { name: "an old-style real output folder is replaced whole", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/old"], setup: (d) => (fs.mkdirSync(path.join(d, "old")), write(d, "old/panel.csv", "stale"), write(d, "old/runs.csv", "stale")), code: 0, check: (d) => expect(outputState(path.join(d, "old"))).toMatchObject({ seed: "s1", consistent: true, files: ["differences.csv", "manifest.json", "runs.csv", "summary.csv"] }) },
  { name: "read-only output folder", args: [...SIM, "--mix", "status_quo", "--out", "{dir}/ro/out"], setup: (d) => mountTmpfs(path.join(d, "ro"), "size=1m,ro"), code: 2, err: /ro" cannot be written to/, mount: true },
  { name: "disk too small for the estimated output", args: ["simulate", "--mix", "status_quo", "--years", "5", "--reps", "50", "--seed", "1", "--workers", "1", "--out", "{dir}/small/out"], setup: (d) => mountTmpfs(path.join(d, "small"), "size=2m"), code: 3, err: /The output needs about .* but the disk holding .* has .* free/, mount: true },
  { name: "report --out is a file (checked before any work)", args: ["report", "--no-images", "--out", "{dir}/file.txt"], setup: (d) => write(d, "file.txt", "x"), code: 2, err: /file\.txt: The output path exists and is a file/ },
  // ── index: one validation path ──
  { name: "index: NA in a numeric column", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(8, "u6,NA,3.25,g0"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 8, column "a": "NA" marks a missing value.*add "impute"/ },
  { name: "index: empty cell without imputation", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(12, "u10,,3.25,g1"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 12, column "a": The cell is empty/ },
  { name: "index: NA with imputation is imputed and reported", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(8, "u6,NA,3.25,g0"))), write(d, "r.json", RECIPE({ impute: { method: "median" } }))), code: 0, out: /Imputed \(median\): u6\.a = / },
  { name: "index: Infinity", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(5, "u3,Infinity,3.25,g0"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 5, column "a": "Infinity" is not a finite number/ },
  { name: "index: a word in a numeric column", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(9, "u7,lots,3.25,g0"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 9, column "a": "lots" is not a number, but the column's other cells are numbers/ },
  { name: "index: 1e300 values", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(3, "u1,1e300,3.25,g0"))), write(d, "r.json", RECIPE())), code: 2, err: /line 3, column "a": "1e300" is beyond ±1e\+15/ },
  { name: "index: duplicate unit (wide)", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, (l) => l.push("u4,1,2,g0"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 32, column "unit": unit "u4" appears twice, here and on line 6/ },
  { name: "index: duplicate (cluster, indicator) in long data", args: ["index", "--data", "{dir}/long.csv"], setup: (d) => write(d, "long.csv", fs.readFileSync(data("indicators.csv"), "utf8") + fs.readFileSync(data("indicators.csv"), "utf8").split("\n")[2] + "\n"), code: 2, err: /long\.csv, line 401, column "cluster": Duplicate cluster \+ indicator "osong \/ infra_per_firm": it already appears on line 3/ },
  { name: "index: NaN in long data names the physical line", args: ["index", "--data", "{dir}/long.csv"], setup: (d) => write(d, "long.csv", fs.readFileSync(data("indicators.csv"), "utf8").split("\n").map((l, i) => (i === 45 ? l.replace(/,[\d.]+,2018,/, ",NaN,2018,") : l)).join("\n")), code: 2, err: /long\.csv, line 46, column "value": "NaN" is not a number/ },
  { name: "index: blank lines count in line numbers", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, (l) => (l.splice(3, 0, "", ""), (l[9] = "u6,NA,1,g0")))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv, line 10, column "a"/ },
  { name: "index: pillar weight 1e308", args: ["index", "--recipe", "{dir}/r.json"], setup: (d) => write(d, "r.json", JSON.stringify({ ...recipe, pillars: recipe.pillars.map((p, i) => (i === 0 ? { ...p, weight: 1e308 } : p)) })), code: 2, err: /r\.json: The recipe field pillars\[0\]\.weight must be a number from 0 to 1,000,000/ },
  { name: "index: recipe not JSON", args: ["index", "--recipe", "{dir}/r.json"], setup: (d) => write(d, "r.json", "{ unit: cluster }"), code: 2, err: /r\.json: The recipe is not valid JSON \(.*line 1, column \d+\)/ },
  { name: "index: recipe missing", args: ["index", "--recipe", "{dir}/nope.json"], code: 2, err: /nope\.json: The recipe file does not exist/ },
  { name: "index: unknown normalisation", args: ["index", "--recipe", "{dir}/r.json"], setup: (d) => write(d, "r.json", RECIPE({ normalise: { method: "magic" } })), code: 2, err: /normalise\.method must be one of minmax/ },
  { name: "index: data in UTF-16", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wide(), "utf16le")])), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv: The file is encoded as UTF-16, not UTF-8\. Save the CSV file as UTF-8/ },
  { name: "index: data in EUC-KR", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", Buffer.concat([Buffer.from(wide(3)), Buffer.from([0xbf, 0xc0, 0xbc, 0xdb, 0x2c, 0x31, 0x2c, 0x32, 0x2c, 0x67, 0x0a])])), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv: The file is not valid UTF-8 text \(line 5\); it may be saved in a Korean encoding such as EUC-KR/ },
  { name: "index: unclosed quote is reported where it opens", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(4, 'u2,"1.5,2,g0'))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv: A quoted cell is never closed \(its quote opens on line 4 of the file\)/ },
  { name: "index: ragged row", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json"], setup: (d) => (write(d, "d.csv", wide(30, setLine(7, "u5,1,2"))), write(d, "r.json", RECIPE())), code: 2, err: /d\.csv: A row has a different number of cells from the header \(line 7 of the file\)/ },
  { name: "index: empty file", args: ["index", "--data", "{dir}/d.csv"], setup: (d) => write(d, "d.csv", ""), code: 2, err: /d\.csv: The file is empty/ },
  { name: "index: data is a folder", args: ["index", "--data", "{dir}"], code: 2, err: /This is a folder, not a file/ },
  { name: "index: 100,000 units in well under the time limit (O(n log n))", args: ["index", "--data", "{dir}/d.csv", "--recipe", "{dir}/r.json", "--json"], setup: (d) => (write(d, "d.csv", wide(100_000)), write(d, "r.json", RECIPE())), code: 0, out: /"u99999":/ },
  // ── estimate: one validation path ──
  { name: "estimate: NA in a regressor", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1,x2"], setup: (d) => write(d, "d.csv", reg(setLine(11, "r9,1.5,NA,3,a,0"))), code: 2, err: /d\.csv, line 11, column "x1": "NA" marks a missing value.*pass --drop-missing/ },
  { name: "estimate: NA is never a category level", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1,g"], setup: (d) => write(d, "d.csv", reg(setLine(11, "r9,1.5,2,3,NA,0"))), code: 2, err: /line 11, column "g": "NA" marks a missing value/ },
  { name: "estimate: --drop-missing reports the rows it dropped", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1,x2", "--drop-missing"], setup: (d) => write(d, "d.csv", reg((l) => ((l[10] = "r9,1.5,NA,3,a,0"), (l[20] = "r19,,2,3,a,0")))), code: 0, out: /Left out 2 rows \(lines 11, 21\) with missing values \(--drop-missing\)/ },
  { name: "estimate: Infinity in y", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1"], setup: (d) => write(d, "d.csv", reg(setLine(5, "r3,Infinity,1,2,a,0"))), code: 2, err: /d\.csv, line 5, column "y": "Infinity" is not a finite number/ },
  { name: "estimate: --x ',,'", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", ",,"], code: 2, err: /--x ",," has an empty name/ },
  { name: "estimate: --x repeats a column", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "age,age"], code: 2, err: /--x names "age" twice/ },
  { name: "estimate: data near 1e200", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1"], setup: (d) => write(d, "d.csv", reg(setLine(5, "r3,1e200,1,2,a,0"))), code: 2, err: /line 5, column "y": "1e200" is beyond ±1e\+15.*Rescale/ },
  { name: "estimate: a word in y", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1"], setup: (d) => write(d, "d.csv", reg(setLine(6, "r4,high,1,2,a,0"))), code: 2, err: /line 6, column "y": "high" is not a number, but the column's other cells are numbers/ },
  { name: "estimate: unknown column", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "ages"], code: 2, err: /There is no column "ages" in the data/ },
  { name: "estimate: unknown model", args: ["estimate", "--model", "probit", "--y", "product_innovation", "--x", "age"], code: 2, err: /Unknown model "probit"\. Use one of ols, logit, poisson, negbin/ },
  { name: "estimate: logit of a non-binary outcome", args: ["estimate", "--data", "{dir}/d.csv", "--model", "logit", "--y", "y", "--x", "x1"], setup: (d) => write(d, "d.csv", reg()), code: 2, err: /A logit needs an outcome of 0s and 1s/ },
  { name: "estimate: perfectly collinear regressors", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1,x3"], setup: (d) => write(d, "d.csv", reg((l) => l.forEach((s, i) => (l[i] = i === 0 ? `${s},x3` : `${s},${2 * Number(s.split(",")[2])}`)))), code: 2, err: /x3/ },
  { name: "estimate: --base names a variable not in --x", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "age", "--base", "sector=bio_food"], code: 2, err: /--base names "sector", which is not one of the regressors/ },
  { name: "estimate: --out is a folder (checked before fitting)", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "age", "--out", "{dir}"], code: 2, err: /The output path is a folder; --out names the estimates file/ },
  { name: "estimate: --out is a dangling link", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "age", "--out", "{dir}/est.json"], setup: (d) => fs.symlinkSync(path.join(d, "gone", "x.json"), path.join(d, "est.json")), code: 2, err: /est\.json: The output file is a link to a file that does not exist/ },
  { name: "estimate: --out /dev/zero", args: ["estimate", "--model", "ols", "--y", "product_innovation", "--x", "age", "--out", "/dev/zero"], code: 2, err: /\/dev\/zero: The output path is a device or special file/ },
  { name: "estimate: near-collinearity is reported with the condition number", args: ["estimate", "--data", "{dir}/d.csv", "--model", "ols", "--y", "y", "--x", "x1,x3"], setup: (d) => write(d, "d.csv", reg((l) => l.forEach((s, i) => (l[i] = i === 0 ? `${s},x3` : `${s},${Number(s.split(",")[2]) + (i % 2) * 0.001}`)))), code: 0, out: /Near-collinearity: the scaled condition number of the regressors is [\d.e+]+ \(above 30\)/ },
  { name: "estimate: the survey's sales_growth needs --drop-missing", args: ["estimate", "--model", "ols", "--y", "sales_growth", "--x", "age"], code: 2, err: /survey_synthetic\.csv, line \d+, column "sales_growth": The cell is empty.*--drop-missing/ },
];

let results: RunResult[] = [];
const dirs: string[] = [];
const TEMPLATE = path.join(ROOT, "template");

beforeAll(async () => {
  // A previous complete run (seed "previous", with --firm-panel) that failing cases must leave untouched.
  fs.mkdirSync(TEMPLATE);
  const prev = await runCli(["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "previous", "--workers", "1", "--firm-panel", "--out", "out"], { cwd: TEMPLATE, limits: LIMITS });
  expect(prev.code, prev.stderr).toBe(0);
  CASES.forEach((c, i) => {
    const dir = path.join(ROOT, `case-${i}`);
    fs.mkdirSync(dir);
    if (c.previous) execFileSync("cp", ["-a", `${TEMPLATE}/.`, dir]);
    dirs.push(dir);
    if (!c.mount || canMount) c.setup?.(dir);
  });
  const t0 = Date.now();
  results = await pool(
    CASES.map((c, i) => ({ c, i })),
    3,
    ({ c, i }) =>
      c.mount && !canMount
        ? Promise.resolve({ code: c.code, signal: null, stdout: "", stderr: "", ms: 0, peakBytes: 0, killedBy: null } as RunResult)
        : runCli(c.args.map((a) => a.replaceAll("{dir}", dirs[i] as string)), { cwd: dirs[i] as string, limits: LIMITS }),
  );
  console.log(`hostile suite: ${CASES.length} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(() => {
  for (const m of mounts) spawnSync("umount", [m]);
  try {
    fs.rmSync(ROOT, { recursive: true, force: true });
  } catch (e) {
    console.warn(`could not remove ${ROOT}: ${(e as Error).message}`);
  }
});

test("the suite has at least 60 cases", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each(CASES.map((c, i) => ({ ...c, i })))("$name", (c) => {
  test("exit status, message, resources and output folder", () => {
    if (c.mount && !canMount) return;
    const r = results[c.i] as RunResult;
    const dir = dirs[c.i] as string;
    expect(r.killedBy, `watchdog: ${r.killedBy} (${r.ms} ms, ${(r.peakBytes / 1024 ** 2).toFixed(0)} MB)`).toBeNull();
    expect(r.peakBytes).toBeLessThan(LIMITS.memBytes);
    expect(r.code, `stderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 500)}`).toBe(c.code);
    expect(r.stderr).not.toMatch(/\n\s+at |Error: |node:internal/); // no stack frame, no raw error
    if (c.code !== 0) {
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^bioclusters: [A-Z"'/-]|^bioclusters: \//);
      expect((lines[0] as string).length).toBeLessThan(700);
      expect(r.stdout).toBe("");
    }
    if (c.err) expect(r.stderr).toMatch(c.err);
    if (c.out) expect(r.stdout).toMatch(c.out);
    if (c.previous) {
      const st = outputState(path.join(dir, "out"));
      expect(st, "the output folder must hold a complete run").not.toBeNull();
      expect(st?.problems).toEqual([]);
      if (c.previous === "kept") {
        expect(st?.seed).toBe("previous");
        expect(st?.files).toContain("panel.csv");
      } else {
        expect(st?.seed).toBe("s1");
        expect(st?.files, "a run without --firm-panel has no panel.csv").not.toContain("panel.csv");
      }
      // The lock a live run holds is its own; only a run's own leftovers must be gone.
      expect(leftovers(dir, "out").filter((n) => !(c.name === "--out locked by a live run" && n === ".out.lock"))).toEqual([]);
      const store = fs.readdirSync(path.join(dir, ".out.runs"));
      expect(store, "only the current run is kept").toHaveLength(1);
    }
    c.check?.(dir);
    for (const name of fs.readdirSync(dir)) expect(name, "no temporary folder is left").not.toMatch(/\.tmp-/);
  });
});
