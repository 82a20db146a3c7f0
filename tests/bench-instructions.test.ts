/**
 * `bench --instructions`: the parsing of callgrind's report and V8's perf map (on lines as the tools print them),
 * the difference per firm-year, and one real counted run at a small size (valgrind is on the CI machine; the
 * counts are figures, not tested, only that the report is whole and consistent).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "vitest";
import { costByName, entriesAt, parseAnnotate, parsePerfMap, partOf, perFirmYear, readableName, symbolAt } from "../src/cli/bench-instructions";

const ANNOTATE = `--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
1,724,856,867 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                    file:function
--------------------------------------------------------------------------------
820,415,128 ( 7.63%)  ???:Builtins_KeyedLoadIC [/usr/bin/node]
788,281,751 ( 7.33%)  ???:0x000000000d147500 [???]
 81,159,988 ( 0.75%)  ???:0x000000000d125ec0 [???]
 25,000,000 ( 0.23%)  ???:v8::base::ieee754::log(double) [/usr/bin/node]
  9,000,000 ( 0.08%)  ./string/../sysdeps/x86_64/multiarch/memset-vec-unaligned-erms.S:__memset_avx2_unaligned_erms [/usr/lib/x86_64-linux-gnu/libc.so.6]
  1,000,000 ( 0.01%)  ???:v8::internal::compiler::GraphReducer::ReduceTop() [/usr/bin/node]
`;

const MAP = `18c4000 300 Builtin:DeoptimizationEntry_Eager
d125000 2000 JS:^phaseFirms /work/main/dist/model/engine.js:258:20
d147000 1000 JS:~ /work/main/node_modules/zod/index.cjs:25:59
d147400 800 JS:*threefryKey /work/main/dist/random/threefry.js:81:21
d125e00 200 JS:*phaseFirms /work/main/dist/model/engine.js:258:20
`;

test("callgrind_annotate's rows: costs with thousands separators, names whole, the total left out", () => {
  const rows = parseAnnotate(ANNOTATE);
  expect(rows).toHaveLength(6);
  expect(rows[0]).toEqual({ cost: 820415128, name: "???:Builtins_KeyedLoadIC [/usr/bin/node]" });
  expect(rows[2]).toEqual({ cost: 81159988, name: "???:0x000000000d125ec0 [???]" });
  expect(rows.some((r) => r.name === "PROGRAM TOTALS")).toBe(false);
});

test("a report whose rows do not add up to its total (source annotation, an unknown format) is refused, not read", () => {
  // With --auto=yes, callgrind_annotate prints annotated source after the functions: lines of the same shape.
  const annotated = `${ANNOTATE}
--------------------------------------------------------------------------------
-- Auto-annotated source: /src/x.c
--------------------------------------------------------------------------------
  5,000,000 ( 0.53%)      for (i = 0; i < n; i++)
 20,000,000 ( 2.12%)          s += f(i);
`;
  expect(() => parseAnnotate(annotated)).toThrow(/6 function rows|8 function rows/);
  expect(() => parseAnnotate(annotated)).toThrow(/against a total of 1724856867/);
  // Older valgrinds print no percentages: nothing is read, and that is an error too.
  expect(() => parseAnnotate("1,724,856,867  PROGRAM TOTALS\n820,415,128  ???:Builtins_KeyedLoadIC [/usr/bin/node]\n")).toThrow(/no PROGRAM TOTALS line/);
  expect(() => parseAnnotate(ANNOTATE.replace("1,724,856,867 (100.0%)", "1,724,856,868 (100.0%)"))).toThrow(/adding up to 1724856867 against a total of 1724856868/);
});

test("an address belongs to the latest code that covers it (V8 reuses collected code's space)", () => {
  const map = parsePerfMap(MAP);
  expect(map).toHaveLength(5);
  expect(map[1]).toEqual({ start: 0xd125000, size: 0x2000, name: "JS:^phaseFirms /work/main/dist/model/engine.js:258:20" });
  // 0xd147500 lies in both the zod entry and the later threefryKey one: the later wins.
  expect(symbolAt(map, 0xd147500)).toBe("JS:*threefryKey /work/main/dist/random/threefry.js:81:21");
  // 0xd125ec0 lies in the baseline phaseFirms and in the optimised code made after it.
  expect(symbolAt(map, 0xd125ec0)).toBe("JS:*phaseFirms /work/main/dist/model/engine.js:258:20");
  expect(symbolAt(map, 0xd124fff)).toBeNull();
  expect(symbolAt(map, 0xd125000 + 0x2000)).toBeNull(); // the end is exclusive
  expect([entriesAt(map, 0xd147500), entriesAt(map, 0xd147010), entriesAt(map, 0xd124fff)]).toEqual([2, 1, 0]);
});

test("readable names: function, file and V8 tier; fdlibm as the Math function; builtins, runtime and C by name", () => {
  const map = parsePerfMap(MAP);
  expect(readableName("???:0x000000000d125ec0 [???]", map)).toBe("phaseFirms (model/engine.js, optimised)");
  expect(readableName("???:0x000000000d125010 [???]", map)).toBe("phaseFirms (model/engine.js, baseline)");
  expect(readableName("???:0x000000000d147010 [???]", map)).toBe("(anonymous) (node_modules/zod/index.cjs, interpreted)");
  expect(readableName("???:0x0000000000000010 [???]", map)).toBe("compiled code (not in V8's map)");
  expect(readableName("???:v8::base::ieee754::log1p(double) [/usr/bin/node]", map)).toBe("Math.log1p (V8's fdlibm)");
  // Names with spaces (getters), and the prefixes older V8s wrote.
  const named = (entry: string) => readableName("???:0x0000000000000010 [???]", [{ start: 0, size: 0x100, name: entry }]);
  expect(named("JS:~get href node:internal/url:925:11")).toBe("get href (node:internal/url, interpreted)");
  expect(named("LazyCompile:*phaseFirms /x/dist/model/engine.js:258:20")).toBe("phaseFirms (model/engine.js, optimised)");
  expect(named("Eval:~ /x/dist/model/state.js:1:1")).toBe("(anonymous) (model/state.js, interpreted)");
  expect(named("BytecodeHandler:Ldar")).toBe("V8 interpreter (Ldar)");
  expect(readableName("???:Builtins_KeyedLoadIC [/usr/bin/node]", map)).toBe("V8 builtin KeyedLoadIC");
  expect(readableName("???:v8::internal::compiler::GraphReducer::ReduceTop() [/usr/bin/node]", map)).toMatch(/^V8 runtime/);
  expect(readableName("./string/../sysdeps/x86_64/multiarch/memset-vec-unaligned-erms.S:__memset_avx2_unaligned_erms [/usr/lib/x86_64-linux-gnu/libc.so.6]", map)).toBe("__memset_avx2_unaligned_erms");
});

test("the cost per firm-year is the longer run's excess, by readable name, largest first", () => {
  const map = parsePerfMap(MAP);
  const { cost: short, reused } = costByName(parseAnnotate(ANNOTATE), map);
  expect(reused).toBe(788281751 + 81159988); // the rows at 0xd147500 and 0xd125ec0, each covered by two entries
  // The longer run: the optimised phaseFirms and log cost 1,000 and 100 more, a function only it ran 50.
  const long = new Map(short);
  long.set("phaseFirms (model/engine.js, optimised)", (short.get("phaseFirms (model/engine.js, optimised)") as number) + 1000);
  long.set("Math.log (V8's fdlibm)", (short.get("Math.log (V8's fdlibm)") as number) + 100);
  long.set("aggregate (model/state.js, optimised)", 50);
  const rows = perFirmYear(short, long, 10);
  expect(rows.slice(0, 3)).toEqual([
    { name: "phaseFirms (model/engine.js, optimised)", instructions: 100 },
    { name: "Math.log (V8's fdlibm)", instructions: 10 },
    { name: "aggregate (model/state.js, optimised)", instructions: 5 },
  ]);
  expect(rows.slice(3).every((r) => r.instructions === 0)).toBe(true);
  expect(() => perFirmYear(short, long, 0)).toThrow(/differ by 0 firm-years/);
  expect(partOf("threefryKey (random/threefry.js, optimised)")).toBe("keyed generator");
  expect(partOf("Math.exp (V8's fdlibm)")).toBe("Math functions (V8's fdlibm)");
  expect(partOf("negBinomialScreen (random/fast.js, optimised)")).toBe("model");
  expect(partOf("sum (stats.js, optimised)")).toBe("model");
  expect(partOf("alive (cli/bench-instructions.js, optimised)")).toBe("other"); // the command's own harness
  expect(partOf("(anonymous) (node_modules/zod/index.cjs, interpreted)")).toBe("other");
  expect(partOf("get href (node:internal/url, interpreted)")).toBe("other");
  expect(partOf("V8 builtin KeyedLoadIC")).toBe("other");
});

const hasValgrind = spawnSync("valgrind", ["--version"]).status === 0;

test.runIf(hasValgrind)("a counted run: the report is whole, its parts sum to the total, the step's phases are in optimised code", () => {
  const bin = path.join(__dirname, "..", "dist", "cli", "main.js");
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "bench-instructions-test-"));
  const maps = () => fs.readdirSync("/tmp").filter((f) => /^perf-\d+\.map$/.test(f)).length;
  const mapsBefore = maps();
  const r = spawnSync(process.execPath, [bin, "bench", "--instructions", "--json", "--firms", "3000", "--years", "3"], { encoding: "utf8", timeout: 900_000, cwd });
  expect(r.status, r.stderr).toBe(0);
  expect(fs.readdirSync(cwd)).toEqual([]); // nothing left where it ran (V8's log goes to the temporary folder)
  fs.rmdirSync(cwd);
  expect(maps()).toBeLessThanOrEqual(mapsBefore); // V8's perf maps removed
  const b = JSON.parse(r.stdout);
  expect(b.firms).toBeGreaterThan(2000);
  expect(b.firmYearsCounted).toBeGreaterThan(2 * 3 * 2000);
  const parts = b.byPart as Array<{ part: string; instructions: number }>;
  expect(parts.map((p) => p.part).sort()).toEqual(["Math functions (V8's fdlibm)", "keyed generator", "model", "other"]);
  const fns = b.byFunction as Array<{ name: string; instructions: number }>;
  // Every phase and the generator were counted in optimised code, and none of them in baseline code.
  for (const phase of ["phaseFirms", "phaseAwardsFundingRnd", "phasePolicyAndNeeds", "threefryKey"]) {
    expect(fns.some((f) => f.name.startsWith(`${phase} (`) && f.name.endsWith("optimised)") && f.instructions > 10), phase).toBe(true);
    expect(fns.filter((f) => f.name.startsWith(`${phase} (`) && !f.name.endsWith("optimised)")).reduce((a, f) => a + f.instructions, 0), phase).toBeLessThan(5);
  }
  // The generator's count follows from the blocks drawn: 2 to 4 a firm-year at 100-250 instructions each.
  const gen = parts.find((p) => p.part === "keyed generator")!.instructions;
  expect(gen).toBeGreaterThan(200);
  expect(gen).toBeLessThan(1000);
  expect(b.reusedAddressShare).toBeGreaterThanOrEqual(0);
  expect(b.reusedAddressShare).toBeLessThan(0.1);
  expect(b.instructionsPerNs).toBeCloseTo(b.instructionsPerFirmYear / b.timedNsPerFirmYear, 10);
}, 900_000);

test("without valgrind the command says so in a sentence and what to install, and exits 2", () => {
  const bin = path.join(__dirname, "..", "dist", "cli", "main.js");
  const r = spawnSync(process.execPath, [bin, "bench", "--instructions", "--firms", "1000"], { encoding: "utf8", env: { ...process.env, PATH: path.join(__dirname, "no-such-dir") } });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^bioclusters: bench --instructions counts instructions with valgrind, which is not installed here\. Install it \(Debian: apt-get install valgrind\)/);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
});

// The experiment is x86-64 (SSE2 intrinsics) with glibc's vector maths (libmvec).
const hasGcc = process.platform === "linux" && process.arch === "x64" && spawnSync("gcc", ["--version"]).status === 0;

test.runIf(hasGcc)("the vector-engine experiment (docs/experiments/simd-floor.c) builds, and its four-lane Threefry equals the scalar one lane by lane", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "simd-floor-"));
  try {
    const exe = path.join(dir, "simd-floor");
    const cc = spawnSync("gcc", ["-O2", "-o", exe, path.join(__dirname, "..", "docs", "experiments", "simd-floor.c"), "-lmvec", "-lm"], { encoding: "utf8" });
    expect(cc.status, cc.stderr).toBe(0);
    for (const what of ["tf", "scalar", "exp", "log", "loop"]) {
      const r = spawnSync(exe, [what, "1000"], { encoding: "utf8" });
      expect(r.status, `${what}: ${r.stderr}`).toBe(0); // exits 1 if any lane differs from the scalar block
      expect(r.stdout).toMatch(new RegExp(`^${what} \\d+\\n$`));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
