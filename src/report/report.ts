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
import { regressionTable } from "../estimation/table";
import { runExperiment } from "../experiments/runner";
import { estimatesRecord, inputHashes, loadInputs, resolveMixes } from "../experiments/simulate";
import { costEffectiveness, horizonComparison, pairedDifferences, summarise, BUDGET_NEUTRAL_TOLERANCE } from "../experiments/summary";
import { DIFFERENCES_COLUMNS } from "../experiments/output";
import { defaultFactors, modelSobol, morris, robustness, varianceSources } from "../experiments/lab";
import { buildSetup } from "../model/setup";
import { PRESETS } from "../model/policy";
import { toCsv, writeFileAtomic } from "../data/write";
import { coefficientPlot, marginalEffectsPlot, rankingFigure, radarFigure, indicatorHeatmap, sensitivityFigure, fanChart, differenceChart, differenceIntervalChart, clusterBars, costEffectivenessChart, firmTypeChart } from "../figures";
import { launchChromium } from "./browser";
import { openOutputFolder, outputError } from "../data/output-folder";
import { computeFindings, verdictLabel, amount, type Finding, type LabRobustness } from "./findings";
import { citationText, REFERENCES } from "./references";
import { calibrationBlocks, calibrationCsvs, calibrationSectionData, QUICK_CALIBRATION_SIZES, REPORT_CALIBRATION_SIZES } from "./calibration";
import { formatCount, formatInterval, formatKrw, formatNumber, formatPercent, label, unitOf, unitText, type Lang } from "../format";
import { FLOW_METRICS } from "../experiments/summary";
import type { InputFiles } from "../experiments/simulate";
import type { SobolResult } from "../sensitivity/sobol";

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
  /** Language of labels and headings: English (default) or Korean. */
  lang?: Lang;
  /** Input files other than the bundled data (clusters, survey, estimates). */
  inputs?: InputFiles;
  onStage?: (stage: string) => void;
}

/** A table already formatted for reading: header labels, cell strings, which columns are numbers (right-aligned). */
interface ReportTable {
  columns: string[];
  rows: string[][];
  numeric: boolean[];
}

type Block =
  | { kind: "text"; value: string }
  | { kind: "html"; value: string }
  | { kind: "figure"; value: Figure; name: string; caption: string }
  | { kind: "table"; value: ReportTable; caption: string }
  | { kind: "table-html"; value: string; caption: string };

interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportResult {
  html: string;
  figures: string[];
  csvs: string[];
  images: string[];
  imageWarning: string | null;
  /** The computed findings, as written in the summary. */
  findings: Finding[];
}

function morrisFigure(rows: Array<{ factor: string; muStar: number; sigma: number }>, lang: Lang): Figure {
  const r = [...rows].sort((a, b) => b.muStar - a.muStar);
  return {
    data: [{ type: "bar", orientation: "h", y: r.map((x) => label(x.factor, lang)), x: r.map((x) => x.muStar), error_x: { type: "data", array: r.map((x) => x.sigma), color: "#999" }, marker: { color: "#2c7fb8" } }],
    layout: {
      title: { text: lang === "ko" ? "Morris 선별: μ*(막대)와 σ(수염), 10년 누적 제품혁신 기업" : "Morris screening of innovators over 10 years: μ* (bars) and σ (whiskers)" },
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { title: { text: lang === "ko" ? "μ* (요인 전체 범위당 혁신 기업·년)" : "μ* (innovator-years per full factor range)" } },
      height: 160 + 26 * r.length,
      margin: { l: 10 },
    },
  };
}

function sourcesFigure(v: { coefficients: number; agents: number; structural: number }, lang: Lang): Figure {
  const x = lang === "ko" ? ["계수 불확실성", "행위자 무작위성", "구조 모수"] : ["coefficient uncertainty", "agent randomness", "structural parameters"];
  return {
    data: [{ type: "bar", x, y: [v.coefficients, v.agents, v.structural].map((x) => 100 * x), marker: { color: ["#1b9e77", "#d95f02", "#7570b3"] } }],
    layout: { title: { text: lang === "ko" ? "결과의 분산은 어디서 오는가(세 분산 합 대비 %)" : "Where the spread of the outcome comes from (% of the sum of the three variances)" }, yaxis: { title: { text: "%" } }, height: 380 },
  };
}

/** A report table from rows of label → value, every value already a string. */
function table(rows: Array<Record<string, string>>, numeric: string[] = []): ReportTable {
  const columns = rows.length ? Object.keys(rows[0] as Record<string, string>) : [];
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? "")), numeric: columns.map((c) => numeric.includes(c)) };
}

function tableToHtml(t: ReportTable): string {
  const th = t.columns.map((c, j) => `<th style="text-align:${t.numeric[j] ? "right" : "left"}">${escapeHtml(c)}</th>`).join("");
  const trs = t.rows.map((r) => `<tr>${r.map((v, j) => `<td style="text-align:${t.numeric[j] ? "right" : "left"}">${escapeHtml(v)}</td>`).join("")}</tr>`).join("\n");
  return `<table class="report-table"><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/** One sentence for all Sobol cautions of a result (instead of one warning per factor). */
function sobolCaution(r: SobolResult, what: string, lang: Lang): string | null {
  const wide = r.indices.filter((x) => x.firstLow < -0.05 || x.firstHigh > 1.05 || x.totalLow < -0.05 || x.totalHigh > 1.05).map((x) => label(x.factor, lang));
  const small = r.n < 500;
  if (!(r.variance > 0)) return lang === "ko" ? `${what}: 표본에서 결과가 변하지 않아 어느 요인도 중요하다고 할 수 없다.` : `${what}: the output does not vary over the samples, so no factor can be said to matter.`;
  if (!small && wide.length === 0) return null;
  if (lang === "ko")
    return `${what}: 기본 표본 N = ${formatCount(r.n)}${small ? "(1차 지수를 ±0.05 안으로 안정시키려면 보통 N ≥ 1,000 필요)" : ""}${wide.length ? `; ${r.indices.length}개 요인 중 ${wide.length}개(${wide.join(", ")})의 구간이 [0, 1] 밖으로 나간다` : ""}. 지수는 정확한 비중이 아니라 요인의 순위로 읽을 것.`;
  return `${what}: N = ${formatCount(r.n)} base samples${small ? " (first-order indices typically need N ≥ 1,000 to be stable within ± 0.05)" : ""}${wide.length ? `; the intervals of ${wide.length} of ${r.indices.length} factors (${wide.join(", ")}) reach outside [0, 1], which indices cannot take` : ""}. Read the indices as a ranking of factors, not as exact shares.`;
}

const DIFF_METRICS = ["innovators", "patents", "firms", "employment", "sales", "unfunded_demand", "unfilled_vacancies"];

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
  const lang: Lang = o.lang ?? "en";
  const t = (en: string, ko: string) => (lang === "ko" ? ko : en);
  const L = (id: string, kind?: Parameters<typeof label>[2]) => label(id, lang, kind);
  const stage = o.onStage ?? (() => {});
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

  // 2. Determinants.
  stage("determinants");
  const fitted = estimateDefaults();
  const coefRows = fitted.flatMap((m) => m.result.names.map((n, i) => ({ model: m.role, variable: n, coef: m.result.params[i], se: m.result.bse[i], p: m.result.pvalues[i], low: m.result.confInt[i]?.[0], high: m.result.confInt[i]?.[1] })));
  csv.set("coefficients.csv", toCsv(coefRows, ["model", "variable", "coef", "se", "p", "low", "high"]));
  const ame = averageMarginalEffects(fitted[0]!.result);

  // 3. Preset comparison.
  stage("policy scenarios");
  const inputs = loadInputs(o.inputs);
  const ids = inputs.clusters.map((c) => c.id);
  const mixes = resolveMixes([...PRESETS], ids);
  const res = await runExperiment(inputs, mixes, { years, replicates: reps, seed, workers: o.workers ?? 1 });
  const metrics = ["firms", "employment", "innovators", "patents", "sales", "unfunded_demand", "unfilled_vacancies", "index"];
  csv.set("scenario_summary.csv", toCsv(summarise(res, { metrics }).map((r) => ({ ...r, seed: String(seed), replicates: reps })), ["scenario", "cluster", "year", "metric", "mean", "p05", "p50", "p95", "seed", "replicates"]));
  // Same columns as simulate's differences.csv: the CI of the mean apart from the replicate spread.
  const diffRows = pairedDifferences(res, "status_quo", { metrics }).map((d) => Object.fromEntries(DIFFERENCES_COLUMNS.map(([f, h]) => [h, d[f]])));
  csv.set("scenario_differences.csv", toCsv(diffRows, DIFFERENCES_COLUMNS.map((c) => c[1])));
  const ce = costEffectiveness(res, "status_quo");
  csv.set("cost_effectiveness.csv", toCsv(ce as unknown as Array<Record<string, unknown>>, ["scenario", "baseline", "cluster", "metric", "seed", "replicates", "gain", "gainCiLow", "gainCiHigh", "gainP05", "gainP95", "spend", "baselineSpend", "costDiff", "basis", "perKrwBn", "perKrwBnCiLow", "perKrwBnCiHigh"]));
  const others = mixes.filter((m) => m.name !== "status_quo");
  const horizon = horizonComparison(res, "status_quo", { metrics: DIFF_METRICS });
  csv.set("horizon_differences.csv", toCsv(horizon as unknown as Array<Record<string, unknown>>, ["scenario", "baseline", "cluster", "metric", "measure", "years", "seed", "replicates", "mean", "ciLow", "ciHigh", "p05", "p50", "p95", "pAbove", "baselineMean", "rel", "relCiLow", "relCiHigh"]));
  const neutral = ce.every((c) => c.basis === "budget-neutral");

  // 4. Sensitivity.
  stage("sensitivity");
  const setup = buildSetup(inputs);
  const sq = mixes.find((m) => m.name === "status_quo")!;
  const eff = mixes.find((m) => m.name === "efficiency_shift")!;
  const cus = mixes.find((m) => m.name === "customised")!;
  const outcome = { metric: "innovators", mode: "sum" as const };
  const lab = { years, seed, outcome };
  const mo = morris(setup, sq, { ...lab, trajectories: quick ? 3 : 10 });
  const top = [...mo].sort((a, b) => b.muStar - a.muStar).slice(0, 6).map((r) => r.factor);
  const sob = modelSobol(setup, sq, { ...lab, factors: defaultFactors().filter((f) => top.includes(f.name)), n: quick ? 16 : 128, bootstrap: quick ? 50 : 300 });
  const vs = varianceSources(setup, sq, { ...lab, replicates: quick ? 6 : 40 });
  const robReps = quick ? 6 : 60;
  const rob = robustness(setup, eff, sq, { ...lab, replicates: robReps });
  const robCus = robustness(setup, cus, eff, { ...lab, replicates: robReps });
  csv.set("morris.csv", toCsv(mo as unknown as Array<Record<string, unknown>>, ["factor", "muStar", "mu", "sigma"]));
  csv.set("sobol.csv", toCsv(sob.indices as unknown as Array<Record<string, unknown>>, ["factor", "first", "firstLow", "firstHigh", "total", "totalLow", "totalHigh"]));
  csv.set("variance_sources.csv", toCsv([{ total: vs.total, coefficients: vs.coefficients, agents: vs.agents, structural: vs.structural }], ["total", "coefficients", "agents", "structural"]));
  csv.set("robustness.csv", toCsv(rob.clusters as unknown as Array<Record<string, unknown>>, ["cluster", "pAWins", "meanDifference"]));
  csv.set("robustness_customised.csv", toCsv(robCus.clusters as unknown as Array<Record<string, unknown>>, ["cluster", "pAWins", "meanDifference"]));
  const labRob = (r: typeof rob): LabRobustness => ({
    probability: r.clusters.at(-1)?.pAWins ?? 0,
    replicates: robReps,
    fragile: r.region.filter((x) => x.fragile).map((x) => x.parameter),
    holdsIn: r.region.filter((x) => x.pLow > 0.5 || x.pHigh > 0.5).map((x) => x.parameter),
  });

  // 5. Calibration and validation (issue 16): the calibration in use, if any, through the functions `validate` uses.
  stage("calibration and validation");
  const calib = await calibrationSectionData({ sizes: quick ? QUICK_CALIBRATION_SIZES : REPORT_CALIBRATION_SIZES, ...(o.inputs ? { inputs: o.inputs } : {}) });
  for (const [name, text] of calibrationCsvs(calib)) csv.set(name, text);

  // Findings, computed from the run.
  const findings = computeFindings(res, { lang, robustness: { efficiency: labRob(rob), customised: labRob(robCus) } });
  csv.set(
    "findings.csv",
    toCsv(
      findings.flatMap((f) => f.evidence.map((e) => ({ finding: f.key, verdict: f.verdict, scenario: e.scenario, baseline: e.baseline ?? "", metric: e.metric, location: e.location, measure: e.mode, unit: e.unit, mean: e.mean, ciLow: e.ciLow, ciHigh: e.ciHigh, replicates: e.replicates, seed: String(seed) }))),
      ["finding", "verdict", "scenario", "baseline", "metric", "location", "measure", "unit", "mean", "ciLow", "ciHigh", "replicates", "seed"],
    ),
  );

  const budgets = [...new Set(mixes.map((m) => (typeof m.budget.krwBn === "number" ? formatKrw(m.budget.krwBn) : t("a yearly schedule", "연도별 일정"))))];
  const sections: Section[] = [];

  sections.push({
    id: "summary",
    title: t("Summary of findings", "주요 결과"),
    blocks: [
      {
        kind: "text",
        value: t(
          `This run tests the three conclusions of Moon Hyeseon et al. (KIET, 2018) on ${mixes.length} policy mixes × ${reps} replicates × ${years} years (seed ${seed}). Each statement below is computed from this run; "95 % CI for the mean" is the t-interval of the mean paired difference over replicates (common random numbers), not the spread of outcomes.`,
          `이 실행은 Moon Hyeseon 외(산업연구원 KIET, 2018)의 세 결론을 정책 조합 ${mixes.length}개 × 반복 ${reps}회 × ${years}년으로 검증한다(시드 ${seed}). 아래 문장은 모두 이 실행에서 계산되었다. "평균의 95% 신뢰구간"은 반복 간 대응 차이 평균의 t-구간이며 결과의 분포 폭이 아니다.`,
        ),
      },
      {
        kind: "html",
        value: `<ol class="findings">${findings
          .map((f) => `<li data-finding="${f.key}" data-verdict="${f.verdict}"><p><b>${escapeHtml(f.claim)}</b> — <span class="verdict verdict-${f.verdict.replace(/ /g, "-")}">${escapeHtml(verdictLabel(f.verdict, lang))}</span></p><p class="finding-sentence">${escapeHtml(f.sentence)}</p>${f.robustness ? `<p class="finding-robustness">${escapeHtml(f.robustness)}</p>` : ""}</li>`)
          .join("\n")}</ol>`,
      },
      {
        kind: "table",
        caption: t("The evidence behind each finding (national; flows summed over the horizon, levels in its last year).", "각 결과의 근거(전국; 유량은 기간 합계, 저량은 마지막 해)."),
        value: table(
          findings.flatMap((f) =>
            f.evidence.map((e) => ({
              [t("finding", "결과")]: f.claim,
              [t("compared", "비교")]: e.baseline ? `${L(e.scenario)} − ${L(e.baseline)}` : L(e.scenario),
              [t("outcome", "지표")]: L(e.metric),
              [t("measure", "측정")]: e.mode === "sum" ? t(`sum, years 1–${years}`, `1–${years}년 합계`) : t(`year ${years}`, `${years}년 차`),
              [t("unit", "단위")]: unitText(e.unit) || t("number", "수"),
              [t("mean", "평균")]: amount(e.mean, e.unit, { signed: e.baseline !== null }),
              [t("95 % CI for the mean", "평균의 95% 신뢰구간")]: formatInterval(e.ciLow, e.ciHigh, e.unit),
            })),
          ),
          [t("mean", "평균"), t("95 % CI for the mean", "평균의 95% 신뢰구간")],
        ),
      },
    ],
  });

  sections.push({
    id: "diagnosis",
    title: t("1. Cluster diagnosis", "1. 클러스터 진단"),
    blocks: [
      { kind: "text", value: t("A composite index of 21 indicators in five pillars (min-max 0–100, equal weights, arithmetic means; recipe data/recipes/default.json), with each cluster's rank interval over alternative methods and the sensitivity of the ranking to each methodological choice. Inputs mix observed, derived, imputed and synthetic values (data/README.md).", "5개 부문 21개 지표의 종합지수(최소-최대 0–100, 동일 가중치, 산술평균), 대안적 방법에 따른 각 클러스터의 순위 구간과 방법 선택별 민감도. 입력값에는 관측·파생·대체·합성 값이 섞여 있다.") },
      { kind: "figure", value: rankingFigure(index, mc, { lang }), name: "index-ranking", caption: t("Index score and rank of each cluster, with the 5–95 % rank interval over alternative normalisations, weights, aggregations and dropped indicators. Read: clusters whose intervals overlap cannot be ranked against each other with confidence.", "클러스터별 지수 점수와 순위, 대안적 방법에 따른 5–95% 순위 구간. 구간이 겹치는 클러스터끼리는 순위를 확신할 수 없다.") },
      { kind: "figure", value: radarFigure(index, ["daedeok", "osong", "hongneung"], { lang }), name: "index-radar", caption: t("Pillar scores (0–100) of three contrasting clusters. Read: where each is strong and where it lags.", "대조적인 세 클러스터의 부문 점수(0–100).") },
      { kind: "figure", value: indicatorHeatmap(index, { lang }), name: "index-heatmap", caption: t("Normalised indicator values (0–100) by cluster. Read: the pattern of strengths behind each score.", "클러스터별 정규화 지표값(0–100).") },
      { kind: "figure", value: sensitivityFigure(isa.overall, t("Sensitivity of the ranking to each methodological choice", "방법 선택별 순위 민감도"), { lang }), name: "index-sensitivity", caption: t("Share of the variance of cluster ranks due to each methodological choice (Sobol first-order and total indices, bootstrap 95 % intervals). Read: the choice with the largest total index moves the ranking most.", "각 방법 선택이 순위 분산에서 차지하는 비중(Sobol 지수).") },
      {
        kind: "table",
        caption: t("Diagnosis: rank, development stage, score and the strongest and weakest pillar of every cluster.", "진단: 클러스터별 순위, 발전 단계, 점수, 강점·약점 부문."),
        value: table(diagRows.map((d) => ({ [L("rank")]: String(d.rank), [L("cluster")]: L(d.cluster), [L("stage")]: L(d.stage), [L("score")]: formatNumber(d.score), [L("strongest")]: L(d.strongest, { kind: "pillar" }), [L("weakest")]: L(d.weakest, { kind: "pillar" }) })), [L("rank"), L("score")]),
      },
    ],
  });

  sections.push({
    id: "determinants",
    title: t("2. Determinants of innovation and growth", "2. 혁신과 성장의 결정요인"),
    blocks: [
      { kind: "text", value: t("Estimated on the synthetic firm survey (data/survey_synthetic.csv) with robust (HC1) standard errors; these estimates drive the simulator.", "합성 기업 설문으로 추정(HC1 강건 표준오차); 이 추정치가 시뮬레이터를 움직인다.") },
      {
        kind: "table-html",
        caption: t("The three models that drive the simulator, side by side: coefficients with robust (HC1) standard errors in parentheses.", "시뮬레이터를 움직이는 세 모형: 계수와 괄호 안의 강건(HC1) 표준오차."),
        value: regressionTable(fitted.map((m) => m.result), { titles: fitted.map((m, i) => `(${i + 1}) ${L(m.role)}`), lang }).toHtml(),
      },
      ...fitted.flatMap((m): Block[] => [
        { kind: "figure", value: coefficientPlot(m.result, { title: `${L(m.role)}: ${t("coefficients (95 %)", "계수(95%)")}`, lang }), name: `coefficients-${m.role}`, caption: t(`Coefficients of the ${L(m.role)} model with 95 % confidence intervals. Read: bars that do not cross zero are significant at 5 %.`, `${L(m.role)} 모형 계수와 95% 신뢰구간.`) },
      ]),
      { kind: "figure", value: marginalEffectsPlot(ame, t("Product innovation: average marginal effects", "제품혁신: 평균 한계효과"), { lang }), name: "innovation-margins", caption: t("Average marginal effects on the probability of product innovation (percentage points per unit). Read: how much each factor raises the chance that a firm innovates.", "제품혁신 확률에 대한 평균 한계효과.") },
    ],
  });

  sections.push({
    id: "scenarios",
    title: t(`3. ${mixes.length} policy mixes, ${years} years`, `3. 정책 조합 ${mixes.length}개, ${years}년`),
    blocks: [
      { kind: "text", value: t(`${mixes.length} budget-neutral mixes (${budgets.join(", ")} a year, an assumption) × ${reps} replicates × ${years} years, with common random numbers and coefficient uncertainty; seed ${seed}.`, `예산 중립 정책 조합 ${mixes.length}개(연 ${budgets.join(", ")}, 가정) × 반복 ${reps}회 × ${years}년, 공통 난수와 계수 불확실성 포함; 시드 ${seed}.`) },
      { kind: "figure", value: fanChart(res, "innovators", "all", ["status_quo", "efficiency_shift", "customised"], { lang }), name: "fan-innovators", caption: t("Product innovators a year, nationally: median path of each mix with its 5–95 % band over replicates.", "연간 제품혁신 기업 수(전국): 정책 조합별 중앙값 경로와 5–95% 구간.") },
      { kind: "figure", value: fanChart(res, "employment", "all", ["status_quo", "efficiency_shift", "customised"], { lang }), name: "fan-employment", caption: t("Employment, nationally: median path of each mix with its 5–95 % band.", "고용(전국): 중앙값 경로와 5–95% 구간.") },
      { kind: "figure", value: differenceChart(res, "status_quo", "innovators", "all", { lang }), name: "difference-innovators", caption: t(`Paired difference from the status quo in product innovators a year: the mean over ${reps} replicates, the 95 % confidence interval of that mean (t-interval; darker band) and the 5–95 % spread of the replicates' differences (lighter band). Read: a darker band clear of zero means the mean effect is distinguishable from none; the lighter band shows how much single runs vary.`, `현상 유지 대비 연간 제품혁신 기업 수의 대응 차이: 반복 ${reps}회의 평균, 그 평균의 95% 신뢰구간(t-구간, 진한 띠), 반복별 차이의 5–95% 범위(옅은 띠).`) },
      { kind: "figure", value: differenceIntervalChart(horizon, { lang }), name: "difference-intervals", caption: t(`Every mix against the status quo over ${years} years, nationally (flows summed over the years, levels in year ${years}): the mean paired difference with its 95 % confidence interval (thick whiskers; t-interval over ${reps} replicates) and the 5–95 % spread of replicates (thin grey whiskers). Read: a thick whisker that does not cross zero is an effect distinguishable from none at 5 %.`, `${years}년간 정책 조합별 현상 유지 대비 전국 대응 차이(유량은 합계, 저량은 ${years}년 차): 평균 차이와 95% 신뢰구간(굵은 선, 반복 ${reps}회의 t-구간), 반복의 5–95%(가는 회색 선).`) },
      { kind: "figure", value: clusterBars(res, "unfunded_demand", years, { clusters: ids, mixes: ["status_quo", "efficiency_shift", "customised"], lang }), name: "unfunded-demand", caption: t(`Unfunded funding demand by cluster in year ${years} (KRW bn; replicate means, 5–95 % whiskers). Read: where money runs short.`, `${years}년 차 클러스터별 미충족 자금 수요.`) },
      { kind: "figure", value: clusterBars(res, "unfilled_vacancies", years, { clusters: ids, mixes: ["status_quo", "efficiency_shift", "customised"], lang }), name: "unfilled-vacancies", caption: t(`Unfilled researcher vacancies by cluster in year ${years} (replicate means, 5–95 % whiskers). Read: where people run short.`, `${years}년 차 클러스터별 미충원 연구직.`) },
      { kind: "figure", value: firmTypeChart(res, years, "all", { lang }), name: "firm-types", caption: t(`Share of firms that innovate, by firm type, in year ${years}. Read: which types each mix reaches.`, `${years}년 차 기업 유형별 혁신 기업 비중.`) },
      neutral
        ? {
            kind: "text",
            value: t(
              `Cost-effectiveness: every mix spends the same as the status quo over the ${years} years (cost differences within ${formatPercent(BUDGET_NEUTRAL_TOLERANCE, { decimals: 1 })} of the spend: budget-neutral), so there is no difference in cost to divide by; the paired differences above are the comparison of value for money (cost_effectiveness.csv lists each cost difference).`,
              `비용 효과성: 모든 정책 조합이 ${years}년간 현상 유지와 같은 금액을 쓴다(비용 차이가 지출의 ${formatPercent(BUDGET_NEUTRAL_TOLERANCE, { decimals: 1 })} 이내: 예산 중립). 나눌 비용 차이가 없으므로 위의 대응 차이가 곧 같은 돈의 성과 비교다(cost_effectiveness.csv에 비용 차이가 있다).`,
            ),
          }
        : { kind: "figure", value: costEffectivenessChart(ce, { lang }), name: "cost-effectiveness", caption: t("Difference in outcome per KRW bn of difference in cost against the status quo (flows summed over the horizon, levels at its end), with 95 % delta-method intervals; a budget-neutral mix has no ratio and says so.", "현상 유지 대비 비용 차이 10억 원당 성과 차이(95% 델타 방법 구간); 예산 중립 조합은 비율이 없다.") },
      ...others.map((m): Block => ({
        kind: "table",
        caption: t(
          `Paired differences: ${L(m.name)} − ${L("status_quo")}, national (${reps} replicates, seed ${seed}): the mean difference with the 95 % confidence interval of that mean (t-interval over replicates), the spread of the replicates' differences (5–95 %, not an interval for the mean), and the relative difference (the mean difference over the status quo's mean, with a delta-method 95 % interval).`,
          `대응 차이: ${L(m.name)} − ${L("status_quo")}, 전국(반복 ${reps}회, 시드 ${seed}): 평균 차이와 그 평균의 95% 신뢰구간(반복 간 t-구간), 반복별 차이의 5–95% 범위(평균의 구간이 아님), 상대 차이(평균 차이 ÷ 현상 유지 평균, 델타 방법 95% 구간).`,
        ),
        value: table(
          horizon
            .filter((h) => h.scenario === m.name)
            .map((h) => {
              const u = unitOf(h.metric) ?? "count";
              return {
                [t("outcome", "지표")]: L(h.metric),
                [t("measure", "측정")]: FLOW_METRICS.has(h.metric) ? t(`sum, years 1–${years}`, `1–${years}년 합계`) : t(`year ${years}`, `${years}년 차`),
                [t("mean difference", "평균 차이")]: amount(h.mean, u, { signed: true }),
                [t("95 % CI for the mean", "평균의 95% 신뢰구간")]: formatInterval(h.ciLow, h.ciHigh, u),
                [t("5–95 % of replicates", "반복의 5–95%")]: formatInterval(h.p05, h.p95, u),
                [t("relative (95 % CI)", "상대 차이(95% 신뢰구간)")]: h.rel === null || h.relCiLow === null || h.relCiHigh === null ? "—" : `${formatPercent(h.rel, { signed: true })} (${formatPercent(h.relCiLow, { signed: true })} to ${formatPercent(h.relCiHigh, { signed: true })})`,
                [t("replicates above", "개선된 반복 비율")]: formatPercent(h.pAbove, { decimals: 0 }),
              };
            }),
          [t("mean difference", "평균 차이"), t("95 % CI for the mean", "평균의 95% 신뢰구간"), t("5–95 % of replicates", "반복의 5–95%"), t("relative (95 % CI)", "상대 차이(95% 신뢰구간)"), t("replicates above", "개선된 반복 비율")],
        ),
      })),
    ],
  });

  const cautions = [sobolCaution(isa.overall, t("Index ranking", "지수 순위"), lang), sobolCaution(sob, t("Simulator", "시뮬레이터"), lang)].filter((x): x is string => x !== null);
  sections.push({
    id: "sensitivity",
    title: t("4. What the conclusions hang on", "4. 결론은 무엇에 달려 있나"),
    blocks: [
      { kind: "text", value: t(`Outcome: national innovators summed over ${years} years under the status quo. Morris screening of ${mo.length} structural parameters and levers; Sobol indices for the six most influential (N = ${sob.n}, ${formatCount(sob.runs)} runs).`, `결과 지표: 현상 유지에서 ${years}년 누적 전국 혁신 기업. 구조 모수와 정책 수단 ${mo.length}개의 Morris 선별, 상위 6개의 Sobol 지수(N = ${sob.n}, ${formatCount(sob.runs)}회 실행).`) },
      { kind: "figure", value: morrisFigure(mo, lang), name: "morris", caption: t("Morris screening: μ* ranks factors by influence; σ large relative to μ* signals non-linearity or interactions.", "Morris 선별: μ*는 영향력 순위, σ가 크면 비선형 또는 상호작용.") },
      { kind: "figure", value: sensitivityFigure(sob, t("Sobol indices of innovators to the six most influential factors", "상위 6개 요인에 대한 혁신 기업의 Sobol 지수"), { lang }), name: "sobol", caption: t("Sobol first-order and total indices with bootstrap 95 % intervals. Read: a factor with a large total index matters, alone or with others.", "Sobol 1차·총 지수와 부트스트랩 95% 구간.") },
      ...(cautions.length ? [{ kind: "html" as const, value: `<div class="cautions"><b>${escapeHtml(t("Sensitivity cautions", "민감도 분석 유의사항"))}</b><ul>${cautions.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul></div>` }] : []),
      { kind: "figure", value: sourcesFigure(vs.shares, lang), name: "variance-sources", caption: t("Where the spread of the outcome comes from: coefficient uncertainty, agent randomness or structural parameters.", "결과 분산의 원천.") },
      {
        kind: "table",
        caption: t(`Robustness of "the efficiency shift yields more innovators than the status quo", by cluster (${robReps} lab replicates).`, `"효율성 전환이 현상 유지보다 혁신 기업을 더 만든다"의 견고성, 클러스터별(반복 ${robReps}회).`),
        value: table(rob.clusters.map((c) => ({ [L("cluster")]: L(c.cluster), [t("P(efficiency shift wins)", "효율성 전환이 나을 확률")]: formatPercent(c.pAWins, { decimals: 0 }), [t("mean difference (innovators, sum)", "평균 차이(혁신 기업, 합계)")]: formatNumber(c.meanDifference, { signed: true }) })), [t("P(efficiency shift wins)", "효율성 전환이 나을 확률"), t("mean difference (innovators, sum)", "평균 차이(혁신 기업, 합계)")]),
      },
    ],
  });

  sections.push({
    id: "calibration",
    title: t("5. Calibration and validation", "5. 보정과 검증"),
    blocks: calibrationBlocks(calib, lang),
  });

  const csvNames = [...csv.keys()];
  sections.push({
    id: "data",
    title: t("6. Data files", "6. 데이터 파일"),
    blocks: [{ kind: "html", value: `<p>${escapeHtml(t("The numbers behind every figure and table, as CSV (identifiers, full precision):", "모든 그림과 표의 수치(CSV, 식별자, 전체 정밀도):"))}</p><ul class="csv-links">${csvNames.map((n) => `<li><a href="data/${escapeHtml(n)}">data/${escapeHtml(n)}</a></li>`).join("")}<li><a href="manifest.json">manifest.json</a> — ${escapeHtml(t("seeds, options and data hashes", "시드, 옵션, 데이터 해시"))}</li></ul>` }],
  });
  sections.push({
    id: "references",
    title: t("References", "참고문헌"),
    blocks: [{ kind: "html", value: `<ol class="references">${REFERENCES.map((r) => `<li id="ref-${r.key}">${escapeHtml(citationText(r))}</li>`).join("")}</ol>` }],
  });

  // Assemble.
  stage("writing");
  const figures: Array<{ name: string; id: string; fig: Figure }> = [];
  let tableNo = 0;
  const body = sections
    .map((s) => {
      const blocks = s.blocks
        .map((b) => {
          if (b.kind === "text") return `<p>${escapeHtml(b.value)}</p>`;
          if (b.kind === "html") return b.value;
          if (b.kind === "table" || b.kind === "table-html") {
            tableNo++;
            return `<figure class="report-table-wrap" id="table-${tableNo}"><figcaption><b>${escapeHtml(t(`Table ${tableNo}.`, `표 ${tableNo}.`))}</b> ${escapeHtml(b.caption)}</figcaption>${b.kind === "table" ? tableToHtml(b.value) : b.value}</figure>`;
          }
          const n = figures.length + 1;
          const id = `fig-${String(n).padStart(2, "0")}-${b.name}`;
          figures.push({ name: b.name, id, fig: b.value });
          return `<figure class="report-figure">${figureHtml(b.value, { id })}<figcaption><b>${escapeHtml(t(`Figure ${n}.`, `그림 ${n}.`))}</b> ${escapeHtml(b.caption)}</figcaption></figure>`;
        })
        .join("\n");
      return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${blocks}</section>`;
    })
    .join("\n");
  const contents = `<nav class="contents"><h2>${escapeHtml(t("Contents", "목차"))}</h2><ul style="list-style:none;padding-left:1em">${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join("")}</ul></nav>`;
  const hashes = inputHashes(inputs.files);
  const manifest = { tool: "bioclusters report", version: packageVersion(), seed, replicates: reps, years, quick, lang, mixes: mixes.map((m) => m.name), data: hashes, estimates: estimatesRecord(o.inputs?.estimates), figures: figures.map((f) => f.id), csv: csvNames, findings: findings.map((f) => ({ key: f.key, verdict: f.verdict })), calibration: calib.calibration ? { file: path.basename(calib.calibration.file), sha256: calib.calibration.sha256, backtestReplicates: calib.sizes.replicates, momentReplicates: calib.sizes.momentReplicates, conclusionDraws: calib.sizes.draws } : null };
  const kiet = REFERENCES[0]!;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t("Korean bio-clusters: report", "한국 바이오클러스터 보고서"))}</title>
<style>body{font-family:system-ui,"Noto Sans CJK KR",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}h2{margin-top:2em;border-bottom:1px solid #ddd}table{font-size:13px;margin:.5em 0;border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #e3e3e3}th{border-bottom:2px solid #999}figure{margin:1.5em 0}figcaption{font-size:14px;color:#333;margin:.4em 0}.bioclusters-figure{margin:0}.findings li{margin-bottom:.8em}.verdict{font-weight:600}.verdict-reproduced{color:#1b7837}.verdict-contradicted,.verdict-not-reproduced{color:#b2182b}.verdict-inconclusive,.verdict-partly-reproduced{color:#8c510a}.cautions{background:#fff8e1;border-left:4px solid #e6ab02;padding:.5em 1em;margin:1em 0}.report-table-wrap{overflow-x:auto}</style>
</head><body>
<h1>${escapeHtml(t("Korean bio-clusters: diagnosis, determinants and policy scenarios", "한국 바이오클러스터: 진단, 결정요인, 정책 시나리오"))}</h1>
<p>${escapeHtml(t(`Generated by bioclusters ${packageVersion()} with seed ${seed}. Reproduces and extends`, `bioclusters ${packageVersion()}, 시드 ${seed}로 생성. 다음 연구를 재현·확장한다:`))} <a href="#ref-${kiet.key}">${escapeHtml(`${kiet.authors} (${kiet.year}), ${kiet.title}, KIET`)}</a>. ${escapeHtml(t("The firm survey is synthetic and the cluster baseline mixes observed, derived and imputed figures: read the results as a laboratory, not a forecast.", "기업 설문은 합성 자료이고 클러스터 기준값에는 관측·파생·대체 값이 섞여 있으므로, 결과는 예측이 아니라 실험으로 읽어야 한다."))} ${escapeHtml(t("SHA-256 of the inputs (first 12 characters)", "입력 파일 SHA-256(앞 12자)"))}: ${Object.values(hashes).map((v) => `${escapeHtml(path.basename(v.file))} ${v.sha256.slice(0, 12)}`).join(", ")}.</p>
${contents}
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
              ([id, fmt, h]) => (window as unknown as { Plotly: { toImage(el: Element, o: unknown): Promise<string> } }).Plotly.toImage(document.getElementById(id as string) as Element, { format: fmt, width: 1000, height: h as number, scale: 2 }),
              [f.id, format, typeof f.fig.layout?.["height"] === "number" ? (f.fig.layout["height"] as number) : 450] as const,
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
  return { html: path.join(o.out, "report.html"), figures: figures.map((f) => f.id), csvs: csvs.map(final), images: images.map(final), imageWarning, findings };
}
