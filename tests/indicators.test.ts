import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { ahpWeights, averageRanks, build, diagnose, normalise, pcaWeights, sensitivity, stageOf, toWide, uncertainty, type RecipeInput } from "../src/indicators";
import { mean, sd as sampleSd } from "../src/stats";
import { loadClusters, loadIndicators } from "../src/data";
import { userError } from "./helpers";
import { dataFile } from "../src/paths";
import { runCli } from "../src/cli/main";
import { vi } from "vitest";

const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "index", "reference.json"), "utf8"));
const rows = ref.units.map((u: string, i: number) => ({ unit: u, ...Object.fromEntries(Object.entries(ref.data).map(([k, v]) => [k, (v as number[])[i]])) }));
const recipeFor = (normalise: Record<string, unknown>, aggregate: string): RecipeInput =>
  ({ unit: "unit", normalise, aggregate: { method: aggregate }, pillars: ref.pillars }) as RecipeInput;


describe("matches independent reference values (numpy/scipy, tests/fixtures/index/reference.py)", () => {
  for (const c of ref.cases) {
    const name = `${c.normalise.method}${c.normalise.range ? ` [${c.normalise.range}]` : ""} × ${c.aggregate}`;
    test(name, () => {
      const recipe = recipeFor(c.normalise, c.aggregate);
      if (!c.valid) {
        expect(userError(() => build(rows, recipe))).toMatch(/geometric mean needs positive values/);
        return;
      }
      const r = build(rows, recipe);
      for (const [k, v] of Object.entries(c.normalised as Record<string, number[]>)) v.forEach((x, i) => expect(r.normalised[k]![i]).toBeCloseTo(x, 10));
      for (const [p, byUnit] of Object.entries(c.pillars as Record<string, Record<string, number>>))
        for (const [u, x] of Object.entries(byUnit)) expect(r.pillars[p]![u]).toBeCloseTo(x, 10);
      for (const [u, x] of Object.entries(c.scores as Record<string, number>)) expect(r.scores[u]).toBeCloseTo(x, 10);
      expect(r.ranks).toEqual(c.ranks);
    });
  }

  test("AHP weights and consistency ratio", () => {
    const a = ahpWeights(ref.ahp.matrix, ["a", "b", "c"], "test");
    a.weights.forEach((w, i) => expect(w).toBeCloseTo(ref.ahp.weights[i], 10));
    expect(a.lambdaMax).toBeCloseTo(ref.ahp.lambdaMax, 10);
    expect(a.cr).toBeCloseTo(ref.ahp.cr, 10);
  });

  test("PCA weights", () => {
    const cols = ref.pca.indicators.map((k: string) => Float64Array.from(ref.data[k]));
    pcaWeights(cols).forEach((w, i) => expect(w).toBeCloseTo(ref.pca.weights[i], 10));
  });
});

describe("invariants", () => {
  const x = Float64Array.from([3, 9, 1, 7, 5]);
  test("min-max reaches the range's ends; direction −1 swaps best and worst", () => {
    const up = normalise(x, { method: "minmax", direction: 1, id: "x", range: [0, 100] });
    const down = normalise(x, { method: "minmax", direction: -1, id: "x", range: [0, 100] });
    expect([Math.min(...up), Math.max(...up)]).toEqual([0, 100]);
    expect(up.indexOf(100)).toBe(1);
    expect(down.indexOf(100)).toBe(2);
    up.forEach((v, i) => expect(v + down[i]!).toBeCloseTo(100, 12));
  });

  test("z-scores have mean 0 and sd 1", () => {
    const z = normalise(x, { method: "zscore", direction: 1, id: "x" });
    expect(mean(z)).toBeCloseTo(0, 12);
    expect(sampleSd(z)).toBeCloseTo(1, 12);
  });

  test("ties share the average rank", () => {
    expect(Array.from(averageRanks([10, 30, 20, 30]))).toEqual([1, 3.5, 2, 3.5]);
  });

  test("weights are normalised; equal weights with one indicator per pillar reduce to the mean", () => {
    const r = build(rows, {
      unit: "unit",
      normalise: { method: "minmax" },
      aggregate: { method: "arithmetic" },
      pillars: ["x1", "x3", "x4"].map((id) => ({ id: `p_${id}`, weight: 7, indicators: [{ id, direction: 1, weight: 5 }] })),
    });
    expect(Object.values(r.weights.pillars)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    for (const [i, u] of r.units.entries()) {
      expect(r.scores[u]).toBeCloseTo((r.normalised["x1"]![i]! + r.normalised["x3"]![i]! + r.normalised["x4"]![i]!) / 3, 12);
    }
  });

  test("the result carries its recipe, so an edited recipe re-runs", () => {
    const r = build(rows, recipeFor({ method: "rank" }, "arithmetic"));
    const again = build(rows, { ...r.recipe, aggregate: { method: "geometric" } });
    expect(again.recipe.aggregate.method).toBe("geometric");
    expect(again.recipe.normalise.method).toBe("rank");
  });

  test("winsorising caps outliers at the stated quantiles and reports how many moved", () => {
    const spiky = rows.map((r: Record<string, unknown>, i: number) => (i === 4 ? { ...r, x3: 50_000 } : r));
    const plain = build(spiky, recipeFor({ method: "minmax" }, "arithmetic"));
    const capped = build(spiky, { ...recipeFor({ method: "minmax" }, "arithmetic"), outliers: { method: "winsorise", lower: 0.05, upper: 0.8 } } as RecipeInput);
    expect(capped.winsorised["x3"]).toBeGreaterThanOrEqual(1);
    // Without capping, one outlier squeezes every other unit near 0 on x3; with it, they spread out again.
    const spread = (r: typeof plain) => Math.max(...r.normalised["x3"]!.filter((_, i) => i !== 4)) - Math.min(...r.normalised["x3"]!.filter((_, i) => i !== 4));
    expect(spread(capped)).toBeGreaterThan(10 * spread(plain));
  });

  test("missing values are imputed and reported", () => {
    const holes = rows.map((r: Record<string, unknown>, i: number) => (i === 2 ? { ...r, x3: null } : r));
    expect(userError(() => build(holes, recipeFor({ method: "minmax" }, "arithmetic")))).toMatch(/Indicator "x3" is missing for c\. Fill the gaps, or add "impute"/);
    const r = build(holes, { ...recipeFor({ method: "minmax" }, "arithmetic"), impute: { method: "median" } } as RecipeInput);
    expect(r.imputed).toEqual([{ unit: "c", indicator: "x3", value: 300, method: "median" }]);
    const g = build(
      holes.map((r: Record<string, unknown>, i: number) => ({ ...r, kind: i < 3 ? "k1" : "k2" })),
      { ...recipeFor({ method: "minmax" }, "arithmetic"), impute: { method: "group_mean", group: "kind" } } as RecipeInput,
    );
    expect(g.imputed[0]?.value).toBe(250); // mean of a (100) and b (400)
  });
});

describe("bad input gets a clear error", () => {
  const base = recipeFor({ method: "minmax" }, "arithmetic") as { pillars: Array<{ indicators: Array<Record<string, unknown>> } & Record<string, unknown>> };
  const edit = (f: (r: typeof base) => void) => {
    const r = structuredClone(base);
    f(r);
    return r as unknown as RecipeInput;
  };
  test.each([
    ["unknown indicator", edit((r) => (r.pillars[0]!.indicators[0]!["id"] = "x9")), /The recipe uses indicator "x9", which is not a column of the data\. Columns in the data: x1, x2, x3, x4\./],
    ["negative weight", edit((r) => (r.pillars[1]!["weight"] = -1)), /The weight of pillar "p2" in the pillar weights is -1; weights must be numbers ≥ 0/],
    ["all-zero weights", edit((r) => r.pillars.forEach((p) => (p["weight"] = 0))), /The pillar weights are all zero/],
    ["bad direction", edit((r) => (r.pillars[0]!.indicators[0]!["direction"] = 2)), /The recipe field pillars\[0\]\.indicators\[0\]\.direction must be 1 \(higher is better\) or -1 \(lower is better\)/],
    ["unknown method", { ...base, normalise: { method: "softmax" } } as unknown as RecipeInput, /The recipe field normalise\.method must be one of minmax, zscore, rank/],
    ["geometric of non-positive values", recipeFor({ method: "zscore" }, "geometric"), /geometric mean needs positive values.*"range": \[1, 100\]/],
  ])("%s", (_name, recipe, message) => {
    expect(userError(() => build(rows, recipe))).toMatch(message);
  });

  test("a non-numeric column", () => {
    const bad = rows.map((r: Record<string, unknown>, i: number) => (i === 1 ? { ...r, x1: "lots" } : r));
    expect(userError(() => build(bad, base as unknown as RecipeInput, "my.csv"))).toBe('my.csv, line 3, column "x1": "lots" is not a number; every indicator must be numeric (empty for missing).');
  });

  test("a constant indicator", () => {
    const flat = rows.map((r: Record<string, unknown>) => ({ ...r, x4: 0.5 }));
    expect(userError(() => build(flat, base as unknown as RecipeInput))).toMatch(/Indicator "x4" has the same value \(0\.5\) for every unit.*Drop it from the recipe/);
  });

  test("an inconsistent AHP matrix is refused; an inconsistent but reciprocal one reports its CR", () => {
    expect(userError(() => ahpWeights([[1, 2], [2, 1]], ["a", "b"], "pillars"))).toMatch(/not reciprocal/);
    const a = ahpWeights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], ["a", "b", "c"], "pillars");
    expect(a.cr).toBeGreaterThan(0.1);
  });
});

describe("on the Korean clusters", () => {
  const wide = toWide(loadIndicators());
  const recipe = JSON.parse(fs.readFileSync(dataFile("recipes/default.json"), "utf8"));

  test("the default recipe builds, imputing the unknown land areas", () => {
    const r = build(wide, recipe);
    expect(r.units).toHaveLength(19);
    // Six clusters have no 2018 land area (Pohang's only known area is a 2024 designation, not a 2018 stock).
    expect(r.imputed.map((c) => c.indicator)).toEqual(Array(6).fill("land_ha"));
    expect(new Set(Object.values(r.ranks)).size).toBe(19);
  });

  test("uncertainty: intervals contain the median, are seeded, and narrow to a point when nothing varies", () => {
    const u = uncertainty(wide, recipe, { samples: 300, seed: 7 });
    for (const r of u.ranks) expect(r.low <= r.median && r.median <= r.high).toBe(true);
    expect(uncertainty(wide, recipe, { samples: 300, seed: 7 }).ranks).toEqual(u.ranks);
    const fixed = uncertainty(wide, recipe, { samples: 50, normalisations: ["minmax"], aggregations: ["arithmetic"], weightJitter: 0, dropIndicator: false });
    for (const r of fixed.ranks) expect([r.low, r.median, r.high]).toEqual([r.nominal, r.nominal, r.nominal]);
  });

  test("sensitivity: a choice that cannot vary gets indices of zero", () => {
    const s = sensitivity(wide, recipe, { samples: 128, normalisations: ["minmax"], bootstrap: 50 });
    const norm = s.overall.indices.find((i) => i.factor === "normalisation");
    expect(norm?.first).toBe(0);
    expect(norm?.total).toBe(0);
    expect(Object.keys(s.byUnit)).toHaveLength(19);
  });

  test("diagnosis: strongest and weakest pillars and a stage for every cluster", () => {
    const d = diagnose(build(wide, recipe), loadClusters());
    for (const x of d) {
      expect(x.gaps[x.strongest]).toBeGreaterThanOrEqual(x.gaps[x.weakest]!);
      expect(["formation", "growth", "mature"]).toContain(x.stage);
    }
    expect(stageOf({ firms: 5, established: 2000 })).toBe("formation");
    expect(stageOf({ firms: 60, established: 2016 })).toBe("formation");
    expect(stageOf({ firms: 30, established: 1995 })).toBe("mature");
    expect(stageOf({ firms: 50, established: null })).toBe("mature");
    expect(stageOf({ firms: 20, established: 2005 })).toBe("growth");
  });

  test("the CLI prints exactly the documented JSON, equal to the library's result", async () => {
    const out: string[] = [];
    vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
    expect(await runCli(["index", "--data", dataFile("indicators.csv"), "--recipe", dataFile("recipes/default.json"), "--json"])).toBe(0);
    vi.restoreAllMocks();
    const json = JSON.parse(out.join(""));
    expect(Object.keys(json)).toEqual(["scores", "ranks", "pillars"]);
    const r = build(wide, recipe);
    expect(json.scores).toEqual(r.scores);
    expect(json.ranks).toEqual(r.ranks);
    expect(json.pillars).toEqual(r.pillars);
  });
});
