/**
 * Robustness of the study's conclusions over draws, and a calibration killed
 * with SIGKILL (no chance to clean up) that resumes from its journal to the
 * bytes of an uninterrupted run.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { conclusionRobustness, ROBUST_SHARE } from "../src/calibration/conclusions";
import { runCli } from "../src/cli/main";
import { PACKAGE_ROOT } from "../src/paths";
import { captured } from "./helpers";

afterEach(() => vi.restoreAllMocks());
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "calib-concl-"));

describe("which conclusions survive", () => {
  test("shares are reproducible, count whole draws, and flag robustness at 80 %; deciders differ clearly between halves", async () => {
    const o = { draws: 8, years: 3, seed: "concl-test", calibration: null };
    const a = await conclusionRobustness(o);
    expect(await conclusionRobustness(o)).toEqual(a);
    expect(a.map((r) => r.key)).toEqual(["funds-and-people", "efficiency", "customised", "targeting-innovators", "targeting-sales"]);
    for (const r of a) {
      expect(Number.isInteger(r.share * 8)).toBe(true);
      expect(r.robust).toBe(r.share >= ROBUST_SHARE);
      expect(r.deciders.length).toBeLessThanOrEqual(3);
      const gaps = r.deciders.map((d) => Math.abs(d.shareHigh - d.shareLow));
      // Listed only when the halves differ by more than two standard errors of the difference (4 draws a half).
      for (const g of gaps) expect(g).toBeGreaterThan(2 * Math.sqrt(r.share * (1 - r.share) * (1 / 4 + 1 / 4)));
      expect([...gaps].sort((x, y) => y - x)).toEqual(gaps);
    }
    const other = await conclusionRobustness({ ...o, seed: "concl-test-2" });
    expect(other).not.toEqual(a);
  }, 120_000);

  test("--conclusions with --json is refused in one sentence", async () => {
    const { err } = captured();
    expect(await runCli(["validate", "--conclusions", "--json"])).toBe(2);
    expect(err.join("\n")).toMatch(/--conclusions prints a table, not the --json back-test/);
  });
});

describe("bioclusters calibrate, killed", () => {
  test("SIGKILL mid-run, then the same command, gives the bytes of an uninterrupted run", async () => {
    const bin = path.join(PACKAGE_ROOT, "dist", "cli", "main.js");
    const args = (out: string) => [bin, "calibrate", "--small", "--years", "3", "--reps", "6", "--parameters", "entryRate,exitBase", "--workers", "1", "--seed", "kill", "--out", out];
    const whole = tmp();
    const ok = spawnSync(process.execPath, args(whole), { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    const killedDir = tmp();
    const journal = path.join(killedDir, "calibrate-journal.jsonl");
    const child = spawn(process.execPath, args(killedDir), { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on("exit", (_c, sig) => res(sig)));
    // Kill it once the journal holds at least five evaluations (the header plus five lines).
    while (child.exitCode === null) {
      if (fs.existsSync(journal) && fs.readFileSync(journal, "utf8").split("\n").length > 6) {
        child.kill("SIGKILL");
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await exited).toBe("SIGKILL");
    expect(fs.existsSync(path.join(killedDir, "calibrated.json"))).toBe(false);
    const kept = fs.readFileSync(journal, "utf8");
    expect(kept.endsWith("\n")).toBe(true); // never a torn line
    const again = spawnSync(process.execPath, args(killedDir), { encoding: "utf8" });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("resumed from the journal");
    expect(fs.readFileSync(path.join(killedDir, "calibrated.json"), "utf8")).toBe(fs.readFileSync(path.join(whole, "calibrated.json"), "utf8"));
    expect(fs.readFileSync(path.join(killedDir, "calibrated_moments.csv"), "utf8")).toBe(fs.readFileSync(path.join(whole, "calibrated_moments.csv"), "utf8"));
    expect(fs.readFileSync(journal, "utf8").startsWith(kept)).toBe(true);
  }, 180_000);
});
