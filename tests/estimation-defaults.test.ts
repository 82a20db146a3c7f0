import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { ALL_MODELS, ESTIMATES_DIR, estimateDefaults, HETEROGENEITY_MODEL, readArtefact, writeDefaultEstimates } from "../src/estimation";
import { dataFile } from "../src/paths";

const fitted = estimateDefaults();

test("the committed artefacts in data/estimates equal a fresh estimation (but for the date)", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bc-est-"));
  const fresh = writeDefaultEstimates(dataFile("survey_synthetic.csv"), tmp, "2000-01-01");
  for (const m of ALL_MODELS) {
    const committed = readArtefact(path.join(ESTIMATES_DIR, m.file));
    const f = fresh[m.role];
    expect({ ...committed, provenance: { ...committed.provenance, estimated: "" } }).toEqual({ ...f, provenance: { ...f.provenance, estimated: "" } });
    expect(committed.provenance.data).toBe("data/survey_synthetic.csv");
  }
});

test("sales growth drops pre-revenue firms and says so", () => {
  const sg = fitted.find((m) => m.role === "sales_growth")!.result;
  const [header, ...lines] = fs.readFileSync(dataFile("survey_synthetic.csv"), "utf8").split("\n");
  const col = header!.split(",").indexOf("pre_revenue");
  const pre = lines.filter((l) => l && l.split(",")[col] === "1").length;
  expect(sg.nDropped).toBe(pre);
  expect(sg.sigma).toBeGreaterThan(0);
});

test("the heterogeneity artefact carries the interactions, mapped to the codebook", () => {
  const a = readArtefact(path.join(ESTIMATES_DIR, HETEROGENEITY_MODEL.file));
  const names = Object.keys(a.params);
  for (const n of ["support_rnd_grant:startup", "support_rnd_grant:pre_revenue", "support_rnd_grant:log_employees", "in_cluster:log_researchers", "in_cluster:log_employees"]) {
    expect(names).toContain(n);
  }
  const v = a.variables.find((x) => x.name === "support_rnd_grant:log_employees")!;
  expect(v.codebook).toBe("support_rnd_grant:log_employees");
  expect(v.description).toMatch(/×/);
});
