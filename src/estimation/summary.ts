/**
 * Regression tables for people: plain text (terminal, CLI) and HTML (notebooks).
 */
import { escapeHtml, formatCell } from "../display/table";
import { showHtml } from "../display/show";
import { formatPValue, label } from "../format";
import type { RegressionResult } from "./result";

const MODEL_NAMES = { ols: "OLS", logit: "Logit", poisson: "Poisson", negbin: "Negative binomial (NB2)" } as const;

function covLabel(r: RegressionResult): string {
  if (r.covType === "classic") return "classical";
  if (r.covType === "cluster") return `cluster-robust by ${r.clusterBy} (${r.groups} groups)`;
  return `robust ${r.covType}`;
}

/** Header lines: model, outcome, observations, fit statistics. */
export function summaryHeader(r: RegressionResult): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ["Model", MODEL_NAMES[r.model]],
    ["Outcome", r.outcome],
    ["Observations", `${r.nobs}${r.nDropped ? ` (${r.nDropped} dropped for missing values)` : ""}`],
    ["Covariance", covLabel(r)],
    ["Log-likelihood", formatCell(r.llf)],
    ["AIC / BIC", `${formatCell(r.aic)} / ${formatCell(r.bic)}`],
  ];
  if (r.rsquared !== null) rows.push(["R² / adj. R²", `${formatCell(r.rsquared)} / ${formatCell(r.rsquaredAdj)}`]);
  if (r.prsquared !== null) rows.push(["Pseudo-R² (McFadden)", formatCell(r.prsquared)]);
  if (r.alpha !== null) rows.push(["Dispersion α", formatCell(r.alpha)]);
  if (r.sigma !== null) rows.push(["Residual s.d.", formatCell(r.sigma)]);
  if (Object.keys(r.baseLevels).length) rows.push(["Base levels", Object.entries(r.baseLevels).map(([k, v]) => `${k} = ${v}`).join(", ")]);
  if (r.model !== "ols") rows.push(["Converged", `${r.converged ? "yes" : "no"} (${r.iterations} iterations)`]);
  return rows;
}

/** One row per parameter: estimate, standard error, t/z, p, 95 % interval. */
export function coefficientRows(r: RegressionResult): Array<Record<string, string | number>> {
  const stat = r.useT ? "t" : "z";
  return r.names.map((n, i) => ({
    "": n,
    coef: r.params[i] as number,
    "std err": r.bse[i] as number,
    [stat]: r.tvalues[i] as number,
    [`P>|${stat}|`]: r.pvalues[i] as number,
    "[0.025": (r.confInt[i] as readonly [number, number])[0],
    "0.975]": (r.confInt[i] as readonly [number, number])[1],
  }));
}

export function summaryText(r: RegressionResult): string {
  const head = summaryHeader(r);
  const w = Math.max(...head.map(([k]) => k.length));
  const rows = coefficientRows(r);
  const cols = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => cols.map((c) => (typeof row[c] === "number" ? (row[c] as number).toFixed(4) : String(row[c]))));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((x) => (x[j] as string).length)));
  const line = (xs: string[]) => xs.map((x, j) => (j === 0 ? x.padEnd(widths[j] ?? 0) : x.padStart(widths[j] ?? 0))).join("  ");
  const rule = "=".repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    rule,
    ...head.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
    rule,
    line(cols),
    "-".repeat(rule.length),
    ...cells.map(line),
    rule,
  ].join("\n");
}

export function summaryHtml(r: RegressionResult): string {
  const v = (n: string) => label(n, "en", { kind: "variable" });
  const head = summaryHeader(r)
    .map(([k, x]): [string, string] => [k, k === "Outcome" ? v(x) : k === "Base levels" ? Object.entries(r.baseLevels).map(([a, b]) => `${v(a)}: ${label(b)}`).join(", ") : k.startsWith("Covariance") && r.clusterBy ? x.replace(r.clusterBy, v(r.clusterBy)) : x])
    .map(([k, v]) => `<tr><th style="text-align:left">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`)
    .join("");
  const rows = coefficientRows(r);
  const cols = Object.keys(rows[0] ?? {});
  const body = rows
    .map(
      (row) =>
        "<tr>" +
        cols.map((c, j) => (j === 0 ? `<th style="text-align:left">${escapeHtml(v(String(row[c])))}</th>` : `<td style="text-align:right">${c.startsWith("P>") ? escapeHtml(formatPValue(row[c] as number)) : (row[c] as number).toFixed(4)}</td>`)).join("") +
        "</tr>",
    )
    .join("");
  return `<table class="bioclusters-regression" style="border-collapse:collapse;margin-bottom:0.5em">${head}</table>` +
    `<table class="bioclusters-regression" border="1" style="border-collapse:collapse"><thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Shows a regression table in a notebook (as text elsewhere). */
export function showRegression(r: RegressionResult): void {
  showHtml(summaryHtml(r), summaryText(r));
}
