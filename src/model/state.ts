/**
 * The simulator's state and its allocation: the firm columns (derived from
 * the firm-column table), the locations' stocks, the year's flows, and the
 * scratch tables the yearly step fills. `initState` builds the base year;
 * `grow` doubles the capacity; `resetEntrant` writes an entrant into a slot.
 */
import { SECTORS, STARTUP_AGE, sizeClassIndex } from "../data/constants";
import { columnArray, FIRM_COLUMNS, STATE_COLUMNS, type ColumnSpec, type FirmColumns } from "../population/columns";
import type { Population } from "../population/columns";
import { block, PROCESS, u01 } from "../random/keyed";
import { N_CELLS, N_TYPES, NF, NX } from "./features";
import { instrumentEffects, type InstrumentEffects } from "./instruments";
import type { Coefs } from "./coefs";
import type { Structural } from "./params";
import type { ModelSetup } from "./types";

/** The year's policy, resolved to weights. */
export interface YearPolicy {
  /** Budget (KRW bn) by instrument this year. */
  budget: Float64Array;
  /** Weights by instrument × location, locW[k * nLoc + l], and by instrument × firm type, typeW[k * N_CELLS + cell] (a policy cell: firm type, + N_TYPES if cash-constrained). */
  locW: Float64Array;
  typeW: Float64Array;
  /** Per instrument: the share of its money that goes to cluster firms (national instruments), or NaN (cluster firms only). */
  clusterShare: Float64Array;
  /** Money a firm-level instrument cannot place (every eligible firm at its cap) moves to the mix's other instruments (`placeBudgets`); false: it is saved. */
  reallocate: boolean;
}

/** The replicate's Threefry key (`replicateKey`): with a firm's id, the year and the process it fixes every draw. */
export type DrawKey = Int32Array;

/** Per-location flows and aggregates of the year (read by the collector). */
export interface Flows {
  entries: Float64Array;
  exits: Float64Array;
  unfunded: Float64Array;
  funded: Float64Array;
  vacancies: Float64Array;
  unfilled: Float64Array;
  /** Spend by instrument: spend[k * nLoc + loc] (KRW bn). */
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
  /** The firm columns of FIRM_COLUMNS (state scope), `cap` rows each. */
  firm: FirmColumns;
  /** The instruments' effects with this replicate's parameters. */
  fx: InstrumentEffects;
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
  /**
   * Policy scratch: total weight per instrument, and per instrument × location, normalised so that a firm's
   * weight is its share of the instrument's money (after the cluster share); polScale[k * nLoc + l] is the
   * normalising factor of location l; polN[k] counts the firms with a positive weight.
   */
  polW: Float64Array;
  polWL: Float64Array;
  polScale: Float64Array;
  polN: Float64Array;
  /** Per instrument this year: the budget it spends (KRW bn) after `placeBudgets`, and the net money reallocation moved into (+) or out of (−) it. */
  budgetNow: Float64Array;
  realloc: Float64Array;
  /** Per firm-level instrument j this year: the coverage multiplier z^ε, the amount multiplier z^(1−ε), and the need normaliser (`phaseAwardsFundingRnd`). */
  allocCov: Float64Array;
  allocAmt: Float64Array;
  allocNeed: Float64Array;
  /**
   * Per-location tables of the year: exit probability (EXIT_CASES flag combinations, the last one in-house
   * research); tie formation's hazard −log(1 − p) before support and the hazard a typical award of each
   * firm-level instrument adds, [loc × (1 + nFirm) + 0 | 1 + j]; the same for a first revenue per (in-house
   * research r, innovated k), [((loc × 2 + r) × 2 + k) × (1 + nFirm) + …].
   */
  pExit: Float64Array;
  pTie: Float64Array;
  pRevenue: Float64Array;
  /** Share of vacancies each location's talent pool fills this year, by size class: hireRatio[loc * 3 + size]. */
  hireRatio: Float64Array;
  /** Vacancies per location and size class this year: vacBySize[loc * 3 + size]. */
  vacBySize: Float64Array;
  /** Alive firms per (location, policy cell) this year: cellCount[loc * N_CELLS + cell] (N_CELLS in features.ts). */
  cellCount: Float64Array;
  /** Each firm-level instrument j's coverage weight (2018 coverage × eligible firms × the firm's weight) of a firm of each (location, policy cell) this year: [(loc × N_CELLS + cell) × nFirm + j]. */
  cellAmount: Float64Array;
  /**
   * Scratch of `allocate` (allocate.ts): the firms a firm-level instrument can select this year, in firm order — their
   * coverage weight and need factor max(R&D, floor)^elasticity — so the bisection's steps do not recompute a power per
   * firm. A list holds at most one entry per alive firm (a cell is listed only if it has one), so the capacity is enough.
   */
  allocQ: Float64Array;
  allocPow: Float64Array;
  /** Words of the funding-and-sales block carried from the funding pass to the firm pass: [2i] the normal's word, [2i + 1] first revenue. */
  carry: Int32Array;
  /** The entrant reset's column lists (`resetEntrant`), rebuilt when the arrays grow. */
  entrantPlan: EntrantPlan | null;
  /** The sales process's size scale, fixed from the base-year sellers (`salesScale`). */
  salesScale: SalesScale;
}

/**
 * The sales-growth equation's value at its estimation sample's means (`setup.growthCentre`): intercept, features
 * and sector dummies at their shares, interactions at the means of their products. The sales process replaces this level by `salesDrift`, so the covariates
 * act as deviations from the means.
 */
export function growthAtMeans(setup: ModelSetup, c: Coefs): number {
  const gc = setup.growthCentre;
  const NS = SECTORS.length;
  let v = c.intercept[2] as number;
  for (let f = 0; f < NF; f++) v += (c.feat[2 * NF + f] as number) * (gc.features[f] as number);
  for (let k = 0; k < NS; k++) v += (c.sector[2 * NS + k] as number) * (gc.sectors[k] as number);
  // Interaction terms (and size-class effects, which are 1 × dummy products) at the mean of their products.
  for (let k = c.interStart[2] as number, end = c.interStart[3] as number; k < end; k++) {
    v += (c.interCoef[k] as number) * (gc.products[(c.interA[k] as number) * NX + (c.interB[k] as number)] as number);
  }
  return v;
}

/** The base-year sellers' log sales that the size-dependent growth process refers to (KRW m, natural log). */
export interface SalesScale {
  /** The Gibrat threshold: the `gibratPercentile` of the base-year sellers' log sales. */
  threshold: number;
  /** Mean, least and largest base-year log sales: the growth s.d. scales with size between lo and hi, flat beyond. */
  mean: number;
  lo: number;
  hi: number;
  /** Divides exp(−salesSdSize × (log sales − mean)) so its mean square over the base-year sellers is 1. */
  norm: number;
}

/**
 * The sales process's size scale from the base-year sellers (firms with positive sales): the Gibrat threshold at
 * the `gibratPercentile` of their log sales (linear interpolation between order statistics), and the s.d.
 * scaling's reference and normaliser. With no seller, every size counts as at the threshold.
 */
export function salesScale(preRevenue: ArrayLike<number>, sales: ArrayLike<number>, n: number, p: Structural): SalesScale {
  const all = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if ((preRevenue[i] as number) === 0 && (sales[i] as number) > 0) all[m++] = Math.log(sales[i] as number);
  if (m === 0) return { threshold: 0, mean: 0, lo: 0, hi: 0, norm: 1 };
  const xs = all.subarray(0, m).sort(); // a typed array's own numeric sort: the order (a − b) gives, a third of the time at 100,000 firms
  const h = p.gibratPercentile * (xs.length - 1);
  const k = Math.floor(h);
  const threshold = (xs[k] as number) + (h - k) * ((xs[Math.min(k + 1, xs.length - 1)] as number) - (xs[k] as number));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ms = xs.reduce((a, x) => a + Math.exp(-2 * p.salesSdSize * (x - mean)), 0) / xs.length;
  return { threshold, mean, lo: xs[0] as number, hi: xs[xs.length - 1] as number, norm: Math.sqrt(ms) };
}

function flows(nLoc: number, nInstruments: number): Flows {
  const f = () => new Float64Array(nLoc);
  const o = {} as Flows; // named stores, not a literal (initState)
  o.entries = f(); o.exits = f(); o.unfunded = f(); o.funded = f(); o.vacancies = f(); o.unfilled = f();
  o.spend = new Float64Array(nInstruments * nLoc); o.spendType = new Float64Array(5 * nLoc);
  o.firms = f(); o.employment = f(); o.researchers = f(); o.sales = f(); o.rnd = f(); o.innovators = f(); o.patents = f(); o.collaborating = f(); o.startups = f();
  o.typeFirms = new Float64Array(5 * nLoc); o.typeInnovators = new Float64Array(5 * nLoc);
  return o;
}

function firmColumns(cap: number, nFirmInstruments: number): FirmColumns {
  const c: Record<string, Float64Array | Uint8Array | Int32Array> = {};
  for (const k of STATE_COLUMNS) c[k] = columnArray(k, cap, nFirmInstruments);
  // Copied into a fresh object: V8 keeps an object built by many keyed stores in slow (dictionary) mode, and a spread copy in fast mode.
  return { ...c } as FirmColumns;
}

/** A firm's yearly net burn (KRW m): R&D plus overhead per employee, less the margin on sales. */
export function netBurn(p: Structural, rnd: number, employees: number, sales: number): number {
  return rnd + p.overheadPerEmployee * employees - p.margin * sales;
}

/**
 * Starting cash of firm i (base year or entrant): a year of net burn, or the funding it obtained if more
 * (at least `startingCashFloor`), times U(1 − startingCashSpread, 1 + startingCashSpread).
 */
export function startingCash(p: Structural, f: FirmColumns, i: number, fundingObtained: number, u: number): number {
  const burn = netBurn(p, f.rnd[i] as number, f.employees[i] as number, f.sales[i] as number);
  return Math.max(burn, fundingObtained, p.startingCashFloor) * (1 - p.startingCashSpread + 2 * p.startingCashSpread * u);
}

/**
 * The index's scale: min-max 0–100 across clusters, so 50 is the midpoint — the value of a cluster when every
 * cluster is equal, of "outside clusters" always, and the reference of entry's elasticity to the index.
 */
export const INDEX_SCALE = 100;
/** Exit-probability cases per location: negative cash, young, falling sales, in-house research (4 flags). */
export const EXIT_CASES = 16;
export const INDEX_MIDPOINT = 50;

/** Recomputes the per-location aggregates of alive firms. */
export function aggregate(s: State): void {
  const f = s.flows;
  f.firms.fill(0); f.employment.fill(0); f.researchers.fill(0); f.sales.fill(0); f.rnd.fill(0); f.collaborating.fill(0); f.startups.fill(0);
  const { alive, loc, employees, researchers, sales, rnd, collaborating, age } = s.firm;
  // Stryker disable next-line EqualityOperator: equivalent (i ≤ n): slot n is never alive (at n = cap, alive[n] is undefined and the sums go to a non-index property, not to a location)
  for (let i = 0; i < s.n; i++) {
    if (alive[i] === 0) continue;
    const l = loc[i] as number;
    f.firms[l] = (f.firms[l] as number) + 1;
    f.employment[l] = (f.employment[l] as number) + (employees[i] as number);
    f.researchers[l] = (f.researchers[l] as number) + (researchers[i] as number);
    f.sales[l] = (f.sales[l] as number) + (sales[i] as number);
    f.rnd[l] = (f.rnd[l] as number) + (rnd[i] as number);
    f.collaborating[l] = (f.collaborating[l] as number) + (collaborating[i] as number);
    if ((age[i] as number) < STARTUP_AGE) f.startups[l] = (f.startups[l] as number) + 1;
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
  // Stryker disable next-line EqualityOperator: equivalent (c ≤ C): index[C] (outside clusters) is set to the midpoint at the end
  for (let c = 0; c < C; c++) s.index[c] = 0;
  for (const inds of pillars) {
    for (const ind of inds) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let c = 0; c < C; c++) {
        const v = ind(c);
        // Stryker disable next-line EqualityOperator: equivalent (≤): an equal value leaves the least unchanged
        if (v < lo) lo = v;
        // Stryker disable next-line EqualityOperator: equivalent (≥): an equal value leaves the largest unchanged
        if (v > hi) hi = v;
      }
      // Stryker disable next-line EqualityOperator: equivalent (c ≤ C): index[C] (outside clusters) is set to the midpoint at the end
      for (let c = 0; c < C; c++) {
        const z = hi > lo ? (INDEX_SCALE * (ind(c) - lo)) / (hi - lo) : INDEX_MIDPOINT;
        s.index[c] = (s.index[c] as number) + z / inds.length / pillars.length;
      }
    }
  }
  s.index[C] = INDEX_MIDPOINT;
}

/** Base-year state: the synthesised population, each firm with its `startingCash`. */
/** Slots allocated at the start: the base population × CAPACITY_FACTOR (entrants fill the rest), at least MIN_CAPACITY. */
const CAPACITY_FACTOR = 1.25;
const MIN_CAPACITY = 64;

export function initState(setup: ModelSetup, p: Structural, key: DrawKey, capacityFactor = CAPACITY_FACTOR): State {
  const pop = setup.population;
  const n = pop.size;
  const cap = Math.max(MIN_CAPACITY, Math.ceil(n * capacityFactor));
  const nLoc = setup.nLoc;
  const fx = instrumentEffects(setup.instruments, p);
  const NI = fx.n;
  // Built field by field, not as one object literal (so are Flows, InstrumentEffects and Coefs): V8 makes a literal's
  // boilerplate when the literal runs a second time, which widens every typed-array field's recorded type and throws
  // away all optimised code of the step that relied on it, in every thread, at the second replicate; fields stored
  // by name keep their types. tests/model-shapes.test.ts checks that every field of the interface is set.
  const s = {} as State;
  s.year = 0; s.n = n; s.cap = cap;
  s.firm = firmColumns(cap, fx.nFirm);
  s.fx = fx;
  s.x = new Float64Array(0);
  s.free = new Int32Array(cap); s.nFree = 0;
  s.nLoc = nLoc; s.nClusters = nLoc - 1;
  s.infra = Float64Array.from(setup.base.infra); s.talent = Float64Array.from(setup.base.talent); s.capital = Float64Array.from(setup.base.capital);
  s.network = Float64Array.from(setup.base.network); s.knowledge = Float64Array.from(setup.base.knowledge); s.index = new Float64Array(nLoc).fill(INDEX_MIDPOINT);
  s.infraScore = new Float64Array(nLoc); s.vcBase = Float64Array.from(setup.base.capital); s.tieBase = new Float64Array(nLoc);
  s.flows = flows(nLoc, NI); s.sectorCum = new Float64Array(nLoc * SECTORS.length);
  s.polW = new Float64Array(NI); s.polWL = new Float64Array(NI * nLoc); s.polScale = new Float64Array(NI * nLoc); s.polN = new Float64Array(NI);
  s.budgetNow = new Float64Array(NI); s.realloc = new Float64Array(NI);
  s.allocCov = new Float64Array(fx.nFirm); s.allocAmt = new Float64Array(fx.nFirm); s.allocNeed = new Float64Array(fx.nFirm);
  s.pExit = new Float64Array(nLoc * EXIT_CASES); s.pTie = new Float64Array(nLoc * (1 + fx.nFirm)); s.pRevenue = new Float64Array(nLoc * 4 * (1 + fx.nFirm));
  s.hireRatio = new Float64Array(nLoc * 3);
  s.vacBySize = new Float64Array(nLoc * 3);
  s.cellCount = new Float64Array(nLoc * N_CELLS);
  s.cellAmount = new Float64Array(nLoc * N_CELLS * fx.nFirm);
  s.allocQ = new Float64Array(cap); s.allocPow = new Float64Array(cap);
  s.carry = new Int32Array(2 * cap);
  s.entrantPlan = null;
  s.salesScale = salesScale(pop.preRevenue, pop.sales, n, p);
  const f = s.firm;
  const fromPopulation = STATE_COLUMNS.filter((k) => FIRM_COLUMNS[k].scope === "both") as Array<keyof Population & keyof FirmColumns>;
  for (const k of fromPopulation) (f[k] as Float64Array).set(pop[k] as Float64Array);
  f.alive.fill(1, 0, n);
  const c = s.sectorCum;
  baseYearFirms(s, p, key, pop.fundingObtained);
  // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): location nLoc's writes fall past the arrays' end
  for (let l = 0; l < nLoc; l++) {
    let tot = 0;
    for (let k = 0; k < SECTORS.length; k++) tot += c[l * SECTORS.length + k] as number;
    let acc = 0;
    for (let k = 0; k < SECTORS.length; k++) {
      acc += tot > 0 ? (c[l * SECTORS.length + k] as number) / tot : 1 / SECTORS.length;
      c[l * SECTORS.length + k] = acc;
    }
    // Tie formation calibrated so the base collaboration density is a steady state.
    const d = Math.min(p.tieDensityMax, Math.max(p.tieDensityMin, s.network[l] as number));
    const form = (p.tieDecay * d) / (1 - d);
    s.tieBase[l] = Math.log(form / (1 - form)) - p.tieNetwork * d;
    s.infraScore[l] = 1 - Math.exp(-(s.infra[l] as number) / p.kappaInfra);
  }
  baseYearTallies(s);
  aggregate(s);
  updateIndex(s);
  return s;
}

// initState's loops over the firms are functions of their own, so that initState, which runs once a replicate,
// has no loop of its own: V8 then optimises each loop (on-stack, in the first replicate) as a small function and
// never compiles initState as a whole, which with those loops inlined took it 160–170 ms of compiler time in every
// thread (docs/model.md, "Sixth pass").

/** Base-year firms' ids and starting cash (each keyed to the firm), and the sector counts per location (s.sectorCum, before it is made cumulative). */
function baseYearFirms(s: State, p: Structural, key: DrawKey, fundingObtained: Float64Array): void {
  const f = s.firm;
  const c = s.sectorCum;
  for (let i = 0; i < s.n; i++) {
    f.idLo[i] = i; // base-year firms: id = row, high word 0
    f.cash[i] = startingCash(p, f, i, fundingObtained[i] as number, u01(block(key, i, 0, 0, PROCESS.init, 0)[0] as number));
    const at = (f.loc[i] as number) * SECTORS.length + (f.sector[i] as number);
    c[at] = (c[at] as number) + 1;
  }
}

/** The base year's tallies by location and firm type (stage, then size class): firms and innovators; innovators and patents by location. */
function baseYearTallies(s: State): void {
  const f = s.firm;
  const fl = s.flows;
  for (let i = 0; i < s.n; i++) {
    const l = f.loc[i] as number;
    const innov = f.innovated[i] as number;
    const kStage = l * 5 + ((f.age[i] as number) < STARTUP_AGE ? 0 : 1);
    const kSize = l * 5 + 2 + sizeClassIndex(f.employees[i] as number);
    fl.typeFirms[kStage] = (fl.typeFirms[kStage] as number) + 1;
    fl.typeInnovators[kStage] = (fl.typeInnovators[kStage] as number) + innov;
    fl.typeFirms[kSize] = (fl.typeFirms[kSize] as number) + 1;
    fl.typeInnovators[kSize] = (fl.typeInnovators[kSize] as number) + innov;
    fl.innovators[l] = (fl.innovators[l] as number) + innov;
    fl.patents[l] = (fl.patents[l] as number) + (f.patents[i] as number);
  }
}


/** Doubles the capacity of every firm-sized array (rarely: entry beyond the preallocated slots). */
export function grow(s: State): void {
  const cap = s.cap * 2;
  const g = <T extends Float64Array | Uint8Array | Int32Array>(a: T, width: number): T => {
    const b = new (a.constructor as new (n: number) => T)(cap * width);
    b.set(a);
    return b;
  };
  const f = s.firm as unknown as Record<string, Float64Array>;
  for (const k of STATE_COLUMNS) f[k] = g(f[k] as Float64Array, (FIRM_COLUMNS[k] as ColumnSpec).width === "instruments" ? s.fx.nFirm : 1);
  if (s.x.length > 0) s.x = g(s.x, NF);
  s.free = g(s.free, 1);
  s.carry = g(s.carry, 2);
  s.allocQ = new Float64Array(cap); // scratch, rebuilt every year: nothing to copy
  s.allocPow = new Float64Array(cap);
  s.entrantPlan = null;
  s.cap = cap;
}

const DONOR_COLUMNS = STATE_COLUMNS.filter((k) => (FIRM_COLUMNS[k] as ColumnSpec).entrant === "donor") as Array<keyof Population & keyof FirmColumns>;
const RESET_COLUMNS = STATE_COLUMNS.filter((k) => typeof (FIRM_COLUMNS[k] as ColumnSpec).entrant === "number");

/** The entrant reset as lists of arrays (built once per capacity: looking columns up by name per entrant was slow). */
interface EntrantPlan {
  donors: Population;
  donorDst: Float64Array[];
  donorSrc: Float64Array[];
  resetDst: Float64Array[];
  resetVal: number[];
  resetWide: boolean[];
}

function entrantPlan(s: State, donors: Population): EntrantPlan {
  const f = s.firm as unknown as Record<string, Float64Array>;
  const dn = donors as unknown as Record<string, Float64Array>;
  return {
    donors,
    donorDst: DONOR_COLUMNS.map((k) => f[k] as Float64Array),
    donorSrc: DONOR_COLUMNS.map((k) => dn[k] as Float64Array),
    resetDst: RESET_COLUMNS.map((k) => f[k] as Float64Array),
    resetVal: RESET_COLUMNS.map((k) => (FIRM_COLUMNS[k] as ColumnSpec).entrant as number),
    resetWide: RESET_COLUMNS.map((k) => (FIRM_COLUMNS[k] as ColumnSpec).width === "instruments"),
  };
}

/**
 * Writes an entrant into slot i: the firm-column table's donor columns copied from donor firm d, its reset
 * columns set to their entry value. The entry phase then sets the columns marked "entry".
 */
export function resetEntrant(s: State, i: number, donors: Population, d: number): void {
  let plan = s.entrantPlan;
  if (plan === null || plan.donors !== donors) plan = s.entrantPlan = entrantPlan(s, donors);
  const { donorDst, donorSrc, resetDst, resetVal, resetWide } = plan;
  for (let c = 0; c < donorDst.length; c++) (donorDst[c] as Float64Array)[i] = (donorSrc[c] as Float64Array)[d] as number;
  const w = s.fx.nFirm;
  for (let c = 0; c < resetDst.length; c++) {
    const v = resetVal[c] as number;
    const dst = resetDst[c] as Float64Array;
    if (resetWide[c] === true) for (let j = i * w; j < i * w + w; j++) dst[j] = v;
    else dst[i] = v;
  }
}

/**
 * Places entrant e of location l this year in a free slot (or a new one, growing the arrays): a copy of donor d
 * with age 0, its stable id (e, idHigh), its donor's sales unless pre-revenue, and starting cash from the uniform uc.
 */
export function placeEntrant(s: State, p: Structural, dn: Population, d: number, l: number, e: number, idHigh: number, uc: number): void {
  let i: number;
  if (s.nFree > 0) i = s.free[--s.nFree] as number;
  else {
    if (s.n >= s.cap) grow(s);
    i = s.n++;
  }
  resetEntrant(s, i, dn, d);
  const f = s.firm;
  f.loc[i] = l;
  f.idLo[i] = e;
  f.idHi[i] = idHigh;
  f.age[i] = 0;
  f.sales[i] = f.preRevenue[i] === 1 ? 0 : (dn.sales[d] as number);
  f.cash[i] = startingCash(p, f, i, dn.fundingObtained[d] as number, uc);
  s.flows.entries[l] = (s.flows.entries[l] as number) + 1;
}
