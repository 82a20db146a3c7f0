/**
 * Figures of estimation results.
 */
import type { Figure } from "../display/figure";
import type { RegressionResult } from "../estimation/result";
import type { MarginalEffect } from "../estimation/margins";
import { label as dictLabel, type Lang } from "../format";

/**
 * Coefficient plot: each parameter's estimate with its 95 % interval; several
 * results side by side (e.g. robust vs cluster-robust, or two firm groups).
 * The intercept (and NB2's α) are left out unless asked for.
 */
export function coefficientPlot(results: RegressionResult | ReadonlyArray<{ label: string; result: RegressionResult }>, options: { intercept?: boolean; title?: string; lang?: Lang } = {}): Figure {
  const lang = options.lang ?? "en";
  const list = Array.isArray(results) ? results : [{ label: (results as RegressionResult).covType, result: results as RegressionResult }];
  const keep = (n: string) => (options.intercept === true || n !== "(Intercept)") && n !== "alpha";
  const names = [...new Set(list.flatMap((x) => x.result.names.filter(keep)))];
  return {
    data: list.map(({ label, result }, s) => {
      const idx = names.map((n) => result.names.indexOf(n));
      return {
        type: "scatter",
        mode: "markers",
        name: label,
        y: names.map((n) => dictLabel(n, lang, { kind: "variable" })),
        x: idx.map((i) => (i >= 0 ? result.params[i] : null)),
        error_x: {
          type: "data",
          symmetric: false,
          array: idx.map((i) => (i >= 0 ? (result.confInt[i] as readonly [number, number])[1] - (result.params[i] as number) : 0)),
          arrayminus: idx.map((i) => (i >= 0 ? (result.params[i] as number) - (result.confInt[i] as readonly [number, number])[0] : 0)),
        },
        marker: { size: 8, symbol: ["circle", "diamond", "square", "triangle-up"][s % 4] },
        hovertemplate: "%{y}: %{x:.4f}<extra>" + label + "</extra>",
      };
    }),
    layout: {
      title: { text: options.title ?? `Coefficients: ${list[0]?.result.outcome ?? ""} (95 % intervals)` },
      xaxis: { title: { text: "estimate" }, zeroline: true, zerolinecolor: "#999" },
      yaxis: { autorange: "reversed", automargin: true },
      height: 140 + 28 * names.length,
      legend: { orientation: "h", y: -0.15 },
    },
  };
}

/** Average marginal effects with their 95 % intervals. */
export function marginalEffectsPlot(effects: readonly MarginalEffect[], title = "Average marginal effects (95 % intervals)", o: { lang?: Lang } = {}): Figure {
  const lang = o.lang ?? "en";
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        y: effects.map((e) => dictLabel(e.name, lang, { kind: "variable" })),
        x: effects.map((e) => e.effect),
        error_x: { type: "data", symmetric: false, array: effects.map((e) => e.high - e.effect), arrayminus: effects.map((e) => e.effect - e.low) },
        marker: { size: 8, color: "#d95f0e" },
        hovertemplate: "%{y}: %{x:.4f}<extra></extra>",
      },
    ],
    layout: { title: { text: title }, xaxis: { title: { text: "change in E[y] per unit of x" }, zeroline: true }, yaxis: { autorange: "reversed", automargin: true }, height: 140 + 28 * effects.length },
  };
}
