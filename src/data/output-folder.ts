/**
 * Output folders that never mix runs.
 *
 * Every command that writes a set of files (`simulate`, `report`, and the
 * library's `writeExperiment` and `buildReport`) goes through this module:
 *
 * 1. `checkOutputFolder(target)` — before any computation: the target is a
 *    folder bioclusters may replace (absent, empty, a previous bioclusters
 *    output, or the link this module made), its parent can be written and the
 *    disk has room for the estimated output.
 * 2. `openOutputFolder(target)` — takes the lock `.<name>.lock` beside the
 *    target (holding this process's id: a second run into the same folder is
 *    refused with a message naming the first), removes what killed runs left
 *    behind, and makes a fresh temporary folder `.<name>.tmp-<pid>-…` beside
 *    the target to write into.
 * 3. `commit()` — moves the complete temporary folder into the store
 *    `.<name>.runs/` and replaces the link `<name>` → `.<name>.runs/<run>`
 *    with one `rename`, which is atomic: whoever reads `<name>/…` sees the
 *    previous complete run or the new complete run, never a mix, at any
 *    moment, including after `kill -9`. Older runs are then removed.
 *
 * A target that is a real folder (a previous bioclusters output, or an empty
 * folder) is moved into the store the first time, then linked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceError, UserError } from "../errors";
import { DISK_HEADROOM_BYTES } from "../limits";

/** Names bioclusters writes into an output folder; a real folder holding only these may be replaced. */
const OUR_NAMES = new Set(["runs.csv", "runs.arrow", "summary.csv", "differences.csv", "panel.csv", "manifest.json", "report.html", "figures", "data"]);

interface Layout {
  /** The target as the user wrote it (for messages). */
  shown: string;
  target: string;
  parent: string;
  name: string;
  store: string;
  lock: string;
  tmpPrefix: string;
}

function layout(target: string): Layout {
  const abs = path.resolve(target);
  const name = path.basename(abs);
  if (name === "" || abs === path.parse(abs).root) {
    throw new UserError(`The output folder "${target}" is the root of the file system.`, { hint: "Give a folder of its own, e.g. --out out/run1." });
  }
  const parent = path.dirname(abs);
  return { shown: target, target: abs, parent, name, store: path.join(parent, `.${name}.runs`), lock: path.join(parent, `.${name}.lock`), tmpPrefix: `.${name}.tmp-` };
}

function lstat(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw e;
  }
}

/** The link target if `target` is a link this module made (into its store), else null. */
function ourLink(l: Layout): string | null {
  const st = lstat(l.target);
  if (st === null || !st.isSymbolicLink()) return null;
  const to = fs.readlinkSync(l.target);
  const store = path.basename(l.store);
  return to.startsWith(`${store}/`) && !to.slice(store.length + 1).includes("/") ? path.join(l.parent, to) : null;
}

/** The nearest existing ancestor of `p` (to check permissions and space before creating anything). */
function existingAncestor(p: string): string {
  let cur = p;
  for (;;) {
    const st = lstat(cur);
    if (st !== null) return cur;
    const up = path.dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
}

export interface OutputCheck {
  /** Bytes the run expects to write (for the disk-space check). */
  estimatedBytes?: number;
}

/**
 * Checks, before any computation, that `target` can receive a new output set.
 * Throws a UserError (exit 2) for a folder that cannot be used and a
 * ResourceError (exit 3) when the disk lacks room for the estimated output.
 */
export function checkOutputFolder(target: string, o: OutputCheck = {}): void {
  const l = layout(target);
  const where = { location: { file: target } };
  const st = lstat(l.target);
  if (st !== null) {
    if (st.isSymbolicLink()) {
      if (ourLink(l) === null) {
        const to = fs.readlinkSync(l.target);
        const dangling = !fs.existsSync(l.target);
        throw new UserError(
          dangling ? `The output folder is a link to "${to}", which does not exist.` : `The output folder is a link to "${to}" that bioclusters did not make, so it will not replace it.`,
          { ...where, hint: "Remove the link or give another --out folder." },
        );
      }
    } else if (!st.isDirectory()) {
      throw new UserError("The output path exists and is a file, not a folder.", { ...where, hint: "Give a folder name for --out (it is created if needed)." });
    } else {
      const foreign = fs.readdirSync(l.target).filter((n) => !OUR_NAMES.has(n) && !n.startsWith(".tmp-bioclusters-"));
      if (foreign.length > 0) {
        throw new UserError(
          `The output folder already holds files bioclusters did not write (${foreign.slice(0, 3).map((n) => `"${n}"`).join(", ")}${foreign.length > 3 ? ", …" : ""}), and a run replaces the whole folder.`,
          { ...where, hint: "Give a new or empty folder for --out." },
        );
      }
    }
  }
  const holder = readLock(l.lock);
  if (holder !== null && holder.pid !== process.pid && alive(holder.pid)) throw lockedError(l, holder);
  const base = existingAncestor(l.parent);
  const bst = fs.statSync(base);
  if (!bst.isDirectory()) {
    throw new UserError(`"${base}" is a file, so the output folder cannot be created inside it.`, { ...where, hint: "Give another --out folder." });
  }
  try {
    fs.accessSync(base, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new UserError(`The folder "${base}" cannot be written to (permission denied).`, { ...where, hint: "Give an --out folder you may write to." });
  }
  if (o.estimatedBytes !== undefined) {
    const fsStat = fs.statfsSync(base);
    const free = fsStat.bavail * fsStat.bsize;
    if (free < o.estimatedBytes + DISK_HEADROOM_BYTES) {
      throw new ResourceError(`The output needs about ${formatBytes(o.estimatedBytes)} but the disk holding "${base}" has ${formatBytes(free)} free.`, {
        ...where,
        hint: "Free some space, write elsewhere, or ask for less (fewer replicates, metrics or years).",
      });
    }
  }
}

export function formatBytes(n: number): string {
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

function alive(pid: number): boolean {
  if (!(Number.isInteger(pid) && pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): { pid: number; started: string; command: string } | null {
  try {
    const [pid, started, command] = fs.readFileSync(file, "utf8").split("\n");
    return { pid: Number(pid), started: started ?? "", command: command ?? "" };
  } catch {
    return null;
  }
}

function lockedError(l: Layout, other: { pid: number; started: string; command: string }): UserError {
  const cmd = other.command.length > 80 ? `${other.command.slice(0, 77)}…` : other.command;
  return new UserError(`Another bioclusters run (process ${other.pid}${cmd ? `, "${cmd}"` : ""}, started ${other.started}) is writing to this output folder.`, {
    location: { file: l.shown },
    hint: `Wait for it to finish, stop it (kill ${other.pid}), or give another --out folder.`,
  });
}

function takeLock(l: Layout, command: string): void {
  const content = `${process.pid}\n${new Date().toISOString()}\n${command}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(l.lock, content, { flag: "wx" });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const other = readLock(l.lock);
    if (other !== null && other.pid !== process.pid && alive(other.pid)) throw lockedError(l, other);
    // The holder is gone (killed): the lock is stale.
    fs.rmSync(l.lock, { force: true });
  }
  throw new UserError("Could not take the output folder's lock.", { location: { file: l.shown }, hint: "Try again, or give another --out folder." });
}

function pidOfTemp(name: string, prefix: string): number {
  return Number(name.slice(prefix.length).split("-")[0]);
}

/** Removes what killed runs left: temporary folders, and runs in the store the link no longer points to. */
function cleanStale(l: Layout): void {
  for (const n of fs.readdirSync(l.parent)) {
    if (n.startsWith(l.tmpPrefix) && pidOfTemp(n, l.tmpPrefix) !== process.pid) fs.rmSync(path.join(l.parent, n), { recursive: true, force: true });
    if (n.startsWith(`.${l.name}.link-`)) fs.rmSync(path.join(l.parent, n), { force: true });
  }
  if (!fs.existsSync(l.store)) return;
  const current = ourLink(l);
  const runs = fs.readdirSync(l.store).sort();
  if (lstat(l.target) === null && runs.length > 0) {
    // Killed between moving an old real folder into the store and linking: every run in the store is complete; link the newest.
    relink(l, path.join(l.store, runs[runs.length - 1] as string));
    return cleanStale(l);
  }
  for (const r of runs) if (path.join(l.store, r) !== current) fs.rmSync(path.join(l.store, r), { recursive: true, force: true });
}

/** Points the target at `run` with one atomic rename of a fresh link over it. */
function relink(l: Layout, run: string): void {
  const link = path.join(l.parent, `.${l.name}.link-${process.pid}`);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.relative(l.parent, run), link);
  faultPause("link-made");
  fs.renameSync(link, l.target);
}

/**
 * Fault injection for the kill test only: with BIOCLUSTERS_FAULT_PAUSE_MS set,
 * each step of the swap announces itself on stderr ("[swap:<step>]") and
 * pauses, so the test can `kill -9` inside the swap at a chosen step.
 */
function faultPause(step: string): void {
  const ms = Number(process.env["BIOCLUSTERS_FAULT_PAUSE_MS"] ?? 0);
  if (!(ms > 0)) return;
  process.stderr.write(`[swap:${step}]\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Output sets open in this process, so a signal handler can remove their temporary files. */
const OPEN = new Set<OutputSet>();

export interface OutputSet {
  /** Write every file of the set here (a fresh folder beside the target). */
  readonly dir: string;
  /** The target folder as given. */
  readonly target: string;
  /** Swaps the complete set in (atomically) and releases the lock. */
  commit(): void;
  /** Removes the temporary folder and releases the lock; the previous output stays as it was. */
  abort(): void;
}

/**
 * Opens an output set for `target` (see the module comment). Call `commit()`
 * when every file is written, or `abort()` on failure (`withOutputFolder`
 * does both).
 */
export function openOutputFolder(target: string, o: OutputCheck & { command?: string } = {}): OutputSet {
  checkOutputFolder(target, o);
  const l = layout(target);
  try {
    fs.mkdirSync(l.parent, { recursive: true });
  } catch (e) {
    throw new UserError(`The folder "${l.parent}" could not be created (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, { location: { file: target }, hint: "Give another --out folder." });
  }
  takeLock(l, o.command ?? "");
  let done = false;
  let dir: string;
  try {
    cleanStale(l);
    dir = fs.mkdtempSync(path.join(l.parent, `${l.tmpPrefix}${process.pid}-`));
    fs.chmodSync(dir, 0o755); // mkdtemp makes it private; an output folder is readable like any other
  } catch (e) {
    fs.rmSync(l.lock, { force: true });
    throw e;
  }
  const release = () => {
    const mine = readLock(l.lock);
    if (mine !== null && mine.pid === process.pid) fs.rmSync(l.lock, { force: true });
  };
  const set: OutputSet = {
    dir,
    target,
    commit() {
      if (done) return;
      try {
        fs.mkdirSync(l.store, { recursive: true });
        const run = path.join(l.store, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`);
        faultPause("written");
        fs.renameSync(dir, run);
        faultPause("stored");
        const st = lstat(l.target);
        if (st !== null && !st.isSymbolicLink()) {
          // A real folder (an old-style output or an empty folder): keep it in the store until the link replaces it.
          fs.renameSync(l.target, path.join(l.store, `0-previous-${process.pid}`));
          faultPause("moved-previous");
        }
        relink(l, run);
        faultPause("linked");
        done = true;
        OPEN.delete(set);
        for (const r of fs.readdirSync(l.store)) if (path.join(l.store, r) !== run) fs.rmSync(path.join(l.store, r), { recursive: true, force: true });
      } catch (e) {
        set.abort();
        throw outputError(e, target);
      } finally {
        release();
      }
    },
    abort() {
      if (done) return;
      done = true;
      OPEN.delete(set);
      fs.rmSync(dir, { recursive: true, force: true });
      release();
    },
  };
  OPEN.add(set);
  return set;
}

/** Runs `write(dir)` into a fresh output set and commits it; on any error the set is removed and the error rethrown. */
export async function withOutputFolder<T>(target: string, o: OutputCheck & { command?: string }, write: (dir: string) => T | Promise<T>): Promise<T> {
  const set = openOutputFolder(target, o);
  try {
    const r = await write(set.dir);
    set.commit();
    return r;
  } catch (e) {
    set.abort();
    throw outputError(e, target);
  }
}

/** The synchronous form of `withOutputFolder`. */
export function withOutputFolderSync<T>(target: string, o: OutputCheck & { command?: string }, write: (dir: string) => T): T {
  const set = openOutputFolder(target, o);
  try {
    const r = write(set.dir);
    set.commit();
    return r;
  } catch (e) {
    set.abort();
    throw outputError(e, target);
  }
}

/** File-system failures while writing (disk full, permission, read-only) as user errors naming the folder. */
export function outputError(e: unknown, target: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return new ResourceError("The disk became full while writing the output; nothing was changed in the output folder.", { location: { file: target }, hint: "Free some space or write elsewhere.", cause: e });
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return new UserError(`The output could not be written (${code}: permission denied or read-only); nothing was changed in the output folder.`, { location: { file: target }, hint: "Give an --out folder you may write to.", cause: e });
  return e;
}

/** Removes the temporary folders and locks of every open set (for signal handlers; synchronous). */
export function abortOpenOutputs(): number {
  const n = OPEN.size;
  for (const s of [...OPEN]) {
    try {
      s.abort();
    } catch {
      /* best effort while exiting */
    }
  }
  return n;
}
