/**
 * `bioclusters validate [--json]`: the back-test 2019–2021 against the
 * held-out national series, and each calibration moment against its
 * tolerance (docs/calibration.md).
 */
import { validate } from "../calibration/validate";
import { conclusionRobustness, ROBUST_SHARE } from "../calibration/conclusions";
import { UserError } from "../errors";
import { tableText } from "../display/table";
import { checkSeed, intOption, parseCommand } from "./args";

export const VALIDATE_HELP = `Usage: bioclusters validate [--json] [--reps R] [--seed S] [--calibration <file>|none]
       bioclusters validate --conclusions [--draws D] [--calibration <file>|none]

Runs the model from its 2018 base over 2019–2021 under the policy in force (the status-quo mix,
its budget scaled by the government's bio-health budget) with the calibrated parameters in use
(data/calibration/calibrated.json if it exists, drawn from their sampling distribution), and
compares national firms, employment and production with the held-out observations: median and
90 % band over replicates, and the median's error. Then checks each calibration moment, simulated
at the same parameters, against its tolerance (two standard errors of its target).

Options:
  --json                 Print {"backtest": [{year, metric, observed, median, lo, hi}, …],
                         "moments": [{name, target, simulated, tolerance, ok}, …]} only
  --reps <R>             Replicates (default 200)
  --seed <S>             Seed (default 2019)
  --calibration <file>   A calibrated.json, or "none" for the parameter table's defaults
  --conclusions          Instead: the share of draws (calibrated parameters from their sampling
                         distribution, every other uncertain parameter over its range, coefficients
                         from their estimates' distribution) in which each of the study's three
                         conclusions holds; under 80 % is reported as not robust
  --draws <D>            Draws for --conclusions (default 100)
Exit status: 0 done (whatever the errors), 2 user error, 70 internal error.`;

export async function runValidate(args: string[]): Promise<number> {
  const v = parseCommand<{ json?: boolean; reps?: string; seed?: string; calibration?: string; conclusions?: boolean; draws?: string }>("validate", args, {
    json: { type: "boolean" }, reps: { type: "string" }, seed: { type: "string" }, calibration: { type: "string" }, conclusions: { type: "boolean" }, draws: { type: "string" },
  }, VALIDATE_HELP);
  if (v === null) return 0;
  if (v.conclusions === true) {
    if (v.json === true) throw new UserError("--conclusions prints a table, not the --json back-test.", { hint: "Run the two separately." });
    const draws = v.draws !== undefined ? intOption("validate", "draws", v.draws, { min: 4, max: 100_000 }) : 100;
    const cal = v.calibration === undefined ? undefined : v.calibration === "none" ? null : v.calibration;
    const rows = await conclusionRobustness({ draws, ...(v.seed !== undefined ? { seed: checkSeed("validate", v.seed) } : {}), ...(cal !== undefined ? { calibration: cal } : {}) });
    console.log(tableText(rows.map((r) => ({
      conclusion: r.key, "holds in": `${(100 * r.share).toFixed(0)} % of ${r.draws}`, robust: r.robust ? "yes" : "NO",
      "decided by (share when low / high)": r.deciders.map((d) => `${d.parameter} ${(100 * d.shareLow).toFixed(0)}/${(100 * d.shareHigh).toFixed(0)} %`).join("; ") || "—",
    })), { caption: `Which conclusions survive (robust: holds in at least ${ROBUST_SHARE * 100} % of draws):` }));
    for (const r of rows) console.log(`- ${r.key}: ${r.claim}.`);
    return 0;
  }
  const replicates = v.reps !== undefined ? intOption("validate", "reps", v.reps, { min: 2, max: 100_000 }) : 200;
  const seed = v.seed !== undefined ? checkSeed("validate", v.seed) : "2019";
  const calibration = v.calibration === undefined ? undefined : v.calibration === "none" ? null : v.calibration;
  const rep = await validate({ replicates, seed, ...(calibration !== undefined ? { calibration } : {}) });
  if (v.json === true) {
    console.log(JSON.stringify(rep.result, null, 2));
    return 0;
  }
  const r3 = (x: number) => Number(x.toPrecision(5));
  console.log(rep.calibration ? `Parameters: calibrated (${rep.calibration.file}, sha256 ${rep.calibration.sha256.slice(0, 12)}…).` : "Parameters: the parameter table's defaults (no calibration in use).");
  console.log(`Policy: ${rep.mix.label}, KRW ${(rep.mix.budget.krwBn as number[]).map((b) => b.toFixed(0)).join(" / ")} bn a year.\n`);
  console.log(tableText(rep.result.backtest.map((b) => ({
    year: b.year, metric: b.metric, observed: b.observed, median: r3(b.median), "5%": r3(b.lo), "95%": r3(b.hi),
    "error %": Number((100 * (b.median - b.observed) / b.observed).toFixed(1)), "in band": b.observed >= b.lo && b.observed <= b.hi ? "yes" : "no",
  })), { maxRows: 50, caption: "Back-test against the held-out years (production in KRW bn):" }));
  console.log("\nComparability: 2019 is the clean test. From 2020 the COVID-19 diagnostics boom (bio-medical devices, mostly in-vitro diagnostics, rose from 8.2 % to 22 % of production in 2020) lifts production and employment in a way no channel of the model represents, so 2020–2021 errors measure that shock as much as the model.");
  console.log("\n" + tableText(rep.result.moments.map((m) => ({ moment: m.name, target: r3(m.target), simulated: r3(m.simulated), tolerance: r3(m.tolerance), ok: m.ok ? "yes" : "NO" })), { caption: "Calibration moments at these parameters (tolerance: two standard errors):" }));
  const off = rep.result.moments.filter((m) => !m.ok).map((m) => m.name);
  if (off.length) console.log(`\nOutside tolerance: ${off.join(", ")}. docs/calibration.md says why.`);
  return 0;
}
