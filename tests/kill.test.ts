/**
 * Killed runs never leave a mixed output folder: `kill -9` at seeded random
 * moments during 20 small runs into one folder — half at any moment of the
 * run, half inside the swap itself (at a chosen step, via the test-only
 * BIOCLUSTERS_FAULT_PAUSE_MS fault injection) — and after every kill the
 * folder holds one complete, consistent run (the manifest's seeds match every
 * row of runs.csv, the files match the manifest). Ctrl-C and SIGTERM cancel
 * with one line, exit 130 / 143 and leave the previous run.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import seedrandom from "seedrandom";
import { afterAll, expect, test } from "vitest";
import { BIN, leftovers, outputState, runCli } from "./hostile-harness";

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "bc-kill-"));
const OUT = path.join(ROOT, "out");
const LIMITS = { timeMs: 30_000, memBytes: 2 * 1024 ** 3 };
const args = (seed: string) => ["simulate", "--mix", "status_quo", "--mix", "talent_first", "--years", "2", "--reps", "2", "--seed", seed, "--workers", "1", "--out", OUT];

afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** Starts a run and kills it with SIGKILL when `when` says so; resolves when it has exited. */
function runAndKill(seed: string, o: { afterMs?: number; atStep?: string; stepDelayMs?: number }): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(o.atStep ? { BIOCLUSTERS_FAULT_PAUSE_MS: "400" } : {}) };
    const child = spawn(process.execPath, [BIN, ...args(seed)], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    const kill = () => child.kill("SIGKILL");
    child.stderr.on("data", (d) => {
      stderr += String(d);
      if (o.atStep && stderr.includes(`[swap:${o.atStep}]`)) setTimeout(kill, o.stepDelayMs ?? 0);
    });
    if (o.afterMs !== undefined) setTimeout(kill, o.afterMs);
    const watchdog = setTimeout(kill, 30_000);
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal, stderr });
    });
  });
}

test("kill -9 at random moments, including inside the swap, never leaves a mixed or missing run", async () => {
  const first = await runCli(args("k0"), { cwd: ROOT, limits: LIMITS });
  expect(first.code, first.stderr).toBe(0);
  const duration = first.ms;
  const rand = seedrandom("bioclusters kill test");
  const steps = ["written", "stored", "link-made", "linked"];
  const seen = new Set(["k0"]);
  let landed = 0;
  for (let i = 1; i <= 20; i++) {
    const seed = `k${i}`;
    const inSwap = i > 10;
    const r = inSwap
      ? await runAndKill(seed, { atStep: steps[Math.floor(rand() * steps.length)] as string, stepDelayMs: Math.floor(rand() * 350) })
      : await runAndKill(seed, { afterMs: Math.floor((0.2 + rand()) * duration) });
    seen.add(seed);
    if (r.signal === "SIGKILL") landed++;
    const st = outputState(OUT);
    expect(st, `after run ${i} (${r.signal ?? r.code}) the folder must hold a complete run`).not.toBeNull();
    expect(st?.problems, `run ${i}`).toEqual([]);
    expect(seen.has(st?.seed as string), `run ${i}: seed ${st?.seed}`).toBe(true);
    if (inSwap) expect(r.signal, `run ${i} was killed inside the swap`).toBe("SIGKILL");
  }
  expect(landed, "most kills land while the run is alive").toBeGreaterThanOrEqual(15);
  // The next complete run cleans what the killed ones left behind.
  const last = await runCli(args("final"), { cwd: ROOT, limits: LIMITS });
  expect(last.code, last.stderr).toBe(0);
  expect(outputState(OUT)).toMatchObject({ seed: "final", consistent: true });
  expect(leftovers(ROOT, "out")).toEqual([]);
  expect(fs.readdirSync(path.join(ROOT, ".out.runs"))).toHaveLength(1);
}, 240_000);

for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${sig} cancels with one line, exit ${code}, and leaves the previous run`, async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, `${sig}-`));
    const out = path.join(dir, "out");
    const prev = await runCli(["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "before", "--workers", "1", "--out", out], { cwd: dir, limits: LIMITS });
    expect(prev.code, prev.stderr).toBe(0);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, "simulate", "--mix", "status_quo", "--years", "10", "--reps", "400", "--seed", "after", "--workers", "2", "--out", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      let sent = false;
      child.stderr.on("data", (d) => void (stderr += String(d)));
      // Signal once the run is under way: its output set (temporary folder) exists, so the simulation has started
      // (the progress bar cannot tell: without a terminal it prints rarely, sometimes only at the end).
      const poll = setInterval(() => {
        if (!sent && fs.readdirSync(dir).some((n) => n.startsWith(".out.tmp-"))) {
          sent = true;
          setTimeout(() => child.kill(sig), 200);
        }
      }, 20);
      const watchdog = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("close", (c) => {
        clearInterval(poll);
        clearTimeout(watchdog);
        resolve({ code: c, stderr });
      });
    });
    expect(r.code, r.stderr).toBe(code);
    const lastLine = r.stderr.trim().split("\n").pop() as string;
    expect(lastLine).toMatch(sig === "SIGINT" ? /^bioclusters: stopped by Ctrl-C \(SIGINT\); the unfinished output was removed and the output folder keeps its previous run\.$/ : /^bioclusters: stopped by SIGTERM; the unfinished output was removed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(outputState(out)).toMatchObject({ seed: "before", consistent: true });
    expect(leftovers(dir, "out")).toEqual([]);
  }, 90_000);
}

test("a second run into the same folder is refused at once, naming the first; the first completes", async () => {
  const dir = fs.mkdtempSync(path.join(ROOT, "two-"));
  const out = path.join(dir, "out");
  const first = spawn(process.execPath, [BIN, "simulate", "--mix", "status_quo", "--years", "10", "--reps", "400", "--seed", "first", "--workers", "1", "--out", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let firstErr = "";
  first.stderr.on("data", (d) => void (firstErr += String(d)));
  // Under way once its output set (temporary folder) exists.
  const started = new Promise<void>((resolve) => {
    const poll: ReturnType<typeof setInterval> = setInterval(() => fs.readdirSync(dir).some((n) => n.startsWith(".out.tmp-")) && (clearInterval(poll), resolve()), 20);
  });
  const firstDone = new Promise<number | null>((resolve) => first.on("close", (c) => resolve(c)));
  await started;
  const second = await runCli(["simulate", "--mix", "status_quo", "--years", "2", "--reps", "2", "--seed", "second", "--workers", "1", "--out", out], { cwd: dir, limits: LIMITS });
  expect(second.code).toBe(2);
  expect(second.stderr).toMatch(new RegExp(`^bioclusters: .*out: Another bioclusters run \\(process ${first.pid}, "bioclusters simulate .*--seed first.*Wait for it to finish, stop it \\(kill ${first.pid}\\)`));
  expect(await firstDone, firstErr).toBe(0);
  expect(outputState(out)).toMatchObject({ seed: "first", consistent: true });
  expect(leftovers(dir, "out")).toEqual([]);
}, 90_000);
