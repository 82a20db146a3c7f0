/**
 * Provenance you can defend (issue 12): every observed cell has a year and a
 * basis from the closed list; "not named in a source" is never an observed 0;
 * plans are not stocks; conversions are derived; every imputed or synthetic
 * numeric cell has a range; and the ranges can be drawn from, seeded.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { BASES, drawBaseline, isDrawn, loadClusters, loadSources, provenanceBasisMarkdown, SECTORS, triangular, type Cluster } from "../src/data";
import { readInputs } from "../src/data/build/inputs";
import { dataFile } from "../src/paths";
import { stream } from "../src/random";
import { userError } from "./helpers";

const clusters = loadClusters();
const sources = loadSources();
const inputs = readInputs();
const valueOf = (c: string, f: string) => (clusters.find((x) => x.id === c) as unknown as Record<string, number | null>)[f];

describe("observed cells", () => {
  test("every observed cell has a year and a basis from the closed list", () => {
    const observed = sources.filter((s) => s.status === "observed");
    expect(observed.length).toBeGreaterThan(50);
    for (const s of observed) {
      expect(s.year, `${s.cluster}.${s.field}`).not.toBeNull();
      expect(s.basis, `${s.cluster}.${s.field}`).not.toBeNull();
      for (const b of s.basis!.split(";")) expect(BASES).toContain(b);
    }
  });

  test('no observed 0 means "not named": every zero anchor is imputed with basis not-named and a range', () => {
    for (const s of sources.filter((x) => ["universities", "hospitals", "institutes"].includes(x.field))) {
      const v = valueOf(s.cluster, s.field);
      if (v === 0) {
        expect(s.status, `${s.cluster}.${s.field}`).toBe("imputed");
        expect(s.basis).toBe("not-named");
        expect(s.low).toBe(0);
        expect(s.high!).toBeGreaterThan(0);
      }
      if (s.status === "observed") expect(v, `${s.cluster}.${s.field}`).toBeGreaterThan(0);
    }
    // In the raw facts, every zero is marked not-named.
    for (const f of inputs.facts) if (f.value === 0) expect(f.qualifier, `${f.cluster}.${f.field}`).toContain("not-named");
  });

  test("plans are not stocks and conversions are derived", () => {
    for (const s of sources) {
      const basis = s.basis?.split(";") ?? [];
      if (basis.includes("plan")) expect(["imputed", "unknown"], `${s.cluster}.${s.field}`).toContain(s.status);
      if (basis.includes("converted") && s.field === "area_m2") expect(s.status).toBe("derived");
    }
    // The cases the issue names: Daegu's and Ochang's plan budgets, Pohang's planned firms.
    expect(sources.find((s) => s.cluster === "daegu_gyeongbuk" && s.field === "infra_krw_bn")?.status).toBe("imputed");
    expect(sources.find((s) => s.cluster === "ochang" && s.field === "infra_krw_bn")?.status).toBe("imputed");
    expect(sources.find((s) => s.cluster === "pohang" && s.field === "firms")?.status).toBe("imputed");
    // Songdo's "more than 6,000" employees is a lower bound, and says so.
    expect(sources.find((s) => s.cluster === "songdo" && s.field === "employees")?.basis).toContain("lower-bound");
  });

  test("data/README.md shows the current counts by status and basis for every column", () => {
    const readme = fs.readFileSync(dataFile("README.md"), "utf8");
    expect(readme).toContain(provenanceBasisMarkdown(sources));
  });
});

describe("ranges of imputed and synthetic cells", () => {
  test("every imputed or synthetic numeric cell has low <= value <= high", () => {
    let n = 0;
    for (const s of sources) {
      if (s.status !== "imputed" && s.status !== "synthetic") continue;
      const v = valueOf(s.cluster, s.field);
      if (typeof v !== "number") continue; // kind is a category
      n++;
      expect(s.low, `${s.cluster}.${s.field} has no range`).not.toBeNull();
      expect(s.low!, `${s.cluster}.${s.field}`).toBeLessThanOrEqual(v);
      expect(s.high!, `${s.cluster}.${s.field}`).toBeGreaterThanOrEqual(v);
      expect(s.note, `${s.cluster}.${s.field}: the note says how the range was set`).toMatch(/range/);
    }
    expect(n).toBeGreaterThan(200);
  });

  test("the loader rejects an observed cell without a year, an unknown basis and low above high, naming row and column", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-prov-"));
    const text = fs.readFileSync(dataFile("sources.csv"), "utf8").trimEnd().split("\n");
    const header = text[0]!.split(",");
    const i = text.findIndex((l) => l.startsWith("osong,institutes,observed"));
    const edit = (col: string, value: string) => {
      const lines = [...text];
      const cells = lines[i]!.split(",");
      cells[header.indexOf(col)] = value;
      lines[i] = cells.join(",");
      const f = path.join(dir, `${col}-${value || "empty"}.csv`);
      fs.writeFileSync(f, lines.join("\n") + "\n");
      return f;
    };
    expect(userError(() => loadSources(edit("year", "")))).toMatch(/needs a year and a basis/);
    expect(userError(() => loadSources(edit("basis", "guess")))).toMatch(/basis "guess" is not one of point, lower-bound/);
    const j = text.findIndex((l) => l.startsWith("osong,talent,imputed"));
    const lines = [...text];
    const cells = lines[j]!.split(",");
    cells[header.indexOf("low")] = "999999";
    lines[j] = cells.join(",");
    const f = path.join(dir, "low.csv");
    fs.writeFileSync(f, lines.join("\n") + "\n");
    expect(userError(() => loadSources(f))).toMatch(/low \(999999\) is above high/);
  });
});

describe("drawBaseline", () => {
  test("triangular draws stay in range and centre on the mode", () => {
    const r = stream("tri-test");
    let m = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < 20000; k++) {
      const x = triangular(r, 0, 3, 6);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      m += x / 20000;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(6);
    expect(m).toBeCloseTo(3, 1); // mean (0 + 3 + 6) / 3
    expect(triangular(r, 2, 5, 2)).toBe(2);
  });

  test("same seed, same baseline; observed and derived cells untouched; drawn cells in range; totals consistent", () => {
    const a = drawBaseline(clusters, sources, stream("data-uncertainty", 1));
    const b = drawBaseline(clusters, sources, stream("data-uncertainty", 1));
    expect(a).toEqual(b);
    const c = drawBaseline(clusters, sources, stream("data-uncertainty", 2));
    expect(c).not.toEqual(a);
    // A seed string is the stream (seed, "data-uncertainty").
    expect(drawBaseline(clusters, sources, "run-7")).toEqual(drawBaseline(clusters, sources, stream("run-7", "data-uncertainty")));
    for (const d of a) {
      const base = clusters.find((x) => x.id === d.id) as Cluster;
      for (const s of sources.filter((x) => x.cluster === d.id)) {
        const v = (d as unknown as Record<string, unknown>)[s.field];
        if (s.status === "observed" || s.status === "unknown") expect(v, `${d.id}.${s.field}`).toEqual((base as unknown as Record<string, unknown>)[s.field]);
        if (isDrawn(s, base) && !s.field.startsWith("firms") && s.field !== "employees" && s.field !== "researchers") {
          expect(v as number, `${d.id}.${s.field}`).toBeGreaterThanOrEqual(s.low!);
          expect(v as number, `${d.id}.${s.field}`).toBeLessThanOrEqual(s.high!);
        }
      }
      expect(SECTORS.reduce((x, s) => x + (d[`firms_${s}`] as number), 0)).toBe(d.firms);
      expect(d.researchers).toBeLessThanOrEqual(d.employees);
      expect(d.employees).toBeGreaterThanOrEqual(d.firms);
      const firmsRow = sources.find((x) => x.cluster === d.id && x.field === "firms")!;
      if (firmsRow.status !== "imputed") expect(d.firms, `${d.id}: a firm total derived from an observed count is kept`).toBe(base.firms);
    }
    // The inputs are not changed.
    expect(loadClusters()).toEqual(clusters);
  });

  test("over many draws, imputed cells vary and their mean stays inside the range", () => {
    const draws = Array.from({ length: 200 }, (_, k) => drawBaseline(clusters, sources, stream("data-uncertainty", k)));
    const capital = draws.map((d) => d.find((c) => c.id === "pangyo")!.capital_krw_bn);
    const row = sources.find((s) => s.cluster === "pangyo" && s.field === "capital_krw_bn")!;
    expect(Math.min(...capital)).toBeLessThan(Math.max(...capital));
    const mean = capital.reduce((a, b) => a + b, 0) / capital.length;
    expect(mean).toBeGreaterThan(row.low!);
    expect(mean).toBeLessThan(row.high!);
  });
});
