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
  numberCells(executed);
  const html = spawnSync(jupyter, ["nbconvert", "--to", "html", "--output-dir", outDir, executed], {
    env,
    encoding: "utf8",
  });
  if (html.status !== 0) return { notebook, ok: false, seconds, executed, html: null, log: log + html.stderr };
  return { notebook, ok: true, seconds, executed, html: path.join(outDir, `${name}.html`), log };
}

/**
 * tslab sends no execute_input message, so nbconvert records no execution
 * count and the HTML export shows "In [ ]:" on every cell. The cells ran in
 * order in a fresh kernel, so they are numbered 1, 2, … as Jupyter would.
 */
export function numberCells(executedNotebook: string): void {
  const nb = JSON.parse(fs.readFileSync(executedNotebook, "utf8")) as { cells: Array<{ cell_type: string; execution_count?: number | null; outputs?: Array<{ output_type: string; execution_count?: number | null }> }> };
  let n = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    n += 1;
    if (c.execution_count === null || c.execution_count === undefined) c.execution_count = n;
    for (const o of c.outputs ?? []) if (o.output_type === "execute_result" && (o.execution_count === null || o.execution_count === undefined)) o.execution_count = c.execution_count;
  }
  fs.writeFileSync(executedNotebook, JSON.stringify(nb, null, 1) + "\n");
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

export interface LayoutProblem {
  figure: string;
  text: string;
  problem: "outside its figure" | "overlaps another label";
}

export interface LayoutCheck {
  problems: LayoutProblem[];
  /** Code identifiers (snake_case, camelCase) found in the text a reader sees. */
  identifiers: string[];
  /** Whether the page is wider than the window (a horizontal scroll bar). */
  horizontalOverflow: boolean;
  figures: number;
}

/** Words a reader may see that look like identifiers but are not: units, brands and file names. */
const NOT_IDENTIFIERS = new Set(["iPhone", "nbconvert", "danfojs", "plotly", "tslab", "eToday"]); // eToday: a Korean newspaper cited as a source

/**
 * Opens a page at `width` px, waits for its `expectedFigures` charts, saves a
 * full-page screenshot to `screenshot`, and checks what a reader sees: every
 * text of every chart lies inside the chart's own box, tick labels on one
 * axis do not overlap, and no snake_case or camelCase identifier from the
 * code appears in the rendered text (file names and addresses excepted).
 */
export async function checkLayout(browser: Browser, htmlFile: string, width: number, expectedFigures: number, screenshot: string, o: { textScope?: string } = {}): Promise<LayoutCheck> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`file://${path.resolve(htmlFile)}`, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction((n) => n === 0 || document.querySelectorAll(".js-plotly-plot .main-svg").length > 0 && new Set(Array.from(document.querySelectorAll(".js-plotly-plot .main-svg")).map((e) => e.closest(".js-plotly-plot"))).size >= n, expectedFigures, { timeout: 120_000 });
  await page.waitForTimeout(500);
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  const result = await page.evaluate((scope: string | null) => {
    const problems: Array<{ figure: string; text: string; problem: "outside its figure" | "overlaps another label" }> = [];
    const plots = Array.from(document.querySelectorAll(".js-plotly-plot"));
    const texts: string[] = [];
    for (const plot of plots) {
      const svg = plot.querySelector(".main-svg");
      if (!svg) continue;
      const box = svg.getBoundingClientRect();
      const id = plot.id || "(figure)";
      for (const t of Array.from(plot.querySelectorAll("text"))) {
        const s = (t.textContent ?? "").trim();
        if (!s) continue;
        texts.push(s);
        const r = t.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) problems.push({ figure: id, text: s, problem: "outside its figure" });
      }
      for (const layer of Array.from(plot.querySelectorAll(".xaxislayer-above, .yaxislayer-above"))) {
        // Rotated tick labels have axis-aligned boxes that overlap when the labels do not: only unrotated ones are compared.
        const rotated = (t: Element) => /rotate\((?!0[,)])/.test(`${t.getAttribute("transform") ?? ""} ${t.parentElement?.getAttribute("transform") ?? ""}`);
        const ticks = Array.from(layer.querySelectorAll("text")).filter((t) => !rotated(t)).map((t) => ({ s: t.textContent ?? "", r: t.getBoundingClientRect() })).filter((x) => x.s.trim() && x.r.width > 0);
        for (let i = 0; i < ticks.length; i++)
          for (let j = i + 1; j < ticks.length; j++) {
            const a = ticks[i]!.r;
            const b = ticks[j]!.r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && h > 1) problems.push({ figure: id, text: `${ticks[i]!.s} / ${ticks[j]!.s}`, problem: "overlaps another label" });
          }
      }
    }
    const scoped = scope ? Array.from(document.querySelectorAll(scope)).map((e) => (e as HTMLElement).innerText).join("\n") : document.body.innerText;
    return { problems, text: `${scoped}\n${texts.join("\n")}`, horizontalOverflow: document.documentElement.scrollWidth > window.innerWidth + 1, figures: plots.length };
  }, o.textScope ?? null);
  await page.close();
  const visible = result.text.replace(/\b(?:https?:\/\/|file:)\S+/g, " ").replace(/[\w./-]+\.(?:csv|json|html|ipynb|md|tex|rtf|xlsx|png|svg)\b/g, " ");
  const found = new Set<string>();
  for (const m of visible.matchAll(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b/g)) if (!NOT_IDENTIFIERS.has(m[0])) found.add(m[0]);
  return { problems: result.problems, identifiers: [...found], horizontalOverflow: result.horizontalOverflow, figures: result.figures };
}
