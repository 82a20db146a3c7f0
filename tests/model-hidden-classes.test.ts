/**
 * Every replicate hands the yearly step a structural-parameter object of the same V8 hidden class. When the class
 * changed at a thread's third replicate (an object spread's inline cache warming up), V8 threw away the optimised
 * code of every phase that reads the parameters and compiled it again, in every thread (docs/model.md, "Sixth
 * pass"). The check needs V8's own introspection (%HaveSameMap), so it runs the compiled library in a child
 * process started with --allow-natives-syntax.
 */
import { describe, expect, test } from "vitest";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const dist = (f: string) => JSON.stringify(path.join(__dirname, "..", "dist", f));

/** The script: wraps the engine's step to capture each replicate's parameter object, runs `replicates` replicates, prints what V8 says of them. */
function script(replicates: number, structuralUncertainty: boolean): string {
  return [
    `const engine = require(${dist("model/engine.js")});`,
    `const { runReplicate } = require(${dist("model/run.js")});`,
    `const { loadInputs, resolveMixes } = require(${dist("experiments/simulate.js")});`,
    `const { buildSetup } = require(${dist("model/setup.js")});`,
    "const seen = [];",
    "const step = engine.step;",
    "engine.step = function (s, setup, p, ...rest) { if (seen[seen.length - 1] !== p) seen.push(p); return step(s, setup, p, ...rest); };",
    "const setup = buildSetup(loadInputs());",
    `const mix = resolveMixes(["status_quo"], setup.clusterIds)[0];`,
    `for (let r = 0; r < ${replicates}; r++) runReplicate(setup, mix, { years: 2, seed: "hidden-classes", replicate: r, paramUncertainty: false, structuralUncertainty: ${structuralUncertainty} });`,
    "console.log(JSON.stringify({ n: seen.length, same: seen.map((p) => %HaveSameMap(p, seen[0])), fast: seen.map((p) => %HasFastProperties(p)) }));",
  ].join("\n");
}

function run(replicates: number, structuralUncertainty: boolean): { n: number; same: boolean[]; fast: boolean[] } {
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "-e", script(replicates, structuralUncertainty)], { encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string);
}

describe("the step sees one hidden class of structural parameters in a run", () => {
  test("default parameters: six replicates, one class, fast properties", () => {
    const v = run(6, false);
    expect(v.n).toBe(6);
    expect(v.same).toEqual(Array(6).fill(true));
    expect(v.fast).toEqual(Array(6).fill(true));
  });

  test("parameters drawn from their ranges: the same", () => {
    const v = run(6, true);
    expect(v.n).toBe(6);
    expect(v.same).toEqual(Array(6).fill(true));
    expect(v.fast).toEqual(Array(6).fill(true));
  });
});
