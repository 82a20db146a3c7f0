/**
 * `show(value)`: the one call notebooks use to put anything on screen.
 *
 * - a plotly figure `{data, layout}` → an interactive chart (see `figure.ts`);
 * - a danfojs DataFrame or an array of records → an HTML table;
 * - anything else → text.
 *
 * Outside a notebook kernel it prints plain text to stdout and never throws.
 */
import { inspect } from "node:util";
import { currentSink, type MimeBundle } from "./kernel";
import { figureBundle, figureText, isFigure } from "./figure";
import { frameToRecords, isFrameLike, isRecordArray, objectRows, readableRows, tableHtml, tableText, type Row, type TableOptions } from "./table";

export interface ShowOptions extends TableOptions {}

let plotlyInjected = false;

/**
 * Marks plotly.js as not yet sent, so the next figure carries it again (use
 * after clearing the output of the first chart in a session).
 */
export function resetPlotlyInjection(): void {
  plotlyInjected = false;
}

/**
 * The MIME bundle `show` would display for a value, without displaying it.
 * `includePlotlyJs` controls whether a figure carries plotly.js itself.
 */
/** Objects that render themselves (regression tables): a `toHtml()` and a `toText()` method. */
function isRenderable(v: unknown): v is { toHtml(): string; toText(): string } {
  return typeof v === "object" && v !== null && typeof (v as { toHtml?: unknown }).toHtml === "function" && typeof (v as { toText?: unknown }).toText === "function";
}

export function bundleFor(value: unknown, options: ShowOptions & { includePlotlyJs?: boolean } = {}): MimeBundle {
  if (isRenderable(value)) return { "text/html": value.toHtml(), "text/plain": value.toText() };
  if (isFigure(value)) return figureBundle(value, { includePlotlyJs: options.includePlotlyJs ?? false });
  const rows = rowsFor(value);
  if (rows !== null) return { "text/html": tableHtml(rows, options), "text/plain": tableText(rows, options) };
  return { "text/plain": textOf(value) };
}

/** Tables a reader sees: DataFrames, arrays of records (identifiers labelled) and flat objects as item/value rows. */
function rowsFor(value: unknown): Row[] | null {
  if (isFrameLike(value)) return readableRows(frameToRecords(value));
  if (isRecordArray(value)) return readableRows(value);
  return objectRows(value);
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 4, colors: false });
}

/** Text for a value, as `show` prints it outside a kernel. */
export function plainText(value: unknown, options: ShowOptions = {}): string {
  if (isRenderable(value)) return value.toText();
  if (isFigure(value)) return figureText(value);
  const rows = rowsFor(value);
  if (rows !== null) return tableText(rows, options);
  return textOf(value);
}

/** Display a value in the notebook (or print it as text elsewhere). */
export function show(value: unknown, options: ShowOptions = {}): void {
  const sink = currentSink();
  if (sink === null) {
    console.log(plainText(value, options));
    return;
  }
  const includePlotlyJs = isFigure(value) && !plotlyInjected;
  sink(bundleFor(value, { ...options, includePlotlyJs }), {});
  if (includePlotlyJs) plotlyInjected = true;
}

/** Display an HTML fragment in a notebook (its text alternative elsewhere). */
export function showHtml(html: string, text: string = html.replace(/<[^>]+>/g, " ")): void {
  const sink = currentSink();
  if (sink === null) console.log(text);
  else sink({ "text/html": html, "text/plain": text }, {});
}

/** Display Markdown in a notebook (plain text elsewhere). */
export function markdown(text: string): void {
  const sink = currentSink();
  if (sink === null) console.log(text);
  else sink({ "text/markdown": text, "text/plain": text }, {});
}
