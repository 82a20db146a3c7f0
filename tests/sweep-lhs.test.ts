/**
 * The Latin hypercube design of sweep specs (kind "lhs"): seeded, stratified
 * (each factor's n draws fall one per stratum of its range), ranges from the
 * parameter table, the design recorded in the plan, and merged results that do
 * not depend on how the points were split into shards.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { evaluate } from "../src/experiments/lab";
import { loadInputs } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { PARAMETERS, type ParameterId } from "../src/model/params";
import { mergeSweep } from "../src/sweep/merge";
import { PACKAGE_ROOT } from "../src/paths";
import { makePlan, readPlan, readSpec, validateSpec, writePlan, type LhsPlan } from "../src/sweep/plan";
import { runShard } from "../src/sweep/shard";
import { userError } from "./helpers";

os.setPriority(19);

const root = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-sweep-lhs-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let k = 0;
const fresh = (name: string) => path.join(root, `${name}-${k++}`);

const N = 9;
const SPEC = { kind: "lhs", mix: "status_quo", years: 3, seed: "lhs-sweep", n: N, outcome: { metric: "innovators", mode: "sum" }, shards: 3 } as const;

function lhsPlan(spec: unknown): LhsPlan {
  const p = makePlan(validateSpec(spec, "test spec"));
  if (p.kind !== "lhs") throw new Error("expected an lhs plan");
  return p;
}

describe("the lhs design", () => {
  test("each factor's n draws fall one per stratum of its range; the ranges are the parameter table's; the seed decides the design", () => {
    const plan = lhsPlan(SPEC);
    expect(plan.tasks).toBe(N);
    expect(plan.design).toHaveLength(N);
    expect(plan.calibration).toBeNull(); // the lab's kinds vary parameters around the table's defaults
    const structural = plan.factors.filter((f) => f.kind === "structural");
    expect(structural.length).toBeGreaterThan(3);
    for (const f of structural) expect([f.low, f.high]).toEqual([...PARAMETERS[f.name as ParameterId].range]);
    plan.factors.forEach((f, j) => {
      const u = plan.design.map((p) => p[j] as number);
      for (const x of u) expect(x >= 0 && x < 1, `${f.name}: ${x}`).toBe(true);
      // one draw per stratum [i/n, (i+1)/n)
      expect(u.map((x) => Math.floor(x * N)).sort((a, b) => a - b), f.name).toEqual(Array.from({ length: N }, (_, i) => i));
      // not the stratum midpoints: a random point within each
      expect(new Set(u.map((x) => (x * N) % 1)).size).toBe(N);
    });
    expect(lhsPlan(SPEC).design).toEqual(plan.design);
    expect(lhsPlan({ ...SPEC, seed: "another" }).design).not.toEqual(plan.design);
    // the strata are paired at random across factors, not on the diagonal
    const order = (j: number) => plan.design.map((p) => Math.floor((p[j] as number) * N)).join(",");
    expect(new Set(plan.factors.map((_, j) => order(j))).size).toBeGreaterThan(1);
  });

  test("chosen factors keep their order; a design of fewer than two points is refused", () => {
    const plan = lhsPlan({ ...SPEC, factors: ["networkEffect", "budget multiple"] });
    expect(plan.factors.map((f) => f.name)).toEqual(["networkEffect", "budget multiple"]);
    expect(plan.design.every((p) => p.length === 2)).toBe(true);
    expect(userError(() => validateSpec({ ...SPEC, n: 1 }, "spec.json"))).toMatch(/^spec\.json: Sweep spec field n: /);
  });

  test("the example spec in docs/sweeps plans as the README says", () => {
    const file = path.join(PACKAGE_ROOT, "docs", "sweeps", "lhs-small.json");
    const plan = makePlan(readSpec(file), file);
    expect(plan).toMatchObject({ kind: "lhs", tasks: 40, shards: 4 });
  });
});

describe("an lhs sweep", () => {
  test("is recorded in plan.json, and merges to lhs.csv: the points in the factors' units and the model's outcome at each, whatever the shard count", () => {
    const spec = { ...SPEC, factors: ["entryRate", "networkEffect", "infrastructure share"] };
    const dirs = [1, 3].map((shards) => {
      const dir = fresh(`lhs-${shards}`);
      writePlan(dir, makePlan(validateSpec({ ...spec, shards }, "test spec")));
      for (let i = 0; i < shards; i++) runShard(dir, i);
      return dir;
    });
    const [one, three] = dirs as [string, string];
    const plan = readPlan(three) as LhsPlan;
    expect(plan.kind).toBe("lhs");
    expect(plan.design).toEqual(lhsPlan(spec).design); // the design survives the JSON round trip exactly
    const a = mergeSweep(one);
    const b = mergeSweep(three);
    const csv = fs.readFileSync(path.join(b.out, "lhs.csv"), "utf8");
    expect(fs.readFileSync(path.join(a.out, "lhs.csv"), "utf8")).toBe(csv);

    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("point,entryRate,networkEffect,infrastructure share,value");
    expect(lines).toHaveLength(N + 1);
    const rows = lines.slice(1).map((l) => l.split(",").map(Number));
    // each row: the point's factor values in their units, and the outcome the lab's own evaluate gives there,
    // written as every CSV of the project is: to 12 significant digits
    const p12 = (x: number) => Number(x.toPrecision(12));
    const setup = buildSetup(loadInputs());
    for (const i of [0, 4, N - 1]) {
      const row = rows[i] as number[];
      expect(row[0]).toBe(i);
      plan.factors.forEach((f, j) => expect(row[1 + j]).toBe(p12(f.low + (f.high - f.low) * (plan.design[i]?.[j] as number))));
      const direct = evaluate(setup, plan.mix, { years: plan.years, seed: plan.seed, outcome: plan.outcome }, plan.factors, plan.design[i] as number[], 0);
      expect(row[4]).toBe(p12(direct));
    }
    expect(new Set(rows.map((r) => r[4])).size).toBeGreaterThan(1); // the outcome responds to the factors
    const manifest = JSON.parse(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8")) as { kind: string; sweep: { calibration: unknown } };
    expect(manifest.kind).toBe("lhs");
    expect(manifest.sweep.calibration).toBeNull();
  }, 60_000);
});
