import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "vitest";
import { estimate } from "../src/estimation/models";
import { regressionTable } from "../src/estimation/table";
import { estimateDefaults } from "../src/estimation/defaults";
import { bundleFor } from "../src/display/show";
import { userError } from "./helpers";

const rows = [1, 2, 3, 4, 5].map((x, i) => ({ x, y: [1, 2, 3, 4, 6][i] as number }));
const m1 = estimate(rows, { model: "ols", y: "y", x: ["x"] });
const m0 = estimate(rows, { model: "ols", y: "y", x: [] });

test("LaTeX matches the hand-checked fixture", () => {
  const tex = regressionTable([m1, m0], { stars: true, caption: "Hand-checked example" }).toLatex();
  expect(tex).toBe(fs.readFileSync(path.join(__dirname, "fixtures", "tables", "regression-table.tex"), "utf8"));
});

test("the three default models side by side: labels, stars, pseudo-R², NB2 dispersion last", () => {
  const fitted = estimateDefaults();
  const t = regressionTable(fitted.map((m) => m.result), { titles: fitted.map((m) => m.role.replace(/_/g, " ")) });
  const html = t.toHtml();
  expect(html).toContain("researchers (log)");
  expect(html).not.toMatch(/log_researchers|support_rnd_grant|\(Intercept\)/);
  expect(t.rows.at(-1)?.name).toBe("alpha");
  expect(t.rows.at(-2)?.name).toBe("(Intercept)");
  // A coefficient with p < 0.01 in the innovation model carries three stars.
  const inn = fitted[0]!.result;
  const k = inn.pvalues.findIndex((p, i) => p < 0.01 && inn.names[i] !== "(Intercept)");
  const row = t.rows.find((r) => r.name === inn.names[k]);
  expect(row?.cells[0]?.stars).toBe("***");
  expect(row?.cells[0]?.coef).toBe((inn.params[k] as number).toFixed(3));
  expect(t.stats.find((s) => s.label.includes("R²"))?.label).toBe("R² / pseudo R²");
  // Korean labels.
  expect(regressionTable([inn], { lang: "ko" }).toHtml()).toContain("연구인력(로그)");
});

test("RTF opens as a table (a Word-readable skeleton with one row per line of the table)", () => {
  const rtf = regressionTable([m1, m0]).toRtf();
  expect(rtf.startsWith("{\\rtf1")).toBe(true);
  expect(rtf.trimEnd().endsWith("}")).toBe(true);
  expect((rtf.match(/\\row/g) ?? []).length).toBe(2 + 2 * 2 + 4);
  expect(rtf).toContain("1.200***");
  // Braces balance.
  const depth = [...rtf.replace(/\\[{}\\]/g, "")].reduce((d, c) => d + (c === "{" ? 1 : c === "}" ? -1 : 0), 0);
  expect(depth).toBe(0);
});

test("bc.show renders a regression table as HTML and text", () => {
  const b = bundleFor(regressionTable([m1]));
  expect(b["text/html"]).toContain("<table");
  expect(b["text/plain"]).toContain("1.200***");
});

test("misuse gives one readable sentence", () => {
  expect(userError(() => regressionTable([]))).toMatch(/at least one fitted model/);
  expect(userError(() => regressionTable([{} as never]))).toMatch(/item 1 is not a fitted model/);
  expect(userError(() => regressionTable([m1, m0], { titles: ["a"] }))).toMatch(/1 titles for 2 models/);
});
