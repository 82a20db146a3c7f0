import * as fs from "node:fs";
import { describe, expect, test } from "vitest";
import { loadClusters, loadIndicators, loadSources, loadSurvey, SECTORS, PILLARS, INDICATORS, type Firm } from "../src/data";
import { buildData, DEFAULT_SEED } from "../src/data/build/main";
import { surveyedFirmsIn, tenantCount2018, weakest } from "../src/data/build/baseline";
import { largestRemainder } from "../src/stats";
import { median } from "../src/stats";
import { calibrateIntercept, rake, TRUE } from "../src/data/build/survey";
import { readInputs, type Inputs } from "../src/data/build/inputs";
import { readTable } from "../src/data/csv";
import { dataFile } from "../src/paths";
import { logistic } from "../src/random";

const built = buildData(DEFAULT_SEED);
const firms = loadSurvey();
const clusters = loadClusters();
const inputs = readInputs();
const dgp = JSON.parse(fs.readFileSync(dataFile("survey_dgp.json"), "utf8"));

describe("the data build is reproducible", () => {
  test("a fresh build with the default seed reproduces every committed file byte for byte", () => {
    for (const [name, content] of built.files) {
      expect(fs.readFileSync(dataFile(name), "utf8") === content, `${name} differs from a fresh build: run npm run data:build`).toBe(true);
    }
  });

  test("the same seed twice gives identical files; another seed changes the survey only", () => {
    const again = buildData(DEFAULT_SEED);
    expect(again.files.get("survey_synthetic.csv")).toBe(built.files.get("survey_synthetic.csv"));
    const other = buildData("another-seed");
    expect(other.files.get("survey_synthetic.csv")).not.toBe(built.files.get("survey_synthetic.csv"));
    // Cluster firm counts and employees come from observed facts, not the seed.
    const pick = (cs: typeof built.clusters) => cs.map((c) => [c.id, c.firms, c.employees, c.infra_krw_bn]);
    expect(pick(other.clusters)).toEqual(pick(built.clusters));
  }, 30_000); // two full builds: slow when the machine is busy
});

describe("the synthetic survey matches the national totals", () => {
  const sum = (xs: Firm[], k: keyof Firm) => xs.reduce((a, f) => a + (f[k] as number), 0);

  test("firms and employees by sector exactly (2018 survey table)", () => {
    expect(firms).toHaveLength(993);
    expect(sum(firms, "employees")).toBe(47047);
    for (const s of inputs.sectors) {
      const own = firms.filter((f) => f.sector === s.sector);
      expect([s.sector, own.length, sum(own, "employees")]).toEqual([s.sector, s.firms, s.employees]);
    }
  });

  test("researchers exactly; sales, R&D and exports to rounding", () => {
    expect(sum(firms, "researchers")).toBe(14888);
    expect(sum(firms, "sales_krw_m") / 1000).toBeCloseTo(10606.7, 0);
    expect(sum(firms, "rnd_krw_m") / 1000).toBeCloseTo(1640.6, 0);
    expect(sum(firms, "exports_krw_m") / sum(firms, "sales_krw_m")).toBeCloseTo(0.5085, 3);
  });

  test("shares within their stated tolerances", () => {
    const share = (k: keyof Firm) => firms.filter((f) => f[k] === 1).length / firms.length;
    expect(Math.abs(share("pre_revenue") - 0.3357)).toBeLessThan(0.03);
    expect(Math.abs(share("collaborating") - 0.379)).toBeLessThan(0.03);
    for (const [name, c] of Object.entries(dgp.calibration) as Array<[string, { target: number; achieved: number; tolerance: number | null }]>) {
      if (c.tolerance !== null) expect(Math.abs(c.achieved - c.target), name).toBeLessThanOrEqual(c.tolerance);
    }
  });

  test("the whole-firm size bands (2020) and the sector shares of production and exports (2017), from the file", () => {
    const t = (field: string) => inputs.totals.get(field)!.value;
    const band = (b: string) => firms.filter((f) => f.firm_size_band === b).length / firms.length;
    expect(Math.abs(band("<50") - t("small_firm_share"))).toBeLessThanOrEqual(0.02);
    expect(Math.abs(band("1000+") - t("very_large_firm_share"))).toBeLessThanOrEqual(0.005);
    for (const f of firms) expect(f.firm_employees!).toBeGreaterThanOrEqual(f.employees);
    // Whole-firm and bio employment differ: most firms above 1,000 whole-firm staff have far fewer bio staff.
    expect(firms.filter((f) => f.employees >= 1000).length).toBeLessThan(firms.filter((f) => f.firm_size_band === "1000+").length);
    const totalSales = sum(firms, "sales_krw_m");
    const totalExports = sum(firms, "exports_krw_m");
    for (const s of ["bio_pharma", "bio_food", "bio_chem_energy", "bio_services"]) {
      const own = firms.filter((f) => f.sector === s);
      expect(Math.abs(sum(own, "sales_krw_m") / totalSales - t(`production_share_${s}`)), s).toBeLessThanOrEqual(0.005);
    }
    for (const s of ["bio_pharma", "bio_food", "bio_services"]) {
      const own = firms.filter((f) => f.sector === s);
      expect(Math.abs(sum(own, "exports_krw_m") / totalExports - t(`export_share_${s}`)), s).toBeLessThanOrEqual(0.005);
    }
    for (const s of ["bio_pharma", "bio_chem_energy", "bio_devices"]) {
      expect(sum(firms.filter((f) => f.sector === s), "rnd_krw_m") / 1000, s).toBeCloseTo(t(`rnd_${s}_krw_bn`), 0);
    }
  });

  test("cluster firms by sector and cluster employees match clusters.csv exactly", () => {
    for (const c of clusters) {
      const own = firms.filter((f) => f.cluster === c.id);
      for (const s of SECTORS) expect([c.id, s, own.filter((f) => f.sector === s).length]).toEqual([c.id, s, c[`firms_${s}`]]);
      expect([c.id, sum(own, "employees"), sum(own, "researchers")]).toEqual([c.id, c.employees, c.researchers]);
    }
    const outside = firms.filter((f) => f.cluster === "none");
    expect(outside.length + clusters.reduce((a, c) => a + c.firms, 0)).toBe(993);
  });

  test("stated policy demand differs by firm type: start-ups ask for funding more", () => {
    const fundShare = (xs: Firm[]) => xs.filter((f) => f.demand_first === "funding").length / xs.length;
    expect(fundShare(firms.filter((f) => f.startup === 1))).toBeGreaterThan(fundShare(firms.filter((f) => f.startup === 0)) + 0.1);
    const infra = (xs: Firm[]) => xs.filter((f) => f.demand_first === "infrastructure").length / xs.length;
    expect(infra(firms.filter((f) => f.sector === "bio_food"))).toBeGreaterThan(infra(firms.filter((f) => f.sector === "bio_pharma")));
  });

  test("every true coefficient of the DGP cites its source or says assumption", () => {
    const equations: Array<[string, Record<string, number>]> = [
      ["productInnovation", dgp.productInnovation],
      ["processInnovation", dgp.processInnovation],
      ["patents", dgp.patents.coefficients],
      ["salesGrowth", dgp.salesGrowth.coefficients],
    ];
    for (const [eq, coefs] of equations) {
      for (const k of Object.keys(coefs)) {
        if (k === "(Intercept)" && eq !== "salesGrowth") continue; // calibrated to a target share
        const c = dgp.citations[eq]?.[k];
        expect(c, `${eq}.${k} has a citation`).toBeTruthy();
        expect(c === "assumption" || /\d{4}|\[\d+\]|assumption|as /.test(c), `${eq}.${k}: ${c}`).toBe(true);
      }
    }
    // The heterogeneity the literature supports is in the DGP.
    expect(dgp.productInnovation["support_rnd_grant:startup"]).toBeGreaterThan(0);
    expect(dgp.productInnovation["support_rnd_grant:pre_revenue"]).toBeGreaterThan(0);
    expect(dgp.productInnovation["support_rnd_grant:log_employees"]).toBeLessThan(0);
    expect(dgp.productInnovation["in_cluster"]).toBe(0);
    expect(dgp.productInnovation["in_cluster:log_researchers"]).toBeGreaterThan(0);
    expect(dgp.productInnovation["in_cluster:log_employees"]).toBeLessThan(0);
  });

  test("the DGP's signs follow the literature", () => {
    for (const k of ["log_researchers", "collaborating", "support_rnd_grant"]) expect(TRUE.productInnovation[k], k).toBeGreaterThan(0);
    for (const k of ["log_researchers", "collaborating", "support_rnd_grant", "in_cluster"]) expect(TRUE.patents[k], k).toBeGreaterThan(0);
    expect(TRUE.salesGrowth["log_rnd"]).toBeGreaterThan(0);
    expect(TRUE.salesGrowth["collaborating"]).toBe(0); // networking n.s. (Park & Bae 2023)
    expect(dgp.productInnovation["collaborating"]).toBe(TRUE.productInnovation["collaborating"]);
  });
});

describe("clusters, sources and indicators", () => {
  test("19 clusters from the research file, with the three kinds", () => {
    expect(clusters).toHaveLength(19);
    // The research compilation sits beside the repository in development and CI.
    const draftFile = `${__dirname}/../../shared/research/clusters_draft.csv`;
    if (fs.existsSync(draftFile)) {
      const draft = readTable(draftFile);
      expect(clusters.map((c) => c.id).sort()).toEqual(draft.map((r) => String(r["id"]).replace("dongnam_yangsan_gimhae", "dongnam")).sort());
    }
    expect(new Set(clusters.map((c) => c.kind))).toEqual(new Set(["government-led", "local-government-led", "private-spontaneous"]));
  });

  test("every raw fact carries a source URL and a basis", () => {
    for (const f of inputs.facts) {
      expect(f.source, `${f.cluster}.${f.field}`).toMatch(/^https?:\/\//);
      expect(f.basis.length).toBeGreaterThan(3);
    }
  });

  test("at least 12 indicators over the five pillars, every one for every cluster and documented", () => {
    const rows = loadIndicators();
    expect(INDICATORS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(INDICATORS.map((d) => d.pillar))).toEqual(new Set(PILLARS));
    expect(rows).toHaveLength(clusters.length * INDICATORS.length);
    const readme = fs.readFileSync(dataFile("README.md"), "utf8");
    for (const d of INDICATORS) expect(readme, `data/README.md documents ${d.id}`).toContain(`\`${d.id}\``);
    for (const r of rows) if (r.value === null) expect(r.status).toBe("unknown");
  });

  test("sources.csv lists only known statuses and covers every cluster", () => {
    const sources = loadSources();
    expect(new Set(sources.map((s) => s.cluster))).toEqual(new Set(clusters.map((c) => c.id)));
  });
});

describe("baseline rules", () => {
  test("largest remainder keeps the total and stays within 1", () => {
    const v = [1.2, 2.5, 3.3, 0.0];
    const r = largestRemainder(v);
    expect(r.reduce((a, b) => a + b, 0)).toBe(7);
    r.forEach((x, i) => expect(Math.abs(x - (v[i] as number))).toBeLessThan(1));
    expect(largestRemainder([0.5, 0.5], 1)).toEqual([1, 0]);
  });

  test("median and weakest status", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(weakest("observed", "imputed", "derived")).toBe("imputed");
  });

  test("firm counts: a 2018 figure stands, two figures interpolate, one figure scales by the national survey", () => {
    const base: Inputs = { ...inputs, facts: [] };
    const fact = (year: number, value: number) => ({ cluster: "x", field: "firms_reported", value, year, period: null, basis: "tenants", qualifier: ["point" as const], source: "https://example.org", note: null });
    expect(tenantCount2018({ ...base, facts: [fact(2018, 50), fact(2016, 10)] }, "x")?.value).toBe(50);
    expect(tenantCount2018({ ...base, facts: [fact(2016, 100), fact(2020, 400)] }, "x")?.value).toBeCloseTo(200, 9);
    expect(tenantCount2018({ ...base, facts: [fact(2021, 1055)] }, "x")?.value).toBeCloseTo(993, 9);
    expect(tenantCount2018(base, "x")).toBeNull();
    expect(surveyedFirmsIn(inputs, 2016)).toBe(980); // observed since issue 12 (new classification)
    expect(surveyedFirmsIn(inputs, 2014)).toBeCloseTo((971 + 978) / 2, 9);
    expect(surveyedFirmsIn(inputs, 2005)).toBe(971);
  });

  test("raking reaches both margins", () => {
    const m = rake([[1, 2], [3, 4]], [10, 20], [12, 18]);
    expect((m[0]![0]! + m[0]![1]!)).toBeCloseTo(10, 6);
    expect((m[0]![1]! + m[1]![1]!)).toBeCloseTo(18, 6);
  });

  test("intercept calibration hits the target mean", () => {
    const eta = [-1, 0, 2, 0.5];
    const a = calibrateIntercept(eta, 0.4);
    expect(eta.reduce((s, e) => s + logistic(a + e), 0) / eta.length).toBeCloseTo(0.4, 9);
  });
});
