/**
 * Stated demand tied to the constraint a firm faces in the model (issue 14): "survey-demand" targeting weighs each
 * firm by its policy cell — its type and whether it is cash-constrained this year (cash below its year's net burn,
 * so it seeks external funding) — with the share of surveyed firms of that cell (type, and constrained in the
 * survey's sense) ranking the instrument's kind of support first. In the survey a constrained firm ranks funding
 * first more often (tests/data-demand.test.ts), so funding support targeted by stated demand reaches constrained
 * firms more often than others; targeted by type alone, it does not.
 */
import { describe, expect, test } from "vitest";
import { loadInputs } from "../src/experiments/simulate";
import { initState, step } from "../src/model/engine";
import { INSTRUMENT_TABLE, type InstrumentSpec } from "../src/model/instruments";
import { N_CELLS, N_TYPES } from "../src/model/features";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { validateMix } from "../src/model/policy";
import { demandWeights, replicateCoefs, replicateSeed, resolvePolicy } from "../src/model/run";
import { buildSetup } from "../src/model/setup";
import { replicateKey } from "../src/random/keyed";

const inputs = loadInputs();
const ids = inputs.clusters.map((c) => c.id);

/** A firm-level instrument answering the demand for funding (a bridge loan paid as an amount), reaching every firm. */
const bridge: InstrumentSpec = { id: "bridge_loan", label: "Bridge loan", level: "firm", demand: "funding", surveyColumn: null, feature: null, awardSize: 100, coverage: 0.2, dosePeak: "supportDosePeak", national: true, effects: [{ on: "revenueOdds", logOdds: 0.5 }], aliases: [] };
const table = [...INSTRUMENT_TABLE, bridge];
const setup = buildSetup({ ...inputs, instruments: table });
const k = table.length - 1;

describe("survey-demand weights by the constraint a firm faces", () => {
  test("in the survey's cells, constrained firms weigh more for funding than unconstrained firms of the same type", () => {
    const w = demandWeights(setup)[k]!;
    expect(w.length).toBe(N_CELLS);
    // Firm-weighted over types (the survey's firms per type), the constrained half weighs more.
    let more = 0;
    let types = 0;
    let gap = 0;
    let n = 0;
    for (let t = 0; t < N_TYPES; t++) {
      const m = (setup.typeCounts[t] as number) + (setup.typeCounts[t + N_TYPES] as number);
      if (m === 0) continue;
      types++;
      if ((w[t + N_TYPES] as number) > (w[t] as number)) more++;
      gap += m * ((w[t + N_TYPES] as number) - (w[t] as number));
      n += m;
    }
    expect(gap / n).toBeGreaterThan(0);
    expect(more).toBeGreaterThan(types / 2);
  });

  /** Share of alive firms receiving the bridge loan in year 1, among cash-constrained firms and among the others. */
  function recipientShares(targeting: unknown, replicates: number): { constrained: number; other: number; nc: number; no: number } {
    const mix = validateMix({ name: "bridge", budget: { krwBn: 20 }, shares: { bridge_loan: 1 }, clusterShare: { bridge_loan: 0.5 }, targeting: { bridge_loan: targeting } }, "bridge.json", ids, table);
    const p = DEFAULT_STRUCTURAL;
    let c = 0, nc = 0, o = 0, no = 0;
    for (let r = 0; r < replicates; r++) {
      const seed = replicateSeed("constraint", r);
      const key = replicateKey(seed);
      const s = initState(setup, p, key);
      const pol = resolvePolicy(mix, setup, p);
      pol.budget[k] = 20;
      step(s, setup, p, pol, replicateCoefs(setup, "constraint", r, false), key);
      const NJ = s.fx.nFirm;
      const j = s.fx.firmOf[k] as number;
      for (let i = 0; i < s.n; i++) {
        // Firms alive at the allocation (exits happen after it): need is this year's, support this year's award.
        if ((s.firm.ftype[i] as number) >= N_TYPES) {
          nc++;
          if ((s.firm.support[i * NJ + j] as number) > 0) c++;
        } else {
          no++;
          if ((s.firm.support[i * NJ + j] as number) > 0) o++;
        }
      }
    }
    return { constrained: c / nc, other: o / no, nc, no };
  }

  test("in the simulation, survey-demand targeting gives the funding instrument to cash-constrained firms more often; untargeted support does not", () => {
    const demand = recipientShares("survey-demand", 4);
    expect(demand.nc).toBeGreaterThan(100);
    expect(demand.no).toBeGreaterThan(100);
    const plain = recipientShares({ stage: { startup: 1 } }, 4);
    // Untargeted (every type weight 1): the same probability whatever the constraint, up to the draws.
    expect(Math.abs(plain.constrained - plain.other)).toBeLessThan(0.03);
    expect(demand.constrained - demand.other).toBeGreaterThan(0.03 + Math.abs(plain.constrained - plain.other));
  }, 30_000);

  test("only funding demand is split by the constraint: every other instrument weighs a type's two halves alike, with the type's own share", () => {
    const all = demandWeights(setup);
    let splitFunding = 0;
    table.forEach((inst, j) => {
      const w = all[j]!;
      for (let t = 0; t < N_TYPES; t++) {
        if (inst.demand === "funding") splitFunding += Number(w[t] !== w[t + N_TYPES]);
        else expect(w[t + N_TYPES], `${inst.id}, type ${t}`).toBe(w[t]);
      }
    });
    // The funding instruments do use the split (else the test above could not hold).
    expect(splitFunding).toBeGreaterThan(0);
  });
});
