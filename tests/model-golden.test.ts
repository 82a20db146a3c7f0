/**
 * Seeded golden values on frozen inputs: the bundled data, two presets, seed
 * "golden". A change to any of them means the model's numbers changed — on
 * purpose (then regenerate with UPDATE_GOLDEN=1 npx vitest run
 * tests/model-golden.test.ts and say why in the commit) or by accident.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "vitest";
import { runExperiment, cubeValue } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";

const FILE = path.join(__dirname, "fixtures", "model", "golden.json");
const METRICS = ["firms", "entries", "exits", "employment", "researchers", "innovators", "patents", "unfunded_demand", "unfilled_vacancies", "index"];

test("status quo and efficiency shift, 3 replicates × 4 years, seed 'golden', reproduce their stored values", async () => {
  const inputs = loadInputs();
  const mixes = resolveMixes(["status_quo", "efficiency_shift"], inputs.clusters.map((c) => c.id));
  const res = await runExperiment(inputs, mixes, { years: 4, replicates: 3, seed: "golden" });
  const values: Record<string, number> = {};
  res.mixes.forEach((m, k) =>
    res.cubes[k]!.forEach((c, r) => {
      for (const loc of ["all", "daedeok", "osong"]) for (const metric of METRICS) values[`${m.name}/${r}/${loc}/${metric}`] = Number(cubeValue(res, c, 4, loc, metric).toPrecision(10));
    }),
  );
  if (process.env["UPDATE_GOLDEN"] === "1") {
    fs.mkdirSync(path.dirname(FILE), { recursive: true });
    fs.writeFileSync(FILE, JSON.stringify(values, null, 1) + "\n");
  }
  expect(fs.existsSync(FILE), `${FILE} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
  expect(values).toEqual(JSON.parse(fs.readFileSync(FILE, "utf8")));
});
