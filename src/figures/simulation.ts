/**
 * Figures of simulation results. Every builder takes an experiment result
 * (or summary rows) and returns a plain plotly `{data, layout}`. Labels come
 * from the label dictionary (`lang: "ko"` for Korean); amounts in KRW are put
 * on a bn or tn axis by size; several mixes are drawn as small multiples
 * rather than as overlapping translucent bands.
 */
import type { Figure } from "../display/figure";
import { krwAxis, label, unitOf, unitText, type Lang } from "../format";
import type { ExperimentResult } from "../experiments/runner";
import { pairedDifferences, summarise, type CostRow, type HorizonRow, type SummaryRow } from "../experiments/summary";
import { smallMultiples, type Panel } from "./panels";

const PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

export interface FigureOptions {
  /** Labels in English (default) or Korean. */
  lang?: Lang;
}

function rgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** Divisor and axis unit for a metric whose values reach `max` in size: KRW amounts go to bn or tn. */
function scaleOf(metric: string, max: number, lang: Lang): { div: number; unit: string; axis: string } {
  const u = unitOf(metric);
  if (u === "KRW bn") {
    const a = krwAxis(max);
    return { div: a.divisor, unit: a.unit, axis: `${label(metric, lang)} (${a.unit})` };
  }
  const t = unitText(u);
  return { div: u === "share" ? 0.01 : 1, unit: t, axis: t ? `${label(metric, lang)} (${t})` : label(metric, lang) };
}

const where = (cluster: string, lang: Lang) => label(cluster, lang, { short: true });
const yearsTitle = (lang: Lang) => (lang === "ko" ? "2018년 이후 연수" : "years from 2018");

/** One mix's path (its `centre` line) with the 5–95 % band behind it, scaled by `div`. */
function bandTraces(rows: readonly SummaryRow[], name: string, color: string, centre: "p50" | "mean", div: number, lang: Lang, show: boolean): Array<Record<string, unknown>> {
  const r = rows.filter((x) => x.scenario === name).sort((a, b) => a.year - b.year);
  const years = r.map((x) => x.year);
  const mix = label(name, lang);
  return [
    { type: "scatter", mode: "lines", x: [...years, ...[...years].reverse()], y: [...r.map((x) => x.p95 / div), ...r.map((x) => x.p05 / div).reverse()], fill: "toself", fillcolor: rgba(color, 0.25), line: { width: 0 }, hoverinfo: "skip", showlegend: false, legendgroup: name },
    { type: "scatter", mode: "lines", x: years, y: r.map((x) => x[centre] / div), name: mix, line: { color, width: 2.5 }, legendgroup: name, showlegend: show, hovertemplate: `${mix}, %{x}: %{y:,.3~r}<extra></extra>` },
  ];
}

/**
 * Fan chart as small multiples: one panel per mix with its median path and
 * 5–95 % band over replicates; every panel repeats the first mix's median as
 * a dashed grey reference line.
 */
export function fanChart(res: ExperimentResult, metric: string, cluster = "all", mixes?: readonly string[], o: FigureOptions = {}): Figure {
  const lang = o.lang ?? "en";
  const rows = summarise(res, { metrics: [metric], locations: [cluster] });
  const names = mixes ?? res.mixes.map((m) => m.name);
  const s = scaleOf(metric, Math.max(...rows.map((r) => Math.abs(r.p95))), lang);
  const ref = rows.filter((x) => x.scenario === names[0]).sort((a, b) => a.year - b.year);
  const panels: Panel[] = names.map((name, i) => ({
    title: label(name, lang),
    traces: [
      ...bandTraces(rows, name, PALETTE[i % PALETTE.length] as string, "p50", s.div, lang, false),
      ...(i > 0 ? [{ type: "scatter", mode: "lines", x: ref.map((r) => r.year), y: ref.map((r) => r.p50 / s.div), line: { color: "#888", width: 1.5, dash: "dash" }, name: `${label(names[0] as string, lang)} ${lang === "ko" ? "중앙값" : "median"}`, showlegend: i === 1, hoverinfo: "skip" }] : []),
    ],
    xaxis: { dtick: 2 },
    yaxis: { rangemode: "tozero" },
  }));
  return smallMultiples(panels, {
    columns: Math.min(3, names.length),
    title: lang === "ko" ? `${label(metric, lang)}, ${where(cluster, lang)}: 중앙값과 5–95% 구간` : `${label(metric, lang)}, ${where(cluster, lang)}: median and 5–95 % band`,
    legend: false,
    xTitle: yearsTitle(lang),
    yTitle: s.axis,
  });
}

/**
 * Paired differences against the baseline over time, one panel per mix: the
 * mean difference, the 95 % confidence interval of that mean (t over
 * replicates; the darker band) and the 5–95 % spread of the replicates'
 * differences (the lighter band) — two different things, drawn apart.
 */
export function differenceChart(res: ExperimentResult, baseline: string, metric: string, cluster = "all", o: FigureOptions = {}): Figure {
  const lang = o.lang ?? "en";
  const rows = pairedDifferences(res, baseline, { metrics: [metric], locations: [cluster] });
  const names = [...new Set(rows.map((r) => r.scenario))];
  const s = scaleOf(metric, Math.max(...rows.map((r) => Math.max(Math.abs(r.p05), Math.abs(r.p95)))), lang);
  const lo = Math.min(0, ...rows.map((r) => Math.min(r.p05, r.ciLow) / s.div));
  const hi = Math.max(0, ...rows.map((r) => Math.max(r.p95, r.ciHigh) / s.div));
  const pad = 0.05 * (hi - lo || 1);
  const ko = lang === "ko";
  const band = (r: typeof rows, low: "p05" | "ciLow", high: "p95" | "ciHigh", color: string, alpha: number, name: string, show: boolean) => {
    const years = r.map((x) => x.year);
    return { type: "scatter", mode: "lines", x: [...years, ...[...years].reverse()], y: [...r.map((x) => x[high] / s.div), ...r.map((x) => x[low] / s.div).reverse()], fill: "toself", fillcolor: rgba(color, alpha), line: { width: 0 }, hoverinfo: "skip", name, legendgroup: name, showlegend: show };
  };
  const panels: Panel[] = names.map((name, i) => {
    const r = rows.filter((x) => x.scenario === name).sort((a, b) => a.year - b.year);
    const color = PALETTE[(i + 1) % PALETTE.length] as string;
    const mix = label(name, lang);
    return {
      title: mix,
      traces: [
        band(r, "p05", "p95", "#888888", 0.18, ko ? "반복의 5–95%" : "5–95 % of replicates", i === 0),
        band(r, "ciLow", "ciHigh", color, 0.55, ko ? "평균의 95% 신뢰구간" : "95 % CI of the mean", i === 0),
        { type: "scatter", mode: "lines", x: r.map((x) => x.year), y: r.map((x) => x.mean / s.div), name: ko ? "평균 차이" : "mean difference", legendgroup: "mean", showlegend: i === 0, line: { color, width: 2.5 }, hovertemplate: `${mix}, %{x}: %{y:,.3~r}<extra></extra>` },
      ],
      xaxis: { dtick: 2 },
      yaxis: { zeroline: true, zerolinecolor: "#444", zerolinewidth: 1.5, range: [lo - pad, hi + pad] },
    };
  });
  return smallMultiples(panels, {
    columns: Math.min(3, names.length),
    title: ko ? `${label(metric, lang)}: ${label(baseline, lang)} 대비 대응 차이(평균, 95% 신뢰구간, 반복의 5–95%)` : `${label(metric, lang)}: paired difference from the ${label(baseline, lang).replace(/ \(.*\)$/, "").toLowerCase()} (mean, 95 % CI, 5–95 % of replicates)`,
    xTitle: yearsTitle(lang),
    yTitle: ko ? `차이${s.unit ? ` (${s.unit})` : ""}` : `difference${s.unit ? ` (${s.unit})` : ""}`,
  });
}

/**
 * Paired differences over the horizon (HorizonRow, from horizonComparison),
 * one panel per outcome in its own unit, one row per mix: a dot at the mean
 * difference with thick whiskers for its 95 % confidence interval (t over
 * replicates) and thin grey whiskers for the 5–95 % spread of replicates.
 * A whisker that does not cross zero: the mean effect is distinguishable from
 * none at 5 %.
 */
export function differenceIntervalChart(rows: readonly HorizonRow[], o: FigureOptions = {}): Figure {
  const lang = o.lang ?? "en";
  const ko = lang === "ko";
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const names = [...new Set(rows.map((r) => r.scenario))];
  const first = rows[0];
  const panels: Panel[] = metrics.map((m, k) => {
    const r = names.map((n) => rows.find((x) => x.scenario === n && x.metric === m));
    const s = scaleOf(m, Math.max(1e-12, ...r.map((x) => Math.max(Math.abs(x?.p05 ?? 0), Math.abs(x?.p95 ?? 0)))), lang);
    const y = names.map((n) => label(n, lang));
    const mean = r.map((x) => (x?.mean ?? 0) / s.div);
    const years = r[0]?.years ?? 0;
    const measure = r[0]?.measure === "sum" ? (ko ? `1–${years}년 합계` : `sum, years 1–${years}`) : ko ? `${years}년 차` : `year ${years}`;
    return {
      title: s.axis,
      traces: [
        {
          type: "scatter", mode: "markers", y, x: mean, marker: { symbol: "line-ew-open", size: 14, color: "#999", line: { width: 1, color: "#999" } },
          error_x: { type: "data", symmetric: false, array: r.map((x, j) => (x?.p95 ?? 0) / s.div - (mean[j] as number)), arrayminus: r.map((x, j) => (mean[j] as number) - (x?.p05 ?? 0) / s.div), thickness: 1, width: 0, color: "#999" },
          name: ko ? "반복의 5–95%" : "5–95 % of replicates", legendgroup: "spread", showlegend: k === 0, hoverinfo: "skip",
        },
        {
          type: "scatter", mode: "markers", y, x: mean, marker: { size: 9, color: names.map((_, i) => PALETTE[(i + 1) % PALETTE.length]) },
          error_x: { type: "data", symmetric: false, array: r.map((x, j) => (x?.ciHigh ?? 0) / s.div - (mean[j] as number)), arrayminus: r.map((x, j) => (mean[j] as number) - (x?.ciLow ?? 0) / s.div), thickness: 3, width: 6, color: "#222" },
          name: ko ? "평균 차이와 95% 신뢰구간" : "mean difference with its 95 % CI", legendgroup: "ci", showlegend: k === 0,
          customdata: r.map((x) => [(x?.ciLow ?? 0) / s.div, (x?.ciHigh ?? 0) / s.div]),
          hovertemplate: `%{y}: %{x:,.3~r} [%{customdata[0]:,.3~r}, %{customdata[1]:,.3~r}]<extra>${label(m, lang)}</extra>`,
        },
      ],
      xaxis: { zeroline: true, zerolinecolor: "#444", zerolinewidth: 1.5, title: { text: measure, font: { size: 12 } } },
      yaxis: { autorange: "reversed", showticklabels: k % 2 === 0 },
    };
  });
  return smallMultiples(panels, {
    columns: 2,
    panelHeight: 100 + 26 * names.length,
    title: ko
      ? `${label(first?.baseline ?? "status_quo", lang)} 대비 대응 차이: 평균과 95% 신뢰구간(굵은 선), 반복의 5–95%(가는 선)`
      : `Paired difference from the ${label(first?.baseline ?? "status_quo", lang).replace(/ \(.*\)$/, "").toLowerCase()}: mean with 95 % CI (thick), 5–95 % of replicates (thin)`,
  });
}

/**
 * Per-cluster horizontal bars of a metric in one year for each mix (replicate
 * means) with thin 5–95 % whiskers, clusters sorted by the first mix's value.
 */
export function clusterBars(res: ExperimentResult, metric: string, year: number, options: { baseline?: string; clusters?: readonly string[]; mixes?: readonly string[]; lang?: Lang } = {}): Figure {
  const lang = options.lang ?? "en";
  const clusters0 = options.clusters ?? res.locations.filter((l) => l !== "all");
  const rows = options.baseline
    ? pairedDifferences(res, options.baseline, { metrics: [metric], locations: clusters0 }).filter((r) => r.year === year)
    : summarise(res, { metrics: [metric], locations: clusters0 }).filter((r) => r.year === year);
  const names = options.mixes ?? [...new Set(rows.map((r) => r.scenario))];
  const first = names[0] as string;
  const clusters = [...clusters0].sort((a, b) => (rows.find((x) => x.scenario === first && x.cluster === b)?.mean ?? 0) - (rows.find((x) => x.scenario === first && x.cluster === a)?.mean ?? 0));
  const s = scaleOf(metric, Math.max(...rows.map((r) => Math.abs(r.p95))), lang);
  return {
    data: names.map((name, i) => {
      const r = clusters.map((c) => rows.find((x) => x.scenario === name && x.cluster === c));
      const mean = r.map((x) => (x?.mean ?? 0) / s.div);
      return {
        type: "bar",
        orientation: "h",
        name: label(name, lang),
        y: clusters.map((c) => where(c, lang)),
        x: mean,
        marker: { color: PALETTE[(i + (options.baseline ? 1 : 0)) % PALETTE.length] },
        error_x: { type: "data", symmetric: false, array: r.map((x, j) => (x?.p95 ?? 0) / s.div - (mean[j] as number)), arrayminus: r.map((x, j) => (mean[j] as number) - (x?.p05 ?? 0) / s.div), thickness: 1, width: 2, color: "rgba(60,60,60,0.55)" },
        hovertemplate: `${label(name, lang)} · %{y}: %{x:,.3~r}<extra></extra>`,
      };
    }),
    layout: {
      title: { text: `${options.baseline ? (lang === "ko" ? `${label(options.baseline, lang)} 대비 차이: ` : `Difference from ${label(options.baseline, lang)}: `) : ""}${s.axis}, ${lang === "ko" ? `클러스터별 ${year}년 차` : `by cluster, year ${year}`}` },
      barmode: "group",
      bargap: 0.25,
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { title: { text: `${s.axis}${lang === "ko" ? " — 평균, 수염은 5–95%" : " — mean, whiskers 5–95 %"}` }, zeroline: true, rangemode: "tozero" },
      legend: { orientation: "h", x: 0, y: 0.005, yanchor: "bottom", yref: "container" },
      margin: { b: 120 },
      height: 190 + clusters.length * (14 * names.length + 8),
    },
  };
}

/**
 * Cost-effectiveness against the baseline as small multiples: one panel per
 * outcome (innovators and sales differ by orders of magnitude, so they never
 * share an axis), a bar per mix at the difference in outcome per KRW bn of
 * difference in cost, with its 95 % interval. A budget-neutral mix has no
 * ratio: its row says "budget-neutral" instead of a bar.
 */
export function costEffectivenessChart(rows: readonly CostRow[], o: FigureOptions = {}): Figure {
  const lang = o.lang ?? "en";
  const ko = lang === "ko";
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const names = [...new Set(rows.map((r) => r.scenario))];
  const neutralText = ko ? "예산 중립: 비율 없음" : "budget-neutral: no ratio";
  const panels: Panel[] = metrics.map((m, k) => {
    const r = names.map((n) => rows.find((x) => x.scenario === n && x.metric === m));
    const y = r.map((x) => x?.perKrwBn ?? 0);
    const u = unitText(unitOf(m));
    return {
      title: ko ? `${label(m, lang)}${u ? ` (${u})` : ""}, 비용 차이 10억 원당` : `${label(m, lang)}${u ? ` (${u})` : ""} per KRW bn of cost difference`,
      traces: [
        {
          type: "bar",
          orientation: "h",
          y: names.map((n) => label(n, lang)),
          x: y,
          text: r.map((x) => (x === undefined || x.perKrwBn === null ? neutralText : "")),
          textposition: "outside",
          cliponaxis: false,
          marker: { color: names.map((_, i) => PALETTE[(i + 1) % PALETTE.length]) },
          error_x: { type: "data", symmetric: false, array: r.map((x, j) => (x?.perKrwBnCiHigh ?? 0) - (y[j] as number)), arrayminus: r.map((x, j) => (y[j] as number) - (x?.perKrwBnCiLow ?? 0)), thickness: 1, width: 3, color: "#333" },
          showlegend: false,
          hovertemplate: `%{y}: %{x:,.3~r}<extra>${label(m, lang)}</extra>`,
        },
      ],
      xaxis: { zeroline: true, zerolinecolor: "#444" },
      yaxis: { autorange: "reversed", showticklabels: k % 2 === 0 },
    };
  });
  return smallMultiples(panels, {
    columns: 2,
    panelHeight: 60 + 26 * names.length,
    legend: false,
    title: ko ? `${label(rows[0]?.baseline ?? "status_quo", lang)} 대비 비용 차이 10억 원당 성과 차이(95% 구간)` : `Difference in outcome per KRW bn of difference in cost against the ${label(rows[0]?.baseline ?? "status_quo", lang).replace(/ \(.*\)$/, "").toLowerCase()} (95 % interval)`,
  });
}

/** Innovators as a share of firms, by firm type (stage and size), per mix, in one year. */
export function firmTypeChart(res: ExperimentResult, year: number, cluster = "all", o: FigureOptions = {}): Figure {
  const lang = o.lang ?? "en";
  const types = ["startup", "established", "small", "medium", "large"];
  const s = summarise(res, { metrics: [...types.map((t) => `innovators_${t}`), ...types.map((t) => `firms_${t}`)], locations: [cluster] }).filter((r) => r.year === year);
  const names = res.mixes.map((m) => m.name);
  return {
    data: names.map((name, i) => ({
      type: "bar",
      name: label(name, lang),
      x: types.map((t) => label(t, lang, { kind: "firmType" })),
      y: types.map((t) => {
        const inn = s.find((r) => r.scenario === name && r.metric === `innovators_${t}`)?.mean ?? 0;
        const f = s.find((r) => r.scenario === name && r.metric === `firms_${t}`)?.mean ?? 0;
        return f > 0 ? (100 * inn) / f : 0;
      }),
      marker: { color: PALETTE[i % PALETTE.length] },
    })),
    layout: {
      title: { text: lang === "ko" ? `기업 유형별 제품혁신 기업 비중, ${year}년 차(유형 내 %, 반복 평균)` : `Product innovators by firm type, year ${year} (% of firms of the type, replicate means)` },
      barmode: "group",
      yaxis: { title: { text: lang === "ko" ? "혁신 기업 비중 (%)" : "% of firms innovating" } },
      legend: { orientation: "h", x: 0, y: 0.005, yanchor: "bottom", yref: "container" },
      margin: { b: 120 },
      height: 480,
    },
  };
}
