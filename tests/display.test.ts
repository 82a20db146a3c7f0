import { afterEach, describe, expect, test, vi } from "vitest";
import {
  bundleFor,
  figureBundle,
  figureHtml,
  formatCell,
  plainText,
  PLOTLY_MIME,
  plotlyJsVersion,
  progress,
  resetPlotlyInjection,
  setDisplaySink,
  show,
  tableHtml,
  tableText,
  type MimeBundle,
  type SinkOptions,
} from "../src/display";
import { toDataFrame } from "../src/data";

const fig = {
  data: [{ type: "bar", x: [2017, 2018], y: [10.1, 10.6], name: "Production" }],
  layout: { title: { text: "Bio production </script><b>x</b>" }, height: 300 },
};

function capture(): Array<{ bundle: MimeBundle; options: SinkOptions }> {
  const seen: Array<{ bundle: MimeBundle; options: SinkOptions }> = [];
  setDisplaySink((bundle, options) => seen.push({ bundle, options }));
  return seen;
}

afterEach(() => {
  setDisplaySink(undefined);
  resetPlotlyInjection();
  vi.restoreAllMocks();
});

describe("figure bundles", () => {
  test("carry plotly JSON, offline HTML and plain text", () => {
    const b = figureBundle(fig);
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    expect(b[PLOTLY_MIME]).toEqual({ data: fig.data, layout: fig.layout });
    expect(b["text/plain"]).toBe('<plotly figure "Bio production </script><b>x</b>": 1 trace(s) [bar]>');
    const html = b["text/html"] as string;
    expect(html).toMatch(/<div id="bioclusters-fig-[0-9a-f]+-\d+" class="bioclusters-figure" style="width:100%;height:300px;">/);
    expect(html).toContain("window.Plotly.newPlot");
    expect(html).not.toContain("cdn.plot.ly");
  });

  test("JSON inside the script cannot close the script element", () => {
    const html = figureHtml(fig, { id: "f1" });
    // Exactly one <script> and one </script>: the title's "</script>" was escaped.
    expect(html.match(/<script/g)?.length).toBe(1);
    expect(html.match(/<\/script>/g)?.length).toBe(1);
    expect(html).toContain("\\u003c/script>");
  });

  test("the plotly.js loader inlines the local library and stays one script element", () => {
    const html = figureHtml(fig, { id: "f2", includePlotlyJs: true });
    expect(html).toContain(`plotly.js ${plotlyJsVersion()}, inlined by bioclusters`);
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html.match(/<\/script>/gi)?.length).toBe(2);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  test("element ids are unique", () => {
    const ids = new Set([0, 1, 2].map(() => /id="([^"]+)"/.exec(figureHtml(fig))?.[1]));
    expect(ids.size).toBe(3);
  });
});

describe("show in a kernel", () => {
  test("sends plotly.js with the first figure of a session only", () => {
    const seen = capture();
    show(fig);
    show(fig);
    expect(seen).toHaveLength(2);
    expect((seen[0]?.bundle["text/html"] as string).length).toBeGreaterThan(1_000_000);
    expect((seen[1]?.bundle["text/html"] as string).length).toBeLessThan(10_000);
    resetPlotlyInjection();
    show(fig);
    expect((seen[2]?.bundle["text/html"] as string).length).toBeGreaterThan(1_000_000);
  });

  test("shows an array of records as an HTML table with a text alternative", () => {
    const seen = capture();
    show([{ cluster: "osong", firms: 63 }, { cluster: "daegu_gyeongbuk", firms: 112 }]);
    const b = seen[0]?.bundle ?? {};
    expect(Object.keys(b).sort()).toEqual(["text/html", "text/plain"]);
    expect(b["text/html"]).toContain("<th>cluster</th><th>firms</th>");
    expect(b["text/html"]).toContain('<td style="text-align:right">112</td>');
    // Identifier values the label dictionary knows are shown as labels.
    expect(b["text/plain"]).toContain("Daegu-Gyeongbuk");
    expect(b["text/plain"]).not.toContain("daegu_gyeongbuk");
  });

  test("shows a danfojs DataFrame as a table, missing values blank", () => {
    const df = toDataFrame([{ year: 2020, employment: 53546 }, { year: 2021, employment: null }]);
    const b = bundleFor(df);
    expect(b["text/html"]).toContain("<th>year</th><th>employment</th>");
    expect(b["text/html"]).toContain("<td style=\"text-align:right\">2021</td><td style=\"text-align:right\"></td>");
    expect(b["text/plain"]).toContain("NA");
  });

  test("shows anything else as text", () => {
    expect(bundleFor("hello")).toEqual({ "text/plain": "hello" });
    expect(bundleFor({ nested: { a: 1 } })).toEqual({ "text/plain": "{ nested: { a: 1 } }" });
    expect(bundleFor([])).toEqual({ "text/plain": "[]" });
  });

  test("shows a flat object (a mix's shares) as a labelled item/value table, not a raw JavaScript object", () => {
    const b = bundleFor({ infrastructure: 0.55, rnd_grants: 0.25 });
    expect(b["text/html"]).toContain("<th>item</th><th>value</th>");
    expect(b["text/html"]).toContain(">R&amp;D grants<");
    expect(b["text/plain"]).not.toContain("rnd_grants");
    expect(bundleFor([])).toEqual({ "text/plain": "[]" });
  });
});

describe("show outside a kernel", () => {
  test("falls back to text and never throws", () => {
    setDisplaySink(null);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const circular: Record<string, unknown> = { name: "loop" };
    circular["self"] = circular;
    for (const v of [fig, [{ a: 1 }], undefined, null, circular, 3.5, toDataFrame([{ x: 1 }])]) {
      expect(() => show(v)).not.toThrow();
    }
    expect(log.mock.calls[0]?.[0]).toBe('<plotly figure "Bio production </script><b>x</b>": 1 trace(s) [bar]>');
    expect(log.mock.calls[1]?.[0]).toContain("[1 rows × 1 columns]");
  });

  test("without any kernel, detection finds no sink", () => {
    expect(plainText(fig)).toContain("plotly figure");
  });
});

describe("tables", () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({ i, label: `<row ${i}>` }));

  test("long tables show head and tail with a count", () => {
    const html = tableHtml(rows, { maxRows: 10 });
    expect(html).toContain("… 90 more rows …");
    expect(html).toContain("&lt;row 0&gt;");
    expect(html).toContain("&lt;row 99&gt;");
    expect(html).not.toContain("&lt;row 50&gt;");
    expect(html).toContain("100 rows × 2 columns");
    const text = tableText(rows, { maxRows: 4 });
    expect(text.split("\n")).toEqual([" i     label", " 0   <row 0>", " 1   <row 1>", "… 96 more rows …", "98  <row 98>", "99  <row 99>", "[100 rows × 2 columns]"]);
  });

  test("cells format for reading", () => {
    expect(formatCell(1234.56789)).toBe("1,235");
    expect(formatCell(47047)).toBe("47,047");
    expect(formatCell(2018)).toBe("2018");
    expect(formatCell(0.1 + 0.2)).toBe("0.3");
    expect(formatCell(0.0000123456)).toBe("1.235 × 10⁻⁵");
    expect(formatCell(["funding", "human_resources"])).toBe("funding, human resources");
    expect(formatCell(NaN)).toBe("");
    expect(formatCell(null, "NA")).toBe("NA");
    expect(formatCell(Infinity)).toBe("Inf");
  });
});

describe("progress", () => {
  test("updates one output in place in a kernel", () => {
    const seen = capture();
    const p = progress(3, "replicates", { intervalMs: 0 });
    p.tick();
    p.tick();
    p.tick();
    p.tick(); // past the end: ignored
    expect(seen.length).toBe(4);
    const ids = new Set(seen.map((s) => s.options.displayId));
    expect(ids.size).toBe(1);
    expect(seen.map((s) => s.options.update)).toEqual([false, true, true, true]);
    expect(seen[3]?.bundle["text/plain"]).toMatch(/^\[#{30}\] 100%  3\/3 replicates/);
    expect(seen[3]?.bundle["text/html"]).toContain('<progress value="3" max="3"');
    expect(p.done).toBe(3);
  });

  test("redraws a line on a terminal and prints one line in a log", () => {
    const tty: string[] = [];
    const p = progress(2, "years", { sink: null, stream: { isTTY: true, write: (s: string) => tty.push(s) } as never, intervalMs: 0 });
    p.tick(2);
    expect(tty.every((s) => s.startsWith("\r"))).toBe(true);
    expect(tty.at(-1)).toMatch(/100%  2\/2 years.*\n$/);
    const log: string[] = [];
    const q = progress(2, "years", { sink: null, stream: { isTTY: false, write: (s: string) => log.push(s) } as never });
    q.tick();
    q.tick();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^\[#{30}\] 100%  2\/2 years/);
  });

  test("rejects a total that is not a count", () => {
    expect(() => progress(NaN)).toThrow(/finite number of steps/);
    expect(() => progress(-1)).toThrow(RangeError);
  });
});

describe("readable tables", () => {
  test("data fields take the codebook's labels, identifier values become labels, objects become labelled pairs", async () => {
    const { readableRows, formatCell: fc } = await import("../src/display/table.js");
    const { loadCodebook } = await import("../src/data/codebook.js");
    loadCodebook();
    const rows = readableRows([{ cluster: "daegu_gyeongbuk", field: "established", value: 2009 }, { cluster: "osong", field: "infra_krw_bn", value: 482.5 }]);
    expect(Object.values(rows[0]!)).toEqual(["Daegu-Gyeongbuk", "Year established", 2009]); // not "established firms"
    expect(Object.keys(rows[0]!)).toEqual(["cluster", "Field of clusters.csv", "Value"]);
    expect(Object.values(rows[1]!)[1]).not.toMatch(/_/);
    expect(fc({ human_resources: 40.123, funding: 12 })).toBe("human resources 40.12; funding 12");
  });
});
