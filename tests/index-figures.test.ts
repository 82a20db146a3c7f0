import { label } from "../src/format";
import { expect, test } from "vitest";
import * as fs from "node:fs";
import { build, toWide, uncertainty, sensitivity } from "../src/indicators";
import { loadIndicators } from "../src/data";
import { indicatorHeatmap, pillarScatter, radarFigure, rankingFigure, sensitivityFigure } from "../src/figures";
import { isFigure } from "../src/display";
import { dataFile } from "../src/paths";

const wide = toWide(loadIndicators());
const recipe = JSON.parse(fs.readFileSync(dataFile("recipes/default.json"), "utf8"));
const r = build(wide, recipe);

test("ranking figure: bars best first, with the uncertainty panel when given", () => {
  const f = rankingFigure(r);
  expect(isFigure(f)).toBe(true);
  const y = f.data[0]?.["y"] as string[];
  expect(y[0]).toBe(label(Object.entries(r.ranks).find(([, v]) => v === 1)?.[0] as string)); // the reader's label, not the id
  const u = uncertainty(wide, recipe, { samples: 100 });
  const g = rankingFigure(r, u);
  expect(g.data).toHaveLength(2);
  expect((g.data[0]?.["text"] as string[])[0]).toMatch(/^rank 1 \(5–95 %: \d+–\d+\)$/);
});

test("radar figure: a closed polygon per cluster plus the median", () => {
  const f = radarFigure(r, ["daedeok", "osong"]);
  expect(f.data).toHaveLength(3);
  for (const t of f.data) expect((t["r"] as number[]).length).toBe(6);
});

test("heatmap: one row per unit, one column per indicator, reversed ones labelled", () => {
  const f = indicatorHeatmap(r);
  const z = f.data[0]?.["z"] as number[][];
  expect(z).toHaveLength(19);
  expect(z[0]).toHaveLength(21);
  expect(f.data[0]?.["x"]).toContain("share of firms with unmet funding needs (reversed)");
});

test("pillar scatter and sensitivity figure", () => {
  expect((pillarScatter(r, "infrastructure", "performance").data[0]?.["x"] as number[]).length).toBe(19);
  expect(() => pillarScatter(r, "infrastructure", "nope")).toThrow(/unknown pillar nope/);
  const s = sensitivity(wide, recipe, { samples: 64, bootstrap: 20 });
  const f = sensitivityFigure(s.overall);
  expect(f.data.map((t) => t["name"])).toEqual(["first-order", "total"]);
});
