/**
 * Where infrastructure money acts (issue 14): its effects (exit, first revenue, entry) run through a cluster's
 * infraScore = 1 − exp(−stock / kappaInfra), concave in the stock. A KRW bn added where the stock is small moves the
 * score, and so the exit hazard, many times more than in the largest clusters, whose score is already above 0.9:
 * that is why the status quo's infrastructure money changes little nationally — not a defect.
 */
import { expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { initState, step } from "../src/model/engine";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { validateMix } from "../src/model/policy";
import { replicateCoefs, replicateSeed, resolvePolicy } from "../src/model/run";
import { buildSetup } from "../src/model/setup";
import { EXIT_CASES } from "../src/model/state";
import { replicateKey } from "../src/random/keyed";

const inputs = loadInputs();
const setup = buildSetup(inputs);
const ids = setup.clusterIds;
const p = DEFAULT_STRUCTURAL;

/** Year 1 with `bn` KRW bn of infrastructure in cluster `id` only: its infraScore and a researching firm's exit probability. */
function yearOne(id: string, bn: number): { score: number; exit: number } {
  const mix = validateMix({ name: "infra", budget: { krwBn: bn }, shares: { infrastructure: 1 }, targeting: { infrastructure: { clusters: { [id]: 1 } } } }, "infra.json", ids);
  const key = replicateKey(replicateSeed("infra-margin", 0));
  const s = initState(setup, p, key);
  const pol = resolvePolicy(mix, setup, p);
  pol.budget[0] = bn;
  step(s, setup, p, pol, replicateCoefs(setup, "infra-margin", 0, false), key);
  const l = ids.indexOf(id);
  // Case 8: a firm with in-house researchers, cash ≥ 0, not young, sales not falling.
  return { score: s.infraScore[l] as number, exit: s.pExit[l * EXIT_CASES + 8] as number };
}

test("a KRW bn of infrastructure lowers the exit hazard far more where infraScore is low than in the largest clusters", () => {
  const stock = (id: string) => setup.base.infra[ids.indexOf(id)] as number;
  const low = ids.reduce((a, b) => (stock(b) < stock(a) ? b : a));
  const high = ids.reduce((a, b) => (stock(b) > stock(a) ? b : a));
  const margin = (id: string) => {
    const a = yearOne(id, 0);
    const b = yearOne(id, 10);
    return { score0: a.score, dScore: (b.score - a.score) / 10, dExit: (b.exit - a.exit) / 10 };
  };
  const lo = margin(low);
  const hi = margin(high);
  expect(lo.score0).toBeLessThan(0.1);
  expect(hi.score0).toBeGreaterThan(0.9);
  // Positive everywhere, and over ten times larger where the score is low (the ratio of exp(−stock / kappa)).
  expect(hi.dScore).toBeGreaterThan(0);
  expect(lo.dExit).toBeLessThan(0);
  expect(hi.dExit).toBeLessThan(0);
  expect(lo.dScore).toBeGreaterThan(10 * hi.dScore);
  expect(lo.dExit).toBeLessThan(10 * hi.dExit);
});

test("no saturation from 0.5× to 3× the status quo's infrastructure money: the fall in every cluster's exit hazard is positive and falling per KRW bn", () => {
  // The instrument's target is the exit hazard (and first revenue, entry) through infraScore; measured here on the
  // hazard of the same firm case in every cluster, summed, after one year of infrastructure money spread over the
  // clusters without targeting (deterministic: the hazard is a function of the stock, no draw). National outcomes
  // move too little to test this way (docs/model.md).
  const sq = resolveMixes(["status_quo"], ids)[0]!;
  const base = (sq.budget.krwBn as number) * ((sq.shares as Record<string, number>).infrastructure as number); // KRW 165 bn
  const only = validateMix({ name: "infra", budget: { krwBn: 1 }, shares: { infrastructure: 1 } }, "infra.json", ids);
  const hazard = (bn: number) => {
    const key = replicateKey(replicateSeed("infra-saturation", 0));
    const s = initState(setup, p, key);
    const pol = resolvePolicy(only, setup, p);
    pol.budget[0] = bn;
    step(s, setup, p, pol, replicateCoefs(setup, "infra-saturation", 0, false), key);
    let h = 0;
    for (let l = 0; l < ids.length; l++) h += s.pExit[l * EXIT_CASES + 8] as number;
    return h;
  };
  const factors = [0.5, 1, 2, 3];
  const h = factors.map((f) => hazard(f * base));
  const marginal = [1, 2, 3].map((i) => (h[i - 1]! - h[i]!) / ((factors[i]! - factors[i - 1]!) * base));
  for (const m of marginal) expect(m).toBeGreaterThan(0);
  expect(marginal[1]!).toBeLessThan(marginal[0]!);
  expect(marginal[2]!).toBeLessThan(marginal[1]!);
});
