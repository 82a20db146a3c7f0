/**
 * `bioclusters simulate --estimates <dir>`: runs on another set of estimates
 * artefacts, checked as the bundled ones are, and records which in the
 * manifest (folder and content hashes).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { runCli } from "../src/cli/main";
import { ESTIMATES_DIR } from "../src/estimation/defaults";
import { captured } from "./helpers";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bc-est-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const SIM = ["simulate", "--mix", "status_quo", "--mix", "efficiency_shift", "--years", "2", "--reps", "3", "--seed", "est", "--workers", "1"];

function copyEstimates(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(ESTIMATES_DIR)) fs.copyFileSync(path.join(ESTIMATES_DIR, f), path.join(dir, f));
  return dir;
}

const manifest = (out: string) => JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")) as { estimates: { dir: string; bundled: boolean; sha256: string; files: Record<string, string> }; data: Record<string, { file: string; sha256: string }> };
const read = (out: string, f: string) => fs.readFileSync(path.join(out, f), "utf8");

test("--estimates runs on the given artefacts and the manifest records the folder and its hashes", async () => {
  const { out } = captured();
  const copy = copyEstimates("copy");
  const changed = copyEstimates("changed");
  const file = path.join(changed, "innovation.json");
  const a = JSON.parse(fs.readFileSync(file, "utf8")) as { params: Record<string, number> };
  a.params["(Intercept)"] = (a.params["(Intercept)"] as number) + 1; // more innovators under every mix
  fs.writeFileSync(file, JSON.stringify(a, null, 2));

  const def = path.join(tmp, "out-default");
  const same = path.join(tmp, "out-copy");
  const other = path.join(tmp, "out-changed");
  expect(await runCli([...SIM, "--out", def])).toBe(0);
  expect(await runCli([...SIM, "--estimates", copy, "--out", same])).toBe(0);
  expect(await runCli([...SIM, "--estimates", changed, "--out", other])).toBe(0);

  const md = manifest(def);
  const mc = manifest(same);
  const mo = manifest(other);
  expect(md.estimates).toMatchObject({ dir: path.resolve(ESTIMATES_DIR), bundled: true });
  expect(mc.estimates).toMatchObject({ dir: copy, bundled: false, sha256: md.estimates.sha256, files: md.estimates.files });
  expect(mc.data.innovation!.file).toBe(path.join(copy, "innovation.json"));
  expect(mo.estimates.dir).toBe(changed);
  expect(mo.estimates.sha256).not.toBe(md.estimates.sha256);
  expect(mo.estimates.files["innovation.json"]).not.toBe(md.estimates.files["innovation.json"]);
  expect(mo.estimates.files["patents.json"]).toBe(md.estimates.files["patents.json"]);
  // Same artefacts in another folder: the same numbers; changed artefacts: other numbers.
  expect(read(same, "runs.csv")).toBe(read(def, "runs.csv"));
  expect(read(same, "differences.csv")).toBe(read(def, "differences.csv"));
  const innovators = (out: string) => read(out, "summary.csv").split("\n").filter((l) => l.startsWith("status_quo,all,2,innovators,")).map((l) => Number(l.split(",")[4]));
  expect(innovators(other)[0]).toBeGreaterThan(innovators(def)[0] as number);
  // Every summary row keeps its seed; the console tells the CI of the mean from the spread and labels budget-neutral mixes.
  expect(read(def, "summary.csv").split("\n")[0]).toBe("scenario,cluster,year,metric,mean,p05,p50,p95,seed,replicates");
  expect(read(def, "summary.csv").split("\n")[1]).toMatch(/,est,3$/);
  const text = out.join("\n");
  expect(text).toMatch(/mean difference\s+95% CI low\s+95% CI high\s+spread 5%\s+spread 95%/);
  // The efficiency shift gives networking more than its firms can absorb (awardCap × the typical award each): the
  // rest moves to its other instruments (placeBudgets), so no instrument is reported unspent.
  expect(text).not.toMatch(/spent under 95 % of their budget/);
  expect(text).toMatch(/efficiency_shift\s+innovators\s+\S+\s+\S+\s+\S+/);
}, 60_000);

test("a missing --estimates folder is a one-line user error naming it, and nothing is written", async () => {
  const { err } = captured();
  const out = path.join(tmp, "out-missing");
  const missing = path.join(tmp, "no-such-folder");
  expect(await runCli([...SIM, "--estimates", missing, "--out", out])).toBe(2);
  expect(err).toHaveLength(1);
  expect(err[0]).toMatch(new RegExp(`The estimates folder "${missing}" does not exist\\..*innovation\\.json, patents\\.json, sales_growth\\.json`));
  expect(err[0]).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(out)).toBe(false);
});

test("a folder without one of the artefacts names the missing file", async () => {
  const { err } = captured();
  const dir = copyEstimates("incomplete");
  fs.rmSync(path.join(dir, "sales_growth.json"));
  const out = path.join(tmp, "out-incomplete");
  expect(await runCli([...SIM, "--estimates", dir, "--out", out])).toBe(2);
  expect(err.join("\n")).toContain(`${path.join(dir, "sales_growth.json")}: The estimates file does not exist.`);
  expect(fs.existsSync(out)).toBe(false);
});

test("a bad artefact names the file and the field, and nothing is written", async () => {
  const { err } = captured();
  const dir = copyEstimates("bad");
  const file = path.join(dir, "patents.json");
  const a = JSON.parse(fs.readFileSync(file, "utf8")) as { cov: number[][] };
  a.cov = a.cov.slice(1); // one row short
  fs.writeFileSync(file, JSON.stringify(a));
  const out = path.join(tmp, "out-bad");
  expect(await runCli([...SIM, "--estimates", dir, "--out", out])).toBe(2);
  expect(err).toHaveLength(1);
  expect(err[0]).toContain(file);
  expect(err[0]).toMatch(/cov/);
  expect(err[0]).toMatch(/The covariance must be \d+ × \d+/);
  expect(fs.existsSync(out)).toBe(false);
});

test("--estimates pointing at a file, or empty, is refused with what to give instead", async () => {
  const { err } = captured();
  expect(await runCli([...SIM, "--estimates", path.join(ESTIMATES_DIR, "innovation.json"), "--out", path.join(tmp, "o1")])).toBe(2);
  expect(err[0]).toMatch(/is a file, not a folder\. Give a folder holding innovation\.json/);
  expect(await runCli([...SIM, "--estimates", "", "--out", path.join(tmp, "o2")])).toBe(2);
  expect(err[1]).toMatch(/--estimates needs a folder/);
});
