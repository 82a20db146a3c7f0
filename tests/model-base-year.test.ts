/**
 * The base year's per-type tallies and the entrant reset (issue 18, mutation testing of state.ts). `initState`
 * counts each base-year firm once by stage (start-up below STARTUP_AGE, or established) and once by size class, per
 * location, with the innovators among them — the outputs' year-0 firm-type columns; expected values are recounted
 * here from the population's own columns. `resetEntrant` copies the donor's columns into the entrant's slot and
 * resets its per-instrument columns over the whole slot and only that slot, from whichever donor population it is
 * given. No simulation runs.
 */
import { describe, expect, test } from "vitest";
import { initState, type State } from "../src/model/engine";
import { resetEntrant } from "../src/model/state";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { STARTUP_AGE, sizeClassIndex } from "../src/data/constants";
import type { Population } from "../src/population/columns";
import { key, setup } from "./model-hand-state";

describe("initState: the base year's tallies by firm type", () => {
  test("firms and innovators by stage and by size, per location, innovators and patents per location", () => {
    const s = initState(setup, DEFAULT_STRUCTURAL, key);
    const pop = setup.population;
    const L = setup.nLoc;
    const firms = new Float64Array(5 * L);
    const innovators = new Float64Array(5 * L);
    const innov = new Float64Array(L);
    const patents = new Float64Array(L);
    for (let i = 0; i < pop.size; i++) {
      const l = pop.loc[i] as number;
      const stage = (pop.age[i] as number) < STARTUP_AGE ? 0 : 1;
      const size = 2 + sizeClassIndex(pop.employees[i] as number);
      for (const k of [l * 5 + stage, l * 5 + size]) {
        firms[k]! += 1;
        innovators[k]! += pop.innovated[i] as number;
      }
      innov[l]! += pop.innovated[i] as number;
      patents[l]! += pop.patents[i] as number;
    }
    // The population has start-ups and established firms, small and larger ones, innovators among them.
    expect(firms.filter((_, k) => k % 5 === 0).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(firms.filter((_, k) => k % 5 === 1).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(firms.filter((_, k) => k % 5 === 3).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(innovators.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Array.from(s.flows.typeFirms)).toEqual(Array.from(firms));
    expect(Array.from(s.flows.typeInnovators)).toEqual(Array.from(innovators));
    expect(Array.from(s.flows.innovators)).toEqual(Array.from(innov));
    expect(Array.from(s.flows.patents)).toEqual(Array.from(patents));
    // Each firm counted once by stage and once by size.
    for (let l = 0; l < L; l++) {
      const t = s.flows.typeFirms;
      expect((t[l * 5] as number) + (t[l * 5 + 1] as number)).toBe(s.flows.firms[l]);
      expect((t[l * 5 + 2] as number) + (t[l * 5 + 3] as number) + (t[l * 5 + 4] as number)).toBe(s.flows.firms[l]);
    }
  });
});

describe("resetEntrant: the entrant's slot from its donor", () => {
  const fresh = (): State => initState(setup, DEFAULT_STRUCTURAL, key);
  test("the per-instrument support of the slot is reset in full; its neighbours' is untouched", () => {
    const s = fresh();
    const w = s.fx.nFirm;
    expect(w).toBeGreaterThan(1);
    s.firm.support.fill(7);
    resetEntrant(s, 5, setup.donors, 0);
    const support = Array.from(s.firm.support);
    expect(support.slice(5 * w, 6 * w)).toEqual(new Array(w).fill(0));
    expect(support.slice(0, 5 * w).every((v) => v === 7)).toBe(true);
    expect(support.slice(6 * w, 8 * w).every((v) => v === 7)).toBe(true);
  });
  test("donor columns come from the donor population it is given, also when a different one follows", () => {
    const s = fresh();
    const a = setup.donors;
    resetEntrant(s, 3, a, 2);
    expect(s.firm.employees[3]).toBe(a.employees[2]);
    expect(s.firm.rnd[3]).toBe(a.rnd[2]);
    // A second donor population: the same firms with other employees and R&D.
    const b = { ...a, employees: Float64Array.from(a.employees, (v) => v + 1000), rnd: Float64Array.from(a.rnd, (v) => v * 3 + 1) } as Population;
    resetEntrant(s, 4, b, 2);
    expect(s.firm.employees[4]).toBe((a.employees[2] as number) + 1000);
    expect(s.firm.rnd[4]).toBe((a.rnd[2] as number) * 3 + 1);
    expect(s.firm.employees[3]).toBe(a.employees[2]); // the first entrant keeps what it got
  });
});
