/**
 * `bioclusters report`: the default analysis on the embedded data, end to end
 * — cluster diagnosis, determinants, preset comparison, sensitivity — written
 * as one self-contained HTML report (interactive plotly figures, offline),
 * SVG and PNG files of every figure (rendered in headless Chromium), the CSVs
 * behind them and a manifest of seeds and data hashes. Every number is
 * seeded, so running it twice gives identical numbers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { toWide } from "../indicators/build";
import { build, diagnose, readRecipe, sensitivity as indexSensitivity, uncertainty } from "../indicators";
import { loadIndicators, loadClusters } from "../data/loaders";
import { dataFile, packageVersion } from "../paths";
import { figureHtml, plotlyLoaderHtml, type Figure } from "../display/figure";
import { escapeHtml, tableHtml, type Row } from "../display/table";
import { estimateDefaults } from "../estimation/defaults";
import { averageMarginalEffects } from "../estimation/margins";
import { summaryHtml } from "../estimation/summary";
import { runExperiment } from "../experiments/runner";
import { inputHashes, loadInputs, resolveMixes } from "../experiments/simulate";
import { costEffectiveness, pairedDifferences, summarise } from "../experiments/summary";
import { defaultFactors, modelSobol, morris, robustness, varianceSources } from "../experiments/lab";
import { buildSetup } from "../model/setup";
import { PRESETS } from "../model/policy";
import { toCsv, writeFileAtomic } from "../data/write";
import { coefficientPlot, marginalEffectsPlot, rankingFigure, radarFigure, indicatorHeatmap, sensitivityFigure, fanChart, differenceChart, clusterBars, costEffectivenessChart, firmTypeChart } from "../figures";
import { launchChromium } from "./browser";
import { openOutputFolder, outputError } from "../data/output-folder";

export interface ReportOptions {
  out: string;
  seed?: string | number;
  replicates?: number;
  years?: number;
  workers?: number;
  /** Smaller samples everywhere (for checks; numbers are noisier). */
  quick?: boolean;
  /** Render SVG/PNG files in Chromium (default true). */
  images?: boolean;
  onStage?: (stage: string) => void;
}

interface Section {
  id: string;
  title: string;
  blocks: Array<{ kind: "text" | "figure" | "table" | "html"; value: string | Figure | Row[]; name?: string }>;
}

export interface ReportResult {
  html: string;
  figures: string[];
  csvs: string[];
  images: string[];
  imageWarning: string | null;
}

function morrisFigure(rows: Array<{ factor: string; muStar: number; sigma: number }>): Figure {
  const r = [...rows].sort((a, b) => b.muStar - a.muStar);
  return {
    data: [{ type: "bar", orientation: "h", y: r.map((x) => x.factor), x: r.map((x) => x.muStar), error_x: { type: "data", array: r.map((x) => x.sigma), color: "#999" }, marker: { color: "#2c7fb8" } }],
    layout: { title: { text: "Morris screening: μ* (bars) and σ (whiskers) of innovators over 10 years" }, yaxis: { autorange: "reversed", automargin: true }, xaxis: { title: { text: "μ* (innovator-years per full factor range)" } }, height: 120 + 24 * r.length },
  };
}

function sourcesFigure(v: { coefficients: number; agents: number; structural: number }): Figure {
  return {
    data: [{ type: "bar", x: ["coefficient uncertainty", "agent randomness", "structural parameters"], y: [v.coefficients, v.agents, v.structural].map((x) => 100 * x), marker: { color: ["#1b9e77", "#d95f02", "#7570b3"] } }],
    layout: { title: { text: "Where the spread of the outcome comes from (% of the sum of the three variances)" }, yaxis: { title: { text: "%" } }, height: 360 },
  };
}

/** Runs the whole analysis and writes the report; returns what it wrote. */
export async function buildReport(o: ReportOptions): Promise<ReportResult> {
  // The output set is opened (checked and locked) before any computation; the report is written into its
  // temporary folder and swapped in whole at the end, so out never mixes two reports.
  const set = openOutputFolder(o.out, { estimatedBytes: 64 * 1024 ** 2, command: "bioclusters report" });
  try {
    const r = await writeReport(o, set.dir);
    set.commit();
    return r;
  } catch (e) {
    set.abort();
    throw outputError(e, o.out);
  }
}

async function writeReport(o: ReportOptions, dir: string): Promise<ReportResult> {
  const seed = o.seed ?? 2018;
  const quick = o.quick === true;
  const reps = o.replicates ?? (quick ? 10 : 100);
  const years = o.years ?? 10;
  const stage = o.onStage ?? (() => {});
  const sections: Section[] = [];
  const csv = new Map<string, string>();

  // 1. Cluster diagnosis.
  stage("cluster diagnosis");
  const indicators = loadIndicators();
  const wide = toWide(indicators);
  const recipe = readRecipe(dataFile("recipes/default.json"));
  const index = build(wide, recipe);
  const mc = uncertainty(wide, recipe, { samples: quick ? 200 : 2000, seed });
  const isa = indexSensitivity(wide, recipe, { samples: quick ? 128 : 1024, seed, bootstrap: quick ? 50 : 300 });
  const diag = diagnose(index, loadClusters());
  const diagRows = diag.sort((a, b) => a.rank - b.rank).map((d) => ({ rank: d.rank, cluster: d.cluster, stage: d.stage, score: d.score, strongest: d.strongest, weakest: d.weakest }));
  csv.set("index_scores.csv", toCsv(mc.ranks.map((r) => ({ cluster: r.unit, score: index.scores[r.unit], rank: r.nominal, median_rank: r.median, rank_p05: r.low, rank_p95: r.high, ...Object.fromEntries(Object.entries(index.pillars).map(([p, s]) => [p, s[r.unit]])) })), ["cluster", "score", "rank", "median_rank", "rank_p05", "rank_p95", ...Object.keys(index.pillars)]));
  csv.set("diagnosis.csv", toCsv(diagRows, ["rank", "cluster", "stage", "score", "strongest", "weakest"]));
  csv.set("index_sensitivity.csv", toCsv(isa.overall.indices as unknown as Array<Record<string, unknown>>, ["factor", "first", "firstLow", "firstHigh", "total", "totalLow", "totalHigh"]));
  sections.push({
    id: "diagnosis",
    title: "1. Cluster diagnosis",
    blocks: [
      { kind: "text", value: "A composite index of 21 indicators in five pillars (data/recipes/default.json: min-max 0–100, equal weights, arithmetic means), with each cluster's rank interval over alternative methods and the sensitivity of the ranking to each methodological choice. Inputs mix observed, derived, imputed and synthetic values (data/README.md)." },
      { kind: "figure", value: rankingFigure(index, mc), name: "index-ranking" },
      { kind: "figure", value: radarFigure(index, ["daedeok", "osong", "hongneung"]), name: "index-radar" },
      { kind: "figure", value: indicatorHeatmap(index), name: "index-heatmap" },
      { kind: "figure", value: sensitivityFigure(isa.overall), name: "index-sensitivity" },
      { kind: "table", value: diagRows },
    ],
  });

  // 2. Determinants.
  stage("determinants");
  const fitted = estimateDefaults();
  const coefRows = fitted.flatMap((m) => m.result.names.map((n, i) => ({ model: m.role, variable: n, coef: m.result.params[i], se: m.result.bse[i], p: m.result.pvalues[i], low: m.result.confInt[i]?.[0], high: m.result.confInt[i]?.[1] })));
  csv.set("coefficients.csv", toCsv(coefRows, ["model", "variable", "coef", "se", "p", "low", "high"]));
  const ame = averageMarginalEffects(fitted[0]!.result);
  sections.push({
    id: "determinants",
    title: "2. Determinants of innovation and growth",
    blocks: [
      { kind: "text", value: "Estimated on the synthetic firm survey (data/survey_synthetic.csv) with robust (HC1) standard errors; these estimates drive the simulator." },
      ...fitted.flatMap((m) => [
        { kind: "html" as const, value: `<h3>${escapeHtml(m.role.replace("_", " "))}</h3>${summaryHtml(m.result)}` },
        { kind: "figure" as const, value: coefficientPlot(m.result, { title: `${m.role.replace("_", " ")}: coefficients (95 %)` }), name: `coefficients-${m.role}` },
      ]),
      { kind: "figure", value: marginalEffectsPlot(ame, "Product innovation: average marginal effects"), name: "innovation-margins" },
    ],
  });

  // 3. Preset comparison.
  stage("policy scenarios");
  const inputs = loadInputs();
  const ids = inputs.clusters.map((c) => c.id);
  const mixes = resolveMixes([...PRESETS], ids);
  const res = await runExperiment(inputs, mixes, { years, replicates: reps, seed, workers: o.workers ?? 1 });
  const metrics = ["firms", "employment", "innovators", "patents", "sales", "unfunded_demand", "unfilled_vacancies", "index"];
  csv.set("scenario_summary.csv", toCsv(summarise(res, { metrics }) as unknown as Array<Record<string, unknown>>, ["scenario", "cluster", "year", "metric", "mean", "p05", "p50", "p95"]));
  csv.set("scenario_differences.csv", toCsv(pairedDifferences(res, "status_quo", { metrics }) as unknown as Array<Record<string, unknown>>, ["scenario", "baseline", "cluster", "year", "metric", "mean", "p05", "p50", "p95", "pAbove"]));
  const ce = costEffectiveness(res, "status_quo");
  csv.set("cost_effectiveness.csv", toCsv(ce as unknown as Array<Record<string, unknown>>, ["scenario", "baseline", "cluster", "metric", "gain", "gainP05", "gainP95", "spend", "perKrwBn"]));
  sections.push({
    id: "scenarios",
    title: "3. Six policy mixes, ten years",
    blocks: [
      { kind: "text", value: `${mixes.length} budget-neutral mixes (KRW 300 bn a year, an assumption) × ${reps} replicates × ${years} years, with common random numbers and coefficient uncertainty; seed ${seed}.` },
      { kind: "figure", value: fanChart(res, "innovators", "all", ["status_quo", "efficiency_shift", "customised"]), name: "fan-innovators" },
      { kind: "figure", value: fanChart(res, "employment", "all", ["status_quo", "efficiency_shift", "customised"]), name: "fan-employment" },
      { kind: "figure", value: differenceChart(res, "status_quo", "innovators"), name: "difference-innovators" },
      { kind: "figure", value: clusterBars(res, "unfunded_demand", years, { clusters: ids }), name: "unfunded-demand" },
      { kind: "figure", value: clusterBars(res, "unfilled_vacancies", years, { clusters: ids }), name: "unfilled-vacancies" },
      { kind: "figure", value: firmTypeChart(res, years), name: "firm-types" },
      { kind: "figure", value: costEffectivenessChart(ce), name: "cost-effectiveness" },
    ],
  });

  // 4. Sensitivity.
  stage("sensitivity");
  const setup = buildSetup(inputs);
  const sq = mixes.find((m) => m.name === "status_quo")!;
  const eff = mixes.find((m) => m.name === "efficiency_shift")!;
  const outcome = { metric: "innovators", mode: "sum" as const };
  const lab = { years, seed, outcome };
  const mo = morris(setup, sq, { ...lab, trajectories: quick ? 3 : 10 });
  const top = [...mo].sort((a, b) => b.muStar - a.muStar).slice(0, 6).map((r) => r.factor);
  const sob = modelSobol(setup, sq, { ...lab, factors: defaultFactors().filter((f) => top.includes(f.name)), n: quick ? 16 : 128, bootstrap: quick ? 50 : 300 });
  const vs = varianceSources(setup, sq, { ...lab, replicates: quick ? 6 : 40 });
  const rob = robustness(setup, eff, sq, { ...lab, replicates: quick ? 6 : 60 });
  csv.set("morris.csv", toCsv(mo as unknown as Array<Record<string, unknown>>, ["factor", "muStar", "mu", "sigma"]));
  csv.set("sobol.csv", toCsv(sob.indices as unknown as Array<Record<string, unknown>>, ["factor", "first", "firstLow", "firstHigh", "total", "totalLow", "totalHigh"]));
  csv.set("variance_sources.csv", toCsv([{ total: vs.total, coefficients: vs.coefficients, agents: vs.agents, structural: vs.structural }], ["total", "coefficients", "agents", "structural"]));
  csv.set("robustness.csv", toCsv(rob.clusters as unknown as Array<Record<string, unknown>>, ["cluster", "pAWins", "meanDifference"]));
  sections.push({
    id: "sensitivity",
    title: "4. What the conclusions hang on",
    blocks: [
      { kind: "text", value: `Outcome: national innovators summed over ${years} years under the status quo. Morris screening of ${mo.length} structural parameters and levers; Sobol indices for the six most influential (N = ${sob.n}, ${sob.runs} runs).` },
      { kind: "figure", value: morrisFigure(mo), name: "morris" },
      { kind: "figure", value: sensitivityFigure(sob, "Sobol indices of innovators to the six most influential factors"), name: "sobol" },
      ...(sob.warnings.length ? [{ kind: "text" as const, value: `Cautions: ${sob.warnings.join(" ")}` }] : []),
      { kind: "figure", value: sourcesFigure(vs.shares), name: "variance-sources" },
      { kind: "text", value: `Robustness of "the efficiency shift yields more innovators than the status quo": national probability ${((rob.clusters.at(-1)?.pAWins ?? 0) * 100).toFixed(0)} % over coefficient, agent and structural uncertainty. Parameters in part of whose range the claim fails: ${rob.region.filter((r) => r.fragile).map((r) => r.parameter).join(", ") || "none"}.` },
      { kind: "table", value: rob.clusters.map((c) => ({ cluster: c.cluster, "P(efficiency shift wins)": c.pAWins, "mean difference": c.meanDifference })) },
    ],
  });

  // Assemble.
  stage("writing");
  const figures: Array<{ name: string; id: string; fig: Figure }> = [];
  const body = sections
    .map((s) => {
      const blocks = s.blocks
        .map((b) => {
          if (b.kind === "text") return `<p>${escapeHtml(b.value as string)}</p>`;
          if (b.kind === "html") return b.value as string;
          if (b.kind === "table") return tableHtml(b.value as Row[], { maxRows: 100 });
          const id = `fig-${String(figures.length + 1).padStart(2, "0")}-${b.name}`;
          figures.push({ name: b.name as string, id, fig: b.value as Figure });
          return figureHtml(b.value as Figure, { id });
        })
        .join("\n");
      return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${blocks}</section>`;
    })
    .join("\n");
  const hashes = inputHashes(inputs.files);
  const manifest = { tool: "bioclusters report", version: packageVersion(), seed, replicates: reps, years, quick, mixes: mixes.map((m) => m.name), data: hashes, figures: figures.map((f) => f.id), csv: [...csv.keys()] };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bioclusters report</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}h2{margin-top:2em;border-bottom:1px solid #ddd}table{font-size:13px;margin:1em 0}td,th{padding:2px 6px}.bioclusters-figure{margin:1em 0}</style>
</head><body>
<h1>Korean bio-clusters: diagnosis, determinants and policy scenarios</h1>
<p>Generated by bioclusters ${escapeHtml(packageVersion())} with seed ${escapeHtml(String(seed))}. Reproduces and extends KIET (2018), <i>An Analysis of Korean Bio-clusters and its Implications</i>. The firm survey is synthetic and the cluster baseline mixes observed, derived and imputed figures: read the results as a laboratory, not a forecast. Data hashes: ${Object.entries(hashes).map(([k, v]) => `${escapeHtml(k)} ${v.sha256.slice(0, 12)}`).join(", ")}.</p>
${plotlyLoaderHtml()}
${body}
</body></html>
`;
  // The whole set is written into a fresh folder beside dir and swapped in at the end (never a mix of two reports).
  const final = (f: string) => path.join(o.out, path.relative(dir, f));
  writeFileAtomic(path.join(dir, "report.html"), html);
  const csvs: string[] = [];
  for (const [name, text] of csv) {
    const f = path.join(dir, "data", name);
    writeFileAtomic(f, text);
    csvs.push(f);
  }
  writeFileAtomic(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

  // SVG and PNG of every figure, rendered by Chromium from the report itself.
  const images: string[] = [];
  let imageWarning: string | null = null;
  if (o.images !== false) {
    stage("rendering figures");
    try {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        await page.goto(`file://${path.resolve(dir, "report.html")}`, { waitUntil: "load", timeout: 120_000 });
        await page.waitForFunction((n) => document.querySelectorAll(".js-plotly-plot .main-svg").length > 0 && document.querySelectorAll(".js-plotly-plot").length >= n, figures.length, { timeout: 120_000 });
        for (const f of figures) {
          for (const format of ["svg", "png"] as const) {
            const url = (await page.evaluate(
              ([id, fmt]) => (window as unknown as { Plotly: { toImage(el: Element, o: unknown): Promise<string> } }).Plotly.toImage(document.getElementById(id as string) as Element, { format: fmt, width: 1000, height: 560 }),
              [f.id, format] as const,
            )) as string;
            const file = path.join(dir, "figures", `${f.id}.${format}`);
            const comma = url.indexOf(",");
            const payload = url.slice(comma + 1);
            const meta = url.slice(0, comma);
            writeFileAtomic(file, meta.endsWith(";base64") ? Buffer.from(payload, "base64") : decodeURIComponent(payload));
            images.push(file);
          }
        }
      } finally {
        await browser.close();
      }
    } catch (e) {
      imageWarning = `SVG/PNG files were not written: ${(e as Error).message}`;
    }
  }
  return { html: path.join(o.out, "report.html"), figures: figures.map((f) => f.id), csvs: csvs.map(final), images: images.map(final), imageWarning };
}
