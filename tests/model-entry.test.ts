/**
 * The last phase of the year on hand-built states (issue 18: each formula checked against its documented form, not
 * against a past run): the knowledge stock, the number of entrants per location (Poisson, keyed to the location and
 * year, with its four elasticities and the population ceiling), each entrant's sector, donor and id, and next year's
 * network density. The phase's inputs are recorded just before it runs, and its outputs recomputed from them here.
 */
import { describe, expect, test } from "vitest";
import { P_INTERCEPT } from "../src/model/features";
import { DEFAULT_STRUCTURAL, type Structural } from "../src/model/params";
import { aggregate, beginYear, PHASES, type DrawKey, type State, type YearPolicy } from "../src/model/engine";
import { INDEX_MIDPOINT } from "../src/model/state";
import type { Coefs } from "../src/model/coefs";
import { block, entrantIdHigh, PROCESS, replicateKey, u01 } from "../src/random/keyed";
import { poissonFromU } from "../src/random/fast";
import { POPULATION_CEILING_MULTIPLE } from "../src/limits";
import { SECTORS } from "../src/data/constants";
import { firms, handCoefs, NLOC, OUT, policy, setup as bundled, type Firm } from "./model-hand-state";
import type { ModelSetup } from "../src/model/types";

/** Entry that every factor moves: elasticities away from 0 and 1, a rate that gives a few entrants per location. */
const P: Structural = { ...DEFAULT_STRUCTURAL, exitBase: 0.05, entryRate: 0.3, entryKnowledge: 0.8, entryCapital: 0.6, entryInfra: 1.7, entryIndex: 1.3, deltaKnowledge: 0.2, institutionalOutput: 0.7 };
/** Innovation with probability ½ and some patents: this year's flows feed knowledge. */
const C: Coefs = handCoefs([[P_INTERCEPT, 0, 0]], [[P_INTERCEPT, 0, 0.3]], [[P_INTERCEPT, 0, 0]]);
/** Firms in three clusters and outside; the other clusters start empty. */
const LIST: Firm[] = Array.from({ length: 24 }, (_, i) => ({ loc: i % 4 === 3 ? OUT : i % 3, sector: i % SECTORS.length, age: 1 + ((i * 5) % 15), employees: 2 + ((i * 29) % 300), researchers: (i * 3) % 11, sales: 100 + i * 50 }));

interface Before { knowledge: Float64Array; capital: Float64Array; infraScore: Float64Array; index: Float64Array; firms: Float64Array; exits: Float64Array; innovators: Float64Array; patents: Float64Array; n: number }

/** One year on the hand state; everything the last phase reads is recorded just before it runs. */
function year(p: Structural, key: DrawKey, pol: YearPolicy = policy({ infrastructure: 40 }), s: State = start(p), setup: ModelSetup = bundled): { s: State; before: Before } {
  beginYear(s);
  for (let k = 0; k < PHASES.length - 1; k++) (PHASES[k] as (typeof PHASES)[number]).run(s, setup, p, pol, C, key, null);
  const before: Before = {
    knowledge: s.knowledge.slice(), capital: s.capital.slice(), infraScore: s.infraScore.slice(), index: s.index.slice(),
    firms: s.flows.firms.slice(), exits: s.flows.exits.slice(), innovators: s.flows.innovators.slice(), patents: s.flows.patents.slice(), n: s.n,
  };
  (PHASES[PHASES.length - 1] as (typeof PHASES)[number]).run(s, setup, p, pol, C, key, null);
  return { s, before };
}
function start(p: Structural): State {
  const s = firms(p, LIST);
  aggregate(s); // the flows of the hand-built firms, not of the base year's population
  // Risk capital's base away from the base year's stock (from half to about twice it), so the capital ratio is not 1.
  for (let l = 0; l < NLOC; l++) s.vcBase[l] = (s.vcBase[l] as number) * (0.5 + (1.5 * l) / NLOC);
  return s;
}

/** The documented knowledge update: (1 − δ) K + innovators + patents + output × anchors (universities, hospitals, institutes). */
function knowledge(p: Structural, b: Before, l: number, setup: ModelSetup = bundled): number {
  const anchors = (setup.base.universities[l] as number) + (setup.base.hospitals[l] as number) + (setup.base.institutes[l] as number);
  return (1 - p.deltaKnowledge) * (b.knowledge[l] as number) + (b.innovators[l] as number) + (b.patents[l] as number) + p.institutionalOutput * anchors;
}

/** The documented entry rate of location l: rate × base firms × knowledge, capital and index ratios to their elasticities × (1 + entryInfra × Δ infraScore). */
function lambda(p: Structural, b: Before, k: Float64Array, l: number, setup: ModelSetup = bundled): number {
  const ratio = (now: number, base: number) => (base > 0 ? Math.max(1e-6, now / base) : 1);
  const score0 = 1 - Math.exp(-(setup.base.infra[l] as number) / p.kappaInfra);
  const idx = l < setup.nLoc - 1 ? ratio(b.index[l] as number, INDEX_MIDPOINT) : 1;
  return p.entryRate * (setup.base.firms[l] as number) * ratio(k[l] as number, setup.base.knowledge[l] as number) ** p.entryKnowledge *
    ratio(b.capital[l] as number, setup.base.capital[l] as number) ** p.entryCapital * Math.max(0, 1 + p.entryInfra * ((b.infraScore[l] as number) - score0)) * idx ** p.entryIndex;
}

const KEYS = ["entry-a", "entry-b", "entry-c", "entry-d"].map((k) => replicateKey(k));

describe("knowledge and entry", () => {
  test("knowledge: (1 − δ) of last year's stock plus this year's innovators and patents plus the anchors' output", () => {
    const { s, before } = year(P, KEYS[0] as DrawKey);
    for (let l = 0; l < NLOC; l++) expect(s.knowledge[l] as number, `location ${l}`).toBeCloseTo(knowledge(P, before, l), 9);
    // Every term counts somewhere: some location has innovators, patents and anchors.
    expect(before.innovators.some((v) => v > 0) && before.patents.some((v) => v > 0)).toBe(true);
    expect(Array.from({ length: NLOC }, (_, l) => bundled.base.universities[l] as number).some((v) => v > 0)).toBe(true);
  });

  test("entrants per location: the Poisson count of the location's uniform at its rate, every factor as documented", () => {
    let entrants = 0, moved = 0;
    for (const key of KEYS) {
      const { s, before } = year(P, key);
      const k = Float64Array.from({ length: NLOC }, (_, l) => knowledge(P, before, l));
      for (let l = 0; l < NLOC; l++) {
        const u = u01(block(key, l, 0, s.year, PROCESS.entryCount, 0)[0] as number);
        const lam = lambda(P, before, k, l);
        expect(s.flows.entries[l], `location ${l}`).toBe(poissonFromU(u, lam));
        entrants += s.flows.entries[l] as number;
        // The rate is not just entryRate × base firms: the other factors change some location's count.
        if (poissonFromU(u, P.entryRate * (bundled.base.firms[l] as number)) !== poissonFromU(u, lam)) moved++;
      }
    }
    expect(entrants).toBeGreaterThan(20);
    expect(moved).toBeGreaterThan(3);
  });

  test("each factor matters: setting one elasticity (or the infrastructure effect) to 0 changes some location's count", () => {
    const counts = (p: Structural) => KEYS.flatMap((key) => Array.from(year(p, key).s.flows.entries));
    const all = counts(P);
    for (const f of ["entryKnowledge", "entryCapital", "entryIndex", "entryInfra"] as const) expect(counts({ ...P, [f]: 0 }), f).not.toEqual(all);
  });

  test("a location whose base year had no knowledge (or no risk capital) enters without that factor (ratio 1)", () => {
    const base = { ...bundled.base, knowledge: bundled.base.knowledge.slice(), capital: bundled.base.capital.slice() };
    base.knowledge[0] = 0;
    base.capital[1] = 0;
    const setup: ModelSetup = { ...bundled, base };
    let entrants = 0;
    for (const key of KEYS) {
      const { s, before } = year(P, key, policy({ infrastructure: 40 }), start(P), setup);
      const k = Float64Array.from({ length: NLOC }, (_, l) => knowledge(P, before, l, setup));
      for (let l = 0; l < NLOC; l++) {
        const u = u01(block(key, l, 0, s.year, PROCESS.entryCount, 0)[0] as number);
        expect(s.flows.entries[l], `location ${l}`).toBe(poissonFromU(u, lambda(P, before, k, l, setup)));
      }
      entrants += (s.flows.entries[0] as number) + (s.flows.entries[1] as number);
      expect(Number.isFinite(s.capital[0]) && Number.isFinite(s.capital[1])).toBe(true);
    }
    expect(entrants).toBeGreaterThan(0);
  });

  test("the population ceiling: no location passes POPULATION_CEILING_MULTIPLE × its base-year firms", () => {
    // Entry at 4 × the ceiling's multiple of the base-year firms, whatever the state (the four factors off).
    // A third of the firms exit: the room left is the ceiling less this year's survivors.
    const q: Structural = { ...P, exitBase: 0.35, entryRate: 4 * POPULATION_CEILING_MULTIPLE, entryKnowledge: 0, entryCapital: 0, entryIndex: 0, entryInfra: 0 };
    const { s, before } = year(q, KEYS[1] as DrawKey);
    expect(before.exits.reduce((a, b) => a + b, 0)).toBeGreaterThan(2);
    for (let l = 0; l < NLOC; l++) {
      const base0 = bundled.base.firms[l] as number;
      const room = POPULATION_CEILING_MULTIPLE * base0 - ((before.firms[l] as number) - (before.exits[l] as number));
      expect(s.flows.entries[l], `location ${l}`).toBe(room);
      expect(s.flows.firms[l], `location ${l}`).toBe(POPULATION_CEILING_MULTIPLE * base0);
    }
  });

  test("a location already at its ceiling gets no entrant", () => {
    // A base year's rate × 40 fills every location to the ceiling; the next year adds nobody, whatever the draws.
    const q: Structural = { ...P, exitBase: 1e-12, exitCash: 0, exitYoung: 0, exitFalling: 0, exitInfra: 0, entryRate: 4 * POPULATION_CEILING_MULTIPLE, entryKnowledge: 0, entryCapital: 0, entryIndex: 0, entryInfra: 0 };
    const first = year(q, KEYS[2] as DrawKey);
    expect(Array.from(first.s.flows.firms)).toEqual(Array.from({ length: NLOC }, (_, l) => POPULATION_CEILING_MULTIPLE * (bundled.base.firms[l] as number)));
    const { s } = year(q, KEYS[2] as DrawKey, policy({ infrastructure: 40 }), first.s);
    expect(Array.from(s.flows.entries)).toEqual(new Array(NLOC).fill(0));
  });

  test("each entrant: id (its index, the location and year), age 0, the sector its uniform picks, a donor of that sector", () => {
    const key = KEYS[3] as DrawKey;
    const { s, before } = year(P, key);
    const f = s.firm;
    const dn = bundled.donors;
    let seen = 0;
    const sectors = new Set<number>();
    for (let l = 0; l < NLOC; l++) {
      const idHigh = entrantIdHigh(l, s.year);
      for (let e = 0; e < (s.flows.entries[l] as number); e++) {
        let i = -1;
        for (let j = 0; j < s.n; j++) if (f.alive[j] === 1 && f.idHi[j] === idHigh && f.idLo[j] === e) i = j;
        expect(i, `entrant ${e} of location ${l}`).toBeGreaterThanOrEqual(0);
        const w = block(key, l, e, s.year, PROCESS.entrant, 0);
        const us = u01(w[0] as number), ud = u01(w[1] as number);
        let sec = 0;
        while (sec < SECTORS.length - 1 && us > (s.sectorCum[l * SECTORS.length + sec] as number)) sec++;
        const ds = bundled.donorsBySector[sec] as Int32Array;
        const d = ds[Math.min(ds.length - 1, Math.floor(ud * ds.length))] as number;
        expect([f.loc[i], f.age[i], f.sector[i]], `entrant ${e} of location ${l}`).toEqual([l, 0, sec]);
        expect([f.employees[i], f.researchers[i], f.exporter[i]]).toEqual([dn.employees[d], dn.researchers[d], dn.exporter[d]]);
        expect(dn.sector[d]).toBe(sec);
        sectors.add(sec);
        seen++;
      }
    }
    expect(seen).toBe(s.flows.entries.reduce((a, b) => a + b, 0));
    expect(seen).toBeGreaterThan(5);
    expect(sectors.size).toBeGreaterThan(2);
    // Entrants fill the slots of this year's exits first, then new slots at the end.
    expect(s.n).toBe(before.n + Math.max(0, seen - s.flows.exits.reduce((a, b) => a + b, 0)));
  });

  test("next year's network density: collaborating firms over firms per location, 0 where there is none", () => {
    const { s } = year({ ...P, entryRate: 0 }, KEYS[0] as DrawKey);
    const firmsAt = new Float64Array(NLOC), col = new Float64Array(NLOC);
    for (let i = 0; i < s.n; i++) {
      if (s.firm.alive[i] === 0) continue;
      const l = s.firm.loc[i] as number;
      firmsAt[l] = (firmsAt[l] as number) + 1;
      col[l] = (col[l] as number) + (s.firm.collaborating[i] as number);
    }
    for (let l = 0; l < NLOC; l++) expect(s.network[l], `location ${l}`).toBe((firmsAt[l] as number) > 0 ? (col[l] as number) / (firmsAt[l] as number) : 0);
    expect(firmsAt.some((v) => v === 0)).toBe(true);
    expect(s.network.some((v) => v > 0 && v < 1)).toBe(true);
  });
});
