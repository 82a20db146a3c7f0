/**
 * Standard errors of a parameter at a bound of its range: the Jacobian's step is cut at the bound, so the difference
 * is one-sided — (m(hi) − m(hi − h·range)) / (h·range) at the upper bound, (m(lo + h·range) − m(lo)) / (h·range) at
 * the lower — and no point outside the range is ever simulated. The moments at the Jacobian's points are read back
 * from the journal, and the standard error is recomputed from them by hand: se = √((1 + 1/R) / Σ_i g_i² / s_i²).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { calibrate, type CalibrateOptions } from "../src/calibration/msm";

const BASE: CalibrateOptions = { years: 2, replicates: 2, design: 3, maxEvals: 12, parameters: ["entryRate"], seed: "small", workers: 1 };

describe("a parameter at a bound", { timeout: 30_000 }, () => {
  test.each([
    ["upper", 0.5, 0.09, 0.09 - 0.05 * 0.06],
    ["lower", -0.5, 0.03 + 0.05 * 0.06, 0.03],
  ] as const)("at its %s bound: a one-sided difference inside the range", async (_which, target, up, down) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "calib-bounds-")), "journal.jsonl");
    const targets = [{ name: "entry_rate" as const, value: target, se: 0.001 }, { name: "exit_rate" as const, value: 0.035, se: 1 }];
    const r = await calibrate({ ...BASE, targets, journal: file });
    const journal = fs.readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l) as { theta: number[]; mean: number[] });
    // Every point simulated lies in the range 0.03–0.09.
    for (const e of journal) expect(e.theta[0]! >= 0.03 && e.theta[0]! <= 0.09, `entryRate ${e.theta[0]} simulated`).toBe(true);
    const at = (v: number) => {
      const e = journal.find((x) => Math.abs(x.theta[0]! - v) < 1e-12);
      if (!e) throw new Error(`no evaluation at entryRate = ${v}`);
      return e.mean;
    };
    const [mu, md] = [at(up), at(down)];
    const g = r.moments.map((_, i) => (mu[i]! - md[i]!) / (up - down));
    const info = r.moments.reduce((s, m, i) => s + g[i]! ** 2 / m.se ** 2, 0);
    expect(r.parameters[0]!.se! / Math.sqrt((1 + 1 / 2) / info)).toBeCloseTo(1, 10);
    expect(r.covariance![0]![0]! / ((1 + 1 / 2) / info)).toBeCloseTo(1, 10);
  });
});
