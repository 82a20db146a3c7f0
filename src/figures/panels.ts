/**
 * Small multiples for plotly: several panels in a grid, each with its own x
 * and y axes and a title above it, as one `{data, layout}`.
 */
import type { Figure } from "../display/figure";

export interface Panel {
  title: string;
  traces: Array<Record<string, unknown>>;
  /** Extra settings of this panel's x and y axes (titles, zero lines, ranges). */
  xaxis?: Record<string, unknown>;
  yaxis?: Record<string, unknown>;
}

/** Lays `panels` out in a grid of `columns` columns; each panel gets axes xN/yN and a title annotation. */
export function smallMultiples(panels: readonly Panel[], o: { columns: number; title: string; panelHeight?: number; legend?: boolean; xTitle?: string; yTitle?: string }): Figure {
  const cols = Math.max(1, Math.min(o.columns, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const gapX = 0.06;
  const gapY = rows > 1 ? 0.3 / rows : 0;
  const panelHeight = o.panelHeight ?? 260;
  const legendSpace = o.legend === false ? 0 : 70;
  const height = 110 + rows * panelHeight + legendSpace;
  const layout: Record<string, unknown> = {
    title: { text: o.title },
    height,
    showlegend: o.legend !== false,
    legend: { orientation: "h", x: 0, y: 0.005, yanchor: "bottom", yref: "container" },
    margin: { t: 90, b: legendSpace + 50, l: 70, r: 20 },
  };
  const annotations: Array<Record<string, unknown>> = [];
  const data: Array<Record<string, unknown>> = [];
  panels.forEach((p, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const x0 = c / cols + (c > 0 ? gapX / 2 : 0);
    const x1 = (c + 1) / cols - (c < cols - 1 ? gapX / 2 : 0);
    const y1 = 1 - r / rows - (r > 0 ? gapY / 2 : 0);
    const y0 = 1 - (r + 1) / rows + (r < rows - 1 ? gapY / 2 : 0);
    const n = i === 0 ? "" : String(i + 1);
    const bottom = i + cols >= panels.length;
    layout[`xaxis${n}`] = { domain: [x0, x1], anchor: `y${n}`, automargin: true, ...(bottom && o.xTitle ? { title: { text: o.xTitle } } : {}), ...(p.xaxis ?? {}) };
    layout[`yaxis${n}`] = { domain: [y0, y1 - 0.12 / rows], anchor: `x${n}`, automargin: true, ...(c === 0 && o.yTitle ? { title: { text: o.yTitle } } : {}), ...(p.yaxis ?? {}) };
    annotations.push({ text: `<b>${p.title}</b>`, x: (x0 + x1) / 2, y: y1, xref: "paper", yref: "paper", xanchor: "center", yanchor: "top", showarrow: false, font: { size: 13 } });
    for (const t of p.traces) data.push({ ...t, xaxis: `x${n}`, yaxis: `y${n}` });
  });
  layout["annotations"] = annotations;
  return { data, layout };
}
