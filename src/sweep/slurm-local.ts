/**
 * A real single-node SLURM cluster on this machine, for the tests and for
 * trying the slurm backend: Debian's `slurm-wlm` and `munge` packages,
 * `munged` run as its user with /run/munge owned by munge, then `slurmctld`
 * and `slurmd` in the foreground with a slurm.conf in a temporary folder
 * (state, spool and logs there too) on free ports. Every daemon started here
 * is stopped by its PID; a munged that was already running is used and left
 * alone.
 *
 *   npm run slurm:local            start; prints the SLURM_CONF to export
 *   npm run slurm:local -- stop    stop what start started
 *
 * Needs root (slurmd runs jobs as their user; SlurmUser=root).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../errors";
import { PACKAGE_ROOT } from "../paths";

export interface LocalSlurm {
  /** The slurm.conf; give it to SLURM commands as SLURM_CONF. */
  conf: string;
  dir: string;
  node: string;
  /** PIDs of the daemons started here (munged only if it was not running). */
  pids: { munged?: number; slurmctld: number; slurmd: number };
  /** Environment for SLURM commands (process.env with SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const MUNGE_DIR = "/run/munge";

function which(cmd: string): string | null {
  for (const d of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin", "/usr/bin"])) {
    const f = path.join(d, cmd);
    if (d && fs.existsSync(f)) return f;
  }
  return null;
}

function need(cmd: string): string {
  const f = which(cmd);
  if (!f) throw new UserError(`"${cmd}" is not installed, so a local SLURM cluster cannot start.`, { hint: "Install Debian's packages: apt-get install -y slurm-wlm munge." });
  return f;
}

function mungeWorks(): boolean {
  const enc = spawnSync("munge", ["-n"], { encoding: "utf8" });
  if (enc.status !== 0) return false;
  return spawnSync("unmunge", [], { input: enc.stdout, encoding: "utf8" }).status === 0;
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new UserError(`There is no "${name}" user on this machine.`, { hint: "Install Debian's munge package (apt-get install -y munge), which creates it." });
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A free TCP port, by binding port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

async function until(what: string, ok: () => boolean, ms: number, log?: string): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) {
      const tail = log && fs.existsSync(log) ? ` Last log lines (${log}): ${fs.readFileSync(log, "utf8").trim().split("\n").slice(-3).join(" | ")}` : "";
      throw new UserError(`${what} did not come up within ${ms / 1000} s.${tail}`);
    }
    await sleep(200);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a daemon by PID (TERM, then KILL after 10 s). */
async function stopPid(pid: number | undefined): Promise<void> {
  if (pid === undefined || !alive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < 10_000) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

function daemon(cmd: string, args: string[], opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const child = spawn(cmd, args, { detached: true, stdio: "ignore", ...opts });
  child.unref();
  if (child.pid === undefined) throw new UserError(`${cmd} could not be started.`, { hint: "Check the installation of slurm-wlm and munge." });
  return child;
}

export function slurmConf(o: { dir: string; node: string; cpus: number; ctldPort: number; slurmdPort: number }): string {
  return [
    "# A single-node SLURM cluster for bioclusters (written by src/sweep/slurm-local.ts).",
    "ClusterName=bioclusters",
    `SlurmctldHost=${o.node}(127.0.0.1)`, // the address too, so an unresolvable hostname does not matter
    `SlurmctldPort=${o.ctldPort}`,
    `SlurmdPort=${o.slurmdPort}`,
    "SlurmUser=root",
    "AuthType=auth/munge",
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    "AccountingStorageType=accounting_storage/none",
    "JobAcctGatherType=jobacct_gather/none",
    "SchedulerType=sched/backfill",
    "MpiDefault=none",
    "ReturnToService=2",
    "PropagatePrioProcess=1", // jobs keep the submitter's nice value: a niced sweep stays polite on a shared machine
    "MinJobAge=30",
    `StateSaveLocation=${path.join(o.dir, "state")}`,
    `SlurmdSpoolDir=${path.join(o.dir, "spool")}`,
    `SlurmctldPidFile=${path.join(o.dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${path.join(o.dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${path.join(o.dir, "slurmctld.log")}`,
    `SlurmdLogFile=${path.join(o.dir, "slurmd.log")}`,
    `NodeName=${o.node} NodeAddr=127.0.0.1 CPUs=${o.cpus} State=UNKNOWN`,
    `PartitionName=debug Nodes=${o.node} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n");
}

/** Starts munged (unless running), slurmctld and slurmd; resolves when the node is idle. */
export async function startLocalSlurm(): Promise<LocalSlurm> {
  if (process.getuid?.() !== 0) throw new UserError("A local SLURM cluster needs root (slurmd starts jobs as their user).", { hint: "Run it as root, or use an existing cluster and --backend slurm there." });
  const munged = need("munged");
  const slurmctld = need("slurmctld");
  const slurmd = need("slurmd");
  need("sbatch");
  const started: { munged?: number } = {};
  if (!mungeWorks()) {
    const { uid, gid } = userIds("munge");
    fs.mkdirSync(MUNGE_DIR, { recursive: true, mode: 0o755 });
    fs.chownSync(MUNGE_DIR, uid, gid);
    fs.chmodSync(MUNGE_DIR, 0o755);
    if (!fs.existsSync("/etc/munge/munge.key")) throw new UserError("/etc/munge/munge.key is missing.", { hint: "Reinstall munge (apt-get install --reinstall munge) or create a key with mungekey." });
    started.munged = daemon(munged, ["-F"], { uid, gid }).pid as number;
    await until("munged", mungeWorks, 15_000, "/var/log/munge/munged.log");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bioclusters-slurm-"));
  for (const d of ["state", "spool"]) fs.mkdirSync(path.join(dir, d));
  const node = os.hostname();
  const conf = path.join(dir, "slurm.conf");
  fs.writeFileSync(conf, slurmConf({ dir, node, cpus: os.cpus().length, ctldPort: await freePort(), slurmdPort: await freePort() }));
  const env = { ...process.env, SLURM_CONF: conf };
  const ctld = daemon(slurmctld, ["-D", "-i", "-f", conf], { env });
  const d = daemon(slurmd, ["-D", "-f", conf], { env });
  const pids = { ...started, slurmctld: ctld.pid as number, slurmd: d.pid as number };
  const stop = async () => {
    await stopPid(pids.slurmd);
    await stopPid(pids.slurmctld);
    await stopPid(pids.munged);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const idle = () => {
      const r = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" });
      return r.status === 0 && /^idle/m.test(r.stdout);
    };
    await until("The local SLURM node", idle, 30_000, path.join(dir, "slurmctld.log"));
  } catch (e) {
    await stop();
    throw e;
  }
  return { conf, dir, node, pids, env, stop };
}

const STATE = path.join(PACKAGE_ROOT, "out", "slurm-local.json");

/** `npm run slurm:local [-- stop]`. */
export async function slurmLocalMain(args: string[]): Promise<number> {
  if (args[0] === "stop") {
    if (!fs.existsSync(STATE)) {
      console.log("No local SLURM cluster was started from this project (out/slurm-local.json is absent).");
      return 0;
    }
    const s = JSON.parse(fs.readFileSync(STATE, "utf8")) as { dir: string; pids: LocalSlurm["pids"] };
    await stopPid(s.pids.slurmd);
    await stopPid(s.pids.slurmctld);
    await stopPid(s.pids.munged);
    fs.rmSync(s.dir, { recursive: true, force: true });
    fs.rmSync(STATE);
    console.log("Stopped the local SLURM cluster.");
    return 0;
  }
  if (fs.existsSync(STATE)) {
    const s = JSON.parse(fs.readFileSync(STATE, "utf8")) as { conf: string; pids: LocalSlurm["pids"] };
    if (alive(s.pids.slurmctld)) {
      console.log(`A local SLURM cluster is already running. Use it with:\n  export SLURM_CONF=${s.conf}\nStop it with: npm run slurm:local -- stop`);
      return 0;
    }
  }
  const c = await startLocalSlurm();
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  fs.writeFileSync(STATE, JSON.stringify({ conf: c.conf, dir: c.dir, pids: c.pids }, null, 2) + "\n");
  console.log(`A single-node SLURM cluster is running (node ${c.node}, ${os.cpus().length} CPUs). Use it with:\n  export SLURM_CONF=${c.conf}\nthen for example: bioclusters sweep submit <dir> --backend slurm\nStop it with: npm run slurm:local -- stop`);
  return 0;
}

if (require.main === module) {
  slurmLocalMain(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof UserError ? `slurm:local: ${e.message}` : e);
      process.exitCode = e instanceof UserError ? 2 : 70;
    },
  );
}
