/**
 * Runs notebooks the way a user does: through Jupyter's nbclient (via
 * `jupyter nbconvert --execute`) on the project's tslab kernel, then opens the
 * HTML export in headless Chromium and checks every figure drew.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { findJupyter, JUPYTER_MISSING } from "../../src/jupyter/find";
import { installKernelSpec, jupyterEnv, KERNEL_NAME, linkSelf } from "../../src/jupyter/kernelspec";
import { PLOTLY_MIME } from "../../src/display/figure";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface RunResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  executed: string;
  html: string | null;
  log: string;
}

let jupyterCmd: string | null | undefined;

/** The `jupyter` command with nbconvert, or a thrown explanation. */
export function requireJupyter(): string {
  if (jupyterCmd === undefined) {
    installKernelSpec(ROOT);
    linkSelf(ROOT);
    jupyterCmd = findJupyter("nbconvert");
  }
  if (jupyterCmd === null) throw new Error(JUPYTER_MISSING);
  return jupyterCmd;
}

export function listNotebooks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Executes one notebook into `outDir` and exports it to HTML. */
export function runNotebook(notebook: string, outDir: string, timeoutSeconds = 1200): RunResult {
  const jupyter = requireJupyter();
  fs.mkdirSync(outDir, { recursive: true });
  const name = path.basename(notebook, ".ipynb");
  const executed = path.join(outDir, `${name}.ipynb`);
  const env = jupyterEnv(ROOT);
  const t0 = Date.now();
  const exec = spawnSync(
    jupyter,
    [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
      "--output-dir",
      outDir,
      "--output",
      name,
      notebook,
    ],
    { cwd: path.dirname(notebook), env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const log = `${exec.stdout ?? ""}${exec.stderr ?? ""}`;
  if (exec.status !== 0) return { notebook, ok: false, seconds, executed, html: null, log: log + failingCellOutput(jupyter, notebook, outDir, env) };
  const html = spawnSync(jupyter, ["nbconvert", "--to", "html", "--output-dir", outDir, executed], {
    env,
    encoding: "utf8",
  });
  if (html.status !== 0) return { notebook, ok: false, seconds, executed, html: null, log: log + html.stderr };
  return { notebook, ok: true, seconds, executed, html: path.join(outDir, `${name}.html`), log };
}

interface NbOutput {
  output_type: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

/**
 * tslab prints TypeScript compile errors as stream output and raises an empty
 * error, so nbconvert's message alone does not say what went wrong. Re-runs the
 * notebook with errors allowed and returns the first failing cell's own output.
 */
function failingCellOutput(jupyter: string, notebook: string, outDir: string, env: NodeJS.ProcessEnv): string {
  const name = `${path.basename(notebook, ".ipynb")}.debug`;
  spawnSync(jupyter, ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`, "--output-dir", outDir, "--output", name, notebook], {
    cwd: path.dirname(notebook),
    env,
    encoding: "utf8",
  });
  const file = path.join(outDir, `${name}.ipynb`);
  if (!fs.existsSync(file)) return "";
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ source: string | string[]; outputs?: NbOutput[] }> };
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
  for (const [i, cell] of nb.cells.entries()) {
    const outs = cell.outputs ?? [];
    const err = outs.find((o) => o.output_type === "error");
    const streams = outs.filter((o) => o.output_type === "stream").map((o) => text(o.text)).join("");
    // tslab reports some runtime and compile errors only as stream text.
    if (!err && !/\b\w*Error\b|\d+:\d+ - /.test(streams)) continue;
    return `\n--- cell ${i + 1} failed ---\n${text(cell.source)}\n--- its output ---\n${streams}${err ? `${err.ename ?? ""}: ${err.evalue ?? ""}` : ""}\n`;
  }
  return "";
}

/** Figures in an executed notebook: outputs that carry plotly JSON. */
export function countFigures(executedNotebook: string): number {
  const nb = JSON.parse(fs.readFileSync(executedNotebook, "utf8")) as {
    cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }>;
  };
  let n = 0;
  for (const cell of nb.cells) for (const out of cell.outputs ?? []) if (out.data?.[PLOTLY_MIME] !== undefined) n += 1;
  return n;
}

export { chromiumPath, CHROMIUM_ARGS, launchChromium } from "../../src/report/browser";

export interface PageCheck {
  /** Plotly roots that hold a drawn SVG. */
  renderedFigures: number;
  errors: string[];
  /** Requests to anything but file:// or data: URLs. */
  networkRequests: string[];
}

/** Opens an HTML file, waits for `expectedFigures` plotly charts to draw, and collects errors. */
export async function checkPage(browser: Browser, htmlFile: string, expectedFigures: number): Promise<PageCheck> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const networkRequests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`failed to load ${r.url()}: ${r.failure()?.errorText ?? ""}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")) networkRequests.push(url);
  });
  await page.goto(`file://${path.resolve(htmlFile)}`, { waitUntil: "load", timeout: 120_000 });
  const count = () => page.locator(".js-plotly-plot .main-svg").evaluateAll((els) => new Set(els.map((e) => e.closest(".js-plotly-plot"))).size);
  const deadline = Date.now() + 60_000;
  let rendered = await count();
  while (rendered < expectedFigures && Date.now() < deadline) {
    await page.waitForTimeout(250);
    rendered = await count();
  }
  await page.close();
  return { renderedFigures: rendered, errors, networkRequests };
}
