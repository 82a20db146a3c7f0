import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { runExperiment, cubeValue } from "../src/experiments/runner";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { writeExperiment } from "../src/experiments/output";

const inputs = loadInputs();
const mixes = resolveMixes(["status_quo"], inputs.clusters.map((c) => c.id));

test("the base population's seed derives from the scenario seed and is in the manifest", async () => {
  // At scale 2 the population is drawn from the survey (with replacement), so its seed matters.
  const run = (seed: string) => runExperiment({ ...inputs, scale: 2 }, mixes, { years: 1, replicates: 1, seed, paramUncertainty: false });
  const [a, a2, b] = await Promise.all([run("pop-a"), run("pop-a"), run("pop-b")]);
  expect(a.populationSeed).toBe("pop-a/population");
  const sales = (r: typeof a) => cubeValue(r, r.cubes[0]![0]!, 0, "all", "sales");
  expect(sales(a2)).toBe(sales(a));
  expect(sales(b)).not.toBe(sales(a));
  // The firm counts by cluster are matched exactly whatever the seed.
  expect(cubeValue(b, b.cubes[0]![0]!, 0, "osong", "firms")).toBe(cubeValue(a, a.cubes[0]![0]!, 0, "osong", "firms"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "popseed-"));
  writeExperiment(dir, a, { baseline: "status_quo" });
  expect(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).populationSeed).toBe("pop-a/population");
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);
