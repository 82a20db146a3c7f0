/**
 * Stated demand is tied to the constraint a firm faces (issue 14): in the
 * synthetic survey a cash-constrained firm (it sought external funding and
 * obtained less than half of it) ranks funding first more often, and not only
 * because start-ups and pre-revenue firms are both constrained and ask for
 * funding: the association holds given stage, revenue and sector.
 */
import { describe, expect, test } from "vitest";
import { loadSurvey } from "../src/data/loaders";
import { cashConstrained } from "../src/data/build/survey";
import { estimate } from "../src/estimation";
import { dataFile } from "../src/paths";

const survey = loadSurvey(dataFile("survey_synthetic.csv"));
const constrained = (f: (typeof survey)[number]) => cashConstrained({ sought: f.funding_sought_krw_m, obtained: f.funding_obtained_krw_m });

describe("funding-first firms are more often cash-constrained in the shipped survey", () => {
  test("the share ranking funding first is higher among constrained firms (two-proportion z > 1.96)", () => {
    const c = survey.filter(constrained);
    const n = survey.filter((f) => !constrained(f));
    const p1 = c.filter((f) => f.demand_first === "funding").length / c.length;
    const p0 = n.filter((f) => f.demand_first === "funding").length / n.length;
    const p = (p1 * c.length + p0 * n.length) / survey.length;
    const z = (p1 - p0) / Math.sqrt(p * (1 - p) * (1 / c.length + 1 / n.length));
    expect(c.length).toBeGreaterThan(50);
    expect(z).toBeGreaterThan(1.96);
  });

  test("given stage, revenue and sector, being constrained raises the odds of ranking funding first (95 % CI above 0)", () => {
    const rows = survey.map((f) => ({ funding_first: f.demand_first === "funding" ? 1 : 0, cash_constrained: constrained(f) ? 1 : 0, startup: f.startup, pre_revenue: f.pre_revenue, sector: f.sector }));
    const fit = estimate(rows, { model: "logit", y: "funding_first", x: ["cash_constrained", "startup", "pre_revenue", "sector"], categorical: { sector: "bio_pharma" } });
    const k = fit.names.indexOf("cash_constrained");
    expect(fit.confInt[k]![0]).toBeGreaterThan(0);
  });
});
