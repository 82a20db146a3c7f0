import { label } from "../src/format";
import { describe, expect, test } from "vitest";
import { demandShares, loadClusters, loadSources, loadSurvey, provenanceCounts, surveyCalibration, surveySummary, DEMANDS, PROVENANCE_STATUSES } from "../src/data";
import { demandFigure, provenanceBar, provenanceMatrix, STATUS_COLOURS } from "../src/figures";
import { isFigure } from "../src/display";

const clusters = loadClusters();
const sources = loadSources();
const firms = loadSurvey();

describe("summaries", () => {
  test("provenance counts cover every cluster once per field", () => {
    for (const row of provenanceCounts(sources)) {
      expect(PROVENANCE_STATUSES.reduce((a, s) => a + row[s], 0)).toBe(clusters.length);
    }
  });

  test("survey summary groups add up to the population", () => {
    const rows = surveySummary(firms, "sector");
    expect(rows.reduce((a, r) => a + (r["firms"] as number), 0)).toBe(993);
    expect(rows.reduce((a, r) => a + (r["employees"] as number), 0)).toBe(47047);
    const loc = surveySummary(firms, "in_cluster");
    expect(loc.map((r) => r["in_cluster"]).sort()).toEqual(["in a cluster", "outside clusters"]);
  });

  test("demand shares sum to one in every group", () => {
    const rows = demandShares(firms, "size_class");
    for (const g of new Set(rows.map((r) => r.group))) {
      const xs = rows.filter((r) => r.group === g);
      expect(xs.map((r) => r.demand)).toEqual([...DEMANDS]);
      expect(xs.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 12);
    }
  });

  test("the calibration record lists each target", () => {
    const cal = surveyCalibration();
    expect(cal.map((c) => c.marginal)).toContain("researchers");
    // The whole-firm size band is now a calibrated target (issue 12), no longer a comparison.
    const small = cal.find((c) => c.marginal === "small_firm_share");
    expect(small?.note).toMatch(/whole-firm/);
    expect(small?.tolerance).toBe(0.02);
  });
});

describe("figures", () => {
  test("the provenance bar has one bar per cluster, coloured by the cell's status", () => {
    const fig = provenanceBar(clusters, sources, "firms");
    expect(isFigure(fig)).toBe(true);
    const bars = fig.data.reduce((a, t) => a + (t["x"] as unknown[]).length, 0);
    expect(bars).toBe(clusters.length);
    for (const t of fig.data) {
      const st = t["name"] as keyof typeof STATUS_COLOURS;
      expect((t["marker"] as { color: string }).color).toBe(STATUS_COLOURS[st]);
      // The axis shows cluster names; map them back to ids to check each bar's status.
      for (const name of t["x"] as string[]) {
        const id = clusters.find((c) => label(c.id, "en", { short: true }) === name)?.id;
        expect(id, name).toBeDefined();
        expect(sources.find((s) => s.cluster === id && s.field === "firms")?.status).toBe(st);
      }
    }
    // Sorted from the largest cluster down.
    const order = (fig.layout?.["xaxis"] as { categoryarray: string[] }).categoryarray;
    const firmsOf = (name: string) => clusters.find((c) => label(c.id, "en", { short: true }) === name)?.firms ?? NaN;
    expect(order.map(firmsOf)).toEqual([...order.map(firmsOf)].sort((a, b) => b - a));
  });

  test("the provenance matrix codes each cell by status", () => {
    const fig = provenanceMatrix(sources, ["kind", "talent"]);
    const z = fig.data[0]?.["z"] as number[][];
    expect(z).toHaveLength(clusters.length);
    expect(new Set(z.map((r) => r[1]))).toEqual(new Set([PROVENANCE_STATUSES.indexOf("imputed")]));
  });

  test("the demand figure stacks to 100 % per group", () => {
    const fig = demandFigure(demandShares(firms, "startup"), "stage");
    const totals = [0, 1].map((g) => fig.data.reduce((a, t) => a + (t["y"] as number[])[g]!, 0));
    for (const t of totals) expect(t).toBeCloseTo(100, 9);
  });
});
