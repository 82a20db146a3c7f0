/**
 * Running the real CLI as a child process under a watchdog: wall time and
 * resident memory are polled from /proc and the child is killed (SIGKILL) past
 * either limit, so a runaway case fails the test instead of the machine.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../src/paths";

export const BIN = path.join(PACKAGE_ROOT, "dist", "cli", "main.js");

export interface RunLimits {
  /** Wall-clock limit, ms. */
  timeMs: number;
  /** Resident-memory limit, bytes (process and its worker threads). */
  memBytes: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory seen (VmHWM), bytes. */
  peakBytes: number;
  killedBy: "time" | "memory" | null;
}

function vmHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function runCli(args: readonly string[], o: { cwd: string; limits: RunLimits; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: { ...process.env, NO_COLOR: "1", ...(o.env ?? {}) }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    let peak = 0;
    let killedBy: RunResult["killedBy"] = null;
    const poll = setInterval(() => {
      peak = Math.max(peak, vmHwm(child.pid as number));
      if (peak > o.limits.memBytes) killedBy = "memory";
      else if (Date.now() - t0 > o.limits.timeMs) killedBy = "time";
      if (killedBy) child.kill("SIGKILL");
    }, 50);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, peakBytes: peak, killedBy });
    });
  });
}

/** Runs tasks with at most `n` at a time. */
export async function pool<T, R>(items: readonly T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i] as T);
      }
    }),
  );
  return out;
}

/** What an output folder holds: the manifest's seed and files, and whether every file agrees with it. */
export function outputState(dir: string): { seed: string; files: string[]; consistent: boolean; problems: string[] } | null {
  if (!fs.existsSync(dir)) return null;
  const problems: string[] = [];
  const mf = path.join(dir, "manifest.json");
  if (!fs.existsSync(mf)) return { seed: "", files: fs.readdirSync(dir).sort(), consistent: false, problems: ["no manifest.json"] };
  const manifest = JSON.parse(fs.readFileSync(mf, "utf8")) as { seed: string | number; replicateSeeds: string[]; files: string[]; metrics: string[] };
  const files = fs.readdirSync(dir).sort();
  const listed = [...manifest.files].sort();
  if (JSON.stringify(files) !== JSON.stringify(listed)) problems.push(`files ${files.join(",")} differ from the manifest's ${listed.join(",")}`);
  const runs = fs.readFileSync(path.join(dir, "runs.csv"), "utf8").trimEnd().split("\n");
  const seeds = new Set(manifest.replicateSeeds);
  for (const line of runs.slice(1)) {
    const seed = line.split(",")[2] as string;
    if (!seeds.has(seed)) {
      problems.push(`runs.csv has seed ${seed}, not one of the manifest's`);
      break;
    }
  }
  const metrics = new Set(runs.slice(1).map((l) => l.split(",")[5]));
  if ([...metrics].sort().join() !== [...manifest.metrics].sort().join()) problems.push("runs.csv metrics differ from the manifest's");
  const summary = fs.readFileSync(path.join(dir, "summary.csv"), "utf8").trimEnd().split("\n");
  const sMetrics = new Set(summary.slice(1).map((l) => l.split(",")[3]));
  if ([...sMetrics].sort().join() !== [...manifest.metrics].sort().join()) problems.push("summary.csv metrics differ from the manifest's");
  return { seed: String(manifest.seed), files, consistent: problems.length === 0, problems };
}

/** Leftovers of a run beside an output folder: temporary folders, locks, links in progress. */
export function leftovers(parent: string, name: string): string[] {
  return fs.readdirSync(parent).filter((n) => n.startsWith(`.${name}.tmp-`) || n === `.${name}.lock` || n.startsWith(`.${name}.link-`));
}
