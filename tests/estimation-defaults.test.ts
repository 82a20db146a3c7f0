import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { DEFAULT_MODELS, ESTIMATES_DIR, estimateDefaults, readArtefact, writeDefaultEstimates } from "../src/estimation";
import { dataFile } from "../src/paths";

const fitted = estimateDefaults();
const dgp = JSON.parse(fs.readFileSync(dataFile("survey_dgp.json"), "utf8"));

test("the committed artefacts in data/estimates equal a fresh estimation (but for the date)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bc-est-"));
  const fresh = writeDefaultEstimates(dataFile("survey_synthetic.csv"), tmp, "2000-01-01");
  for (const m of DEFAULT_MODELS) {
    const committed = readArtefact(path.join(ESTIMATES_DIR, m.file));
    const f = fresh[m.role];
    expect({ ...committed, provenance: { ...committed.provenance, estimated: "" } }).toEqual({ ...f, provenance: { ...f.provenance, estimated: "" } });
    expect(committed.provenance.data).toBe("data/survey_synthetic.csv");
  }
});

test("the default survey is representative: every true coefficient lies in its estimated 95 % interval", () => {
  const truth = { innovation: dgp.productInnovation, patents: dgp.patents.coefficients, sales_growth: dgp.salesGrowth.coefficients };
  for (const m of fitted) {
    const t = truth[m.role] as Record<string, number>;
    m.result.names.forEach((n, i) => {
      if (n === "alpha") return;
      const [lo, hi] = m.result.confInt[i]!;
      expect(t[n], `${m.role}: ${n} has a true value`).toBeDefined();
      expect(lo <= t[n]! && t[n]! <= hi, `${m.role}: ${n} = ${t[n]} in [${lo}, ${hi}]`).toBe(true);
    });
  }
});

test("sales growth drops pre-revenue firms and says so", () => {
  const sg = fitted.find((m) => m.role === "sales_growth")!.result;
  const pre = fs.readFileSync(dataFile("survey_synthetic.csv"), "utf8").split("\n").slice(1).filter((l) => l && l.split(",")[12] === "1").length;
  expect(sg.nDropped).toBe(pre);
  expect(sg.sigma).toBeGreaterThan(0);
});
