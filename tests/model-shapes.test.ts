/**
 * The step's state, its yearly flows, the instruments' effects and the coefficient tables are built field by field
 * (named stores) rather than as object literals, for V8 (state.ts, initState). Nothing then checks at compile time
 * that every field of their interfaces is set: this test does, reading each interface's fields from its source.
 */
import { describe, expect, test } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadInputs } from "../src/experiments/simulate";
import { buildSetup } from "../src/model/setup";
import { initState } from "../src/model/engine";
import { DEFAULT_STRUCTURAL } from "../src/model/params";
import { replicateCoefs } from "../src/model/run";
import { instrumentEffects } from "../src/model/instruments";
import { replicateKey } from "../src/random/keyed";

/** The field names of `interface name` in src/model/<file>, in order. */
function fields(file: string, name: string): string[] {
  const src = fs.readFileSync(path.join(__dirname, "..", "src", "model", file), "utf8");
  const start = src.indexOf(`export interface ${name} {`);
  expect(start, `${name} in ${file}`).toBeGreaterThanOrEqual(0);
  const body = src.slice(start, src.indexOf("\n}\n", start));
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1] as string);
}

describe("objects built field by field set every field of their interface", () => {
  const setup = buildSetup(loadInputs());
  const s = initState(setup, DEFAULT_STRUCTURAL, replicateKey("shapes"));
  const cases: Array<[string, string, object]> = [
    ["state.ts", "State", s],
    ["state.ts", "Flows", s.flows],
    ["instruments.ts", "InstrumentEffects", instrumentEffects(setup.instruments, DEFAULT_STRUCTURAL)],
    ["coefs.ts", "Coefs", replicateCoefs(setup, "shapes", 0, false)],
  ];
  for (const [file, name, obj] of cases)
    test(`${name}: the fields of its interface, in order, each set`, () => {
      const want = fields(file, name);
      expect(want.length).toBeGreaterThan(5);
      expect(Object.keys(obj)).toEqual(want);
      for (const k of want) expect((obj as Record<string, unknown>)[k], `${name}.${k}`).not.toBeUndefined();
    });
});
