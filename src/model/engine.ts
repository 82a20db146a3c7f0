/**
 * The yearly step of the firm-population model, in MODEL.md's order, one
 * function per phase (V8 optimises each on its own; every phase takes the
 * same arguments). The state and its allocation are `state.ts`'s; the
 * instruments are data (`instruments.ts`), so the phases loop over them; every
 * behavioural constant is a structural parameter (`params.ts`).
 *
 * Reproducibility: every draw is keyed (`random/keyed.ts`) to the replicate,
 * the firm's id, the year and the process, at a fixed word position — a firm's
 * draws never depend on how many other firms drew, entered or exited before
 * it, and a firm draws only what it needs (an award only if it is uncertain).
 * Two mixes therefore share every firm's draws (exact common random numbers),
 * and a change without effect reproduces the baseline exactly. The yearly loop
 * allocates nothing; only entry beyond the preallocated capacity grows the
 * arrays (geometrically, rarely).
 */
import { KRW_M_PER_BN, SECTORS, STARTUP_AGE, sizeClassIndex } from "../data/constants";
import { belowHazard, belowLogistic, laplaceFromU, negBinomialFromEta, poissonFromU } from "../random/fast";
import { POPULATION_CEILING_MULTIPLE } from "../limits";
import { block, entrantIdHigh, firmId, normalFromWord, PROCESS, u01 } from "../random/keyed";
import { WORDS } from "../random/threefry";
import { interactionSum, type Coefs } from "./coefs";
import { rationTalent, unfilledAfter } from "./talent";
import { dose } from "./instruments";
import { allocate, normaliseWeights, revenueHazard, yearTables } from "./allocate";
import { FEATURES, N_CELLS, N_TYPES, NF, typeIndex, X_SECTOR, X_SIZE } from "./features";
import type { Structural } from "./params";
import { aggregate, EXIT_CASES, growthAtMeans, INDEX_MIDPOINT, netBurn, placeEntrant, updateIndex, type DrawKey, type State, type YearPolicy } from "./state";
import type { ModelSetup } from "./types";

export { initState, grow, aggregate, updateIndex, type DrawKey, type State, type YearPolicy, type Flows } from "./state";
export { makeCoefs, type Coefs } from "./coefs";
export { rationTalent } from "./talent";

const F = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<(typeof FEATURES)[number], number>;

/** KRW m per KRW bn: budgets are in KRW bn, firm-level amounts in KRW m. */
const M_PER_BN = KRW_M_PER_BN;
/** Employment follows sales with this elasticity by default; then a square root replaces exp(el × g) (same value, faster). */
const SQRT_ELASTICITY = 0.5;

/** A location's share of a cluster-level instrument's money this year (KRW bn, after `placeBudgets`): its firms' share of the instrument's (normalised) weight. */
function clusterAmount(budget: Float64Array, W: Float64Array, WL: Float64Array, nLoc: number, k: number, l: number): number {
  // Stryker disable next-line ArithmeticOperator: rounding-equivalent (÷ W → × W): W, the normalised weights' total, is 1 to the last bits whenever it is positive
  return (W[k] as number) > 0 ? ((budget[k] as number) * (WL[k * nLoc + l] as number)) / (W[k] as number) : 0;
}

/** Optional firm-level panel: one row per firm-year, written by `step` when given; `firm` is the firm's stable id (`firmId`). */
export interface PanelSink {
  push(row: { firm: number; year: number; loc: number; sector: number; x: Float64Array; product_innovation: number; patent_apps: number; sales_growth: number | null }): void;
}

/** 1. Policy weights of every alive firm per instrument, the allocation rules, and 3. each firm's funding need. */
function phasePolicyAndNeeds(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const n = s.n;
  const NI = s.fx.n;
  const WL = s.polWL, locW = pol.locW, typeW = pol.typeW;
  const NT = N_CELLS;
  const demand = fl.unfunded; // total demand per location until the end of pass 2, then unfunded demand
  const { alive, loc, sector, age, employees, sales, rnd, cash: cashA, need: needA, ftype } = s.firm;
  const horizon = p.fundingHorizon;
  WL.fill(0); // normaliseWeights sets polW from these sums
  // Weights depend only on (location, policy cell: firm type, cash-constrained or not): count firms per cell, multiply afterwards.
  const cells = s.cellCount;
  cells.fill(0); // Stryker disable next-line EqualityOperator: equivalent (i ≤ n): slot n is never alive, and its writes fall past the arrays or into unused slots
  for (let i = 0; i < n; i++) {
    if (alive[i] === 0) continue;
    const l = loc[i] as number;
    const emp = employees[i] as number;
    const burn = netBurn(p, rnd[i] as number, emp, sales[i] as number);
    const cash = cashA[i] as number;
    const need = burn > 0 && cash < burn ? burn * horizon - cash : 0;
    const t = typeIndex(sector[i] as number, emp, age[i] as number) + (need > 0 ? N_TYPES : 0);
    ftype[i] = t;
    cells[l * NT + t] = (cells[l * NT + t] as number) + 1;
    needA[i] = need;
    demand[l] = (demand[l] as number) + need;
  }
  for (let l = 0; l < nLoc; l++)
    for (let t = 0; t < NT; t++) {
      const m = cells[l * NT + t] as number; // Stryker disable next-line ConditionalExpression: equivalent (false): an empty cell adds weights of 0
      if (m === 0) continue; // Stryker disable next-line EqualityOperator: equivalent (k ≤ NI): the weights of instrument NI fall past the array
      for (let k = 0; k < NI; k++) {
        const w = m * (locW[k * nLoc + l] as number) * (typeW[k * NT + t] as number);
        WL[k * nLoc + l] = (WL[k * nLoc + l] as number) + w;
      }
    }
  normaliseWeights(s, pol);
  allocate(s, p, pol); // firm-level allocation rules and the year's money per instrument (allocate.ts)
}

/** 2. Cluster stocks, with this year's cluster-level policy money, channel by channel. */
function phaseStocks(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const W = s.polW, WL = s.polWL, fx = s.fx;
  const { talent, capital, infra, infraScore, knowledge, vcBase } = s;
  for (let l = 0; l < nLoc; l++) {
    let infraAdd = 0;
    let talentAdd = 0;
    let capitalAdd = 0;
    for (let k = 0; k < fx.n; k++) {
      const isInfra = (fx.infraPerBn[k] as number) !== 0;
      const cost = fx.talentCost[k] as number;
      const lev = fx.capitalPerBn[k] as number;
      if (!isInfra && cost === 0 && lev === 0) continue;
      const a = clusterAmount(s.budgetNow, W, WL, nLoc, k, l);
      fl.spend[k * nLoc + l] = a;
      infraAdd += (fx.infraPerBn[k] as number) * a; // 0 for an instrument without an infrastructure (or capital) effect
      if (cost !== 0) talentAdd += (M_PER_BN * a) / cost;
      capitalAdd += lev * a;
    }
    infra[l] = (1 - p.deltaInfra) * (infra[l] as number) + infraAdd;
    infraScore[l] = 1 - Math.exp(-(infra[l] as number) / p.kappaInfra);
    const inflow = p.talentRenewal * (setup.base.talent[l] as number) + p.graduatesPerUniversity * (setup.base.universities[l] as number);
    talent[l] = (1 - p.talentOutflow) * (talent[l] as number) + inflow + talentAdd;
    const k0 = setup.base.knowledge[l] as number;
    const kRatio = k0 > 0 ? (knowledge[l] as number) / k0 : 1;
    capital[l] = (vcBase[l] as number) * Math.pow(Math.max(kRatio, 1e-6), p.vcKnowledge) + capitalAdd;
  }
}

/** 1. Firm-level awards, 3. funding, 4. R&D with vacancies; then the talent pools' rationing shares. */
function phaseAwardsFundingRnd(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const n = s.n;
  const NT = N_CELLS;
  const fx = s.fx;
  const NJ = fx.nFirm;
  const firmInstrument = fx.firmInstrument;
  const awardSize = fx.awardSize;
  const isRnd = fx.isRnd;
  const rndShare = fx.rndShare;
  const demand = fl.unfunded; // total demand per location until the end of pass 2, then unfunded demand
  const { alive, loc, age, employees, researchers, sales, rnd, cash, innovated, preRevenue, support, supportBits, fundedAmt, need: needA, vacancy, rndOwn, ftype, idLo, idHi } = s.firm;
  const year = s.year;
  const carry = s.carry;
  const { talent, capital, hireRatio } = s;
  const attractBase = p.fundAttractBase, attractInnov = p.fundAttractInnovator, attractMature = p.fundAttractMature, matureAge = p.fundMatureAge;
  const attractPre = p.fundAttractPreRevenue, attractLarge = p.fundAttractLarge, vacBySize = s.vacBySize.fill(0);
  const fundLow = p.fundedShareLow, fundWidth = p.fundedShareWidth;
  const upF = p.rndUpFactor, downF = p.rndDownFactor, floor = p.rndFloor, turnover = p.researcherTurnover, elasticity = p.rndElasticity;
  const powUp = Math.pow(upF, elasticity);
  const powDown = Math.pow(downF, elasticity);
  const intensityStartup = p.rndIntensityStartup, intensityEstablished = p.rndIntensityEstablished, adjust = p.rndAdjustment;
  const covW = s.cellAmount;
  const allocCov = s.allocCov, allocAmt = s.allocAmt, allocNeed = s.allocNeed, needEl = fx.needElasticity, peak = fx.dosePeak, capMul = p.awardCap; // Stryker disable next-line EqualityOperator: equivalent (i <= n): slot n is free (alive 0, skipped) or past the arrays' end (reads undefined: no award, no funding; writes ignored)
  for (let i = 0; i < n; i++) {
    if (alive[i] === 0) continue;
    const l = loc[i] as number;
    const t = ftype[i] as number;
    const stage = t & 1;
    const size = (t % 6) >> 1;
    const lo = idLo[i] as number;
    const hi = idHi[i] as number;
    // Awards (rule in allocate.ts): instrument j's uniform is word j mod 4 of awards block ⌊j/4⌋, drawn only when
    // the selection is uncertain (0 < probability < 1).
    let gr = 0;
    let newRnd = 0;
    let bits = 0; // Stryker disable next-line UnaryOperator: equivalent (+1): with three firm-level instruments j >> 2 is always 0, so the first uncertain selection still draws its block
    let drawn = -1;
    const cell = (l * NT + t) * NJ; // Stryker disable next-line EqualityOperator: equivalent (j <= NJ): j = NJ gives pc = NaN and only zeroes support[(i + 1) × NJ], which firm i + 1's own pass (or an entrant's reset) rewrites before it is read
    for (let j = 0; j < NJ; j++) {
      const k = firmInstrument[j] as number;
      const pc = (allocCov[j] as number) * (covW[cell + j] as number); // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent: a shortcut: with pc ≤ 0 the draw u < pc fails (u > 0) and the award is 0, as written here; draws are keyed, so an extra one changes nothing
      if (!(pc > 0)) {
        support[i * NJ + j] = 0;
        continue;
      } // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (false, pc > 1): a shortcut: for pc ≥ 1 the draw below gives u < 1 ≤ pc, a win (draws are keyed: skipping one changes nothing)
      let won = pc >= 1; // Stryker disable next-line ConditionalExpression: equivalent (true): drawing for pc ≥ 1 too wins (u < 1 ≤ pc)
      if (!won) { // Stryker disable next-line ConditionalExpression: equivalent (true): block() is a pure function of (key, firm, year, process, block): drawing again gives the same words
        if (drawn !== j >> 2) {
          block(key, lo, hi, year, PROCESS.awards, j >> 2);
          drawn = j >> 2;
        } // Stryker disable next-line EqualityOperator: equivalent (<=): u is (w + 0.5) / 2³², equal to pc only by a coincidence of measure zero
        won = u01(WORDS[j & 3] as number) < pc;
      }
      const S = awardSize[j] as number;
      let award = 0;
      if (won) { // the need factor (a power: costly) only for a firm selected; one not selected gets 0 whatever its need
        const el = needEl[j] as number; // Stryker disable next-line ConditionalExpression: equivalent (false): at el = 0, max(R&D, floor)⁰ × allocNeed is 1 × 1 (allocate.ts leaves the normaliser at 1 without need elasticity)
        const nu = el === 0 ? 1 : Math.pow(Math.max(rnd[i] as number, floor), el) * (allocNeed[j] as number);
        award = Math.min(capMul * S, (allocAmt[j] as number) * S * nu);
      }
      support[i * NJ + j] = award;
      if (award > 0) {
        bits |= 1 << j;
        fl.spend[k * nLoc + l] = (fl.spend[k * nLoc + l] as number) + award / M_PER_BN;
        fl.spendType[l * 5 + stage] = (fl.spendType[l * 5 + stage] as number) + award / M_PER_BN;
        fl.spendType[l * 5 + 2 + size] = (fl.spendType[l * 5 + 2 + size] as number) + award / M_PER_BN;
        if (isRnd[j] === 1) {
          gr += award;
          newRnd += (rndShare[j] as number) * S * dose(award, S, peak[j] as number);
        }
      }
    }
    supportBits[i] = bits;
    // Funding: probability min(1, capital/demand) × attractiveness. The block's last two words serve the firm pass.
    const fw = block(key, lo, hi, year, PROCESS.fundingSales, 0);
    carry[2 * i] = fw[2] as number;
    carry[2 * i + 1] = fw[3] as number;
    const need = needA[i] as number;
    let funded = 0; // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (true, need >= 0): need is 0 or burn × horizon − cash > 0 (horizon ≥ 1, cash < burn), and a need of 0 is funded 0 × share = 0
    if (need > 0) {
      // Investors' attractiveness by firm type: innovators and proven firms gain, pre-revenue firms lose, large firms are rarely rationed.
      const attract = Math.min(1, Math.max(0, attractBase + attractInnov * (innovated[i] as number) + ((age[i] as number) >= matureAge ? attractMature : 0) - attractPre * (preRevenue[i] as number) + (size === 2 ? attractLarge : 0)));
      const pf = Math.min(1, (M_PER_BN * (capital[l] as number)) / (demand[l] as number)) * attract; // Stryker disable next-line EqualityOperator: equivalent (<=): u is (w + 0.5) / 2³², never 0 or 1, and equal to pf only by a coincidence of measure zero
      if (u01(fw[0] as number) < pf) {
        funded = need * (fundLow + fundWidth * u01(fw[1] as number));
        fl.funded[l] = (fl.funded[l] as number) + funded;
      }
    }
    fundedAmt[i] = funded;
    // R&D: sellers move towards a target intensity × sales, pre-revenue firms grow it by rndUpFactor; funds short of
    // the burn cap it at old × rndDownFactor; R&D money adds its new-R&D share.
    const emp = employees[i] as number;
    const sl = sales[i] as number;
    const burn = netBurn(p, rnd[i] as number, emp, sl);
    const funds = (cash[i] as number) + funded + gr;
    const old = rnd[i] as number;
    const up = funds >= burn;
    const seller = (preRevenue[i] as number) === 0;
    const desired = seller ? old + adjust * (((age[i] as number) < STARTUP_AGE ? intensityStartup : intensityEstablished) * sl - old) : old * upF;
    const own = Math.max(floor, up ? desired : Math.min(desired, old * downF));
    const total = own + newRnd;
    rndOwn[i] = total - gr;
    rnd[i] = total;
    const before = researchers[i] as number;
    // (total/old)^elasticity; for a pre-revenue firm without R&D money the ratio is one of two constants, precomputed.
    const fast = !seller && gr === 0 && own > floor; // Stryker disable next-line ConditionalExpression: rounding-equivalent (fast → false: exp(elasticity × log ratio) is the same ratio to the last bits, as rndDownFactor ≤ rndUpFactor) and equivalent (before === 0 → false: 0 × a finite factor is 0); not Math.pow: V8's fractional pow costs 44 ns here, exp and log 11
    const factor = before === 0 ? 1 : fast ? (up ? powUp : powDown) : Math.exp(elasticity * Math.log(total / Math.max(old, 1e-9))); // no researchers: the target is 0 whatever the factor, so one firm in eight skips the exp and log
    const target = old > 0 ? before * factor : before;
    // Turnover: quitting researchers leave the firm and the local market; hiring must replace them.
    const quits = before * turnover;
    const res = before - quits;
    researchers[i] = res;
    employees[i] = Math.max(1, emp - quits); // Stryker disable next-line EqualityOperator: equivalent (>=): at target = res both branches give 0
    const vac = target > res ? target - res : 0;
    vacancy[i] = vac;
    fl.vacancies[l] = (fl.vacancies[l] as number) + vac;
    vacBySize[l * 3 + size] = (vacBySize[l * 3 + size] as number) + vac;
  } // Stryker disable next-line EqualityOperator: equivalent (l <= nLoc): the location arrays have nLoc (× 3) entries, so at l = nLoc every read is undefined and every write ignored
  for (let l = 0; l < nLoc; l++) {
    demand[l] = Math.max(0, (demand[l] as number) - (fl.funded[l] as number)); // unfunded demand (KRW m)
    // Share of vacancies the talent pool can fill, by size class; the pool shrinks by the hires.
    const hires = rationTalent(Math.max(0, talent[l] as number), vacBySize, hireRatio, l * 3, p.talentPrioritySmall, p.talentPriorityMedium);
    fl.unfilled[l] = unfilledAfter(vacBySize, hireRatio, l * 3);
    talent[l] = Math.max(0, (talent[l] as number) - hires);
  }
}

/** 4. Hiring, 5. networks, 6. innovation and patents, 7. sales, 8. cash and 9. exit, firm by firm. */
function phaseFirms(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  const C = s.nClusters;
  const n = s.n;
  const fx = s.fx;
  const NJ = fx.nFirm;
  const { alive, loc, sector, age: ageA, employees, researchers, sales, rnd, cash: cashA, collaborating, exporter, preRevenue, innovated, patents, support, supportBits, fundedAmt, vacancy, rndOwn, growth, newPatents, ftype, idLo, idHi, salesDev } = s.firm;
  const year = s.year;
  const carry = s.carry;
  const { talent, pExit, pTie, pRevenue, hireRatio } = s;
  const gfOf = fx.grantFeature, netOf = fx.networkingFeature, cmOf = fx.commercialisationFeature;
  const bumpOf = fx.growthBump, sizeOf = fx.awardSize, peakOf = fx.dosePeak;
  const W1 = NJ + 1;
  yearTables(s, p); // per-location exit probabilities and tie / first-revenue hazards (allocate.ts)
  const alpha = c.alpha;
  const sigma = c.sigma; // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: equivalent (true, ||, ≤, cap ÷ NF): grow() keeps a non-empty buffer at cap × NF, so these only allocate it again or without a panel (its values are written before they are read)
  if (panel !== null && s.x.length < s.cap * NF) // panel runs only
    s.x = new Float64Array(s.cap * NF);
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
  const gAG = ft[2 * NF + F.age] as number, gRS = ft[2 * NF + F.researchers] as number, gEM = ft[2 * NF + F.employees] as number;
  const gPI = ft[2 * NF + F.product_innovation] as number;
  const bPI = ft[NF + F.product_innovation] as number;
  // Interaction terms (support × firm type, …): a short dense list per equation over the firm's factor vector.
  const is = c.interStart; // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (true, ≥): an empty list of interaction terms sums to 0
  const hasInter = (is[3] as number) > 0, hasInterI = (is[1] as number) > 0, hasInterP = (is[2] as number) > (is[1] as number), hasInterG = (is[3] as number) > (is[2] as number);
  const xf = c.xf, supportOnly = c.interSupportOnly;
  const secA = c.sector, NS = SECTORS.length;
  const el = p.employmentElasticity;
  const tieDecay = p.tieDecay, margin = p.margin, overhead = p.overheadPerEmployee, youngAge = p.exitYoungAge;
  const firstRevenue = p.firstRevenue, firstSpread = p.firstRevenueSpread;
  // Sales (docs/model.md, "Sales and R&D"): salesDrift replaces the equation's level at the sample means; catch-up below the Gibrat threshold; s.d. falling with size.
  const sc = s.salesScale, shift = p.salesDrift - growthAtMeans(setup, c), catchUp = p.salesCatchUp, sdSize = p.salesSdSize, sdBase = sigma / sc.norm, rho = p.supportPersistence;
  for (let i = 0; i < n; i++) {
    if (alive[i] === 0) continue;
    const l = loc[i] as number;
    const bits = supportBits[i] as number;
    // 4. Hiring, rationed by the local talent pool (by size class: `rationTalent`).
    const hires = (vacancy[i] as number) * (hireRatio[l * 3 + (((ftype[i] as number) % 6) >> 1)] as number);
    researchers[i] = (researchers[i] as number) + hires;
    employees[i] = (employees[i] as number) + hires;
    const lo = idLo[i] as number;
    const hi = idHi[i] as number;
    const wa = block(key, lo, hi, year, PROCESS.firm, 0);
    const u = u01(wa[0] as number);
    const uInnov = u01(wa[1] as number);
    const uPat = u01(wa[2] as number);
    const ue = u01(wa[3] as number);
    // Support: each amount as a dose (1 at the typical 2018 award), into the features and channels.
    let gf = 0, net = 0, cm = 0, tieAdd = 0, bumpAdd = 0; // Stryker disable next-line ConditionalExpression: equivalent (true): a firm without awards has only zero amounts, which add nothing
    if (bits !== 0) {
      for (let j = 0; j < NJ; j++) {
        const d = dose(support[i * NJ + j] as number, sizeOf[j] as number, peakOf[j] as number); // 0 for an instrument the firm did not get
        // The equations' support features were estimated on 0/1 flags at the survey's typical amounts: an award up to
        // the typical one enters pro rata, a larger one as 1 (the amount-response beyond it is not identified by the estimates and acts only through the structural channels: new R&D, tie and first-revenue hazards).
        const f = Math.min(d, 1);
        if (gfOf[j] === 1) gf += f;
        if (netOf[j] === 1) net += f;
        if (cmOf[j] === 1) cm += f;
        tieAdd += (pTie[l * W1 + 1 + j] as number) * d;
        bumpAdd += (bumpOf[j] as number) * d;
      }
    }
    let col = collaborating[i] as number;
    if (col === 1) { // Stryker disable next-line EqualityOperator: equivalent (u ≤ tieDecay): u lies on a grid of 2⁻³², a tie has probability at most 2⁻³² a draw
      if (u < tieDecay) col = 0;
    } else if (belowHazard(u, (pTie[l * W1] as number) + tieAdd)) col = 1;
    collaborating[i] = col;
    const res = researchers[i] as number;
    const emp = employees[i] as number;
    const rd = rnd[i] as number;
    const lr = Math.log1p(res);
    const le = Math.log(emp);
    const ld = Math.log1p(rd);
    const ic = l < C ? 1 : 0;
    const age = ageA[i] as number;
    const st = age < STARTUP_AGE ? 1 : 0;
    const ex = exporter[i] as number;
    const pr = preRevenue[i] as number;
    const sec = sector[i] as number;
    // Interaction terms that all multiply a support feature are 0 for a firm without awards (most firms): skipped.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (true, bits !== 0 || …): evaluating the terms of a firm without awards adds exactly 0
    const inter = hasInter && (bits !== 0 || supportOnly === 0);
    if (inter) {
      // The firm's factor vector for interaction terms: features, sector and size-class dummies (the constant 1 stays).
      xf[F.log_researchers] = lr; xf[F.log_employees] = le; xf[F.log_rnd] = ld; xf[F.collaborating] = col; xf[F.support_rnd_grant] = gf; xf[F.support_networking] = net; xf[F.support_commercialisation] = cm;
      xf[F.in_cluster] = ic; xf[F.startup] = st; xf[F.exporter] = ex; xf[F.pre_revenue] = pr; xf[F.product_innovation] = 0; xf[F.age] = age; xf[F.researchers] = res; xf[F.employees] = emp;
      for (let k = X_SECTOR; k < X_SIZE + 3; k++) xf[k] = 0;
      xf[X_SECTOR + sec] = 1; xf[X_SIZE + sizeClassIndex(emp)] = 1;
    }
    const etaI = a0 + (secA[sec] as number) + (aLR * lr + aLE * le + aLD * ld + aCO * col + aGR * gf + aNE * net + aCM * cm + aIC * ic + aST * st + aEX * ex + aPR * pr + aAG * age + aRS * res + aEM * emp) + (inter && hasInterI ? interactionSum(c, 0) : 0);
    const innov = belowLogistic(uInnov, etaI) ? 1 : 0;
    innovated[i] = innov; // Stryker disable next-line ConditionalExpression: equivalent (true): xf is read only by interactionSum, which runs only when inter
    if (inter) xf[F.product_innovation] = innov;
    const etaP = b0 + (secA[NS + sec] as number) + (bLR * lr + bLE * le + bLD * ld + bCO * col + bGR * gf + bNE * net + bCM * cm + bIC * ic + bST * st + bEX * ex + bPR * pr + bAG * age + bRS * res + bEM * emp) + bPI * innov + (inter && hasInterP ? interactionSum(c, 1) : 0);
    const pats = negBinomialFromEta(uPat, etaP, alpha);
    newPatents[i] = pats;
    patents[i] = (patents[i] as number) + pats;
    fl.innovators[l] = (fl.innovators[l] as number) + innov;
    fl.patents[l] = (fl.patents[l] as number) + pats;
    const kStage = l * 5 + (st === 1 ? 0 : 1);
    const kSize = l * 5 + 2 + sizeClassIndex(emp);
    fl.typeFirms[kStage] = (fl.typeFirms[kStage] as number) + 1;
    fl.typeFirms[kSize] = (fl.typeFirms[kSize] as number) + 1;
    fl.typeInnovators[kStage] = (fl.typeInnovators[kStage] as number) + innov;
    fl.typeInnovators[kSize] = (fl.typeInnovators[kSize] as number) + innov;

    const hz = carry[2 * i] as number;
    const ur = u01(carry[2 * i + 1] as number);
    let g = 0;
    if (pr === 0) {
      const z = laplaceFromU(u01(hz)); // fat-tailed shock, unit variance
      const ls = Math.log(Math.max(sales[i] as number, 1e-9));
      // Commercialisation's growth bump is a rate for a seller at or below the Gibrat threshold; above it the award buys the same KRW of sales, so the rate falls as threshold ÷ sales.
      // Stryker disable next-line ConditionalExpression: equivalent (bumpAdd !== 0 → true): without a commercialisation award bumpAdd is +0, and +0 × exp(…) is +0 (the test only skips the exp)
      const bump = innov === 1 && bumpAdd !== 0 ? bumpAdd * Math.exp(Math.min(0, sc.threshold - ls)) : 0;
      const lc = Math.min(sc.hi, Math.max(sc.lo, ls)); // size effects flat outside the base-year range
      const size = catchUp * Math.max(0, sc.threshold - lc) + shift;
      const sd = sdBase * Math.exp(-sdSize * (lc - sc.mean));
      // Support's effect on log sales is a deviation that decays: this year's effect is added, (1 − ρ) of the past one undone.
      const pi = gGR * gf + gNE * net + gCM * cm + bump, dv = salesDev[i] as number;
      salesDev[i] = rho * dv + pi;
      g = g0 + (secA[2 * NS + sec] as number) + (gLR * lr + gLE * le + gLD * ld + gCO * col + gIC * ic + gST * st + gEX * ex + gAG * age + gRS * res + gEM * emp) + gPI * innov + (inter && hasInterG ? interactionSum(c, 2) : 0) + size + sd * z + pi - (1 - rho) * dv;
      const eg = Math.exp(g);
      sales[i] = (sales[i] as number) * eg; // Stryker disable next-line ConditionalExpression: rounding-equivalent (false): exp(el × g) is √(e^g) when el = ½ to the last bits (both overflow only past g ≈ 709)
      employees[i] = Math.max(1, res + (emp - res) * (el === SQRT_ELASTICITY ? Math.sqrt(eg) : Math.exp(el * g)));
    } else if (belowHazard(ur, revenueHazard(pRevenue, ((l * 2 + (res >= 1 ? 1 : 0)) * 2 + innov) * W1, support, i, NJ, bits, sizeOf, peakOf))) {
      preRevenue[i] = 0;
      sales[i] = firstRevenue * Math.exp(firstSpread * normalFromWord(hz, key, lo, hi, year));
    }
    growth[i] = g;
    if (panel !== null) {
      const o = i * NF; // Stryker disable next-line ArithmeticOperator: equivalent: log_researchers is feature 0 (o − 0 = o)
      x[o + F.log_researchers] = lr;
      x[o + F.log_employees] = le; x[o + F.log_rnd] = ld; x[o + F.collaborating] = col;
      x[o + F.support_rnd_grant] = gf; x[o + F.support_networking] = net; x[o + F.support_commercialisation] = cm; x[o + F.in_cluster] = ic;
      x[o + F.startup] = st; x[o + F.exporter] = ex; x[o + F.pre_revenue] = pr; x[o + F.product_innovation] = innov; x[o + F.age] = age;
      x[o + F.researchers] = res; x[o + F.employees] = emp;
      panel.push({ firm: firmId(lo, hi), year: s.year, loc: l, sector: sec, x: x.subarray(o, o + NF), product_innovation: innov, patent_apps: pats, sales_growth: pr === 0 ? g : null });
    }
    const cash = (cashA[i] as number) + margin * (sales[i] as number) - (rndOwn[i] as number) - overhead * (employees[i] as number) + (fundedAmt[i] as number);
    cashA[i] = cash;
    const ce = l * EXIT_CASES + (cash < 0 ? 1 : 0) + (age < youngAge ? 2 : 0) + (g < 0 ? 4 : 0) + ((researchers[i] as number) >= 1 ? 8 : 0); // Stryker disable next-line EqualityOperator: equivalent: u lies on a grid of 2⁻³², u = p exactly has probability at most 2⁻³² a draw
    if (ue < (pExit[ce] as number)) {
      alive[i] = 0;
      talent[l] = (talent[l] as number) + (researchers[i] as number);
      fl.exits[l] = (fl.exits[l] as number) + 1;
      s.free[s.nFree++] = i;
    } else {
      ageA[i] = age + 1;
    }
  }
}

/** Knowledge, 10. entry, and next year's aggregates and index. */
function phaseKnowledgeEntry(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null): void {
  const fl = s.flows;
  const nLoc = s.nLoc;
  // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): a write past a typed array's end is dropped. Knowledge from this year's innovations and patents plus institutional output.
  for (let l = 0; l < nLoc; l++) {
    const anchors = (setup.base.universities[l] as number) + (setup.base.hospitals[l] as number) + (setup.base.institutes[l] as number);
    s.knowledge[l] = (1 - p.deltaKnowledge) * (s.knowledge[l] as number) + (fl.innovators[l] as number) + (fl.patents[l] as number) + p.institutionalOutput * anchors;
  }

  // Entry: Poisson per location, rising in knowledge, capital, infrastructure and the cluster index.
  const dn = setup.donors; // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): location nLoc has no base firms, so a rate of NaN and no entrant
  for (let l = 0; l < nLoc; l++) {
    const idHigh = entrantIdHigh(l, s.year);
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
      Math.pow(Math.max(1e-6, (s.index[l] as number) / INDEX_MIDPOINT), p.entryIndex); // outside clusters the index is the midpoint: a ratio of 1
    // The hard population ceiling (src/limits.ts): no location grows beyond POPULATION_CEILING_MULTIPLE × its
    // base-year firms, whatever the budget. Entrants' draws are keyed by their index, so a cut changes no other draw.
    const room = Math.max(0, POPULATION_CEILING_MULTIPLE * base0 - ((fl.firms[l] as number) - (fl.exits[l] as number)));
    const m = Math.min(room, poissonFromU(u01(block(key, l, 0, s.year, PROCESS.entryCount, 0)[0] as number), lam));
    for (let e = 0; e < m; e++) {
      // Entrant e of location l this year: its attributes and its id are keyed to (location, year, e) alone.
      const we = block(key, l, e, s.year, PROCESS.entrant, 0);
      const us = u01(we[0] as number);
      const ud = u01(we[1] as number);
      const uc = u01(we[2] as number);
      let sec = 0; // Stryker disable next-line EqualityOperator: equivalent (us ≥ cum): us lies on a grid of 2⁻³², a tie has probability at most 2⁻³² a draw
      while (sec < SECTORS.length - 1 && us > (s.sectorCum[l * SECTORS.length + sec] as number)) sec++;
      const ds = setup.donorsBySector[sec] as Int32Array;
      const d = ds[Math.min(ds.length - 1, Math.floor(ud * ds.length))] as number;
      placeEntrant(s, p, dn, d, l, e, idHigh, uc);
    }
  }

  // Next year's network density and index from the surviving firms.
  aggregate(s); // Stryker disable next-line EqualityOperator: equivalent (l ≤ nLoc): a write past a typed array's end is dropped
  for (let l = 0; l < nLoc; l++)
    s.network[l] = (fl.firms[l] as number) > 0 ? (fl.collaborating[l] as number) / (fl.firms[l] as number) : 0;
  updateIndex(s);
}

/** Starts a year: advances the clock and zeroes the year's flows. */
export function beginYear(s: State): void {
  s.year += 1;
  const fl = s.flows;
  fl.entries.fill(0); fl.exits.fill(0); fl.unfunded.fill(0); fl.funded.fill(0); fl.vacancies.fill(0); fl.unfilled.fill(0);
  fl.spend.fill(0); fl.spendType.fill(0); fl.innovators.fill(0); fl.patents.fill(0); fl.typeFirms.fill(0); fl.typeInnovators.fill(0);
}

/** The year's phases in order, by name (the bench times each; `step` runs them). */
export const PHASES = [
  { name: "policy weights and needs", run: phasePolicyAndNeeds },
  { name: "cluster stocks", run: phaseStocks },
  { name: "awards, funding, R&D", run: phaseAwardsFundingRnd },
  { name: "hiring, networks, innovation, sales, cash, exit", run: phaseFirms },
  { name: "knowledge, entry, aggregates, index", run: phaseKnowledgeEntry },
] as const;

/** Advances the state by one year. */
export function step(s: State, setup: ModelSetup, p: Structural, pol: YearPolicy, c: Coefs, key: DrawKey, panel: PanelSink | null = null): void {
  beginYear(s);
  phasePolicyAndNeeds(s, setup, p, pol, c, key, panel);
  phaseStocks(s, setup, p, pol, c, key, panel);
  phaseAwardsFundingRnd(s, setup, p, pol, c, key, panel);
  phaseFirms(s, setup, p, pol, c, key, panel);
  phaseKnowledgeEntry(s, setup, p, pol, c, key, panel);
}

export { N_TYPES };
