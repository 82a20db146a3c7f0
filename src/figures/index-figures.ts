/**
 * Figures of the cluster evaluation index: plain plotly `{data, layout}`.
 */
import type { Figure } from "../display/figure";
import type { IndexResult } from "../indicators/build";
import { median } from "../stats";
import type { IndexUncertainty } from "../indicators/uncertainty";
import type { SobolResult } from "../sensitivity/sobol";

import { label as dictLabel, type Lang } from "../format";

const label = (s: string, lang: Lang = "en") => dictLabel(s, lang, { short: true });

/**
 * Index scores as a ranked bar chart, best on top; with an uncertainty
 * analysis, each bar is labelled with the median rank and its 5–95 % interval
 * and a second panel shows the interval itself.
 */
export function rankingFigure(result: IndexResult, u?: IndexUncertainty, o: { lang?: Lang } = {}): Figure {
  const lang = o.lang ?? "en";
  const units = [...result.units].sort((a, b) => (result.ranks[a] as number) - (result.ranks[b] as number));
  const byUnit = new Map(u?.ranks.map((r) => [r.unit, r]) ?? []);
  const text = units.map((x) => {
    const r = byUnit.get(x);
    return r ? `rank ${result.ranks[x]} (5–95 %: ${r.low}–${r.high})` : `rank ${result.ranks[x]}`;
  });
  const data: Array<Record<string, unknown>> = [
    {
      type: "bar",
      orientation: "h",
      y: units.map((x) => label(x, lang)),
      x: units.map((x) => result.scores[x]),
      text,
      textposition: "auto",
      name: "index score",
      marker: { color: "#2c7fb8" },
      hovertemplate: "%{y}: %{x:.1f}<br>%{text}<extra></extra>",
    },
  ];
  const layout: Record<string, unknown> = {
    title: { text: "Cluster evaluation index" + (u ? ` — with rank intervals over ${u.samples} alternative methods` : "") },
    yaxis: { autorange: "reversed", automargin: true },
    xaxis: { title: { text: "index score" }, domain: u ? [0, 0.62] : [0, 1] },
    height: 120 + 26 * units.length,
    showlegend: false,
    margin: { l: 10 },
  };
  if (u) {
    data.push({
      type: "scatter",
      mode: "markers",
      x: units.map((x) => byUnit.get(x)?.median),
      y: units.map((x) => label(x, lang)),
      xaxis: "x2",
      marker: { color: "#d95f0e", size: 9 },
      error_x: {
        type: "data",
        symmetric: false,
        array: units.map((x) => (byUnit.get(x)?.high ?? 0) - (byUnit.get(x)?.median ?? 0)),
        arrayminus: units.map((x) => (byUnit.get(x)?.median ?? 0) - (byUnit.get(x)?.low ?? 0)),
      },
      name: "median rank, 5–95 %",
      hovertemplate: "%{y}: median rank %{x}<extra></extra>",
    });
    layout["xaxis2"] = { domain: [0.68, 1], title: { text: "rank (1 = best)" }, autorange: "reversed", anchor: "y" };
  }
  return { data, layout };
}

/** Radar chart of one or more units' pillar scores against the median unit. */
export function radarFigure(result: IndexResult, units: readonly string[], o: { lang?: Lang } = {}): Figure {
  const lang = o.lang ?? "en";
  const pillars = Object.keys(result.pillars);
  const theta = [...pillars.map((p) => label(p, lang)), label(pillars[0] as string, lang)];
  const medians = pillars.map((p) => median(Object.values(result.pillars[p] as Record<string, number>)));
  const trace = (name: string, r: number[], extra: Record<string, unknown> = {}) => ({
    type: "scatterpolar",
    r: [...r, r[0]],
    theta,
    name,
    fill: "toself",
    ...extra,
  });
  return {
    data: [
      trace(lang === "ko" ? "중앙값 클러스터" : "median cluster", medians, { fill: "none", line: { dash: "dash", color: "#636363" } }),
      ...units.map((u) => trace(label(u, lang), pillars.map((p) => (result.pillars[p] as Record<string, number>)[u] as number), { opacity: 0.55 })),
    ],
    layout: {
      title: { text: lang === "ko" ? `부문 점수: ${units.map((u) => label(u, lang)).join(", ")}와 중앙값 클러스터` : `Pillar scores: ${units.map((u) => label(u, lang)).join(", ")} against the median cluster` },
      polar: { radialaxis: { visible: true } },
      height: 460,
    },
  };
}

/** Heatmap of the normalised indicators: units (rows, by rank) × indicators (columns, by pillar). */
export function indicatorHeatmap(result: IndexResult, o: { lang?: Lang } = {}): Figure {
  const lang = o.lang ?? "en";
  const ind = (id: string) => dictLabel(id, lang, { kind: "indicator" });
  const units = [...result.units].sort((a, b) => (result.ranks[a] as number) - (result.ranks[b] as number));
  const specs = result.recipe.pillars.flatMap((p) => p.indicators);
  const indicators = specs.map((i) => i.id);
  const idx = new Map(result.units.map((u, i) => [u, i]));
  return {
    data: [
      {
        type: "heatmap",
        // Lower-is-better indicators are flipped by the normalisation: say so in the label.
        x: specs.map((i) => (i.direction === -1 ? `${ind(i.id)} (${lang === "ko" ? "역방향" : "reversed"})` : ind(i.id))),
        y: units.map((u) => label(u, lang)),
        z: units.map((u) => indicators.map((i) => (result.normalised[i] as number[])[idx.get(u) as number])),
        colorscale: "Viridis",
        colorbar: { title: { text: "normalised" } },
        hovertemplate: "%{y} · %{x}: %{z:.1f}<extra></extra>",
      },
    ],
    layout: {
      title: { text: "Normalised indicators (clusters by rank; higher is better everywhere)" },
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { tickangle: -45, automargin: true },
      height: 160 + 24 * units.length,
    },
  };
}

/** Scatter of two pillars' scores, one point per unit. */
export function pillarScatter(result: IndexResult, x: string, y: string): Figure {
  const px = result.pillars[x];
  const py = result.pillars[y];
  if (!px || !py) throw new Error(`pillarScatter: unknown pillar ${px ? y : x}; pillars are ${Object.keys(result.pillars).join(", ")}`);
  return {
    data: [
      {
        type: "scatter",
        mode: "markers+text",
        x: result.units.map((u) => px[u]),
        y: result.units.map((u) => py[u]),
        text: result.units.map((u) => label(u)),
        textposition: "top center",
        marker: { size: 10, color: result.units.map((u) => result.scores[u]), colorscale: "Viridis", showscale: true, colorbar: { title: { text: "index" } } },
        hovertemplate: "%{text}<br>" + label(x) + ": %{x:.1f}<br>" + label(y) + ": %{y:.1f}<extra></extra>",
      },
    ],
    layout: { title: { text: `${label(y)} against ${label(x)}` }, xaxis: { title: { text: label(x) } }, yaxis: { title: { text: label(y) } }, height: 480 },
  };
}

/** First-order and total Sobol indices with their bootstrap intervals. */
export function sensitivityFigure(s: SobolResult, title = "Sensitivity of the ranking to each choice", o: { lang?: Lang } = {}): Figure {
  const lang = o.lang ?? "en";
  const f = s.indices.map((i) => dictLabel(i.factor, lang));
  // Horizontal bars: factor names read left to right, however long they are.
  const bar = (name: string, x: number[], lo: number[], hi: number[], color: string) => ({
    type: "bar",
    orientation: "h",
    name,
    y: f,
    x,
    marker: { color },
    error_x: { type: "data", symmetric: false, array: hi.map((h, i) => h - (x[i] as number)), arrayminus: lo.map((l, i) => (x[i] as number) - l), thickness: 1, color: "#333" },
  });
  return {
    data: [
      bar(lang === "ko" ? "1차" : "first-order", s.indices.map((i) => i.first), s.indices.map((i) => i.firstLow), s.indices.map((i) => i.firstHigh), "#7fcdbb"),
      bar(lang === "ko" ? "총" : "total", s.indices.map((i) => i.total), s.indices.map((i) => i.totalLow), s.indices.map((i) => i.totalHigh), "#2c7fb8"),
    ],
    layout: { title: { text: title }, barmode: "group", xaxis: { title: { text: lang === "ko" ? "Sobol 지수" : "Sobol index" }, range: [-0.1, 1.1] }, yaxis: { autorange: "reversed", automargin: true }, legend: { orientation: "h", x: 0, y: 0.005, yanchor: "bottom", yref: "container" }, margin: { b: 110 }, height: 200 + 44 * f.length },
  };
}
