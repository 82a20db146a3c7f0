/**
 * The firm-population model: state as a struct of typed arrays, and
 * `step(...)`, which advances one year in MODEL.md's order and does nothing
 * else (observation is `collect.ts`'s job).
 *
 * Reproducibility: every alive firm consumes the same number of draws from
 * each named stream every year whatever the policy, so a policy change that
 * has no effect leaves every later draw — and the whole run — unchanged
 * (common random numbers). The yearly loop allocates nothing; only entry
 * beyond the preallocated capacity grows the arrays (geometrically, rarely).
 */
import { SECTORS, STARTUP_AGE } from "../data/constants";
import { logistic } from "../random";
import { negBinomialInv, poissonInv, unif, zigNormal, type FastStream } from "../random/fast";
import type { Structural } from "./params";
import { INSTRUMENTS } from "./instruments";
import { FEATURES, N_TYPES, NF, P_ALPHA, P_FEATURE, P_INTERCEPT, P_SECTOR, typeIndex, type Equation, type ModelSetup } from "./features";

const I_INFRA = 0;
const I_RND = 1;
const I_TALENT = 2;
const I_FINANCE = 3;
const I_NET = 4;
const I_COMM = 5;
const NI = INSTRUMENTS.length;

const F = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<(typeof FEATURES)[number], number>;

/**
 * Yearly inflow to a talent pool as a share of its base-year size (graduates
 * and movers), before the anchor universities' own graduates. The base pool
 * is the year's R&D hires (growth plus replacement of the researchers who
 * quit, data/README.md rule T). An inflow of 0.6 × pool + 15 graduates per
 * anchor university falls short of base-year demand, so some vacancies go
 * unfilled from the start — the study's "lack of human resources", set as an
 * assumption and made measurable, not derived from data.
 */
export const TALENT_RENEWAL = 0.6;
/** Knowledge added per anchor institution a year (institutional output). */
export const INSTITUTIONAL_OUTPUT = 2;
/** First revenue of a firm (median, KRW m). */
export const FIRST_REVENUE = 300;

/** Coefficients of one replicate, as lookup tables for the hot loop (features dense, so the loop multiplies locals). */
export interface Coefs {
  intercept: Float64Array; // [innovation, patents, growth]
  /** NF features × 3 equations: feat[e * NF + f]. */
  feat: Float64Array;
  /** 7 sectors × 3 equations: sector[e * 7 + s]. */
  sector: Float64Array;
  /** Active feature indices per equation (nonzero coefficients), and their counts. */
  active: Int32Array;
  nActive: Int32Array;
  alpha: number;
  sigma: number;
}

/** Coefficient tables from a parameter vector per equation (the estimates, or a draw). */
export function makeCoefs(eqs: readonly Equation[], thetas: readonly Float64Array[]): Coefs {
  const c: Coefs = {
    intercept: new Float64Array(3),
    feat: new Float64Array(3 * NF),
    sector: new Float64Array(3 * SECTORS.length),
    active: new Int32Array(3 * NF),
    nActive: new Int32Array(3),
    alpha: 0,
    sigma: 0,
  };
  eqs.forEach((eq, e) => {
    const th = thetas[e] as Float64Array;
    for (let i = 0; i < eq.names.length; i++) {
      const v = th[i] as number;
      const k = eq.kind[i];
      if (k === P_INTERCEPT) c.intercept[e] = v;
      else if (k === P_FEATURE) c.feat[e * NF + (eq.target[i] as number)] = v;
      else if (k === P_SECTOR) c.sector[e * SECTORS.length + (eq.target[i] as number)] = v;
      else if (k === P_ALPHA) c.alpha = Math.max(1e-6, v);
    }
    let n = 0;
    for (let f = 0; f < NF; f++) if (c.feat[e * NF + f] !== 0) c.active[e * NF + n++] = f;
    c.nActive[e] = n;
    if (eq.model === "ols") c.sigma = eq.sigma;
    if (eq.model === "poisson" && e === 1) c.alpha = 0;
  });
  return c;
}

/** The year's policy, resolved to weights. */
export interface YearPolicy {
  /** Budget (KRW bn) by instrument this year. */
  budget: Float64Array;
  /** Weights by instrument × location, locW[k * nLoc + l], and by instrument × firm type, typeW[k * 42 + t]. */
  locW: Float64Array;
  typeW: Float64Array;
}

export interface Streams {
  policy: FastStream;
  finance: FastStream;
  network: FastStream;
  innovation: FastStream;
  patents: FastStream;
  sales: FastStream;
  exit: FastStream;
  entry: FastStream;
}

/** Per-location flows and aggregates of the year (read by the collector). */
export interface Flows {
  entries: Float64Array;
  exits: Float64Array;
  unfunded: Float64Array;
  funded: Float64Array;
  vacancies: Float64Array;
  unfilled: Float64Array;
  /** Spend by instrument: spend[i * nLoc + loc] (KRW bn). */
  spend: Float64Array;
  /** Firm-level spend by stage (2) and size (3), per location: [loc * 5 + k] (KRW bn). */
  spendType: Float64Array;
  firms: Float64Array;
  employment: Float64Array;
  researchers: Float64Array;
  sales: Float64Array;
  rnd: Float64Array;
  innovators: Float64Array;
  patents: Float64Array;
  collaborating: Float64Array;
  startups: Float64Array;
  /** Firms and innovators by firm type (start-up, established, small, medium, large) per location: [loc * 5 + k]. */
  typeFirms: Float64Array;
  typeInnovators: Float64Array;
}

export interface State {
  year: number;
  /** Slots in use (alive or dead); `cap` is allocated. */
  n: number;
  cap: number;
  alive: Uint8Array;
  loc: Int32Array;
  sector: Uint8Array;
  age: Float64Array;
  employees: Float64Array;
  researchers: Float64Array;
  sales: Float64Array;
  rnd: Float64Array;
  cash: Float64Array;
  collaborating: Uint8Array;
  exporter: Uint8Array;
  preRevenue: Uint8Array;
  innovated: Uint8Array;
  patentsCum: Float64Array;
  /** This year's support and funding (KRW m), flags and outcomes. */
  grant: Float64Array;
  netFlag: Uint8Array;
  commFlag: Uint8Array;
  fundedAmt: Float64Array;
  need: Float64Array;
  vacancy: Float64Array;
  rndOwn: Float64Array;
  growth: Float64Array;
  newPatents: Float64Array;
  /** Feature matrix of the year, row-major cap × NF (the values each equation used); allocated only for panel output. */
  x: Float64Array;
  /** Dead slots available for entrants (a stack). */
  free: Int32Array;
  nFree: number;
  // Locations.
  nLoc: number;
  nClusters: number;
  infra: Float64Array;
  talent: Float64Array;
  capital: Float64Array;
  network: Float64Array;
  knowledge: Float64Array;
  index: Float64Array;
  infraScore: Float64Array;
  vcBase: Float64Array;
  tieBase: Float64Array;
  flows: Flows;
  /** Entrants' sector distribution per location: cumulative, sectorCum[loc * 7 + s]. */
  sectorCum: Float64Array;
  /** Policy scratch: total weight per instrument, and per instrument × location. */
  polW: Float64Array;
  polWL: Float64Array;
  /** Each firm's type index this year (sector × size × stage). */
  ftype: Uint8Array;
  /** Per-location probability tables of the year: exit (8 flag combinations), tie formation (2), first revenue (4). */
  pExit: Float64Array;
  pTie: Float64Array;
  pRevenue: Float64Array;
  /** Share of vacancies each location's talent pool fills this year. */
  hireRatio: Float64Array;
  /** Alive firms per (location, firm type) this year: cellCount[loc * 42 + type]. */
  cellCount: Float64Array;
}

function flows(nLoc: number): Flows {
  const f = () => new Float64Array(nLoc);
  return {
    entries: f(), exits: f(), unfunded: f(), funded: f(), vacancies: f(), unfilled: f(),
    spend: new Float64Array(NI * nLoc), spendType: new Float64Array(5 * nLoc),
    firms: f(), employment: f(), researchers: f(), sales: f(), rnd: f(), innovators: f(), patents: f(), collaborating: f(), startups: f(),
    typeFirms: new Float64Array(5 * nLoc), typeInnovators: new Float64Array(5 * nLoc),
  };
}

/** A firm's yearly net burn (KRW m): R&D plus overhead per employee, less the margin on sales. */
function netBurn(p: Structural, rnd: number, employees: number, sales: number): number {
  return rnd + p.overheadPerEmployee * employees - p.margin * sales;
}

/** Starting cash of firm i (base year or entrant): a year of net burn, or the funding it obtained if more (at least 10), times U(0.5, 1.5). */
function startingCash(p: Structural, s: State, i: number, fundingObtained: number, u: number): number {
  const burn = netBurn(p, s.rnd[i] as number, s.employees[i] as number, s.sales[i] as number);
  return Math.max(burn, fundingObtained, 10) * (0.5 + u);
}

/** Base-year state: the synthesised population, each firm with its `startingCash`. */
export function initState(setup: ModelSetup, p: Structural, init: FastStream, capacityFactor = 1.25): State {
  const pop = setup.population;
  const n = pop.size;
  const cap = Math.max(64, Math.ceil(n * capacityFactor));
  const nLoc = setup.nLoc;
  const s: State = {
    year: 0, n, cap,
    alive: new Uint8Array(cap), loc: new Int32Array(cap), sector: new Uint8Array(cap), age: new Float64Array(cap),
    employees: new Float64Array(cap), researchers: new Float64Array(cap), sales: new Float64Array(cap), rnd: new Float64Array(cap),
    cash: new Float64Array(cap), collaborating: new Uint8Array(cap), exporter: new Uint8Array(cap), preRevenue: new Uint8Array(cap),
    innovated: new Uint8Array(cap), patentsCum: new Float64Array(cap), grant: new Float64Array(cap), netFlag: new Uint8Array(cap),
    commFlag: new Uint8Array(cap), fundedAmt: new Float64Array(cap), need: new Float64Array(cap), vacancy: new Float64Array(cap),
    rndOwn: new Float64Array(cap), growth: new Float64Array(cap), newPatents: new Float64Array(cap), x: new Float64Array(0),
    free: new Int32Array(cap), nFree: 0,
    nLoc, nClusters: nLoc - 1,
    infra: Float64Array.from(setup.base.infra), talent: Float64Array.from(setup.base.talent), capital: Float64Array.from(setup.base.capital),
    network: Float64Array.from(setup.base.network), knowledge: Float64Array.from(setup.base.knowledge), index: new Float64Array(nLoc).fill(50),
    infraScore: new Float64Array(nLoc), vcBase: Float64Array.from(setup.base.capital), tieBase: new Float64Array(nLoc),
    flows: flows(nLoc), sectorCum: new Float64Array(nLoc * SECTORS.length),
    polW: new Float64Array(NI), polWL: new Float64Array(NI * nLoc),
    ftype: new Uint8Array(cap), pExit: new Float64Array(nLoc * 8), pTie: new Float64Array(nLoc * 2), pRevenue: new Float64Array(nLoc * 4),
    hireRatio: new Float64Array(nLoc),
    cellCount: new Float64Array(nLoc * N_TYPES),
  };
  for (let i = 0; i < n; i++) {
    s.alive[i] = 1;
    s.loc[i] = pop.cluster[i] as number;
    s.sector[i] = pop.sector[i] as number;
    s.age[i] = pop.age[i] as number;
    s.employees[i] = pop.employees[i] as number;
    s.researchers[i] = pop.researchers[i] as number;
    s.sales[i] = pop.sales[i] as number;
    s.rnd[i] = pop.rnd[i] as number;
    s.collaborating[i] = pop.collaborating[i] as number;
    s.exporter[i] = pop.exporter[i] as number;
    s.preRevenue[i] = pop.preRevenue[i] as number;
    s.innovated[i] = pop.innovated[i] as number;
    s.patentsCum[i] = pop.patents[i] as number;
    s.cash[i] = startingCash(p, s, i, pop.fundingObtained[i] as number, unif(init));
    const c = s.sectorCum;
    c[(s.loc[i] as number) * SECTORS.length + (s.sector[i] as number)] = (c[(s.loc[i] as number) * SECTORS.length + (s.sector[i] as number)] as number) + 1;
  }
  for (let l = 0; l < nLoc; l++) {
    let tot = 0;
    for (let k = 0; k < SECTORS.length; k++) tot += s.sectorCum[l * SECTORS.length + k] as number;
    let acc = 0;
    for (let k = 0; k < SECTORS.length; k++) {
      acc += tot > 0 ? (s.sectorCum[l * SECTORS.length + k] as number) / tot : 1 / SECTORS.length;
      s.sectorCum[l * SECTORS.length + k] = acc;
    }
    // Tie formation calibrated so the base collaboration density is a steady state.
    const d = Math.min(0.95, Math.max(0.02, s.network[l] as number));
    const form = (p.tieDecay * d) / (1 - d);
    s.tieBase[l] = Math.log(form / (1 - form)) - p.tieNetwork * d;
    s.infraScore[l] = 1 - Math.exp(-(s.infra[l] as number) / p.kappaInfra);
  }
  for (let i = 0; i < n; i++) {
    const l = s.loc[i] as number;
    const e = s.employees[i] as number;
    for (const k of [l * 5 + ((s.age[i] as number) < STARTUP_AGE ? 0 : 1), l * 5 + 2 + (e < 50 ? 0 : e < 300 ? 1 : 2)]) {
      s.flows.typeFirms[k] = (s.flows.typeFirms[k] as number) + 1;
      s.flows.typeInnovators[k] = (s.flows.typeInnovators[k] as number) + (s.innovated[i] as number);
    }
    s.flows.innovators[l] = (s.flows.innovators[l] as number) + (s.innovated[i] as number);
    s.flows.patents[l] = (s.flows.patents[l] as number) + (s.patentsCum[i] as number);
  }
  aggregate(s);
  updateIndex(s);
  return s;
}

function grow(s: State): void {
  const cap = s.cap * 2;
  const g = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(a.length === s.cap * NF && a.length > 0 ? cap * NF : a.length === 0 ? 0 : cap);
    b.set(a);
    return b;
  };
  s.alive = g(s.alive); s.loc = g(s.loc); s.sector = g(s.sector); s.age = g(s.age); s.employees = g(s.employees);
  s.researchers = g(s.researchers); s.sales = g(s.sales); s.rnd = g(s.rnd); s.cash = g(s.cash); s.collaborating = g(s.collaborating);
  s.exporter = g(s.exporter); s.preRevenue = g(s.preRevenue); s.innovated = g(s.innovated); s.patentsCum = g(s.patentsCum);
  s.grant = g(s.grant); s.netFlag = g(s.netFlag); s.commFlag = g(s.commFlag); s.fundedAmt = g(s.fundedAmt); s.need = g(s.need);
  s.vacancy = g(s.vacancy); s.rndOwn = g(s.rndOwn); s.growth = g(s.growth); s.newPatents = g(s.newPatents); s.x = g(s.x);
  s.free = g(s.free);
  s.ftype = g(s.ftype);
  s.cap = cap;
}

/** Recomputes the per-location aggregates of alive firms. */
export function aggregate(s: State): void {
  const f = s.flows;
  f.firms.fill(0); f.employment.fill(0); f.researchers.fill(0); f.sales.fill(0); f.rnd.fill(0); f.collaborating.fill(0); f.startups.fill(0);
  for (let i = 0; i < s.n; i++) {
    if (s.alive[i] === 0) continue;
    const l = s.loc[i] as number;
    f.firms[l] = (f.firms[l] as number) + 1;
    f.employment[l] = (f.employment[l] as number) + (s.employees[i] as number);
    f.researchers[l] = (f.researchers[l] as number) + (s.researchers[i] as number);
    f.sales[l] = (f.sales[l] as number) + (s.sales[i] as number);
    f.rnd[l] = (f.rnd[l] as number) + (s.rnd[i] as number);
    f.collaborating[l] = (f.collaborating[l] as number) + (s.collaborating[i] as number);
    if ((s.age[i] as number) < STARTUP_AGE) f.startups[l] = (f.startups[l] as number) + 1;
  }
}

/**
 * The cluster evaluation index recomputed on the simulated state: the default
 * recipe's five pillars, restricted to indicators the model tracks
 * (infrastructure stock; researchers and talent; risk capital; collaboration;
 * firms, employment, sales, patents per firm, innovator and start-up shares),
 * min-max 0–100 across clusters, equal weights. Outside clusters: 50.
 */
export function updateIndex(s: State): void {
  const C = s.nClusters;
  const f = s.flows;
  const per = (a: Float64Array, b: Float64Array, c: number) => ((b[c] as number) > 0 ? (a[c] as number) / (b[c] as number) : 0);
  const pillars: Array<Array<(c: number) => number>> = [
    [(c) => s.infra[c] as number],
    [(c) => f.researchers[c] as number, (c) => s.talent[c] as number],
    [(c) => s.capital[c] as number],
    [(c) => per(f.collaborating, f.firms, c)],
    [(c) => f.firms[c] as number, (c) => f.employment[c] as number, (c) => f.sales[c] as number, (c) => per(f.patents, f.firms, c), (c) => per(f.innovators, f.firms, c), (c) => per(f.startups, f.firms, c)],
  ];
  for (let c = 0; c < C; c++) s.index[c] = 0;
  for (const inds of pillars) {
    for (const ind of inds) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let c = 0; c < C; c++) {
        const v = ind(c);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      for (let c = 0; c < C; c++) {
        const z = hi > lo ? (100 * (ind(c) - lo)) / (hi - lo) : 50;
        s.index[c] = (s.index[c] as number) + z / inds.length / pillars.length;
      }
    }
  }
  s.index[C] = 50;
}

/** A location's share of a cluster-level instrument's budget (KRW bn): its firms' share of the instrument's weight. */
function clusterAmount(pol: YearPolicy, W: Float64Array, WL: Float64Array, nLoc: number, k: number, l: number): number {
  return (W[k] as number) > 0 ? ((pol.budget[k] as number) * (WL[k * nLoc + l] as number)) / (W[k] as number) : 0;
}

/** Optional firm-level panel: one row per firm-year, written by `step` when given. */
export interface PanelSink {
  push(row: { firm: number; year: number; loc: number; sector: number; x: Float64Array; product_innovation: number; patent_apps: number; sales_growth: number | null }): void;
}

/** Pass 1: policy weights of every alive firm, and each firm's funding need. (One function per phase, so V8 optimises each on its own; every phase takes the same arguments.) */
function phasePolicyAndNeeds(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const n = s.n;
  const W = s.polW;
  const WL = s.polWL;
  const locW = pol.locW;
  const typeW = pol.typeW;
  const NT = N_TYPES;
  const demand = fl.unfunded; // total demand per location until the end of pass 2, then unfunded demand
  // The state's arrays as locals: the loops below read them without repeated property loads.
  const A_alive = s.alive;
  const A_loc = s.loc;
  const A_sector = s.sector;
  const A_age = s.age;
  const A_employees = s.employees;
  const A_sales = s.sales;
  const A_rnd = s.rnd;
  const A_cash = s.cash;
  const A_need = s.need;
  const A_ftype = s.ftype;
  // Pass 1 — policy weights of every alive firm per instrument (1. policy) and each firm's funding need (3. finance).
  W.fill(0);
  WL.fill(0);
  // Weights depend only on (location, firm type): count firms per cell, multiply afterwards.
  const cells = s.cellCount;
  cells.fill(0);
  for (let i = 0; i < n; i++) {
    if (A_alive[i] === 0) continue;
    const l = A_loc[i] as number;
    const emp = A_employees[i] as number;
    const t = typeIndex(A_sector[i] as number, emp, A_age[i] as number);
    A_ftype[i] = t;
    cells[l * NT + t] = (cells[l * NT + t] as number) + 1;
    const burn = netBurn(p, A_rnd[i] as number, emp, A_sales[i] as number);
    const cash = A_cash[i] as number;
    const need = burn > 0 && cash < burn ? burn * p.fundingHorizon - cash : 0;
    A_need[i] = need;
    demand[l] = (demand[l] as number) + need;
  }
  for (let l = 0; l < nLoc; l++)
    for (let t = 0; t < NT; t++) {
      const m = cells[l * NT + t] as number;
      if (m === 0) continue;
      for (let k = 0; k < NI; k++) {
        const w = m * (locW[k * nLoc + l] as number) * (typeW[k * NT + t] as number);
        W[k] = (W[k] as number) + w;
        WL[k * nLoc + l] = (WL[k * nLoc + l] as number) + w;
      }
    }
}

/** Cluster stocks with this year's cluster-level policy money. (One function per phase, so V8 optimises each on its own; every phase takes the same arguments.) */
function phaseStocks(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const W = s.polW;
  const WL = s.polWL;
  // The state's arrays as locals: the loops below read them without repeated property loads.
  const A_talent = s.talent;
  const A_capital = s.capital;
  const A_infra = s.infra;
  const A_infraScore = s.infraScore;
  const A_knowledge = s.knowledge;
  const A_vcBase = s.vcBase;
  // 2. Cluster stocks, with this year's cluster-level policy money.
  for (let l = 0; l < nLoc; l++) {
    const aInfra = clusterAmount(pol, W, WL, nLoc, I_INFRA, l);
    const aTalent = clusterAmount(pol, W, WL, nLoc, I_TALENT, l);
    const aFinance = clusterAmount(pol, W, WL, nLoc, I_FINANCE, l);
    fl.spend[I_INFRA * nLoc + l] = aInfra;
    fl.spend[I_TALENT * nLoc + l] = aTalent;
    fl.spend[I_FINANCE * nLoc + l] = aFinance;
    A_infra[l] = (1 - p.deltaInfra) * (A_infra[l] as number) + aInfra;
    A_infraScore[l] = 1 - Math.exp(-(A_infra[l] as number) / p.kappaInfra);
    const inflow = TALENT_RENEWAL * (setup.base.talent[l] as number) + p.graduatesPerUniversity * (setup.base.universities[l] as number);
    A_talent[l] = (1 - p.talentOutflow) * (A_talent[l] as number) + inflow + (1000 * aTalent) / p.costPerTrained;
    const k0 = setup.base.knowledge[l] as number;
    const kRatio = k0 > 0 ? (A_knowledge[l] as number) / k0 : 1;
    A_capital[l] = (A_vcBase[l] as number) * Math.pow(Math.max(kRatio, 1e-6), p.vcKnowledge) + p.leverage * aFinance;
  }
}

/** Pass 2: firm-level awards, funding and R&D with vacancies; then rationing shares per location. (One function per phase, so V8 optimises each on its own; every phase takes the same arguments.) */
function phaseAwardsFundingRnd(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const n = s.n;
  const W = s.polW;
  const locW = pol.locW;
  const typeW = pol.typeW;
  const NT = N_TYPES;
  const demand = fl.unfunded; // total demand per location until the end of pass 2, then unfunded demand
  // The state's arrays as locals: the loops below read them without repeated property loads.
  const A_alive = s.alive;
  const A_loc = s.loc;
  const A_age = s.age;
  const A_employees = s.employees;
  const A_researchers = s.researchers;
  const A_sales = s.sales;
  const A_rnd = s.rnd;
  const A_cash = s.cash;
  const A_innovated = s.innovated;
  const A_grant = s.grant;
  const A_netFlag = s.netFlag;
  const A_commFlag = s.commFlag;
  const A_fundedAmt = s.fundedAmt;
  const A_need = s.need;
  const A_vacancy = s.vacancy;
  const A_rndOwn = s.rndOwn;
  const A_ftype = s.ftype;
  const A_talent = s.talent;
  const A_capital = s.capital;
  const A_hireRatio = s.hireRatio;
  // Pass 2 — firm-level awards (1. policy), funding (3. finance), R&D and vacancies (4.).
  const powUp = Math.pow(1.05, p.rndElasticity);
  const powDown = Math.pow(0.9, p.rndElasticity);
  for (let i = 0; i < n; i++) {
    if (A_alive[i] === 0) continue;
    const l = A_loc[i] as number;
    const t = A_ftype[i] as number;
    const stage = t & 1;
    const size = (t % 6) >> 1;
    for (let j = 0; j < 3; j++) {
      const k = j === 0 ? I_RND : j === 1 ? I_NET : I_COMM;
      const u = unif(r.policy);
      const w = (locW[k * nLoc + l] as number) * (typeW[k * NT + t] as number);
      const a = (W[k] as number) > 0 ? (1000 * (pol.budget[k] as number) * w) / (W[k] as number) : 0;
      const S = j === 0 ? p.grantSize : j === 1 ? p.networkSupportSize : p.commSupportSize;
      const award = a > 0 && u < Math.min(1, a / S) ? Math.max(S, a) : 0;
      if (j === 0) A_grant[i] = award;
      else if (j === 1) A_netFlag[i] = award > 0 ? 1 : 0;
      else A_commFlag[i] = award > 0 ? 1 : 0;
      if (award > 0) {
        fl.spend[k * nLoc + l] = (fl.spend[k * nLoc + l] as number) + award / 1000;
        fl.spendType[l * 5 + stage] = (fl.spendType[l * 5 + stage] as number) + award / 1000;
        fl.spendType[l * 5 + 2 + size] = (fl.spendType[l * 5 + 2 + size] as number) + award / 1000;
      }
    }
    // Funding: probability min(1, capital/demand) × attractiveness.
    const u1 = unif(r.finance);
    const u2 = unif(r.finance);
    const need = A_need[i] as number;
    let funded = 0;
    if (need > 0) {
      const attract = 0.5 + 0.3 * (A_innovated[i] as number) + ((A_age[i] as number) >= 3 ? 0.2 : 0);
      const pf = Math.min(1, (1000 * (A_capital[l] as number)) / (demand[l] as number)) * attract;
      if (u1 < pf) {
        funded = need * (0.75 + 0.5 * u2);
        fl.funded[l] = (fl.funded[l] as number) + funded;
      }
    }
    A_fundedAmt[i] = funded;
    // R&D: own R&D grows if funds cover the burn; grants add additionality × grant.
    const emp = A_employees[i] as number;
    const burn = netBurn(p, A_rnd[i] as number, emp, A_sales[i] as number);
    const gr = A_grant[i] as number;
    const funds = (A_cash[i] as number) + funded + gr;
    const old = A_rnd[i] as number;
    const up = funds >= burn;
    const own = Math.max(1, old * (up ? 1.05 : 0.9));
    const total = own + p.additionality * gr;
    A_rndOwn[i] = total - gr;
    A_rnd[i] = total;
    const before = A_researchers[i] as number;
    // (total/old)^elasticity; without a grant the ratio is one of two constants, precomputed.
    const factor = gr === 0 && own > 1 ? (up ? powUp : powDown) : Math.pow(total / Math.max(old, 1e-9), p.rndElasticity);
    const target = old > 0 ? before * factor : before;
    // Turnover: quitting researchers leave the firm and the local market; hiring must replace them.
    const quits = before * p.researcherTurnover;
    const res = before - quits;
    A_researchers[i] = res;
    A_employees[i] = Math.max(1, emp - quits);
    const vac = target > res ? target - res : 0;
    A_vacancy[i] = vac;
    fl.vacancies[l] = (fl.vacancies[l] as number) + vac;
  }
  for (let l = 0; l < nLoc; l++) {
    demand[l] = Math.max(0, (demand[l] as number) - (fl.funded[l] as number)); // unfunded demand (KRW m)
    // Share of vacancies the talent pool can fill; the pool shrinks by the hires.
    const V = fl.vacancies[l] as number;
    const ratio = V > 0 ? Math.min(1, Math.max(0, A_talent[l] as number) / V) : 0;
    fl.unfilled[l] = V * (1 - ratio);
    A_talent[l] = Math.max(0, (A_talent[l] as number) - V * ratio);
    A_hireRatio[l] = ratio;
  }
}

/** Hiring, networks, innovation and patents, sales, cash and exit, firm by firm. (One function per phase, so V8 optimises each on its own; every phase takes the same arguments.) */
function phaseFirms(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const C = s.nClusters;
  const n = s.n;
  // The state's arrays as locals: the loops below read them without repeated property loads.
  const A_alive = s.alive;
  const A_loc = s.loc;
  const A_sector = s.sector;
  const A_age = s.age;
  const A_employees = s.employees;
  const A_researchers = s.researchers;
  const A_sales = s.sales;
  const A_rnd = s.rnd;
  const A_cash = s.cash;
  const A_collaborating = s.collaborating;
  const A_exporter = s.exporter;
  const A_preRevenue = s.preRevenue;
  const A_innovated = s.innovated;
  const A_patentsCum = s.patentsCum;
  const A_grant = s.grant;
  const A_netFlag = s.netFlag;
  const A_commFlag = s.commFlag;
  const A_fundedAmt = s.fundedAmt;
  const A_vacancy = s.vacancy;
  const A_rndOwn = s.rndOwn;
  const A_growth = s.growth;
  const A_newPatents = s.newPatents;
  const A_talent = s.talent;
  const A_infraScore = s.infraScore;
  const A_network = s.network;
  const A_pExit = s.pExit;
  const A_pTie = s.pTie;
  const A_pRevenue = s.pRevenue;
  const A_hireRatio = s.hireRatio;
  const A_tieBase = s.tieBase;
  // 5. Networks; 6. innovation and patents; 7. sales; 8. cash; 9. exit.
  // Probabilities that depend only on the location and a few flags, computed once a year.
  const exitBase = Math.log(p.exitBase / (1 - p.exitBase));
  for (let l = 0; l < nLoc; l++) {
    const sc = A_infraScore[l] as number;
    for (let k = 0; k < 8; k++) {
      A_pExit[l * 8 + k] = logistic(exitBase + (k & 1 ? p.exitCash : 0) + (k & 2 ? p.exitYoung : 0) + (k & 4 ? p.exitFalling : 0) - p.exitInfra * sc);
    }
    const tb = (A_tieBase[l] as number) + p.tieNetwork * (A_network[l] as number);
    A_pTie[l * 2] = logistic(tb);
    A_pTie[l * 2 + 1] = logistic(tb + p.networkEffect);
    for (let k = 0; k < 4; k++) A_pRevenue[l * 4 + k] = logistic(p.revenueBase + (k & 1 ? p.revenueInnovation : 0) + (k & 2 ? p.commEffect : 0) + p.revenueInfra * sc);
  }
  const alpha = c.alpha;
  const sigma = c.sigma;
  if (panel !== null && s.x.length < s.cap * NF) s.x = new Float64Array(s.cap * NF); // panel runs only
  const x = s.x;
  const ft = c.feat;
  // Dense coefficients of the three equations, as locals.
  const a0 = c.intercept[0] as number, b0 = c.intercept[1] as number, g0 = c.intercept[2] as number;
  const aLR = ft[F.log_researchers] as number, aLE = ft[F.log_employees] as number, aLD = ft[F.log_rnd] as number, aCO = ft[F.collaborating] as number, aGR = ft[F.support_rnd_grant] as number;
  const aNE = ft[F.support_networking] as number, aCM = ft[F.support_commercialisation] as number, aIC = ft[F.in_cluster] as number, aST = ft[F.startup] as number, aEX = ft[F.exporter] as number;
  const aPR = ft[F.pre_revenue] as number, aAG = ft[F.age] as number, aRS = ft[F.researchers] as number, aEM = ft[F.employees] as number;
  const bLR = ft[NF + F.log_researchers] as number, bLE = ft[NF + F.log_employees] as number, bLD = ft[NF + F.log_rnd] as number, bCO = ft[NF + F.collaborating] as number, bGR = ft[NF + F.support_rnd_grant] as number;
  const bNE = ft[NF + F.support_networking] as number, bCM = ft[NF + F.support_commercialisation] as number, bIC = ft[NF + F.in_cluster] as number, bST = ft[NF + F.startup] as number, bEX = ft[NF + F.exporter] as number;
  const bPR = ft[NF + F.pre_revenue] as number, bAG = ft[NF + F.age] as number, bRS = ft[NF + F.researchers] as number, bEM = ft[NF + F.employees] as number;
  const gLR = ft[2 * NF + F.log_researchers] as number, gLE = ft[2 * NF + F.log_employees] as number, gLD = ft[2 * NF + F.log_rnd] as number, gCO = ft[2 * NF + F.collaborating] as number, gGR = ft[2 * NF + F.support_rnd_grant] as number;
  const gNE = ft[2 * NF + F.support_networking] as number, gCM = ft[2 * NF + F.support_commercialisation] as number, gIC = ft[2 * NF + F.in_cluster] as number, gST = ft[2 * NF + F.startup] as number, gEX = ft[2 * NF + F.exporter] as number;
  const gPR = ft[2 * NF + F.pre_revenue] as number, gAG = ft[2 * NF + F.age] as number, gRS = ft[2 * NF + F.researchers] as number, gEM = ft[2 * NF + F.employees] as number;
  const gPI = ft[2 * NF + F.product_innovation] as number;
  const secA = c.sector, NS = SECTORS.length;
  const el = p.employmentElasticity;
  const commBump = p.commEffect / 10;
  for (let i = 0; i < n; i++) {
    if (A_alive[i] === 0) continue;
    const l = A_loc[i] as number;
    // 4. Hiring, rationed by the local talent pool (pro rata to vacancies).
    const hires = (A_vacancy[i] as number) * (A_hireRatio[l] as number);
    if (hires > 0) {
      A_researchers[i] = (A_researchers[i] as number) + hires;
      A_employees[i] = (A_employees[i] as number) + hires;
    }
    const u = unif(r.network);
    const net = A_netFlag[i] as number;
    let col = A_collaborating[i] as number;
    if (col === 1) {
      if (u < p.tieDecay) col = 0;
    } else if (u < (A_pTie[l * 2 + net] as number)) col = 1;
    A_collaborating[i] = col;
    const res = A_researchers[i] as number;
    const emp = A_employees[i] as number;
    const rd = A_rnd[i] as number;
    const lr = Math.log1p(res);
    const le = Math.log(emp);
    const ld = Math.log1p(rd);
    const gf = (A_grant[i] as number) > 0 ? 1 : 0;
    const cm = A_commFlag[i] as number;
    const ic = l < C ? 1 : 0;
    const age = A_age[i] as number;
    const st = age < STARTUP_AGE ? 1 : 0;
    const ex = A_exporter[i] as number;
    const pr = A_preRevenue[i] as number;
    const sec = A_sector[i] as number;
    const etaI = a0 + (secA[sec] as number) + (aLR * lr + aLE * le + aLD * ld + aCO * col + aGR * gf + aNE * net + aCM * cm + aIC * ic + aST * st + aEX * ex + aPR * pr + aAG * age + aRS * res + aEM * emp);
    const innov = unif(r.innovation) < logistic(etaI) ? 1 : 0;
    A_innovated[i] = innov;
    const etaP = b0 + (secA[NS + sec] as number) + (bLR * lr + bLE * le + bLD * ld + bCO * col + bGR * gf + bNE * net + bCM * cm + bIC * ic + bST * st + bEX * ex + bPR * pr + bAG * age + bRS * res + bEM * emp);
    const pats = negBinomialInv(r.patents, Math.exp(etaP), alpha);
    A_newPatents[i] = pats;
    A_patentsCum[i] = (A_patentsCum[i] as number) + pats;
    fl.innovators[l] = (fl.innovators[l] as number) + innov;
    fl.patents[l] = (fl.patents[l] as number) + pats;
    const kStage = l * 5 + (st === 1 ? 0 : 1);
    const kSize = l * 5 + 2 + (emp < 50 ? 0 : emp < 300 ? 1 : 2);
    fl.typeFirms[kStage] = (fl.typeFirms[kStage] as number) + 1;
    fl.typeFirms[kSize] = (fl.typeFirms[kSize] as number) + 1;
    fl.typeInnovators[kStage] = (fl.typeInnovators[kStage] as number) + innov;
    fl.typeInnovators[kSize] = (fl.typeInnovators[kSize] as number) + innov;

    const z = zigNormal(r.sales);
    const ur = unif(r.sales);
    let g = 0;
    if (pr === 0) {
      g = g0 + (secA[2 * NS + sec] as number) + (gLR * lr + gLE * le + gLD * ld + gCO * col + gGR * gf + gNE * net + gCM * cm + gIC * ic + gST * st + gEX * ex + gPR * pr + gAG * age + gRS * res + gEM * emp) + gPI * innov + sigma * z + (innov === 1 ? commBump * cm : 0);
      const eg = Math.exp(g);
      A_sales[i] = (A_sales[i] as number) * eg;
      A_employees[i] = Math.max(1, res + (emp - res) * (el === 0.5 ? Math.sqrt(eg) : Math.exp(el * g)));
    } else if (ur < (A_pRevenue[l * 4 + innov + 2 * cm] as number)) {
      A_preRevenue[i] = 0;
      A_sales[i] = FIRST_REVENUE * Math.exp(0.5 * z);
    }
    A_growth[i] = g;
    if (panel !== null) {
      const o = i * NF;
      x[o + F.log_researchers] = lr; x[o + F.log_employees] = le; x[o + F.log_rnd] = ld; x[o + F.collaborating] = col;
      x[o + F.support_rnd_grant] = gf; x[o + F.support_networking] = net; x[o + F.support_commercialisation] = cm; x[o + F.in_cluster] = ic;
      x[o + F.startup] = st; x[o + F.exporter] = ex; x[o + F.pre_revenue] = pr; x[o + F.product_innovation] = innov; x[o + F.age] = age;
      x[o + F.researchers] = res; x[o + F.employees] = emp;
      panel.push({ firm: i, year: s.year, loc: l, sector: sec, x: x.subarray(o, o + NF), product_innovation: innov, patent_apps: pats, sales_growth: pr === 0 ? g : null });
    }
    const cash = (A_cash[i] as number) + p.margin * (A_sales[i] as number) - (A_rndOwn[i] as number) - p.overheadPerEmployee * (A_employees[i] as number) + (A_fundedAmt[i] as number);
    A_cash[i] = cash;

    const ue = unif(r.exit);
    if (ue < (A_pExit[l * 8 + (cash < 0 ? 1 : 0) + (age < 5 ? 2 : 0) + (g < 0 ? 4 : 0)] as number)) {
      A_alive[i] = 0;
      A_talent[l] = (A_talent[l] as number) + (A_researchers[i] as number);
      fl.exits[l] = (fl.exits[l] as number) + 1;
      s.free[s.nFree++] = i;
    } else {
      A_age[i] = age + 1;
    }
  }
}

/** Knowledge, entry, and next year's aggregates and index. (One function per phase, so V8 optimises each on its own; every phase takes the same arguments.) */
function phaseKnowledgeEntry(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const C = s.nClusters;
  // Knowledge from this year's innovations and patents plus institutional output.
  for (let l = 0; l < nLoc; l++) {
    const anchors = (setup.base.universities[l] as number) + (setup.base.hospitals[l] as number) + (setup.base.institutes[l] as number);
    s.knowledge[l] = (1 - p.deltaKnowledge) * (s.knowledge[l] as number) + (fl.innovators[l] as number) + (fl.patents[l] as number) + INSTITUTIONAL_OUTPUT * anchors;
  }

  // 10. Entry: Poisson per location, rising in knowledge, capital, infrastructure and the cluster index.
  for (let l = 0; l < nLoc; l++) {
    const k0 = setup.base.knowledge[l] as number;
    const c0 = setup.base.capital[l] as number;
    const base0 = setup.base.firms[l] as number;
    const score0 = 1 - Math.exp(-(setup.base.infra[l] as number) / p.kappaInfra);
    const lam =
      p.entryRate *
      base0 *
      Math.pow(k0 > 0 ? Math.max(1e-6, (s.knowledge[l] as number) / k0) : 1, p.entryKnowledge) *
      Math.pow(c0 > 0 ? Math.max(1e-6, (s.capital[l] as number) / c0) : 1, p.entryCapital) *
      Math.max(0, 1 + p.entryInfra * ((s.infraScore[l] as number) - score0)) *
      Math.pow(l < C ? Math.max(1e-6, (s.index[l] as number) / 50) : 1, p.entryIndex);
    const m = poissonInv(r.entry, lam);
    for (let e = 0; e < m; e++) {
      const us = unif(r.entry);
      const ud = unif(r.entry);
      const uc = unif(r.entry);
      let sec = 0;
      while (sec < SECTORS.length - 1 && us > (s.sectorCum[l * SECTORS.length + sec] as number)) sec++;
      const ds = setup.donorsBySector[sec] as Int32Array;
      const d = ds[Math.min(ds.length - 1, Math.floor(ud * ds.length))] as number;
      let i: number;
      if (s.nFree > 0) i = s.free[--s.nFree] as number;
      else {
        if (s.n >= s.cap) grow(s);
        i = s.n++;
      }
      const dn = setup.donors;
      s.alive[i] = 1;
      s.loc[i] = l;
      s.sector[i] = dn.sector[d] as number;
      s.age[i] = 0;
      s.employees[i] = dn.employees[d] as number;
      s.researchers[i] = dn.researchers[d] as number;
      s.preRevenue[i] = dn.preRevenue[d] as number;
      s.sales[i] = s.preRevenue[i] === 1 ? 0 : (dn.sales[d] as number);
      s.rnd[i] = dn.rnd[d] as number;
      s.exporter[i] = dn.exporter[d] as number;
      s.collaborating[i] = 0;
      s.innovated[i] = 0;
      s.patentsCum[i] = 0;
      s.cash[i] = startingCash(p, s, i, dn.fundingObtained[d] as number, uc);
      s.grant[i] = 0;
      s.netFlag[i] = 0;
      s.commFlag[i] = 0;
      fl.entries[l] = (fl.entries[l] as number) + 1;
    }
  }

  // Next year's network density and index from the surviving firms.
  aggregate(s);
  for (let l = 0; l < nLoc; l++) s.network[l] = (fl.firms[l] as number) > 0 ? (fl.collaborating[l] as number) / (fl.firms[l] as number) : 0;
  updateIndex(s);
}

/** Advances the state by one year. */
export function step(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, r: Streams, panel: PanelSink | null = null): void {
  s.year += 1;
  const fl = s.flows;
  fl.entries.fill(0); fl.exits.fill(0); fl.unfunded.fill(0); fl.funded.fill(0); fl.vacancies.fill(0); fl.unfilled.fill(0);
  fl.spend.fill(0); fl.spendType.fill(0); fl.innovators.fill(0); fl.patents.fill(0); fl.typeFirms.fill(0); fl.typeInnovators.fill(0);

  phasePolicyAndNeeds(s, setup, p, pol, c, r, panel);
  phaseStocks(s, setup, p, pol, c, r, panel);
  phaseAwardsFundingRnd(s, setup, p, pol, c, r, panel);
  phaseFirms(s, setup, p, pol, c, r, panel);
  phaseKnowledgeEntry(s, setup, p, pol, c, r, panel);
}

export { N_TYPES, I_INFRA, I_RND, I_TALENT, I_FINANCE, I_NET, I_COMM };
