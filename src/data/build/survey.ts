/**
 * The synthetic bio-firm survey: one row per firm of the 2018 national
 * population (993 firms, 47,047 employees), in the clusters and outside them.
 *
 * It is **synthetic**: the KIET survey microdata are not public. The
 * data-generating process (DGP) below is documented, seeded, and writes its
 * true coefficients to `data/survey_dgp.json`, so the estimation module can be
 * checked against known truth. Coefficient **signs** follow the Korean
 * determinants studies (numbers in brackets: table B of the project's
 * determinants literature notes) and the policy-evaluation literature, which
 * also gives the innovation equation its heterogeneity (grants by stage,
 * financial constraint and size; the park effect by own research and size;
 * networking); `CITATIONS` names the source of every coefficient, and
 * magnitudes are assumptions unless it says otherwise. Marginals are
 * calibrated to the public national totals:
 *
 * | marginal | target | how |
 * |---|---|---|
 * | firms and bio employees by sector | 2018 survey table | exact (counts; raking of employees) |
 * | firms by sector and bio employees per cluster | data/clusters.csv | exact |
 * | whole-firm size bands (< 50, >= 1,000) | 61.7 %, 3.3 % (2020) | log-normal μ, σ calibrated; ± 2 / 0.5 points |
 * | researchers | 14,888 | exact (scaled, largest remainder) |
 * | sales (production), by sector | KRW 10,606.7 bn; 2017 sector shares | exact up to rounding |
 * | R&D, by sector | KRW 1,640.6 bn; 2018 sector amounts | exact up to rounding |
 * | exports, by sector | 50.85 % of production; 2017 sector shares | exact up to rounding |
 * | pre-revenue share | 33.6 % (2016) | intercept calibrated; ± 3 points |
 * | collaborating share | 37.9 % (2021) | intercept calibrated; ± 3 points |
 *
 * `employees` are bio staff (the survey's employment); `firm_employees` is the
 * whole-firm headcount the published size bands count.
 *
 * Everything else (support receipt, funding, innovation rates, policy demand
 * shares) is an assumption stated in `ASSUMED`.
 */
import nquantile from "@stdlib/stats-base-dists-normal-quantile";
import { bernoulli, beta, gamma, logistic, negativeBinomial, normal, stream, type Rng } from "../../random";
import { SECTORS, sizeClass, firmSizeBand, FIRM_SIZE_BANDS, BASE_YEAR, STARTUP_AGE, DEMANDS, type Demand, type Firm, type FirmSizeBand, type Sector } from "../loaders";
import { bisect, largestRemainder, mean, sum } from "../../stats";
import type { PartialCluster } from "./baseline";
import { total, type Inputs } from "./inputs";

/** Assumed marginals with no public source (synthetic choices). */
export const ASSUMED = {
  exporterShare: 0.35,
  productInnovationShare: 0.45,
  processInnovationShare: 0.3,
  meanPatentApps: 1.6,
  patentDispersion: 1.5,
  salesGrowthSd: 0.25,
  supportShares: {
    support_rnd_grant: 0.3,
    support_talent: 0.12,
    support_finance: 0.15,
    support_infrastructure: 0.12,
    support_networking: 0.08,
    support_commercialisation: 0.1,
  },
  supportAmountKrwM: {
    support_rnd_grant: 250,
    support_talent: 40,
    support_finance: 500,
    support_infrastructure: 30,
    support_networking: 10,
    support_commercialisation: 80,
  },
  /**
   * Stated demand follows the constraint a firm faces: log-odds added to ranking funding first for a
   * cash-constrained firm (it sought external funding and obtained less than half of it). Assumption; the
   * direction follows KHIDI's 2017 start-up survey (securing funds is the top difficulty) and Howell (2017).
   */
  demandCashConstrained: 1.0,
  /** Loosely after KoreaBIO's 2024 member survey (funding 40.7 %, deregulation 23.7 %, …). */
  demandShares: { funding: 0.4, commercialisation: 0.22, rnd: 0.15, talent: 0.09, networking: 0.06, infrastructure: 0.08 } as Record<Demand, number>,
  /** Log-normal dispersion of firm size. */
  sizeSigma: 1.45,
  ageShape: 1.4,
  ageScale: 8,
  /**
   * Rank correlation (normal copula) between a firm's bio employees and its
   * whole-firm headcount: large bio employers are mostly large firms, but a
   * big food or chemical group may run a small bio unit.
   */
  wholeFirmRankCorrelation: 0.8,
  researcherShare: { bio_pharma: 0.42, bio_food: 0.17, bio_chem_energy: 0.26, bio_services: 0.3, bio_devices: 0.3, bio_equipment: 0.22, bio_other: 0.2 } as Record<Sector, number>,
};

/** Regressors shared by the behavioural equations (names as in the codebook; sector dummies against bio_pharma). */
export const SECTOR_DUMMIES = SECTORS.filter((s) => s !== "bio_pharma").map((s) => `sector_${s}`);

/** The true coefficients of the DGP before intercept calibration. Signs: literature, see module doc. */
export const TRUE = {
  productInnovation: {
    log_researchers: 0.45, // absorptive capacity [2]
    collaborating: 0.55, // technology cooperation [2], [6], [10]
    // R&D grants, heterogeneous: the base effect is for an established firm with sales and one employee,
    // falling with size (about +0.24 at 20 bio staff, -0.08 at 300).
    support_rnd_grant: 0.6,
    "support_rnd_grant:startup": 0.3, // larger for young firms (Howell; Santoleri et al. 2024)
    "support_rnd_grant:pre_revenue": 0.2, // larger for financially constrained firms (Howell)
    "support_rnd_grant:log_employees": -0.12, // smaller for larger firms (Chung, Ryu & Ahn 2021; Santoleri et al. 2024)
    support_networking: 0.2, // a few points of innovation probability (Falck, Heblich & Kipar 2010: +4.6-5.7 pp)
    // Park effect: zero without own research effort, rising with it, falling with size (Vásquez-Urriago et al. 2016; Corrocher et al. 2019).
    in_cluster: 0.0,
    "in_cluster:log_researchers": 0.3,
    "in_cluster:log_employees": -0.1,
    startup: -0.2,
    pre_revenue: -0.1,
    log_employees: -0.1, // SMEs convert R&D into outcomes more readily [12]
    sector_bio_food: -0.35,
    sector_bio_chem_energy: -0.2,
    sector_bio_services: -0.4,
    sector_bio_devices: 0.1,
    sector_bio_equipment: -0.3,
    sector_bio_other: -0.5,
  } as Record<string, number>,
  processInnovation: { log_employees: 0.25, collaborating: 0.3, in_cluster: 0.15, support_infrastructure: 0.35 } as Record<string, number>,
  patents: {
    log_researchers: 0.55, // absorptive capacity [2]
    collaborating: 0.45, // cooperation raises patents [2]; centrality [6]
    support_rnd_grant: 0.35, // government R&D support strengthens it [2]
    in_cluster: 0.2, // cluster quotient elasticity (US) and specialisation [7]
    startup: -0.1,
    sector_bio_food: -0.6,
    sector_bio_chem_energy: -0.3,
    sector_bio_services: -0.5,
    sector_bio_devices: 0.0,
    sector_bio_equipment: -0.4,
    sector_bio_other: -0.6,
  } as Record<string, number>,
  salesGrowth: {
    "(Intercept)": 0.03,
    product_innovation: 0.06, // innovation creation [9]
    log_rnd: 0.012, // R&D intensity growth [3]
    support_rnd_grant: 0.03, // government R&D funding [1]
    in_cluster: 0.025, // industrial agglomeration [9]
    collaborating: 0.0, // networking n.s. [9]; alliances n.s. [1]
    startup: 0.08,
    log_employees: -0.015,
  } as Record<string, number>,
};

/**
 * Where each true coefficient comes from: a study (its sign, and where it
 * gives one, its size) or "assumption". Numbers in brackets are the Korean
 * studies of table B in the project's determinants literature notes.
 */
const A = "assumption";
export const CITATIONS: Record<"productInnovation" | "processInnovation" | "patents" | "salesGrowth", Record<string, string>> = {
  productInnovation: {
    log_researchers: "sign: absorptive capacity [2] (OI and patents in Korean biopharma, c.2024); size: assumption",
    collaborating: "sign: technology cooperation [2], network centrality [6], external resources [10]; size: assumption",
    support_rnd_grant: "sign: government R&D support [2], [5] (Sustainability 2019, 11(6):1583); size: assumption (the effect for an established firm with sales, at log_employees = 0)",
    "support_rnd_grant:startup": "sign: grants work best for young firms (Howell 2017, AER; Santoleri, Mina, Di Minin & Martelli 2024, REStat); size: assumption",
    "support_rnd_grant:pre_revenue": "sign: effects stronger for financially constrained firms (Howell 2017); size: assumption",
    "support_rnd_grant:log_employees": "sign: additionality larger for SMEs (Chung, Ryu & Ahn 2021, Korean meta-analysis; Santoleri et al. 2024); counter-evidence Choi & Kim 2007; size: assumption",
    support_networking: "size: cluster networking raises the probability of innovating by 4.6-5.7 points (Falck, Heblich & Kipar 2010, RSUE); 0.2 in the logit is about 5 points at a 45% base rate",
    in_cluster: "zero without own research effort (Vásquez-Urriago, Barge-Gil & Modrego Rico 2016, Research Evaluation; Corrocher, Lamperti & Mavilia 2019, TFSC)",
    "in_cluster:log_researchers": "sign: park effect needs in-house innovation effort (Vásquez-Urriago et al. 2016; Corrocher et al. 2019); size: assumption",
    "in_cluster:log_employees": "sign: park effect falls with firm size (Vásquez-Urriago et al. 2016); size: assumption",
    startup: A,
    pre_revenue: A,
    log_employees: "sign: SMEs convert R&D into outcomes more readily [12]; size: assumption",
    sector_bio_food: A,
    sector_bio_chem_energy: A,
    sector_bio_services: A,
    sector_bio_devices: A,
    sector_bio_equipment: A,
    sector_bio_other: A,
  },
  processInnovation: { log_employees: A, collaborating: A, in_cluster: A, support_infrastructure: A },
  patents: {
    log_researchers: "sign: absorptive capacity [2]; size: assumption",
    collaborating: "sign: cooperation raises patents [2], degree centrality [6]; size: assumption",
    support_rnd_grant: "sign: government R&D support strengthens it [2]; size: assumption",
    in_cluster: "sign: specialisation [7]; size: about the US cluster-quotient elasticity of 0.25 (Industrial Biotechnology 2020)",
    startup: A,
    sector_bio_food: A,
    sector_bio_chem_energy: A,
    sector_bio_services: A,
    sector_bio_devices: A,
    sector_bio_equipment: A,
    sector_bio_other: A,
  },
  salesGrowth: {
    "(Intercept)": A,
    product_innovation: "sign: innovation creation [9]; size: assumption",
    log_rnd: "sign: R&D intensity growth [3]; size: assumption",
    support_rnd_grant: "sign: government R&D funding [1]; size: assumption",
    in_cluster: "sign: industrial agglomeration [9]; size: assumption",
    collaborating: "zero: networking n.s. [9]; alliances n.s. [1]",
    startup: A,
    log_employees: A,
  },
};

export interface Dgp {
  seed: string;
  description: string;
  productInnovation: Record<string, number>;
  processInnovation: Record<string, number>;
  patents: { coefficients: Record<string, number>; alpha: number };
  salesGrowth: { coefficients: Record<string, number>; sigma: number };
  demandIntercepts: Record<Demand, number>;
  /** Source or "assumption" for every true coefficient (intercepts are calibrated). */
  citations: typeof CITATIONS;
  calibration: Record<string, { target: number; achieved: number; tolerance: number | null; source: string; note?: string }>;
  /** Shares of firms by whole-firm size band (only < 50 and >= 1,000 have public targets). */
  firmSizeBands: Record<FirmSizeBand, number>;
  /** Calibrated log-normal of whole-firm headcount (before the floor at bio employees). */
  wholeFirmLogNormal: { mu: number; sigma: number };
  assumed: typeof ASSUMED;
}

/** Solves for the intercept `a` such that mean(logistic(a + eta_i)) = target, by bisection. */
export function calibrateIntercept(eta: readonly number[], target: number): number {
  return bisect((a) => {
    let m = 0;
    for (const e of eta) m += logistic(a + e);
    return m / eta.length;
  }, target, -30, 30);
}

/**
 * Iterative proportional fitting of a non-negative seed matrix to row and
 * column totals (which must add up to the same grand total).
 */
export function rake(seed: number[][], rows: readonly number[], cols: readonly number[], iterations = 500): number[][] {
  const m = seed.map((r) => [...r]);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < m.length; i++) {
      const row = m[i] as number[];
      const s = sum(row);
      if (s > 0) for (let j = 0; j < row.length; j++) row[j] = ((row[j] as number) * (rows[i] as number)) / s;
    }
    for (let j = 0; j < (cols.length ?? 0); j++) {
      let s = 0;
      for (const row of m) s += row[j] as number;
      if (s > 0) for (const row of m) row[j] = ((row[j] as number) * (cols[j] as number)) / s;
    }
  }
  return m;
}

/** A cash-constrained firm: it sought external funding and obtained less than half of it (the survey's funding columns). */
export function cashConstrained(f: { sought: number; obtained: number }): boolean {
  return f.sought > 0 && f.obtained < 0.5 * f.sought;
}

/** Value of a regressor for a firm: a variable, or the product of the parts of an interaction `a:b`. */
function term(x: Record<string, number>, k: string): number {
  if (!k.includes(":")) return x[k] ?? 0;
  return k.split(":").reduce((a, p) => a * (x[p] ?? 0), 1);
}

function linear(coef: Record<string, number>, x: Record<string, number>): number {
  let s = 0;
  for (const [k, b] of Object.entries(coef)) if (k !== "(Intercept)") s += b * term(x, k);
  return s + (coef["(Intercept)"] ?? 0);
}

/** Scales positive values so they add up to `target` exactly (before rounding). */
function scaleTo(values: number[], target: number): number[] {
  const s = sum(values);
  return s > 0 ? values.map((v) => (v * target) / s) : values;
}

interface Draft {
  firm_id: string;
  cluster: string;
  sector: Sector;
  age: number;
  w: number;
  employees: number;
  [k: string]: unknown;
}

export interface Survey {
  firms: Firm[];
  dgp: Dgp;
}

/**
 * Generates the survey. `clusters` must carry firms by sector and employees
 * (the other fields are not used). The same seed gives the same firms.
 */
export function generateSurvey(inputs: Inputs, clusters: readonly PartialCluster[], seed: string): Survey {
  const r = (name: string): Rng => stream(seed, "survey", name);
  const calibration: Dgp["calibration"] = {};
  const nat = new Map(inputs.sectors.map((s) => [s.sector, s]));
  const anchors = new Map(clusters.map((c) => [c.id, c]));

  // 1. Firms per (cluster, sector); firms outside clusters make up each sector's national count.
  const drafts: Draft[] = [];
  const add = (cluster: string, sector: Sector, n: number) => {
    for (let k = 0; k < n; k++) drafts.push({ firm_id: "", cluster, sector, age: 0, w: 0, employees: 0 });
  };
  for (const s of SECTORS) {
    const inClusters = clusters.reduce((a, c) => a + (c[`firms_${s}` as keyof PartialCluster] as number), 0);
    const outside = (nat.get(s)?.firms ?? 0) - inClusters;
    if (outside < 0) throw new Error(`clusters hold more ${s} firms than the national total`);
    for (const c of clusters) add(c.id, s, c[`firms_${s}` as keyof PartialCluster] as number);
    add("none", s, outside);
  }
  drafts.forEach((d, i) => (d.firm_id = `F${String(i + 1).padStart(4, "0")}`));

  // 2. Age, then a size weight that grows with age.
  const rAge = r("age");
  const rSize = r("size");
  for (const d of drafts) {
    d.age = Math.min(60, Math.floor(gamma(rAge, ASSUMED.ageShape, ASSUMED.ageScale)) + 1);
    d.w = Math.exp(normal(rSize, 0, ASSUMED.sizeSigma) + 0.5 * Math.log(d.age));
  }

  // 3. Employees: rake the extra employees (beyond one per firm) to cluster and sector totals, then split within cells.
  const rowsIds = [...clusters.map((c) => c.id), "none"];
  const cellFirms = rowsIds.map((id) => SECTORS.map((s) => drafts.filter((d) => d.cluster === id && d.sector === s)));
  const seedM = cellFirms.map((row) => row.map((cell) => cell.reduce((a, d) => a + d.w, 0)));
  const totalEmployees = total(inputs, "employment").value;
  const colT = SECTORS.map((s) => (nat.get(s)?.employees ?? 0) - (nat.get(s)?.firms ?? 0));
  const rowT = clusters.map((c) => c.employees - c.firms);
  rowT.push(totalEmployees - drafts.length - sum(rowT));
  const raked = rake(seedM, rowT, colT);
  const cellTotals: number[][] = raked.slice(0, clusters.length).map((row, i) => largestRemainder(row, rowT[i]));
  cellTotals.push(SECTORS.map((_, j) => (colT[j] as number) - cellTotals.reduce((a, row) => a + (row[j] as number), 0)));
  cellFirms.forEach((row, i) =>
    row.forEach((cell, j) => {
      const extra = (cellTotals[i] as number[])[j] as number;
      if (extra < 0) throw new Error(`employee raking left a negative cell (${rowsIds[i]}, ${SECTORS[j]})`);
      if (cell.length === 0) {
        if (extra !== 0) throw new Error(`employees assigned to an empty cell (${rowsIds[i]}, ${SECTORS[j]})`);
        return;
      }
      const sw = cell.reduce((a, d) => a + d.w, 0);
      const ints = largestRemainder(cell.map((d) => (extra * d.w) / sw), extra);
      cell.forEach((d, k) => (d.employees = 1 + (ints[k] as number)));
    }),
  );

  // 3b. Whole-firm headcount. The published size bands (2020-21) count a firm's whole workforce, while the
  // 47,047 employees are bio staff. Whole-firm sizes are log-normal quantiles assigned by a normal copula on
  // the bio-employee rank, never below the firm's bio staff; μ and σ are calibrated (like the intercepts) so
  // the two published band shares (< 50 and >= 1,000 employees) hold after that floor.
  const under50 = total(inputs, "small_firm_share");
  const over1000 = total(inputs, "very_large_firm_share");
  const rWhole = r("whole_firm");
  const rho = ASSUMED.wholeFirmRankCorrelation;
  const bioRank = rankScores(drafts.map((d) => d.employees + 1e-6 * d.w));
  const score = bioRank.map((z) => rho * z + Math.sqrt(1 - rho * rho) * normal(rWhole, 0, 1));
  const order = score.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const zq = order.map((_, k) => nquantile((k + 0.5) / drafts.length, 0, 1));
  const wholeSizes = (mu: number, sigma: number): number[] => {
    const out = new Array<number>(drafts.length).fill(0);
    order.forEach(({ i }, k) => (out[i] = Math.max((drafts[i] as Draft).employees, Math.round(Math.exp(mu + sigma * (zq[k] as number))))));
    return out;
  };
  const shareBelow = (xs: readonly number[], cut: number) => mean(xs.map((e) => (e < cut ? 1 : 0)));
  const muFor = (sigma: number) => bisect((mu) => -shareBelow(wholeSizes(mu, sigma), 50), -under50.value, -5, 10, 50);
  const sizeSd = bisect((sigma) => 1 - shareBelow(wholeSizes(muFor(sigma), sigma), 1000), over1000.value, 0.2, 5, 40);
  const sizeMu = muFor(sizeSd);
  const wholeFirm = wholeSizes(sizeMu, sizeSd);
  const bandShares = Object.fromEntries(FIRM_SIZE_BANDS.map((b) => [b, mean(wholeFirm.map((e) => (firmSizeBand(e) === b ? 1 : 0)))])) as Record<FirmSizeBand, number>;
  record(calibration, "small_firm_share", under50.value, bandShares["<50"], 0.02, under50.source, "whole-firm employees < 50, 2020 (2021: 63.5%); bio employees are a part of the whole-firm headcount");
  record(calibration, "very_large_firm_share", over1000.value, bandShares["1000+"], 0.005, over1000.source, "whole-firm employees >= 1,000, 2020 (2021: 3.1%)");

  // 4. Researchers: a sector-typical share, scaled to the national total exactly.
  const rRes = r("researchers");
  const resTarget = total(inputs, "researchers").value;
  const shares = drafts.map((d) => {
    const m = Math.min(0.9, ASSUMED.researcherShare[d.sector] + (d.age < STARTUP_AGE ? 0.1 : 0));
    return beta(rRes, 6 * m, 6 * (1 - m));
  });
  let want = drafts.map((d, i) => d.employees * (shares[i] as number));
  for (let k = 0; k < 5; k++) want = scaleTo(want, resTarget).map((v, i) => Math.min(v, (drafts[i] as Draft).employees));
  const researchers = cappedLargestRemainder(want, resTarget, drafts.map((d) => d.employees));

  // Build the firm records with the structural fields, then add behaviour.
  const firms = drafts.map((d, i) => {
    const res = researchers[i] as number;
    const c = d.cluster === "none" ? null : anchors.get(d.cluster);
    return {
      d,
      c,
      x: {
        in_cluster: c ? 1 : 0,
        startup: d.age < STARTUP_AGE ? 1 : 0,
        log_employees: Math.log(d.employees),
        log_researchers: Math.log1p(res),
        ...Object.fromEntries(SECTOR_DUMMIES.map((k) => [k, `sector_${d.sector}` === k ? 1 : 0])),
      } as Record<string, number>,
      researchers: res,
    };
  });

  // 5. Pre-revenue.
  const etaPre = firms.map((f) => 1.5 * (f.x["startup"] as number) + 0.9 * (f.d.sector === "bio_pharma" ? 1 : 0) - 0.5 * (f.x["log_employees"] as number));
  const preShare = total(inputs, "pre_revenue_share");
  const aPre = calibrateIntercept(etaPre, preShare.value);
  const rPre = r("pre_revenue");
  const pre = firms.map((_, i) => bernoulli(rPre, logistic(aPre + (etaPre[i] as number))));
  firms.forEach((f, i) => (f.x["pre_revenue"] = pre[i] as number));
  record(calibration, "pre_revenue_share", preShare.value, mean(pre), 0.03, preShare.source);

  // 6. Sales (revenue firms), scaled to national production.
  const salesEffect: Record<Sector, number> = { bio_pharma: 0.3, bio_food: 0.4, bio_chem_energy: 0.3, bio_services: 0, bio_devices: 0, bio_equipment: -0.1, bio_other: -0.3 };
  const rSales = r("sales");
  const production = total(inputs, "production_krw_bn");
  const salesRaw = firms.map((f, i) => (pre[i] ? 0 : Math.exp((f.x["log_employees"] as number) + salesEffect[f.d.sector] + normal(rSales, 0, 0.8))));
  // Each sector's sales are scaled to its share of production (2017 shares where published; the other
  // sectors share the remainder in proportion to their unscaled sales).
  const prodShares = sectorShares(inputs, "production_share_", SECTORS.map((s) => sum(salesRaw.filter((_, i) => firms[i]?.d.sector === s))));
  const sales = salesRaw.slice();
  for (const s of SECTORS) {
    const idx = firms.map((f, i) => (f.d.sector === s ? i : -1)).filter((i) => i >= 0);
    const scaled = scaleTo(idx.map((i) => salesRaw[i] as number), prodShares.share[s] * production.value * 1000);
    idx.forEach((i, k) => (sales[i] = scaled[k] as number));
  }
  record(calibration, "production_krw_bn", production.value, sum(sales) / 1000, null, production.source);
  for (const s of prodShares.observed) {
    const t = total(inputs, `production_share_${s}`);
    record(calibration, `production_share_${s}`, t.value, sum(sales.filter((_, i) => firms[i]?.d.sector === s)) / sum(sales), 0.005, t.source);
  }

  // 7. R&D, scaled to the national R&D total.
  const rRnd = r("rnd");
  const rndTotal = total(inputs, "rnd_krw_bn");
  const rndRaw = firms.map((f) => (0.5 + f.researchers) * Math.exp((f.d.sector === "bio_pharma" ? 0.4 : 0) + normal(rRnd, 0, 0.6)));
  // R&D by sector: the 2018 amounts where published; the other sectors share the rest in proportion to their unscaled R&D.
  const rndKnown = new Map(SECTORS.flatMap((s) => (inputs.totals.has(`rnd_${s}_krw_bn`) ? [[s, total(inputs, `rnd_${s}_krw_bn`)] as const] : [])));
  const rndRestSectors = SECTORS.filter((s) => !rndKnown.has(s));
  const rndRest = rndTotal.value - [...rndKnown.values()].reduce((a, t) => a + t.value, 0);
  const rawBySector = (s: Sector) => sum(rndRaw.filter((_, i) => firms[i]?.d.sector === s));
  const rawRest = sum(rndRestSectors.map(rawBySector));
  const rnd = rndRaw.slice();
  for (const s of SECTORS) {
    const target = rndKnown.get(s)?.value ?? (rndRest * rawBySector(s)) / rawRest;
    const idx = firms.map((f, i) => (f.d.sector === s ? i : -1)).filter((i) => i >= 0);
    const scaled = scaleTo(idx.map((i) => rndRaw[i] as number), target * 1000);
    idx.forEach((i, k) => (rnd[i] = scaled[k] as number));
  }
  record(calibration, "rnd_krw_bn", rndTotal.value, sum(rnd) / 1000, null, rndTotal.source);
  for (const [s, t] of rndKnown) record(calibration, `rnd_${s}_krw_bn`, t.value, sum(rnd.filter((_, i) => firms[i]?.d.sector === s)) / 1000, 0.5, t.source);
  firms.forEach((f, i) => (f.x["log_rnd"] = Math.log1p(rnd[i] as number)));

  // 8. Exports: revenue firms only; amounts scaled to the 2017 export/production ratio, never above 95 % of sales.
  const exportEffect: Record<Sector, number> = { bio_pharma: 0.5, bio_food: 0.3, bio_chem_energy: 0.2, bio_services: 0, bio_devices: 0.4, bio_equipment: 0, bio_other: -0.5 };
  const etaExp = firms.map((f) => 0.45 * (f.x["log_employees"] as number) + exportEffect[f.d.sector]);
  const revenueIdx = firms.map((_, i) => i).filter((i) => !pre[i]);
  const aExp = calibrateIntercept(
    revenueIdx.map((i) => etaExp[i] as number),
    Math.min(0.95, (ASSUMED.exporterShare * firms.length) / revenueIdx.length),
  );
  const rExp = r("exports");
  const exporter = firms.map((_, i) => (pre[i] ? 0 : bernoulli(rExp, logistic(aExp + (etaExp[i] as number)))));
  const exportRatio = total(inputs, "exports_share_of_production");
  const exportsRaw = firms.map((_, i) => (exporter[i] ? (sales[i] as number) * beta(rExp, 2, 2.5) : 0));
  // Each sector's exports are scaled to its share of exports (2017 where published; the other sectors share
  // the remainder in proportion to their sales), never above 95 % of a firm's sales.
  const salesBySector = SECTORS.map((s) => sum(sales.filter((_, i) => firms[i]?.d.sector === s)));
  const expShares = sectorShares(inputs, "export_share_", salesBySector);
  const exportsAmt = exportsRaw.slice();
  for (const s of SECTORS) {
    const idx = firms.map((f, i) => (f.d.sector === s ? i : -1)).filter((i) => i >= 0);
    let v = idx.map((i) => exportsRaw[i] as number);
    const target = expShares.share[s] * exportRatio.value * sum(sales);
    for (let k = 0; k < 50; k++) v = scaleTo(v, target).map((x, j) => Math.min(x, 0.95 * (sales[idx[j] as number] as number)));
    idx.forEach((i, k) => (exportsAmt[i] = v[k] as number));
  }
  record(calibration, "exports_share_of_production", exportRatio.value, sum(exportsAmt) / sum(sales), 0.005, exportRatio.source);
  for (const s of expShares.observed) {
    const t = total(inputs, `export_share_${s}`);
    record(calibration, `export_share_${s}`, t.value, sum(exportsAmt.filter((_, i) => firms[i]?.d.sector === s)) / sum(exportsAmt), 0.005, t.source);
  }

  // 9. Collaboration by partner type; a common shift calibrates the share with any partner.
  const partners = ["collab_university", "collab_hospital", "collab_institute", "collab_firm"] as const;
  const base = { collab_university: -1.4, collab_hospital: -2.2, collab_institute: -2.0, collab_firm: -1.5 };
  const etaCollab = firms.map((f) => {
    const a = f.c;
    const common = 0.35 * (f.x["log_researchers"] as number) + 0.5 * (f.x["in_cluster"] as number);
    return {
      collab_university: base.collab_university + common + 0.12 * (a?.universities ?? 0),
      collab_hospital: base.collab_hospital + common + 0.12 * (a?.hospitals ?? 0),
      collab_institute: base.collab_institute + common + 0.12 * (a?.institutes ?? 0),
      collab_firm: base.collab_firm + common + 0.2 * Math.log1p(a?.firms ?? 0),
    };
  });
  const collabTarget = total(inputs, "collaborating_share");
  const pAny = (shift: number) =>
    mean(etaCollab.map((e) => 1 - partners.reduce((p, k) => p * (1 - logistic(shift + e[k])), 1)));
  let lo = -20, hi = 20;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (pAny(mid) < collabTarget.value) lo = mid;
    else hi = mid;
  }
  const shift = (lo + hi) / 2;
  const rCol = r("collaboration");
  const collab = etaCollab.map((e) => Object.fromEntries(partners.map((k) => [k, bernoulli(rCol, logistic(shift + e[k]))])) as Record<(typeof partners)[number], 0 | 1>);
  const collaborating = collab.map((c) => (partners.some((k) => c[k] === 1) ? 1 : 0));
  record(calibration, "collaborating_share", collabTarget.value, mean(collaborating), 0.03, collabTarget.source);
  firms.forEach((f, i) => (f.x["collaborating"] = collaborating[i] as number));

  // 10. Government support received, by instrument (synthetic shares).
  const rSup = r("support");
  const support: Array<Record<string, 0 | 1>> = firms.map(() => ({}));
  let supportAmount = firms.map(() => 0);
  for (const [k, target] of Object.entries(ASSUMED.supportShares)) {
    const eta = firms.map((f) => 0.5 * (f.x["startup"] as number) + 0.4 * (f.d.employees < 50 ? 1 : 0) + (k === "support_infrastructure" ? 1.0 : 0.4) * (f.x["in_cluster"] as number) + (k === "support_rnd_grant" ? 0.3 * (f.x["log_researchers"] as number) : 0));
    const a = calibrateIntercept(eta, target);
    firms.forEach((_, i) => {
      const got = bernoulli(rSup, logistic(a + (eta[i] as number)));
      (support[i] as Record<string, 0 | 1>)[k] = got;
      if (got) supportAmount[i] = (supportAmount[i] as number) + ASSUMED.supportAmountKrwM[k as keyof typeof ASSUMED.supportAmountKrwM] * Math.exp(normal(rSup, -0.18, 0.6));
    });
  }
  supportAmount = supportAmount.map((v) => v);
  firms.forEach((f, i) => {
    f.x["support_rnd_grant"] = (support[i] as Record<string, number>)["support_rnd_grant"] as number;
    f.x["support_infrastructure"] = (support[i] as Record<string, number>)["support_infrastructure"] as number;
    f.x["support_networking"] = (support[i] as Record<string, number>)["support_networking"] as number;
  });

  // 11. External funding sought and obtained ("lack of funds" made measurable).
  const rFund = r("funding");
  const funding = firms.map((f, i) => {
    const seeks = bernoulli(rFund, logistic(-0.4 + 1.0 * (f.x["startup"] as number) + 0.8 * (pre[i] as number) + 0.3 * (f.d.sector === "bio_pharma" ? 1 : 0)));
    if (!seeks) return { sought: 0, obtained: 0 };
    const sought = Math.exp(Math.log(50 + (rnd[i] as number)) + normal(rFund, 0, 0.5));
    const q = logistic(0.3 + 0.5 * (f.x["in_cluster"] as number) - 0.6 * (f.x["startup"] as number) + 0.4 * ((support[i] as Record<string, number>)["support_finance"] as number) + normal(rFund, 0, 0.5));
    return { sought, obtained: sought * q };
  });

  // 12. Innovation and patents: the estimated determinants' DGP.
  const etaProd = firms.map((f) => linear(TRUE.productInnovation, f.x));
  const aProd = calibrateIntercept(etaProd, ASSUMED.productInnovationShare);
  const rInn = r("innovation");
  const productInnovation = etaProd.map((e) => bernoulli(rInn, logistic(aProd + e)));
  const etaProc = firms.map((f) => linear(TRUE.processInnovation, f.x));
  const aProc = calibrateIntercept(etaProc, ASSUMED.processInnovationShare);
  const processInnovation = etaProc.map((e) => bernoulli(rInn, logistic(aProc + e)));
  const etaPat = firms.map((f) => linear(TRUE.patents, f.x));
  const aPat = Math.log(ASSUMED.meanPatentApps / mean(etaPat.map((e) => Math.exp(e))));
  const rPat = r("patents");
  const patents = etaPat.map((e) => negativeBinomial(rPat, Math.exp(aPat + e), ASSUMED.patentDispersion));
  firms.forEach((f, i) => (f.x["product_innovation"] = productInnovation[i] as number));

  // 13. Sales growth for revenue firms.
  const rGrowth = r("sales_growth");
  const growth = firms.map((f, i) => (pre[i] ? null : linear(TRUE.salesGrowth, f.x) + normal(rGrowth, 0, ASSUMED.salesGrowthSd)));

  // 14. Stated policy demand: a multinomial logit whose utilities differ by firm type and by the constraint a
  // firm faces (a cash-constrained firm ranks funding first more often).
  const utilities = (f: (typeof firms)[number], i: number): Record<Demand, number> => {
    const pharma = f.d.sector === "bio_pharma" ? 1 : 0;
    const manufacturing = ["bio_food", "bio_chem_energy", "bio_equipment"].includes(f.d.sector) ? 1 : 0;
    return {
      funding: 0.8 * (f.x["startup"] as number) + 0.6 * (pre[i] as number) + ASSUMED.demandCashConstrained * (cashConstrained(funding[i] as { sought: number; obtained: number }) ? 1 : 0),
      rnd: 0.4 * pharma + 0.2 * (f.x["log_researchers"] as number),
      talent: 0.5 * (f.d.employees >= 50 ? 1 : 0) + 0.3 * (f.x["in_cluster"] as number),
      commercialisation: 0.5 * pharma + 0.4 * (productInnovation[i] as number),
      networking: 0.4 * (f.x["startup"] as number) - 0.3 * (f.x["collaborating"] as number),
      infrastructure: 0.7 * manufacturing,
    };
  };
  const U = firms.map(utilities);
  const intercepts = Object.fromEntries(DEMANDS.map((k) => [k, 0])) as Record<Demand, number>;
  for (let it = 0; it < 200; it++) {
    const avg = Object.fromEntries(DEMANDS.map((k) => [k, 0])) as Record<Demand, number>;
    for (const u of U) {
      const e = DEMANDS.map((k) => Math.exp(intercepts[k] + u[k]));
      const z = sum(e);
      DEMANDS.forEach((k, j) => (avg[k] += (e[j] as number) / z / U.length));
    }
    for (const k of DEMANDS) intercepts[k] += Math.log(ASSUMED.demandShares[k] / avg[k]);
  }
  const rDem = r("demand");
  const demand = U.map((u) => {
    const e = DEMANDS.map((k) => Math.exp(intercepts[k] + u[k]));
    const z = sum(e);
    let x = rDem() * z;
    for (let j = 0; j < DEMANDS.length; j++) {
      x -= e[j] as number;
      if (x < 0) return DEMANDS[j] as Demand;
    }
    return DEMANDS[DEMANDS.length - 1] as Demand;
  });

  const out: Firm[] = firms.map((f, i) => {
    const s = support[i] as Record<string, 0 | 1>;
    const c = collab[i] as Record<string, 0 | 1>;
    const fund = funding[i] as { sought: number; obtained: number };
    return {
      firm_id: f.d.firm_id,
      cluster: f.d.cluster,
      in_cluster: f.x["in_cluster"] as 0 | 1,
      sector: f.d.sector,
      size_class: sizeClass(f.d.employees),
      founded: BASE_YEAR - f.d.age,
      age: f.d.age,
      startup: f.x["startup"] as 0 | 1,
      employees: f.d.employees,
      firm_employees: wholeFirm[i] as number,
      firm_size_band: firmSizeBand(wholeFirm[i] as number),
      log_employees: f.x["log_employees"] as number,
      researchers: f.researchers,
      log_researchers: f.x["log_researchers"] as number,
      pre_revenue: pre[i] as 0 | 1,
      sales_krw_m: sales[i] as number,
      rnd_krw_m: rnd[i] as number,
      log_rnd: f.x["log_rnd"] as number,
      exporter: exporter[i] as 0 | 1,
      exports_krw_m: exportsAmt[i] as number,
      collab_university: c["collab_university"] as 0 | 1,
      collab_hospital: c["collab_hospital"] as 0 | 1,
      collab_institute: c["collab_institute"] as 0 | 1,
      collab_firm: c["collab_firm"] as 0 | 1,
      collaborating: collaborating[i] as 0 | 1,
      support_rnd_grant: s["support_rnd_grant"] as 0 | 1,
      support_talent: s["support_talent"] as 0 | 1,
      support_finance: s["support_finance"] as 0 | 1,
      support_infrastructure: s["support_infrastructure"] as 0 | 1,
      support_networking: s["support_networking"] as 0 | 1,
      support_commercialisation: s["support_commercialisation"] as 0 | 1,
      gov_support_krw_m: supportAmount[i] as number,
      funding_sought_krw_m: fund.sought,
      funding_obtained_krw_m: fund.obtained,
      product_innovation: productInnovation[i] as 0 | 1,
      process_innovation: processInnovation[i] as 0 | 1,
      patent_apps: patents[i] as number,
      sales_growth: growth[i] ?? null,
      demand_first: demand[i] as Demand,
    };
  });

  record(calibration, "researchers", resTarget, sum(out.map((f) => f.researchers)), 0, total(inputs, "researchers").source);
  record(calibration, "employment", totalEmployees, sum(out.map((f) => f.employees)), 0, total(inputs, "employment").source);
  record(calibration, "firms", total(inputs, "firms_surveyed").value, out.length, 0, total(inputs, "firms_surveyed").source);

  const dgp: Dgp = {
    seed,
    description:
      "Synthetic bio-firm survey for 2018 generated by src/data/build/survey.ts. Coefficients are the true values of the data-generating process (intercepts after calibration); `citations` gives the study behind each coefficient's sign (and size, where published) or says assumption.",
    productInnovation: { "(Intercept)": aProd, ...TRUE.productInnovation },
    processInnovation: { "(Intercept)": aProc, ...TRUE.processInnovation },
    patents: { coefficients: { "(Intercept)": aPat, ...TRUE.patents }, alpha: ASSUMED.patentDispersion },
    salesGrowth: { coefficients: { ...TRUE.salesGrowth }, sigma: ASSUMED.salesGrowthSd },
    demandIntercepts: intercepts,
    citations: CITATIONS,
    calibration,
    firmSizeBands: bandShares,
    wholeFirmLogNormal: { mu: sizeMu, sigma: sizeSd },
    assumed: ASSUMED,
  };
  return { firms: out, dgp };
}

/** Largest-remainder rounding to an exact total where each item has an upper bound. */
function cappedLargestRemainder(values: readonly number[], target: number, caps: readonly number[]): number[] {
  const out = values.map((v, i) => Math.min(Math.floor(v), caps[i] as number));
  let left = target - sum(out);
  const order = values.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  while (left > 0) {
    let moved = false;
    for (const { i } of order) {
      if (left <= 0) break;
      if ((out[i] as number) < (caps[i] as number)) {
        out[i] = (out[i] as number) + 1;
        left -= 1;
        moved = true;
      }
    }
    if (!moved) throw new Error("cannot reach the researcher total within the employee caps");
  }
  return out;
}

function record(cal: Dgp["calibration"], name: string, target: number, achieved: number, tolerance: number | null, source: string, note?: string): void {
  cal[name] = note === undefined ? { target, achieved, tolerance, source } : { target, achieved, tolerance, source, note };
}



/** Normal scores of the ranks of `values` (ties broken by position). */
function rankScores(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const out = new Array<number>(values.length).fill(0);
  order.forEach(({ i }, k) => (out[i] = nquantile((k + 0.5) / values.length, 0, 1)));
  return out;
}

/**
 * Sector shares of a national total: the published share where
 * `national_totals.csv` has `<prefix><sector>`, the remainder split over the
 * other sectors in proportion to `weights` (indexed like SECTORS).
 */
export function sectorShares(inputs: Inputs, prefix: string, weights: readonly number[]): { share: Record<Sector, number>; observed: Sector[] } {
  const observed = SECTORS.filter((s) => inputs.totals.has(`${prefix}${s}`));
  const known = observed.reduce((a, s) => a + total(inputs, `${prefix}${s}`).value, 0);
  if (known > 1) throw new Error(`published ${prefix}* shares add up to more than 1`);
  const restW = SECTORS.reduce((a, s, j) => a + (observed.includes(s) ? 0 : (weights[j] as number)), 0);
  const share = Object.fromEntries(
    SECTORS.map((s, j) => [s, observed.includes(s) ? total(inputs, `${prefix}${s}`).value : restW > 0 ? ((1 - known) * (weights[j] as number)) / restW : 0]),
  ) as Record<Sector, number>;
  return { share, observed };
}
