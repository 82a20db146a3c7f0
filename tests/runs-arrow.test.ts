/**
 * `simulate --format arrow`: runs.arrow holds the rows of runs.csv (same order, same text columns, the values
 * the CSV rounds to 12 digits), read back with the package that wrote it; summaries, differences and the manifest
 * are the same as with runs.csv; a bad --format is a one-line error before anything runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { runCli } from "../src/cli/main";
import { formatNumber } from "../src/experiments/csv-writer";
import { captured } from "./helpers";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bc-arrow-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const SIM = ["simulate", "--mix", "status_quo", "--mix", "talent_first", "--years", "3", "--reps", "4", "--seed", "arrow", "--workers", "2"];
const read = (out: string, f: string) => fs.readFileSync(path.join(out, f), "utf8");

test("runs.arrow reads back to the rows and values of runs.csv; the other files are the same", async () => {
  captured();
  const csvOut = path.join(tmp, "csv");
  const arrowOut = path.join(tmp, "arrow");
  expect(await runCli([...SIM, "--out", csvOut])).toBe(0);
  expect(await runCli([...SIM, "--format", "arrow", "--out", arrowOut])).toBe(0);
  expect(fs.readdirSync(arrowOut).sort()).toEqual(["differences.csv", "manifest.json", "runs.arrow", "summary.csv"]);

  const lines = read(csvOut, "runs.csv").trimEnd().split("\n");
  const header = lines[0]!.split(",");
  const bytes = fs.readFileSync(path.join(arrowOut, "runs.arrow"));
  // The IPC *file* format (what pyarrow's read_feather and R's read_ipc_file open): "ARROW1" at both ends.
  expect(bytes.subarray(0, 6).toString("latin1")).toBe("ARROW1");
  expect(bytes.subarray(bytes.length - 6).toString("latin1")).toBe("ARROW1");
  const table = tableFromIPC(bytes);
  expect(table.schema.metadata.get("bioclusters.file")).toBe("runs");
  expect(table.schema.fields.map((f) => f.name)).toEqual(header);
  expect(table.numRows).toBe(lines.length - 1);
  expect(table.numRows).toBe(2 * 4 * 4 * 21 * 13); // mixes × replicates × (years + 1) × locations × metrics
  const cols = header.map((h) => table.getChild(h)!.toArray() as ArrayLike<unknown>);
  // Dictionary columns come back as their text, numbers as numbers.
  const text = (c: number, i: number) => String(table.getChild(header[c]!)!.get(i));
  const wrong: string[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const f = lines[i + 1]!.split(",");
    const got = [text(0, i), String(cols[1]![i]), text(2, i), String(cols[3]![i]), text(4, i), text(5, i), formatNumber(cols[6]![i] as number)];
    if (got.join(",") !== f.join(",") && wrong.length < 3) wrong.push(`row ${i + 1}: ${got.join(",")} ≠ ${f.join(",")}`);
  }
  expect(wrong).toEqual([]);
  // Full doubles: within the CSV's 12 digits of it, and not all of them already round.
  const values = Array.from(cols[6] as Float64Array);
  expect(values.every((v, i) => Math.abs(v - Number(lines[i + 1]!.split(",")[6])) <= 5e-12 * Math.abs(v))).toBe(true);
  expect(values.some((v) => String(v) !== formatNumber(v))).toBe(true);

  for (const f of ["summary.csv", "differences.csv"]) expect(read(arrowOut, f)).toBe(read(csvOut, f));
  const man = JSON.parse(read(arrowOut, "manifest.json")) as { files: string[]; runsFormat: string };
  expect(man.files).toEqual(["runs.arrow", "summary.csv", "differences.csv", "manifest.json"]);
  expect(man.runsFormat).toBe("arrow");
  expect((JSON.parse(read(csvOut, "manifest.json")) as { runsFormat: string }).runsFormat).toBe("csv");
}, 60_000);

test("an arrow run replaces a csv run in the same folder as a whole", async () => {
  captured();
  const out = path.join(tmp, "replace");
  const one = ["simulate", "--mix", "status_quo", "--years", "1", "--reps", "1", "--seed", "r", "--workers", "1", "--out", out];
  expect(await runCli(one)).toBe(0);
  expect(await runCli([...one, "--format", "arrow"])).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(["differences.csv", "manifest.json", "runs.arrow", "summary.csv"]);
  expect(await runCli(one)).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(["differences.csv", "manifest.json", "runs.csv", "summary.csv"]);
}, 60_000);

test("an unknown --format is a one-line error naming the choices, before anything runs", async () => {
  const { err } = captured();
  const out = path.join(tmp, "bad-format");
  expect(await runCli([...SIM, "--format", "parquet", "--out", out])).toBe(2);
  expect(err).toHaveLength(1);
  expect(err[0]).toMatch(/--format "parquet" is not a runs format; use csv .* or arrow/);
  expect(err[0]).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(out)).toBe(false);
});
