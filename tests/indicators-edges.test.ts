/**
 * Edges of the index's methods that the first mutation run showed no test looked at: ties in the ranks (placed
 * first, last, in the middle), AHP matrices of 2 and 9–12 items (the random index table's ends), PCA with a
 * constant indicator, z-scores and min-max in both directions — against scipy/numpy
 * (tests/fixtures/indicators/make_edges_reference.py) — and the diagnosis's thresholds, worked by hand.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { ahpWeights, averageRanks, competitionRanks, normalise, normaliseWeights, pcaWeights } from "../src/indicators/methods";
import { DEFAULT_STAGE_RULES, diagnose, stageOf } from "../src/indicators/diagnose";
import type { IndexResult } from "../src/indicators/build";
import { BASE_YEAR } from "../src/data/loaders";
import { userError } from "./helpers";

interface Ref {
  ranks: Array<{ x: number[]; average: number[]; competition: number[] }>;
  ahp: Array<{ m: number[][]; weights: number[]; lambdaMax: number; ci: number; cr: number }>;
  pca_constant: { columns: number[][]; weights: number[] };
  normalise: Record<"x" | "zscore_up" | "zscore_down" | "minmax_up_default" | "minmax_down_range" | "rank_down", number[]>;
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "indicators", "edges_reference.json"), "utf8")) as Ref;
const close = (a: ArrayLike<number>, b: readonly number[], digits = 10) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i] as number).toBeCloseTo(v, digits));
};

describe("ranks against scipy.stats.rankdata", () => {
  for (const r of ref.ranks) {
    test(`[${r.x.join(", ")}]`, () => {
      expect(Array.from(averageRanks(r.x))).toEqual(r.average);
      expect(Array.from(competitionRanks(r.x))).toEqual(r.competition);
      expect(Array.from(competitionRanks(Float64Array.from(r.x)))).toEqual(r.competition);
    });
  }
});

describe("AHP at the ends of the random index table", () => {
  test("2 items: any reciprocal matrix is consistent (CR 0, not 0/0); 9 to 12 items against numpy", () => {
    for (const r of ref.ahp) {
      const a = ahpWeights(r.m, r.m.map((_, i) => `c${i}`), "test");
      close(a.weights, r.weights, 8);
      expect(a.lambdaMax).toBeCloseTo(r.lambdaMax, 8);
      expect(a.ci).toBeCloseTo(r.ci, 8);
      expect(a.cr).toBeCloseTo(r.cr, 8);
      expect(Number.isFinite(a.cr)).toBe(true);
    }
  });
  test("a 2 × 2 matrix gives its exact weights", () => {
    const a = ahpWeights([[1, 3], [1 / 3, 1]], ["a", "b"], "pillars");
    close(a.weights, [0.75, 0.25], 12);
    expect(a.cr).toBe(0);
  });
  test("the reciprocity tolerance is 1e-6 of the product", () => {
    expect(ahpWeights([[1, 2], [0.5 + 4e-7, 1]], ["a", "b"], "x").weights).toHaveLength(2);
    expect(userError(() => ahpWeights([[1, 2], [0.5 + 6e-7, 1]], ["a", "b"], "x"))).toMatch(/not reciprocal: \[0\]\[1\] = 2 but \[1\]\[0\] = 0\.5000006 \(should be 0\.5\)/);
    expect(userError(() => ahpWeights([[1, 2], [0.5 - 6e-7, 1]], ["a", "b"], "x"))).toMatch(/not reciprocal/);
  });
  test("the size check names the items; a zero entry is refused", () => {
    expect(userError(() => ahpWeights([[1, 2], [0.5, 1]], ["a", "b", "c"], "pillars"))).toBe(
      "The AHP matrix for the pillars must be 3 × 3 (one row and column per item: a, b, c).",
    );
    expect(userError(() => ahpWeights([[1, 0], [0.5, 1]], ["a", "b"], "pillars"))).toMatch(/entry \[0\]\[1\] is 0; every entry must be positive/);
  });
});

describe("PCA weights", () => {
  test("a constant indicator correlates with nothing and gets weight 0 (numpy, its z-scores taken as 0)", () => {
    const w = pcaWeights(ref.pca_constant.columns.map((c) => Float64Array.from(c)));
    close(w, ref.pca_constant.weights, 8);
    expect(w.every(Number.isFinite)).toBe(true);
  });
  test("one indicator gets all the weight", () => {
    expect(pcaWeights([Float64Array.from([1, 5, 2])])).toEqual([1]);
  });
});

describe("normalisations against numpy, both directions", () => {
  const x = Float64Array.from(ref.normalise.x);
  test("z-scores with the sample sd", () => {
    close(normalise(x, { id: "x", method: "zscore", direction: 1 }), ref.normalise.zscore_up, 12);
    close(normalise(x, { id: "x", method: "zscore", direction: -1 }), ref.normalise.zscore_down, 12);
  });
  test("min-max onto 0–100 by default and onto a given range", () => {
    close(normalise(x, { id: "x", method: "minmax", direction: 1 }), ref.normalise.minmax_up_default, 10);
    close(normalise(x, { id: "x", method: "minmax", direction: -1, range: [10, 90] }), ref.normalise.minmax_down_range, 10);
  });
  test("ranks, lower is better", () => {
    expect(Array.from(normalise(x, { id: "x", method: "rank", direction: -1 }))).toEqual(ref.normalise.rank_down);
  });
  test("a constant indicator is refused whatever the method, with the value named", () => {
    for (const method of ["minmax", "rank", "distance_to_best"] as const) {
      expect(userError(() => normalise(Float64Array.from([2.5, 2.5]), { id: "flat", method, direction: -1 }))).toBe(
        'Indicator "flat" has the same value (2.5) for every unit, so it cannot rank them and cannot be normalised. Drop it from the recipe.',
      );
    }
  });
  test("the distance methods' refusal of values ≤ 0 names the remedy", () => {
    expect(userError(() => normalise(Float64Array.from([2, 0, 5]), { id: "land", method: "distance_to_target", direction: 1, target: 3 }))).toBe(
      'Indicator "land" has values ≤ 0 (smallest 0); "distance_to_target" divides by them and needs positive values. Use normalise.method "minmax" or "rank" for this recipe.',
    );
  });
  test("distance to the best with direction −1 uses the smallest raw value, not the flipped one", () => {
    expect(Array.from(normalise(Float64Array.from([2, 4, 8]), { id: "x", method: "distance_to_best", direction: -1 }))).toEqual([100, 50, 25]);
    expect(Array.from(normalise(Float64Array.from([2, 4, 8]), { id: "x", method: "distance_to_best", direction: 1 }))).toEqual([25, 50, 100]);
  });
  test("distance to a target: exactly at the target scores 100 in both directions", () => {
    const v = Float64Array.from([5, 10, 20]);
    expect(Array.from(normalise(v, { id: "x", method: "distance_to_target", direction: 1, target: 10 }))).toEqual([50, 100, 100]);
    expect(Array.from(normalise(v, { id: "x", method: "distance_to_target", direction: -1, target: 10 }))).toEqual([100, 100, 50]);
    expect(userError(() => normalise(v, { id: "x", method: "distance_to_target", direction: 1 }))).toMatch(/has target undefined/);
  });
});

describe("weights", () => {
  const names = ["A", "B", "C"];
  test("zero weights are allowed (to leave something out) and the rest sum to 1", () => {
    expect(normaliseWeights([0, 1, 3], "pillar weights", names)).toEqual([0, 0.25, 0.75]);
  });
  test("negative, infinite and missing weights are refused with the item named", () => {
    expect(userError(() => normaliseWeights([1, -0.5, 1], "pillar weights", names))).toBe("The weight of B in the pillar weights is -0.5; weights must be numbers ≥ 0. Use 0 to leave something out.");
    expect(userError(() => normaliseWeights([1, Infinity, 1], "pillar weights", names))).toMatch(/weight of B in the pillar weights is Infinity/);
    expect(userError(() => normaliseWeights([NaN, 1, 1], "pillar weights", names))).toMatch(/weight of A in the pillar weights is NaN/);
  });
  test("all-zero weights are refused", () => {
    expect(userError(() => normaliseWeights([0, 0, 0], "indicator weights", names))).toBe("The indicator weights are all zero, so nothing would count. Give at least one a positive weight.");
  });
});

describe("stage thresholds, exactly at each boundary", () => {
  const r = DEFAULT_STAGE_RULES; // formation < 10 firms or < 5 years; mature ≥ 25 firms and ≥ 15 years (≥ 40 firms if undated)
  const at = (firms: number, established: number | null) => stageOf({ firms, established }, r, 2020);
  test("the defaults are the documented ones", () => {
    expect(r).toEqual({ formationFirms: 10, formationYears: 5, matureFirms: 25, matureYears: 15, matureFirmsIfUndated: 40 });
  });
  test("formation: fewer than 10 firms, or fewer than 5 years old", () => {
    expect(at(9, 1990)).toBe("formation");
    expect(at(10, 2010)).toBe("growth");
    expect(at(30, 2016)).toBe("formation"); // 4 years
    expect(at(30, 2015)).toBe("growth"); // 5 years
    expect(at(9, null)).toBe("formation");
  });
  test("mature: at least 25 firms and at least 15 years old", () => {
    expect(at(25, 2005)).toBe("mature"); // 15 years
    expect(at(24, 2005)).toBe("growth");
    expect(at(25, 2006)).toBe("growth"); // 14 years
  });
  test("undated clusters are mature from 40 firms", () => {
    expect(at(40, null)).toBe("mature");
    expect(at(39, null)).toBe("growth");
    expect(at(10, null)).toBe("growth");
  });
  test("the reference year defaults to the data's base year and other rules are honoured", () => {
    expect(stageOf({ firms: 30, established: BASE_YEAR - 4 })).toBe("formation");
    expect(stageOf({ firms: 30, established: BASE_YEAR - 5 })).toBe("growth");
    const custom = { formationFirms: 3, formationYears: 2, matureFirms: 6, matureYears: 8, matureFirmsIfUndated: 7 };
    expect(stageOf({ firms: 6, established: 2012 }, custom, 2020)).toBe("mature");
    expect(stageOf({ firms: 6, established: 2013 }, custom, 2020)).toBe("growth");
    expect(stageOf({ firms: 2, established: 2000 }, custom, 2020)).toBe("formation");
    expect(stageOf({ firms: 7, established: null }, custom, 2020)).toBe("mature");
  });
});

describe("diagnosis on a hand-built index result", () => {
  // Three units, two pillars; the medians are 50 (innovation) and 40 (talent).
  const result = {
    units: ["a", "b", "c"],
    pillars: { innovation: { a: 80, b: 50, c: 20 }, talent: { a: 30, b: 40, c: 70 } },
    scores: { a: 55, b: 45, c: 45 },
    ranks: { a: 1, b: 2, c: 2 },
  } as unknown as IndexResult;
  const clusters = [
    { id: "a", firms: 30, established: 1990 },
    { id: "c", firms: 5, established: 2010 },
  ];
  const d = diagnose(result, clusters, { ...DEFAULT_STAGE_RULES });
  test("gaps against the median cluster, strongest and weakest pillars, score and rank", () => {
    expect(d.map((x) => x.cluster)).toEqual(["a", "b", "c"]);
    expect(d[0]).toEqual({ cluster: "a", score: 55, rank: 1, stage: "mature", strongest: "innovation", weakest: "talent", gaps: { innovation: 30, talent: -10 }, strengths: ["innovation"] });
    expect(d[2]).toEqual({ cluster: "c", score: 45, rank: 2, stage: "formation", strongest: "talent", weakest: "innovation", gaps: { innovation: -30, talent: 30 }, strengths: ["talent"] });
  });
  test("a pillar exactly at the median counts as a strength; a unit without cluster data is in growth", () => {
    expect(d[1]).toEqual({ cluster: "b", score: 45, rank: 2, stage: "growth", strongest: "innovation", weakest: "talent", gaps: { innovation: 0, talent: 0 }, strengths: ["innovation", "talent"] });
  });
  test("the stage rules passed in are used", () => {
    const strict = diagnose(result, clusters, { ...DEFAULT_STAGE_RULES, matureFirms: 31 });
    expect(strict[0]?.stage).toBe("growth");
    expect(diagnose(result, clusters)[0]?.stage).toBe("mature");
  });
});
