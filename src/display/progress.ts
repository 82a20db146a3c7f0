/**
 * `progress(total, label)`: a progress bar that updates one notebook output in
 * place; on a terminal, one line redrawn with `\r`; elsewhere (logs, CI) a
 * single line when it finishes.
 */
import { currentSink, type DisplaySink } from "./kernel";
import { escapeHtml } from "./table";
import { randomBytes } from "node:crypto";

export interface Progress {
  /** Advance by `n` (default 1). */
  tick(n?: number): void;
  /** Set the count done so far. */
  set(done: number): void;
  /** Mark finished (also happens when the count reaches the total). */
  finish(): void;
  readonly done: number;
  readonly total: number;
}

export interface ProgressOptions {
  /** Where rich output goes; default the running kernel, if any. */
  sink?: DisplaySink | null;
  /** Terminal stream for the text bar; default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Minimum milliseconds between redraws (default 100); the last one always draws. */
  intervalMs?: number;
}

const WIDTH = 30;

/** `[##########....................]  33%  100/300 label` */
export function progressText(done: number, total: number, label: string, elapsedMs?: number): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * WIDTH);
  const pct = `${Math.floor(frac * 100)}`.padStart(3);
  const time = elapsedMs === undefined ? "" : `  ${(elapsedMs / 1000).toFixed(1)}s`;
  return `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${pct}%  ${done}/${total}${label ? ` ${label}` : ""}${time}`;
}

export function progressHtml(done: number, total: number, label: string, elapsedMs?: number): string {
  const text = progressText(done, total, label, elapsedMs).replace(/^\[[#.]+\]\s*/, "");
  return `<div class="bioclusters-progress"><progress value="${Math.min(done, total)}" max="${Math.max(total, 1)}" style="width:20em"></progress> <span style="font-family:monospace">${escapeHtml(text)}</span></div>`;
}

export function progress(total: number, label = "", options: ProgressOptions = {}): Progress {
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`progress(total): total must be a finite number of steps ≥ 0, got ${total}.`);
  }
  const sink = options.sink === undefined ? currentSink() : options.sink;
  const stream = options.stream ?? process.stderr;
  const interval = options.intervalMs ?? 100;
  const displayId = randomBytes(8).toString("hex");
  const start = Date.now();
  let done = 0;
  let lastDraw = -Infinity;
  let drawn = false;
  let finished = false;

  const draw = (final: boolean) => {
    const now = Date.now();
    if (!final && now - lastDraw < interval) return;
    lastDraw = now;
    const elapsed = now - start;
    if (sink !== null) {
      sink(
        { "text/html": progressHtml(done, total, label, elapsed), "text/plain": progressText(done, total, label, elapsed) },
        { displayId, update: drawn },
      );
    } else if (stream.isTTY === true) {
      stream.write(`\r${progressText(done, total, label, elapsed)}${final ? "\n" : ""}`);
    } else if (final) {
      stream.write(`${progressText(done, total, label, elapsed)}\n`);
    }
    drawn = true;
  };

  const api: Progress = {
    get done() {
      return done;
    },
    total,
    tick(n = 1) {
      api.set(done + n);
    },
    set(value: number) {
      if (finished) return;
      done = Math.max(0, Math.min(total, value));
      if (done >= total) api.finish();
      else draw(false);
    },
    finish() {
      if (finished) return;
      finished = true;
      draw(true);
    },
  };
  draw(false);
  return api;
}
