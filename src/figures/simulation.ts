/**
 * Figures of simulation results. Every builder takes an experiment result
 * (or summary rows) and returns a plain plotly `{data, layout}`.
 */
import type { Figure } from "../display/figure";
import { metricUnit } from "../model/collect";
import type { ExperimentResult } from "../experiments/runner";
import { pairedDifferences, summarise, type CostRow, type SummaryRow } from "../experiments/summary";

const PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

const label = (m: string) => `${m.replace(/_/g, " ")} (${metricUnit(m)})`;

/** One mix's path over the years (its `centre` line) with the 5–95 % band behind it, as two scatter traces. */
function bandTraces(rows: readonly SummaryRow[], name: string, color: string, centre: "p50" | "mean"): Array<Record<string, unknown>> {
  const r = rows.filter((x) => x.scenario === name).sort((a, b) => a.year - b.year);
  const years = r.map((x) => x.year);
  return [
    { type: "scatter", mode: "lines", x: [...years, ...[...years].reverse()], y: [...r.map((x) => x.p95), ...r.map((x) => x.p05).reverse()], fill: "toself", fillcolor: rgba(color, 0.15), line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: name },
    { type: "scatter", mode: "lines", x: years, y: r.map((x) => x[centre]), name, line: { color, width: 2 }, legendgroup: name, hovertemplate: `${name}, year %{x}: %{y:.4g}<extra></extra>` },
  ];
}

/**
 * Fan chart: each mix's median path of a metric in one location, with its
 * 5–95 % band over replicates.
 */
export function fanChart(res: ExperimentResult, metric: string, cluster = "all", mixes?: readonly string[]): Figure {
  const rows = summarise(res, { metrics: [metric], locations: [cluster] });
  const names = mixes ?? res.mixes.map((m) => m.name);
  const data = names.flatMap((name, i) => bandTraces(rows, name, PALETTE[i % PALETTE.length] as string, "p50"));
  return {
    data,
    layout: {
      title: { text: `${label(metric)} — ${cluster === "all" ? "all clusters and outside" : cluster}: median and 5–95 % band` },
      xaxis: { title: { text: "years from 2018" }, dtick: 1 },
      yaxis: { title: { text: label(metric) } },
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}

/** Paired differences against the baseline over time, with 5–95 % bands. */
export function differenceChart(res: ExperimentResult, baseline: string, metric: string, cluster = "all"): Figure {
  const rows = pairedDifferences(res, baseline, { metrics: [metric], locations: [cluster] });
  const names = [...new Set(rows.map((r) => r.scenario))];
  const data = names.flatMap((name, i) => bandTraces(rows, name, PALETTE[(i + 1) % PALETTE.length] as string, "mean"));
  return {
    data,
    layout: {
      title: { text: `Difference from ${baseline}: ${label(metric)}, ${cluster === "all" ? "national" : cluster} (mean, 5–95 %)` },
      xaxis: { title: { text: "years from 2018" }, dtick: 1 },
      yaxis: { title: { text: `difference in ${metric.replace(/_/g, " ")}` }, zeroline: true, zerolinecolor: "#999" },
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}

/** Per-cluster bars of a metric in one year for each mix (replicate means, 5–95 % error bars). */
export function clusterBars(res: ExperimentResult, metric: string, year: number, options: { baseline?: string; clusters?: readonly string[] } = {}): Figure {
  const clusters = options.clusters ?? res.locations.filter((l) => l !== "all");
  const rows = options.baseline
    ? pairedDifferences(res, options.baseline, { metrics: [metric], locations: clusters }).filter((r) => r.year === year)
    : summarise(res, { metrics: [metric], locations: clusters }).filter((r) => r.year === year);
  const names = [...new Set(rows.map((r) => r.scenario))];
  return {
    data: names.map((name, i) => {
      const r = clusters.map((c) => rows.find((x) => x.scenario === name && x.cluster === c));
      const mean = r.map((x) => x?.mean ?? 0);
      return {
        type: "bar",
        name,
        x: clusters,
        y: mean,
        marker: { color: PALETTE[(i + (options.baseline ? 1 : 0)) % PALETTE.length] },
        error_y: { type: "data", symmetric: false, array: r.map((x, j) => (x?.p95 ?? 0) - (mean[j] as number)), arrayminus: r.map((x, j) => (mean[j] as number) - (x?.p05 ?? 0)), thickness: 1 },
      };
    }),
    layout: {
      title: { text: `${options.baseline ? `Difference from ${options.baseline}: ` : ""}${label(metric)} by cluster, year ${year}` },
      barmode: "group",
      xaxis: { tickangle: -45, automargin: true },
      yaxis: { title: { text: label(metric) }, zeroline: true },
      legend: { orientation: "h", y: -0.35 },
      height: 460,
    },
  };
}

/** Outcome gained per KRW bn against the baseline, one bar group per metric. */
export function costEffectivenessChart(rows: readonly CostRow[]): Figure {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const names = [...new Set(rows.map((r) => r.scenario))];
  return {
    data: names.map((name, i) => ({
      type: "bar",
      name,
      x: metrics,
      y: metrics.map((m) => rows.find((r) => r.scenario === name && r.metric === m)?.perKrwBn ?? 0),
      marker: { color: PALETTE[(i + 1) % PALETTE.length] },
      hovertemplate: `${name}: %{y:.4g} %{x} per KRW bn<extra></extra>`,
    })),
    layout: {
      title: { text: `Outcome gained per KRW bn against ${rows[0]?.baseline ?? "the baseline"} (flows summed over the horizon, levels at its end)` },
      barmode: "group",
      yaxis: { title: { text: "gain per KRW bn" }, zeroline: true },
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}

/** Innovators as a share of firms, by firm type (stage and size), per mix, in one year. */
export function firmTypeChart(res: ExperimentResult, year: number, cluster = "all"): Figure {
  const types = ["startup", "established", "small", "medium", "large"];
  const s = summarise(res, { metrics: [...types.map((t) => `innovators_${t}`), ...types.map((t) => `firms_${t}`)], locations: [cluster] }).filter((r) => r.year === year);
  const names = res.mixes.map((m) => m.name);
  return {
    data: names.map((name, i) => ({
      type: "bar",
      name,
      x: types,
      y: types.map((t) => {
        const inn = s.find((r) => r.scenario === name && r.metric === `innovators_${t}`)?.mean ?? 0;
        const f = s.find((r) => r.scenario === name && r.metric === `firms_${t}`)?.mean ?? 0;
        return f > 0 ? (100 * inn) / f : 0;
      }),
      marker: { color: PALETTE[i % PALETTE.length] },
    })),
    layout: {
      title: { text: `Product innovators by firm type, year ${year} (% of firms of the type, replicate means)` },
      barmode: "group",
      yaxis: { title: { text: "% of firms innovating" } },
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}

