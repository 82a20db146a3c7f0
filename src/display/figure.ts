/**
 * Plotly figures as Jupyter MIME bundles that draw offline.
 *
 * A figure is plain data, `{data, layout, config?}`, as every figure builder in
 * this library returns. Its bundle carries:
 * - `application/vnd.plotly.v1+json`: drawn natively by JupyterLab's plotly
 *   extension and by VS Code;
 * - `text/html`: a `<div>` and a script that draws it with `window.Plotly`.
 *   plotly.js itself (from `plotly.js-dist`, minified once with esbuild into
 *   `dist/vendor/`, about 4.7 MB instead of 10) is inlined
 *   (in the first figure of a kernel session, or wherever the caller asks), so
 *   the chart draws with no network — in classic Jupyter, in a trusted
 *   JupyterLab output, and in an nbconvert HTML export;
 * - `text/plain`: a one-line description.
 */
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { MimeBundle } from "./kernel";
import { PACKAGE_ROOT } from "../paths";

export interface Figure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A value is a figure when it is an object whose `data` is an array of trace objects. */
export function isFigure(v: unknown): v is Figure {
  if (typeof v !== "object" || v === null) return false;
  const f = v as { data?: unknown; layout?: unknown };
  return (
    Array.isArray(f.data) &&
    f.data.every((t) => typeof t === "object" && t !== null && !Array.isArray(t)) &&
    (f.layout === undefined || (typeof f.layout === "object" && f.layout !== null))
  );
}

let plotlySource: string | undefined;
let plotlyVersion: string | undefined;

function packageFile(spec: string): string {
  // Resolve from this file, so the library finds its own dependency wherever it is installed.
  const req = createRequire(path.join(__dirname, "noop.js"));
  return req.resolve(spec);
}

/** The plotly.js version bundled with this library. */
export function plotlyJsVersion(): string {
  if (plotlyVersion === undefined) {
    const pkg = JSON.parse(fs.readFileSync(packageFile("plotly.js-dist/package.json"), "utf8")) as { version: string };
    plotlyVersion = pkg.version;
  }
  return plotlyVersion;
}

/**
 * plotly.js from `plotly.js-dist`, minified: built once with esbuild (a
 * dependency of the library) and kept in `dist/vendor/` (the `npm install`
 * step builds it); where that folder cannot be written, minified in memory.
 */
export function plotlyMinified(): string {
  // Always the package's dist/vendor/ (also when the library runs from src/ under the test runner): never src/.
  const file = path.join(PACKAGE_ROOT, "dist", "vendor", `plotly-${plotlyJsVersion()}.min.js`);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  const full = fs.readFileSync(packageFile("plotly.js-dist/plotly.js"), "utf8");
  const esbuild = createRequire(path.join(__dirname, "noop.js"))("esbuild") as { transformSync(code: string, o: Record<string, unknown>): { code: string } };
  const min = esbuild.transformSync(full, { minify: true, legalComments: "inline", charset: "utf8" }).code;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, min);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only install: use the minified copy for this process only.
  }
  return min;
}

/**
 * A `<script>` element that defines `window.Plotly` from the local plotly.js
 * (minified, about 4.7 MB), unless the page already has it.
 */
export function plotlyLoaderHtml(): string {
  if (plotlySource === undefined) {
    const src = plotlyMinified();
    // A literal "</script" inside the inlined source would end the element early.
    plotlySource = src.replace(/<\/script/gi, "<\\/script");
  }
  return `<script type="text/javascript">/* plotly.js ${plotlyJsVersion()}, inlined by bioclusters for offline use */\nif (!window.Plotly) {\n${plotlySource}\n}\n</script>`;
}

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const session = randomBytes(4).toString("hex");
let counter = 0;

/** A page-unique element id: a per-process token plus a counter. */
export function newFigureId(): string {
  counter += 1;
  return `bioclusters-fig-${session}-${counter}`;
}

export interface FigureHtmlOptions {
  /** Element id of the figure's div; default a fresh unique id. */
  id?: string;
  /** Inline plotly.js before the figure. */
  includePlotlyJs?: boolean;
}

/**
 * The HTML for one figure: a div and a script that draws it once `window.Plotly`
 * exists. If plotly.js never arrives (the output that carried it was cleared),
 * the div says so instead of staying blank.
 */
export function figureHtml(fig: Figure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? newFigureId();
  const height = typeof fig.layout?.["height"] === "number" ? (fig.layout["height"] as number) : 450;
  const spec = { data: fig.data, layout: fig.layout ?? {}, config: { responsive: true, ...(fig.config ?? {}) } };
  const script = `(function () {
  var spec = ${scriptJson(spec)};
  var tries = 0;
  function draw() {
    var el = document.getElementById(${scriptJson(id)});
    if (!el) return;
    if (window.Plotly) { window.Plotly.newPlot(el, spec.data, spec.layout, spec.config); return; }
    if (++tries > 300) {
      el.textContent = "This chart could not be drawn: plotly.js was not loaded on this page. Run the notebook again from the top (the first chart of a session carries plotly.js).";
      return;
    }
    setTimeout(draw, 20);
  }
  draw();
})();`;
  const div = `<div id="${id}" class="bioclusters-figure" style="width:100%;height:${height}px;"></div>`;
  return `${options.includePlotlyJs === true ? plotlyLoaderHtml() : ""}${div}\n<script type="text/javascript">\n${script}\n</script>`;
}

/** One line describing a figure, for terminals and logs. */
export function figureText(fig: Figure): string {
  const title = fig.layout?.["title"];
  const titleText =
    typeof title === "string" ? title : typeof title === "object" && title !== null ? String((title as { text?: unknown }).text ?? "") : "";
  const kinds = [...new Set(fig.data.map((t) => String(t["type"] ?? "scatter")))].join(", ");
  return `<plotly figure${titleText ? ` "${titleText}"` : ""}: ${fig.data.length} trace(s) [${kinds}]>`;
}

/** The multi-MIME bundle for a figure. */
export function figureBundle(fig: Figure, options: FigureHtmlOptions = {}): MimeBundle {
  return {
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout ?? {}, ...(fig.config ? { config: fig.config } : {}) },
    "text/html": figureHtml(fig, options),
    "text/plain": figureText(fig),
  };
}
