/**
 * Money an instrument cannot spend: a firm-level instrument pays each selected firm at most awardCap × its typical
 * award, so beyond what its eligible firms absorb the budget stays unspent; `unspentBudgets` names it.
 */
import { expect, test } from "vitest";
import { loadInputs, resolveMixes } from "../src/experiments/simulate";
import { runExperiment } from "../src/experiments/runner";
import { unspentBudgets } from "../src/experiments/summary";
import { DEFAULT_STRUCTURAL } from "../src/model/params";

const inputs = loadInputs();

test("networking beyond its absorption is reported unspent, with budget and spend; the status quo spends its money", async () => {
  const ids = inputs.clusters.map((c) => c.id);
  const [sq, nf] = resolveMixes(["status_quo", "network_first"], ids);
  const res = await runExperiment(inputs, [sq!, nf!], { years: 2, replicates: 2, seed: "unspent", paramUncertainty: false });
  const rows = unspentBudgets(res);
  expect(rows.filter((r) => r.scenario === "status_quo")).toEqual([]);
  const net = rows.find((r) => r.scenario === "network_first" && r.instrument === "networking");
  expect(net).toBeDefined();
  const shares = nf!.shares as Record<string, number>;
  expect(net!.budget).toBeCloseTo(2 * (nf!.budget.krwBn as number) * (shares.networking as number), 9);
  // At most every cluster firm at the cap each year (entrants add a few firms): the absorption bound.
  const clusterFirms = inputs.clusters.reduce((a, c) => a + c.firms, 0);
  const cap = (2 * 1.1 * clusterFirms * DEFAULT_STRUCTURAL.awardCap * DEFAULT_STRUCTURAL.networkSupportSize) / 1000;
  expect(net!.spent).toBeGreaterThan(0);
  expect(net!.spent).toBeLessThan(cap);
  expect(net!.spent).toBeLessThan(0.95 * net!.budget);
  // A stricter threshold can only add rows; a threshold of 0 reports nothing.
  expect(unspentBudgets(res, 0)).toEqual([]);
  expect(unspentBudgets(res, 0.999).length).toBeGreaterThanOrEqual(rows.length);
});
