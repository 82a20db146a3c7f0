/**
 * Population synthesis copies donor rows column by column from the survey's own columns (issue #13: firm by firm
 * through copyFirm was most of the population build at 100,000 firms). These tests hold it to the firm-by-firm copy
 * it replaced, element for element, and to what synthesis promises: each (cluster, sector) cell's firm count and
 * each location's employees exactly.
 */
import { describe, expect, test } from "vitest";
import { loadInputs } from "../src/experiments/simulate";
import { copyFirm, emptyPopulation, synthesizePopulation } from "../src/population/synthesize";
import { POPULATION_COLUMNS, type Population } from "../src/population/columns";
import { SECTORS, type Cluster, type Firm } from "../src/data/loaders";

const inputs = loadInputs();

/** The donor rows and locations a population was built from, copied again firm by firm (the code it replaced). */
function copiedFirmByFirm(p: Population, survey: readonly Firm[]): Population {
  const q = emptyPopulation(p.size);
  for (let i = 0; i < p.size; i++) copyFirm(q, i, survey[p.donor[i] as number] as Firm, p.loc[i] as number, p.donor[i] as number);
  return q;
}

const cases: Array<[string, Firm[], number]> = [
  ["the bundled survey (every cell matches: each firm once)", [...inputs.survey], 1],
  ["the survey × 3 (donors drawn with replacement)", [...inputs.survey], 3],
  ["every other survey firm × 2.5 (short cells; a cell with no donor draws from the sector anywhere)", inputs.survey.filter((_, k) => k % 2 === 0), 2.5],
];

describe("synthesizePopulation", () => {
  test.each(cases)("%s: every column as the firm-by-firm copy of the same donors, and the targets met", (_, survey, scale) => {
    const p = synthesizePopulation(inputs.clusters, survey, { seed: "synthesis-test", scale });
    const q = copiedFirmByFirm(p, survey);
    // Firm-by-firm copyFirm sets the donor column from the row it is given: the columns other than donor and
    // location come from the survey row alone, so any mismatch is the column copy's.
    const wrong: string[] = [];
    for (const k of POPULATION_COLUMNS) {
      const a = p[k] as ArrayLike<number>;
      const b = q[k] as ArrayLike<number>;
      expect(a.length, k).toBe(b.length);
      if (k === "employees" || k === "researchers") continue; // rescaled to each location's total after the copy
      for (let i = 0; i < a.length && wrong.length < 5; i++) if (!Object.is(a[i], b[i])) wrong.push(`${k}[${i}]: ${a[i]} ≠ ${b[i]}`);
    }
    expect(wrong).toEqual([]);
    // Each (cluster, sector) cell has its target count, and the donor is of that sector (and of that cluster when it has one).
    inputs.clusters.forEach((c: Cluster, l) => {
      SECTORS.forEach((s, si) => {
        let n = 0;
        for (let i = 0; i < p.size; i++) if (p.loc[i] === l && p.sector[i] === si) n++;
        expect(n, `${c.id} ${s}`).toBe(Math.round((c[`firms_${s}` as keyof Cluster] as number) * scale));
      });
      let emp = 0;
      for (let i = 0; i < p.size; i++) if (p.loc[i] === l) emp += p.employees[i] as number;
      expect(emp, `${c.id} employees`).toBe(Math.round(c.employees * scale));
    });
    for (let i = 0; i < p.size; i++) expect(SECTORS[p.sector[i] as number]).toBe((survey[p.donor[i] as number] as Firm).sector);
  });

  test("the same seed gives the same population; another seed other donors where they are drawn", () => {
    const a = synthesizePopulation(inputs.clusters, inputs.survey, { seed: "s1", scale: 3 });
    const b = synthesizePopulation(inputs.clusters, inputs.survey, { seed: "s1", scale: 3 });
    const c = synthesizePopulation(inputs.clusters, inputs.survey, { seed: "s2", scale: 3 });
    expect(Array.from(a.donor)).toEqual(Array.from(b.donor));
    expect(Array.from(a.employees)).toEqual(Array.from(b.employees));
    expect(Array.from(a.donor)).not.toEqual(Array.from(c.donor));
  });
});
