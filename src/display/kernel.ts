/**
 * The bridge to a running tslab kernel.
 *
 * tslab's public `display.raw(mime, value)` sends one MIME type per output. A
 * figure needs several in one output (plotly JSON for JupyterLab/VS Code,
 * offline HTML for everything else, plain text as a last resort), so we call
 * the function tslab's own display API calls, `lastWriteDisplayData`, which
 * takes a whole MIME bundle and an optional display id for in-place updates.
 *
 * We resolve tslab from the kernel's working directory, the way tslab's
 * `startKernel` finds its local install, so we reach the instance the running
 * kernel loaded. Outside a kernel (CLI, tests, plain node) there is no sink and
 * callers fall back to text.
 */
import { createRequire } from "node:module";
import * as path from "node:path";

/** A Jupyter MIME bundle: MIME type → payload (string or JSON value). */
export type MimeBundle = Record<string, unknown>;

export interface SinkOptions {
  /** Set to update one output in place: the first write creates it, later writes with `update` replace it. */
  displayId?: string;
  update?: boolean;
}

/** Something that can put a MIME bundle in front of the user. */
export type DisplaySink = (bundle: MimeBundle, options: SinkOptions) => void;

interface TslabJupyterModule {
  lastWriteDisplayData:
    | ((d: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void)
    | null;
}

let override: DisplaySink | null | undefined;

/**
 * Replace the sink (tests use this to capture bundles). `undefined` restores
 * automatic detection; `null` forces "no kernel" (text fallback).
 */
export function setDisplaySink(sink: DisplaySink | null | undefined): void {
  override = sink;
}

/** True inside a tslab kernel: the executor publishes `globalThis.__tslab__`. */
export function inTslabKernel(): boolean {
  return (globalThis as { __tslab__?: unknown }).__tslab__ !== undefined;
}

function tslabJupyter(): TslabJupyterModule | null {
  if (!inTslabKernel()) return null;
  try {
    const req = createRequire(path.join(process.cwd(), "__bioclusters__.js"));
    return req("tslab/dist/jupyter") as TslabJupyterModule;
  } catch {
    return null;
  }
}

/** The sink in force now, or `null` when nothing can show rich output. */
export function currentSink(): DisplaySink | null {
  if (override !== undefined) return override;
  const jupyter = tslabJupyter();
  if (jupyter === null) return null;
  return (bundle, options) => {
    const write = jupyter.lastWriteDisplayData;
    if (write === null) throw new Error("The tslab kernel is not ready to display output yet.");
    write(
      { data: bundle, metadata: {}, transient: options.displayId === undefined ? {} : { display_id: options.displayId } },
      options.update === true,
    );
  };
}
