/**
 * Side-by-side regression tables, as economists publish them (Stata's
 * `esttab`, R's `modelsummary`): one column per model, each coefficient with
 * its standard error in parentheses below and significance stars, then the
 * number of observations, R² (OLS) or McFadden's pseudo-R² (ML models) and
 * the covariance type. Rendered as HTML (notebooks: `bc.show(table)`),
 * LaTeX (booktabs), RTF (opens in Word) and plain text.
 *
 * Stars: * p < 0.10, ** p < 0.05, *** p < 0.01 (esttab's `star(* 0.10 ** 0.05
 * *** 0.01)`, the usual convention in economics journals). The constant is
 * listed last, as in Stata.
 */
import { UserError } from "../errors";
import { label, type Lang } from "../format";
import type { RegressionResult } from "./result";

export interface RegressionTableOptions {
  /** Significance stars (default true). */
  stars?: boolean;
  /** Decimals of coefficients and standard errors (default 3). */
  decimals?: number;
  /** Column titles (default "(1)", "(2)", …). */
  titles?: readonly string[];
  /** Labels of variables (override the dictionary); identifiers are used when `identifiers` is true. */
  labels?: Readonly<Record<string, string>>;
  identifiers?: boolean;
  lang?: Lang;
  caption?: string;
}

const MODEL_NAMES: Record<RegressionResult["model"], string> = { ols: "OLS", logit: "logit", poisson: "Poisson", negbin: "NB2" };

interface Cell {
  coef: string;
  stars: string;
  se: string;
}

/** A rendered table: rows of cells, ready for any output format. */
export class RegressionTable {
  readonly titles: string[];
  readonly outcomes: string[];
  /** Coefficient rows: label, then one cell per model (null when the model lacks the variable). */
  readonly rows: Array<{ name: string; label: string; cells: Array<Cell | null> }>;
  /** Statistics rows (observations, R², covariance). */
  readonly stats: Array<{ label: string; values: string[] }>;
  readonly note: string;
  readonly caption: string | undefined;

  constructor(models: readonly RegressionResult[], o: RegressionTableOptions = {}) {
    if (!Array.isArray(models as unknown) || models.length === 0) throw new UserError("regressionTable needs at least one fitted model, e.g. regressionTable([m1, m2]).");
    for (const [i, m] of models.entries())
      if (!m || !Array.isArray(m.names) || !Array.isArray(m.params)) throw new UserError(`regressionTable: item ${i + 1} is not a fitted model (pass the results of bc.estimate or bc.estimateDefaults()[k].result).`);
    const dec = o.decimals ?? 3;
    const stars = o.stars !== false;
    const lang = o.lang ?? "en";
    if (o.titles && o.titles.length !== models.length) throw new UserError(`regressionTable: ${o.titles.length} titles for ${models.length} models; give one title per model.`);
    this.titles = o.titles ? [...o.titles] : models.map((_, i) => `(${i + 1})`);
    this.outcomes = models.map((m) => (o.identifiers ? m.outcome : label(m.outcome, lang, { kind: "variable" })));
    this.caption = o.caption;
    const last = ["(Intercept)", "alpha"];
    const names = [...new Set(models.flatMap((m) => m.names))].sort((a, b) => (last.indexOf(a) >= 0 ? last.indexOf(a) + 1 : 0) - (last.indexOf(b) >= 0 ? last.indexOf(b) + 1 : 0));
    const fmt = (x: number) => {
      if (!Number.isFinite(x)) throw new UserError(`regressionTable: a coefficient or standard error is ${x}; the model did not converge — refit it before tabulating.`);
      const s = x.toFixed(dec);
      return /^-0\.0*$/.test(s) ? s.slice(1) : s;
    };
    const star = (p: number) => (!stars ? "" : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "");
    this.rows = names.map((n) => ({
      name: n,
      label: o.labels?.[n] ?? (o.identifiers ? n : label(n, lang, { kind: "variable" })),
      cells: models.map((m) => {
        const i = m.names.indexOf(n);
        if (i < 0) return null;
        return { coef: fmt(m.params[i] as number), stars: n === "alpha" ? "" : star(m.pvalues[i] as number), se: fmt(m.bse[i] as number) };
      }),
    }));
    const ko = lang === "ko";
    const r2 = models.map((m) => (m.rsquared !== null ? m.rsquared : m.prsquared));
    this.stats = [
      { label: ko ? "관측치" : "Observations", values: models.map((m) => m.nobs.toLocaleString("en-US")) },
      { label: models.every((m) => m.rsquared !== null) ? "R²" : models.every((m) => m.rsquared === null) ? (ko ? "유사 R²" : "Pseudo R²") : ko ? "R² / 유사 R²" : "R² / pseudo R²", values: r2.map((v) => (v === null ? "" : v.toFixed(3))) },
      { label: ko ? "모형" : "Model", values: models.map((m) => MODEL_NAMES[m.model]) },
      { label: ko ? "표준오차" : "Standard errors", values: models.map((m) => (m.covType === "cluster" ? `cluster (${m.clusterBy})` : m.covType)) },
    ];
    this.note = ko
      ? `괄호 안은 표준오차.${stars ? " * p < 0.10, ** p < 0.05, *** p < 0.01." : ""}`
      : `Standard errors in parentheses.${stars ? " * p < 0.10, ** p < 0.05, *** p < 0.01." : ""}`;
  }

  toHtml(): string {
    const e = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const n = this.titles.length;
    const head = `<tr><th></th>${this.titles.map((t) => `<th style="text-align:center">${e(t)}</th>`).join("")}</tr><tr><th></th>${this.outcomes.map((t) => `<th style="text-align:center;font-weight:normal">${e(t)}</th>`).join("")}</tr>`;
    const body = this.rows
      .map((r) => `<tr><td style="text-align:left">${e(r.label)}</td>${r.cells.map((c) => `<td style="text-align:center">${c ? `${e(c.coef.replace(/^-/, "−"))}<sup>${c.stars}</sup>` : ""}</td>`).join("")}</tr><tr class="se"><td></td>${r.cells.map((c) => `<td style="text-align:center;color:#555">${c ? `(${e(c.se)})` : ""}</td>`).join("")}</tr>`)
      .join("");
    const stats = this.stats.map((s, i) => `<tr${i === 0 ? ' style="border-top:1px solid #333"' : ""}><td style="text-align:left">${e(s.label)}</td>${s.values.map((v) => `<td style="text-align:center">${e(v)}</td>`).join("")}</tr>`).join("");
    return `<table class="bioclusters-regression" style="border-collapse:collapse;border-top:2px solid #333;border-bottom:2px solid #333">${this.caption ? `<caption>${e(this.caption)}</caption>` : ""}<thead style="border-bottom:1px solid #333">${head}</thead><tbody>${body}${stats}</tbody><tfoot><tr><td colspan="${n + 1}" style="font-size:smaller;text-align:left">${e(this.note)}</td></tr></tfoot></table>`;
  }

  /** LaTeX with booktabs (\usepackage{booktabs}). */
  toLatex(): string {
    const x = (s: string) =>
      s.replace(/\\/g, "\\textbackslash{}").replace(/([&%$#_{}])/g, "\\$1").replace(/~/g, "\\textasciitilde{}").replace(/\^/g, "\\textasciicircum{}").replace(/α/g, "$\\alpha$").replace(/R²/g, "R$^2$").replace(/²/g, "$^2$").replace(/−/g, "-");
    const n = this.titles.length;
    const line = (cells: string[]) => `${cells.join(" & ")} \\\\`;
    const out = [
      "\\begin{table}[htbp]",
      "\\centering",
      ...(this.caption ? [`\\caption{${x(this.caption)}}`] : []),
      `\\begin{tabular}{l*{${n}}{c}}`,
      "\\toprule",
      line(["", ...this.titles.map(x)]),
      line(["", ...this.outcomes.map(x)]),
      "\\midrule",
      ...this.rows.flatMap((r) => [line([x(r.label), ...r.cells.map((c) => (c ? `${c.coef}${c.stars ? `$^{${c.stars}}$` : ""}` : ""))]), line(["", ...r.cells.map((c) => (c ? `(${c.se})` : ""))])]),
      "\\midrule",
      ...this.stats.map((s) => line([x(s.label), ...s.values.map(x)])),
      "\\bottomrule",
      `\\multicolumn{${n + 1}}{l}{\\footnotesize ${x(this.note)}} \\\\`,
      "\\end{tabular}",
      "\\end{table}",
    ];
    return out.join("\n") + "\n";
  }

  /** Rich Text Format: opens in Word, LibreOffice and Pages as a table. */
  toRtf(): string {
    const r = (s: string) =>
      s.replace(/\\/g, "\\\\").replace(/{/g, "\\{").replace(/}/g, "\\}").replace(/[^\x20-\x7e]/g, (ch) => {
        const c = ch.charCodeAt(0);
        return `\\u${c > 32767 ? c - 65536 : c}?`;
      });
    const n = this.titles.length;
    const w0 = 3200;
    const w = 1700;
    const row = (cells: string[], o: { top?: boolean; bottom?: boolean } = {}) => {
      const border = `${o.top ? "\\clbrdrt\\brdrs\\brdrw10" : ""}${o.bottom ? "\\clbrdrb\\brdrs\\brdrw10" : ""}`;
      const defs = cells.map((_, i) => `${border}\\cellx${w0 + i * w}`).join("");
      return `\\trowd\\trgaph80${defs}\n${cells.map((c, i) => `\\pard\\intbl${i === 0 ? "\\ql" : "\\qc"} ${r(c)}\\cell`).join("")}\\row`;
    };
    const lines = [
      "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\fs22",
      ...(this.caption ? [`\\pard\\b ${r(this.caption)}\\b0\\par`] : []),
      row(["", ...this.titles], { top: true }),
      row(["", ...this.outcomes], { bottom: true }),
      ...this.rows.flatMap((x) => [row([x.label, ...x.cells.map((c) => (c ? `${c.coef}${c.stars}` : ""))]), row(["", ...x.cells.map((c) => (c ? `(${c.se})` : ""))])]),
      ...this.stats.map((s, i) => row([s.label, ...s.values], { top: i === 0, bottom: i === this.stats.length - 1 })),
      `\\pard\\fs18 ${r(this.note)}\\par`,
      "}",
    ];
    void n;
    return lines.join("\n") + "\n";
  }

  /** Plain text, aligned (terminals and logs). */
  toText(): string {
    const grid: string[][] = [
      ["", ...this.titles],
      ["", ...this.outcomes],
      ...this.rows.flatMap((x) => [[x.label, ...x.cells.map((c) => (c ? `${c.coef}${c.stars}` : ""))], ["", ...x.cells.map((c) => (c ? `(${c.se})` : ""))]]),
      ...this.stats.map((s) => [s.label, ...s.values]),
    ];
    const widths = grid[0]!.map((_, j) => Math.max(...grid.map((r) => (r[j] ?? "").length)));
    const fmt = (r: string[]) => r.map((v, j) => (j === 0 ? v.padEnd(widths[j] as number) : v.padStart(widths[j] as number))).join("  ");
    const rule = "-".repeat(widths.reduce((s, x) => s + x + 2, -2));
    return [rule, fmt(grid[0]!), fmt(grid[1]!), rule, ...grid.slice(2, 2 + 2 * this.rows.length).map(fmt), rule, ...grid.slice(2 + 2 * this.rows.length).map(fmt), rule, this.note].join("\n");
  }

  toString(): string {
    return this.toText();
  }
}

/**
 * Several fitted models side by side with significance stars:
 * `bc.show(bc.regressionTable([m1, m2, m3], { stars: true }))` in a notebook;
 * `.toLatex()`, `.toRtf()` (Word) and `.toHtml()` for papers.
 */
export function regressionTable(models: readonly RegressionResult[], o: RegressionTableOptions = {}): RegressionTable {
  return new RegressionTable(models, o);
}
