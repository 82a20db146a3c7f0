/**
 * Figures of the data: plotly `{data, layout}` objects, built from rows.
 */
import type { Figure } from "../display/figure";
import { DEMANDS, PROVENANCE_STATUSES, type Cluster, type ProvenanceStatus, type SourceRow } from "../data/loaders";
import { label } from "../format";

const cl = (id: string) => label(id, "en", { short: true });
const fieldLabel = (f: string) => label(f, "en", { kind: "codebook" });

/** One colour per provenance status, the same in every figure. */
export const STATUS_COLOURS: Record<ProvenanceStatus, string> = {
  observed: "#1b7837",
  derived: "#5aae61",
  imputed: "#f1a340",
  synthetic: "#998ec3",
  unknown: "#bababa",
};

/**
 * A bar per cluster for one numeric field, coloured by the provenance status
 * of that cell, with the source note on hover.
 */
export function provenanceBar(clusters: readonly Cluster[], sources: readonly SourceRow[], field: keyof Cluster, title?: string): Figure {
  const sorted = [...clusters].sort((a, b) => Number(b[field] ?? 0) - Number(a[field] ?? 0));
  const status = (c: Cluster) => sources.find((s) => s.cluster === c.id && s.field === field);
  const data = PROVENANCE_STATUSES.map((st) => {
    const cs = sorted.filter((c) => (status(c)?.status ?? "unknown") === st);
    return {
      type: "bar",
      name: st,
      x: cs.map((c) => cl(c.id)),
      y: cs.map((c) => c[field]),
      marker: { color: STATUS_COLOURS[st] },
      customdata: cs.map((c) => wrap(status(c)?.note ?? "", 80)),
      hovertemplate: "%{x}: %{y}<br>%{customdata}<extra>" + st + "</extra>",
    };
  }).filter((t) => t.x.length > 0);
  return {
    data,
    layout: {
      title: { text: title ?? `${fieldLabel(String(field))} by cluster, coloured by provenance` },
      xaxis: { categoryorder: "array", categoryarray: sorted.map((c) => cl(c.id)), tickangle: -45, automargin: true },
      yaxis: { title: { text: fieldLabel(String(field)) } },
      barmode: "overlay",
      legend: { title: { text: "status" } },
      height: 420,
      margin: { b: 120 },
    },
  };
}

/** A cluster × field grid coloured by provenance status: where the baseline rests on evidence and where on assumptions. */
export function provenanceMatrix(sources: readonly SourceRow[], fields?: readonly string[]): Figure {
  const fs = fields ?? [...new Set(sources.map((s) => s.field))];
  const clusters = [...new Set(sources.map((s) => s.cluster))];
  const code = (st: ProvenanceStatus) => PROVENANCE_STATUSES.indexOf(st);
  const z = clusters.map((c) => fs.map((f) => code(sources.find((s) => s.cluster === c && s.field === f)?.status ?? "unknown")));
  const n = PROVENANCE_STATUSES.length;
  const colorscale = PROVENANCE_STATUSES.flatMap((st, i) => [
    [i / n, STATUS_COLOURS[st]],
    [(i + 1) / n, STATUS_COLOURS[st]],
  ]);
  return {
    data: [
      {
        type: "heatmap",
        x: fs.map(fieldLabel),
        y: clusters.map(cl),
        z,
        zmin: -0.5,
        zmax: n - 0.5,
        colorscale,
        text: z.map((row) => row.map((i) => PROVENANCE_STATUSES[i])),
        hovertemplate: "%{y} · %{x}: %{text}<extra></extra>",
        colorbar: { tickvals: PROVENANCE_STATUSES.map((_, i) => i), ticktext: [...PROVENANCE_STATUSES], title: { text: "status" } },
      },
    ],
    layout: { title: { text: "Provenance of every baseline cell" }, xaxis: { tickangle: -45, automargin: true }, yaxis: { automargin: true }, height: 760 },
  };
}

/** Stacked bars: the share of firms ranking each kind of support first, per group. */
export function demandFigure(rows: ReadonlyArray<{ group: string; demand: string; share: number }>, groupLabel: string): Figure {
  const groups = [...new Set(rows.map((r) => r.group))];
  return {
    data: DEMANDS.map((d) => ({
      type: "bar",
      name: d === "rnd" ? "R&D" : label(d, "en", { kind: "instrument" }),
      x: groups.map((g) => label(g)),
      y: groups.map((g) => 100 * (rows.find((r) => r.group === g && r.demand === d)?.share ?? 0)),
      hovertemplate: `%{x}: %{y:.1f}% rank ${d} first<extra></extra>`,
    })),
    layout: {
      title: { text: `Support ranked first, by ${groupLabel}` },
      barmode: "stack",
      yaxis: { title: { text: "% of firms" }, range: [0, 100] },
      legend: { orientation: "h", y: -0.2 },
      height: 420,
    },
  };
}

function wrap(text: string, width: number): string {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if ((line + " " + w).trim().length > width) {
      lines.push(line.trim());
      line = w;
    } else line += " " + w;
  }
  if (line.trim()) lines.push(line.trim());
  return lines.join("<br>");
}
