/**
 * The structural-parameter table: complete, consistent with docs/model.md, and
 * the only home of behavioural constants in src/model/ (a numeric literal
 * there must be index arithmetic, a numerical guard, or a named constant).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { NATIONAL_VC_2018_KRW_BN } from "../src/data/constants";
import { DEFAULT_STRUCTURAL, PARAMETERS, STRUCTURAL_KEYS, STRUCTURAL_RANGES, UNCERTAIN_PARAMETERS, parameterTableMarkdown } from "../src/model/params";

const ROOT = path.join(__dirname, "..");
const DOC = path.join(ROOT, "docs", "model.md");
const START = "<!-- parameters:start (generated from src/model/params.ts: UPDATE_DOCS=1 npx vitest run tests/params.test.ts) -->";
const END = "<!-- parameters:end -->";

describe("the parameter table", () => {
  test("every parameter has a unit, a source, a description and a default inside its range", () => {
    for (const k of STRUCTURAL_KEYS) {
      const s = PARAMETERS[k];
      expect(s.unit.length, k).toBeGreaterThan(0);
      expect(s.source.length, k).toBeGreaterThan(0);
      expect(s.description.length, k).toBeGreaterThan(10);
      expect(s.range[0], k).toBeLessThan(s.range[1]);
      expect(s.value, k).toBeGreaterThanOrEqual(s.range[0]);
      expect(s.value, k).toBeLessThanOrEqual(s.range[1]);
      expect(DEFAULT_STRUCTURAL[k]).toBe(s.value);
    }
  });

  test("the parameters drawn under structural uncertainty are table rows, in their fixed draw order", () => {
    expect(Object.keys(STRUCTURAL_RANGES)).toEqual([...UNCERTAIN_PARAMETERS]);
    for (const k of UNCERTAIN_PARAMETERS) expect(STRUCTURAL_RANGES[k]).toEqual(PARAMETERS[k].range);
  });

  test("every parameter is used by the model (no dead rows)", () => {
    const dir = path.join(ROOT, "src", "model");
    const code = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "params.ts").map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    const unused = STRUCTURAL_KEYS.filter((k) => !new RegExp(`\\bp\\.${k}\\b|"${k}"`).test(code));
    expect(unused).toEqual([]);
  });

  test("docs/model.md lists exactly this table", () => {
    const doc = fs.readFileSync(DOC, "utf8");
    const table = parameterTableMarkdown();
    if (process.env["UPDATE_DOCS"] === "1") {
      const i = doc.indexOf(START);
      const j = doc.indexOf(END);
      expect(i, `docs/model.md needs the marker lines ${START} and ${END}`).toBeGreaterThanOrEqual(0);
      fs.writeFileSync(DOC, `${doc.slice(0, i + START.length)}\n${table}\n${doc.slice(j)}`);
    }
    const now = fs.readFileSync(DOC, "utf8");
    const inDoc = now.slice(now.indexOf(START) + START.length, now.indexOf(END)).trim();
    expect(inDoc).toBe(table);
  });

  test("the national VC figure in the code is the one recorded in data/raw", () => {
    const row = fs.readFileSync(path.join(ROOT, "data", "raw", "national_totals.csv"), "utf8").split(/\r?\n/).find((l) => l.startsWith("vc_bio_krw_bn,"));
    expect(row, "data/raw/national_totals.csv has no vc_bio_krw_bn row").toBeDefined();
    expect(Number(row!.split(",")[1])).toBe(NATIONAL_VC_2018_KRW_BN);
  });
});

describe("no magic numbers in src/model/", () => {
  /** Literals allowed anywhere in the model, with the reason. */
  const ALLOWED: Record<string, string> = {
    "0": "zero", "1": "one: counts, flags, probabilities", "2": "pairs and halves in index arithmetic", "3": "the three behavioural equations",
    "4": "index arithmetic of probability tables", "5": "the five firm-type breakdowns (FIRM_TYPES)", "6": "size × stage cells per sector (typeIndex)",
    "8": "the eight exit-flag combinations", "0.000001": "numerical guard against log/pow of zero", "1e-9": "numerical guard against division by zero",
  };
  const dir = path.join(ROOT, "src", "model");
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".ts") && x !== "params.ts")) {
    test(f, () => {
      const src = ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), "utf8"), ts.ScriptTarget.Latest, true);
      const found: string[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isNumericLiteral(n) && !(n.text in ALLOWED)) {
          // A named constant: `const UPPER_CASE = <literal>` (with its doc comment) is where a fixed number belongs.
          const d = n.parent;
          const named = ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && /^[A-Z][A-Z0-9_]*$/.test(d.name.text);
          if (!named) found.push(`${n.text} (line ${src.getLineAndCharacterOfPosition(n.getStart()).line + 1})`);
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
      expect(found, "put behavioural numbers in the parameter table (src/model/params.ts), or name the constant").toEqual([]);
    });
  }
});
