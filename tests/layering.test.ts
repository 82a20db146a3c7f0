/**
 * The library's layering, checked on the import graph of src/ (read with the
 * TypeScript compiler's own pre-processor): every folder sits on a stage, and
 * a file may import only from its own folder or from a lower stage; no file
 * takes part in an import cycle. A new folder must be given a stage here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const SRC = path.join(__dirname, "..", "src");

/**
 * Stages, lowest first. `data/build` (the data builder) sits above the data library it uses; `studies` holds
 * scripts that study the data-generating process with the estimators (e.g. coverage over seeds), above both.
 */
const STAGES: string[][] = [
  ["stats", "errors", "paths", "random", "limits", "format"],
  ["display"],
  ["data"],
  ["data/build", "population", "sensitivity"],
  ["indicators", "estimation"],
  ["model"],
  ["experiments", "studies"],
  ["figures", "workshop", "calibration"],
  ["sweep"], // above the calibration: a sweep can plan a calibration's evaluations
  ["report", "jupyter"],
  ["notebook"],
  ["cli", "index"],
];
const RANK = new Map(STAGES.flatMap((units, r) => units.map((u) => [u, r] as const)));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** A file's unit: its top folder under src/ (data/build apart), or the file's own name at the top. */
function unitOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts.length === 1) return (parts[0] as string).replace(/\.ts$/, "");
  return parts[0] === "data" && parts[1] === "build" ? "data/build" : (parts[0] as string);
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(c)) return c;
  return null;
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const f of files(SRC)) {
    const text = fs.readFileSync(f, "utf8");
    const source = ts.createSourceFile(f, text, ts.ScriptTarget.Latest);
    for (const st of source.statements) {
      if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
        const spec = st.moduleSpecifier.text;
        if (!spec.startsWith(".")) continue;
        const to = resolve(f, spec);
        if (to === null) throw new Error(`${path.relative(SRC, f)} imports "${spec}", which does not resolve to a file`);
        const typeOnly = ts.isImportDeclaration(st) ? st.importClause?.isTypeOnly === true : st.isTypeOnly;
        edges.push({ from: f, to, typeOnly });
      }
    }
  }
  return edges;
}

describe("layering of src/", () => {
  const edges = importGraph();
  const rel = (f: string) => path.relative(SRC, f);

  test("every folder has a stage", () => {
    const unknown = [...new Set(files(SRC).map(unitOf))].filter((u) => !RANK.has(u));
    expect(unknown, "give these folders a stage in tests/layering.test.ts").toEqual([]);
  });

  test("no import from a lower stage to a higher one (or across folders of one stage)", () => {
    const bad = edges
      .filter((e) => unitOf(e.from) !== unitOf(e.to) && !((RANK.get(unitOf(e.to)) ?? 99) < (RANK.get(unitOf(e.from)) ?? -1)))
      .map((e) => `${rel(e.from)} -> ${rel(e.to)}`);
    expect(bad).toEqual([]);
  });

  test("no import cycle between files (type-only imports included)", () => {
    const out = new Map<string, string[]>();
    for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 1);
      stack.push(f);
      for (const g of out.get(f) ?? []) {
        if (state.get(g) === 1) cycles.push([...stack.slice(stack.indexOf(g)), g].map(rel).join(" -> "));
        else if (state.get(g) === undefined) visit(g);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of files(SRC)) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  test("the checker sees real edges (it would notice a violation)", () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((e) => unitOf(e.from) === "model" && unitOf(e.to) === "stats")).toBe(true);
    expect(unitOf(path.join(SRC, "data", "build", "survey.ts"))).toBe("data/build");
    expect(RANK.get("stats")! < RANK.get("indicators")!).toBe(true);
  });

  test("engine.ts keeps the yearly phases only (under 500 lines)", () => {
    const lines = fs.readFileSync(path.join(SRC, "model", "engine.ts"), "utf8").split("\n").length;
    expect(lines).toBeLessThan(500);
  });
});
