/**
 * The report's calibration and validation section (issue 16): the calibration
 * in use (data/calibration/calibrated.json, or BIOCLUSTERS_CALIBRATION), its
 * parameters and J test, the moments table, the model's first years against
 * the observed 2012–2018 series, the back-test 2019–2021 with its 90 % bands
 * and the robustness of the study's three conclusions — or, without a
 * calibration, one sentence saying there is none and what to do.
 *
 * Every number comes from the functions `bioclusters validate` uses
 * (`validate`, `conclusionRobustness`, with their default seeds), only with
 * fewer replicates and draws so that the report stays fast; the section says
 * how many.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { conclusionRobustness, ROBUST_SHARE, type ConclusionRow } from "../calibration/conclusions";
import { MOMENT_LABELS, type MomentName } from "../calibration/simulated";
import { validate, type BacktestRow, type MomentCheck } from "../calibration/validate";
import { loadNationalSeries } from "../data/national";
import { toCsv } from "../data/write";
import type { Figure } from "../display/figure";
import { calibrationInUse, CALIBRATION_ENV } from "../experiments/calibrated";
import { loadInputs, resolveMixes, type InputFiles } from "../experiments/simulate";
import { formatNumber, formatPercent, label, type Lang } from "../format";
import { metricLayout } from "../model/collect";
import { runReplicate } from "../model/run";
import { buildSetup } from "../model/setup";
import { deriveSeed } from "../random";
import { quantile } from "../stats";
import { UserError } from "../errors";

/** Sample sizes of the section (the CLI's defaults are larger: 200 replicates, 20 moment replicates, 100 draws). */
export interface CalibrationSectionSizes {
  /** Back-test replicates. */
  replicates: number;
  /** Replicates of the simulated moments. */
  momentReplicates: number;
  /** Draws of the conclusions' robustness. */
  draws: number;
}

export const REPORT_CALIBRATION_SIZES: Readonly<CalibrationSectionSizes> = { replicates: 100, momentReplicates: 20, draws: 40 };
export const QUICK_CALIBRATION_SIZES: Readonly<CalibrationSectionSizes> = { replicates: 20, momentReplicates: 4, draws: 8 };

export interface CalibrationParameterRow {
  name: string;
  value: number;
  se: number | null;
  lower: number | null;
  upper: number | null;
  atBound: boolean;
}

export interface PathPoint {
  year: number;
  metric: "firms" | "employment" | "production";
  observed: number | null;
  /** The model's median over replicates, on the observed scale (see `fittedPaths`). */
  simulated: number;
}

export interface CalibrationSectionData {
  /** null: no calibration in use. */
  calibration: null | {
    file: string;
    sha256: string;
    parameters: CalibrationParameterRow[];
    J: number | null;
    df: number | null;
    pValue: number | null;
    /** The calibration's own settings (years matched, replicates, seed). */
    settings: { years: number; replicates: number; seed: string; mix: string };
  };
  sizes: CalibrationSectionSizes;
  /** Each moment as `validate` checks it, with its t-ratio (simulated − target) / se, se = tolerance / 2. */
  moments: Array<MomentCheck & { t: number }>;
  backtest: Array<BacktestRow & { error: number; inBand: boolean }>;
  /** The policy the back-test ran: the status quo's yearly budgets, KRW bn. */
  backtestBudget: number[];
  conclusions: ConclusionRow[];
  paths: PathPoint[];
}

export interface CalibrationSectionOptions {
  /** A calibrated.json, null for none, undefined for the default (BIOCLUSTERS_CALIBRATION, else data/calibration/calibrated.json if it exists). */
  calibration?: string | null;
  sizes?: CalibrationSectionSizes;
  inputs?: InputFiles;
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/**
 * The model's national firms, employment and sales over the calibration's first T years at the calibrated point
 * (the calibration's seeds, point estimates of the coefficients, the status quo), median over its replicates, set on
 * the calendar years 2018 − T … 2018 and scaled to end at the observed 2018 value: the calibration matches growth
 * rates over a window of T years, not levels, so this is how its fit can be seen (the model cannot replay 2012–2018).
 */
export function fittedPaths(o: { structural: Record<string, number>; years: number; replicates: number; seed: string; mix: string; inputs?: InputFiles }): PathPoint[] {
  const inputs = loadInputs(o.inputs);
  const setup = buildSetup({ ...inputs, seed: deriveSeed(o.seed, "population") });
  const [mix] = resolveMixes([o.mix], inputs.clusters.map((c) => c.id));
  if (!mix) throw new UserError(`The calibration's mix "${o.mix}" is not a preset.`);
  const layout = metricLayout(setup.instruments.map((i) => i.id));
  const L = setup.nLoc + 1;
  const T = o.years;
  const metrics = [["firms", layout.firms], ["employment", layout.employment], ["production", layout.sales]] as const;
  const sims = metrics.map(() => Array.from({ length: T + 1 }, () => [] as number[]));
  for (let r = 0; r < o.replicates; r++) {
    const { cube } = runReplicate(setup, mix, { years: T, seed: o.seed, replicate: r, paramUncertainty: false, structural: o.structural });
    metrics.forEach(([, m], k) => {
      for (let t = 0; t <= T; t++) (sims[k] as number[][])[t]!.push(cube[(t * L + setup.nLoc) * layout.nm + m] as number);
    });
  }
  const national = loadNationalSeries();
  const obs = (year: number, metric: PathPoint["metric"]): number | null => {
    const y = national.years.find((x) => x.year === year);
    if (!y) return null;
    if (metric === "firms") return y.firms_surveyed;
    if (metric === "employment") return y.employment;
    return y.production_krw_tn === null ? null : y.production_krw_tn * 1000;
  };
  const out: PathPoint[] = [];
  metrics.forEach(([metric], k) => {
    const med = (sims[k] as number[][]).map((xs) => quantile(xs, 0.5));
    const end = obs(2018, metric);
    const last = med[T] as number;
    if (end === null || !(last > 0)) return;
    for (let t = 0; t <= T; t++) out.push({ year: 2018 - T + t, metric, observed: obs(2018 - T + t, metric), simulated: (end * (med[t] as number)) / last });
  });
  return out;
}

/** Runs what the section shows; nothing when no calibration is in use. */
export async function calibrationSectionData(o: CalibrationSectionOptions = {}): Promise<CalibrationSectionData> {
  const sizes = o.sizes ?? REPORT_CALIBRATION_SIZES;
  const cal = calibrationInUse(o.calibration);
  if (!cal) return { calibration: null, sizes, moments: [], backtest: [], backtestBudget: [], conclusions: [], paths: [] };
  // The fields a report shows besides those a run needs (calibrationInUse has checked names, values and ranges).
  const json = JSON.parse(fs.readFileSync(cal.file, "utf8")) as {
    parameters: Array<{ name: string; lower?: unknown; upper?: unknown; atBound?: unknown }>;
    J?: unknown; df?: unknown; pValue?: unknown;
    settings?: { years?: unknown; replicates?: unknown; mix?: unknown };
    seeds?: { seed?: unknown };
  };
  const parameters = cal.names.map((name, i) => {
    const p = json.parameters[i] ?? { name };
    return { name, value: cal.values[i] as number, se: cal.se[i] ?? null, lower: num(p.lower), upper: num(p.upper), atBound: p.atBound === true };
  });
  const settings = {
    years: num(json.settings?.years) ?? 6,
    replicates: num(json.settings?.replicates) ?? 20,
    seed: typeof json.seeds?.seed === "string" ? json.seeds.seed : "2018",
    mix: typeof json.settings?.mix === "string" ? json.settings.mix : "status_quo",
  };
  const inputs = o.inputs ? { inputs: o.inputs } : {};
  const v = await validate({ replicates: sizes.replicates, momentReplicates: sizes.momentReplicates, calibration: cal.file, ...inputs });
  const conclusions = await conclusionRobustness({ draws: sizes.draws, calibration: cal.file, ...inputs });
  const paths = fittedPaths({ structural: cal.structural as Record<string, number>, years: settings.years, replicates: Math.min(settings.replicates, sizes.momentReplicates), seed: settings.seed, mix: settings.mix, ...inputs });
  return {
    calibration: { file: cal.file, sha256: cal.sha256, parameters, J: num(json.J), df: num(json.df), pValue: num(json.pValue), settings },
    sizes,
    moments: v.result.moments.map((m) => ({ ...m, t: (m.simulated - m.target) / (m.tolerance / 2) })),
    backtest: v.result.backtest.map((b) => ({ ...b, error: (b.median - b.observed) / b.observed, inBand: b.observed >= b.lo && b.observed <= b.hi })),
    backtestBudget: typeof v.mix.budget.krwBn === "number" ? [v.mix.budget.krwBn] : [...v.mix.budget.krwBn],
    conclusions,
    paths,
  };
}

/** The CSV files of the section (none without a calibration). */
export function calibrationCsvs(d: CalibrationSectionData): Map<string, string> {
  const out = new Map<string, string>();
  if (!d.calibration) return out;
  out.set("calibration_moments.csv", toCsv(d.moments.map((m) => ({ moment: m.name, target: m.target, simulated: m.simulated, tolerance: m.tolerance, t_ratio: m.t, within_tolerance: m.ok ? "yes" : "no", replicates: d.sizes.momentReplicates })), ["moment", "target", "simulated", "tolerance", "t_ratio", "within_tolerance", "replicates"]));
  out.set("backtest.csv", toCsv(d.backtest.map((b) => ({ year: b.year, metric: b.metric, observed: b.observed, median: b.median, p05: b.lo, p95: b.hi, error: b.error, in_band: b.inBand ? "yes" : "no", replicates: d.sizes.replicates })), ["year", "metric", "observed", "median", "p05", "p95", "error", "in_band", "replicates"]));
  out.set("conclusions.csv", toCsv(d.conclusions.map((c) => ({ conclusion: c.key, share: c.share, draws: c.draws, robust: c.robust ? "yes" : "no", decided_by: c.deciders.map((x) => x.parameter).join(" ") })), ["conclusion", "share", "draws", "robust", "decided_by"]));
  return out;
}

type Block =
  | { kind: "text"; value: string }
  | { kind: "html"; value: string }
  | { kind: "figure"; value: Figure; name: string; caption: string }
  | { kind: "table"; value: { columns: string[]; rows: string[][]; numeric: boolean[] }; caption: string };

function table(rows: Array<Record<string, string>>, numeric: string[]): { columns: string[]; rows: string[][]; numeric: boolean[] } {
  const columns = rows.length ? Object.keys(rows[0] as Record<string, string>) : [];
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? "")), numeric: columns.map((c) => numeric.includes(c)) };
}

const sig = (x: number): string => formatNumber(x);

/** Korean labels of the moments (MOMENT_LABELS holds the English ones). */
const MOMENT_LABELS_KO: Readonly<Record<MomentName, string>> = {
  firms_growth: "기업 수 증가율(로그, 연)",
  employment_growth: "고용 증가율(로그, 연)",
  production_growth: "생산 증가율(로그, 연)",
  rnd_growth: "R&D 증가율(로그, 연)",
  rnd_intensity: "R&D ÷ 생산",
  pre_revenue_change: "매출 전 기업 비중 변화(연)",
  entry_rate: "진입률(진입 ÷ 기업)",
  exit_rate: "퇴출률(퇴출 ÷ 기업)",
};

const momentLabel = (name: string, lang: Lang): string => (lang === "ko" ? MOMENT_LABELS_KO : MOMENT_LABELS)[name as MomentName] ?? name;

const METRIC_UNIT: Record<PathPoint["metric"], { en: string; ko: string }> = {
  firms: { en: "firms", ko: "기업 수" },
  employment: { en: "employment", ko: "고용" },
  production: { en: "production (KRW bn)", ko: "생산(10억 원)" },
};

function panels(lang: Lang, title: string, traces: (metric: PathPoint["metric"], axis: string) => Array<Record<string, unknown>>): Figure {
  const ms = ["firms", "employment", "production"] as const;
  const data = ms.flatMap((m, i) => traces(m, i === 0 ? "" : String(i + 1)));
  // Each panel's outcome as a title above it (axis titles below would collide with the legend).
  const annotations = ms.map((m, i) => {
    const k = i === 0 ? "" : String(i + 1);
    return { text: METRIC_UNIT[m][lang], xref: `x${k} domain`, yref: `y${k} domain`, x: 0.5, y: 1.02, xanchor: "center", yanchor: "bottom", showarrow: false };
  });
  const layout: Record<string, unknown> = { title: { text: title }, height: 400, grid: { rows: 1, columns: 3, pattern: "independent" }, legend: { orientation: "h", y: -0.12 }, annotations, margin: { t: 90 } };
  ms.forEach((_m, i) => {
    const k = i === 0 ? "" : String(i + 1);
    layout[`xaxis${k}`] = { dtick: 1 };
    layout[`yaxis${k}`] = { rangemode: "normal" };
  });
  return { data, layout };
}

/** The section's blocks (title and numbering are the report's). */
export function calibrationBlocks(d: CalibrationSectionData, lang: Lang): Block[] {
  const t = (en: string, ko: string) => (lang === "ko" ? ko : en);
  if (!d.calibration) {
    return [{
      kind: "text",
      value: t(
        `No calibration is in use: data/calibration/calibrated.json does not exist (or ${CALIBRATION_ENV}=none), so every simulation in this report ran with the parameter table's default values, and there is no moments table, back-test or robustness table to show. To add them, run npx bioclusters calibrate and then build the report again.`,
        `사용 중인 보정이 없다: data/calibration/calibrated.json이 없거나 ${CALIBRATION_ENV}=none이므로 이 보고서의 모든 시뮬레이션은 모수표의 기본값으로 실행되었고, 보여줄 모멘트 표·사후 검증·견고성 표가 없다. npx bioclusters calibrate를 실행한 뒤 보고서를 다시 만들면 추가된다.`,
      ),
    }];
  }
  const c = d.calibration;
  const s = d.sizes;
  const file = path.basename(c.file);
  const blocks: Block[] = [];
  const jText = c.J === null || c.df === null ? "" : t(
    ` J = ${sig(c.J)} on ${c.df} degrees of freedom${c.pValue === null ? "" : `, p = ${c.pValue < 1e-4 ? c.pValue.toExponential(1) : sig(c.pValue)}`}${c.pValue !== null && c.pValue < 0.05 ? ": the model cannot match all moments at once (rejected at 5 %)" : ""}.`,
    ` J = ${sig(c.J)}, 자유도 ${c.df}${c.pValue === null ? "" : `, p = ${c.pValue < 1e-4 ? c.pValue.toExponential(1) : sig(c.pValue)}`}${c.pValue !== null && c.pValue < 0.05 ? ": 모형이 모든 모멘트를 동시에 맞추지 못한다(5%에서 기각)" : ""}.`,
  );
  blocks.push({
    kind: "text",
    value: t(
      `Calibration in use: ${file} (SHA-256 ${c.sha256.slice(0, 12)}…), fitted by simulated moments to the national series 2012–2018 (${c.settings.replicates} replicates a point); the simulations above ran with these values.${jText} Sample sizes here are kept small so the report stays fast: back-test ${s.replicates} replicates, moments ${s.momentReplicates} replicates, conclusions ${s.draws} draws (npx bioclusters validate uses 200, 20 and 100, with the same seeds).`,
      `사용 중인 보정: ${file}(SHA-256 ${c.sha256.slice(0, 12)}…), 2012–2018년 전국 통계에 모의 모멘트법으로 적합(점당 반복 ${c.settings.replicates}회); 위의 시뮬레이션은 이 값으로 실행되었다.${jText} 보고서를 빠르게 만들기 위해 표본을 작게 했다: 사후 검증 반복 ${s.replicates}회, 모멘트 반복 ${s.momentReplicates}회, 결론 추출 ${s.draws}회(npx bioclusters validate는 같은 시드로 200, 20, 100).`,
    ),
  });
  blocks.push({
    kind: "table",
    caption: t("Calibrated parameters: value, standard error from the simulated-moments Jacobian, search range, and whether the value sits at a bound (its standard error then assumes an interior optimum).", "보정된 모수: 값, 모의 모멘트 야코비안에서 얻은 표준오차, 탐색 범위, 경계값 여부."),
    value: table(c.parameters.map((p) => ({
      [t("parameter", "모수")]: label(p.name, lang),
      [t("value", "값")]: sig(p.value),
      [t("standard error", "표준오차")]: p.se === null ? "—" : sig(p.se),
      [t("range", "범위")]: p.lower === null || p.upper === null ? "—" : `${sig(p.lower)} – ${sig(p.upper)}`,
      [t("at a bound", "경계값")]: p.atBound ? t("yes", "예") : t("no", "아니오"),
    })), [t("value", "값"), t("standard error", "표준오차")]),
  });
  blocks.push({
    kind: "table",
    caption: t(
      `Moments 2012–2018: target, the model's value at the calibrated parameters (mean over ${s.momentReplicates} replicates of its first years), t-ratio (simulated − target) / standard error, and whether it is within tolerance (two standard errors of the target).`,
      `2012–2018년 모멘트: 목표, 보정 모수에서의 모형 값(반복 ${s.momentReplicates}회 평균), t-비율(모의 − 목표)/표준오차, 허용 범위(목표 표준오차의 2배) 이내 여부.`,
    ),
    value: table(d.moments.map((m) => ({
      [t("moment", "모멘트")]: momentLabel(m.name, lang),
      [t("target", "목표")]: sig(m.target),
      [t("simulated", "모의")]: sig(m.simulated),
      [t("t-ratio", "t-비율")]: formatNumber(m.t, { decimals: 1, signed: true }),
      [t("within tolerance", "허용 범위 이내")]: m.ok ? t("yes", "예") : t("NO", "아니오"),
    })), [t("target", "목표"), t("simulated", "모의"), t("t-ratio", "t-비율")]),
  });
  const off = d.moments.filter((m) => !m.ok).map((m) => momentLabel(m.name, lang));
  blocks.push({
    kind: "text",
    value: off.length
      ? t(`Outside tolerance: ${off.join("; ")}. docs/calibration.md discusses which moments the free parameters can and cannot reach; a moment missed by a small calibration (few replicates or evaluations) may only need a longer run.`, `허용 범위 밖: ${off.join("; ")}. 자유 모수가 도달할 수 있는 모멘트와 없는 모멘트는 docs/calibration.md 참조; 작은 보정(적은 반복·평가)에서 벗어난 모멘트는 더 긴 실행으로 맞을 수도 있다.`)
      : t("Every moment is within its tolerance.", "모든 모멘트가 허용 범위 안에 있다."),
  });
  if (d.paths.length) {
    const T = c.settings.years;
    blocks.push({
      kind: "figure",
      name: "calibration-paths",
      value: panels(lang, t("Observed 2012–2018 and the model's fitted growth", "2012–2018년 관측치와 모형의 적합 성장"), (m, k) => {
        const pts = d.paths.filter((p) => p.metric === m);
        return [
          { type: "scatter", mode: "lines+markers", name: t("observed", "관측"), legendgroup: "obs", showlegend: k === "", x: pts.filter((p) => p.observed !== null).map((p) => p.year), y: pts.filter((p) => p.observed !== null).map((p) => p.observed), line: { color: "#222" }, xaxis: `x${k}`, yaxis: `y${k}` },
          { type: "scatter", mode: "lines", name: t("model (median)", "모형(중앙값)"), legendgroup: "sim", showlegend: k === "", x: pts.map((p) => p.year), y: pts.map((p) => p.simulated), line: { color: "#2c7fb8", dash: "dash" }, xaxis: `x${k}`, yaxis: `y${k}` },
        ];
      }),
      caption: t(
        `The fit the calibration sees: national firms, employment and production observed 2012–2018 (firms from 2013; MOTIE/KoBIA survey releases) against the model's median path over its first ${T} years at the calibrated parameters (${Math.min(c.settings.replicates, s.momentReplicates)} of the calibration's replicates, point estimates of the coefficients), set on ${2018 - T}–2018 and scaled to end at the observed 2018 value. The model starts from the 2018 base and cannot replay 2012–2018: it is calibrated to growth rates over a window of the same length, so compare slopes, not levels.`,
        `보정이 보는 적합: 2012–2018년 관측된 전국 기업 수·고용·생산 대비 보정 모수에서 모형의 첫 ${T}년 중앙값 경로(${2018 - T}–2018년에 놓고 2018년 관측치에서 끝나도록 비례 조정). 모형은 2018년 기준에서 출발하므로 2012–2018년을 재현할 수 없고 같은 길이의 성장률에 보정되었다: 수준이 아니라 기울기를 비교할 것.`,
      ),
    });
  }
  const budget = d.backtestBudget.map((b) => formatNumber(b, { decimals: 0 })).join(" / ");
  blocks.push({
    kind: "table",
    caption: t(
      `Back-test on the held-out years: the model from its 2018 base under the status quo at the 2019–2021 budget path (KRW ${budget} bn a year), each of ${s.replicates} replicates drawing the calibrated parameters from their sampling distribution and the coefficients from their estimates; the median, the 90 % band (5–95 % of replicates) and the median's error against the observed value.`,
      `보류 연도 사후 검증: 2018년 기준에서 2019–2021년 예산 경로(연 ${budget} 10억 원)의 현상 유지로 실행, 반복 ${s.replicates}회마다 보정 모수와 계수를 표본분포에서 추출; 중앙값, 90% 구간(반복의 5–95%), 관측치 대비 중앙값의 오차.`,
    ),
    value: table(d.backtest.map((b) => ({
      [t("year", "연도")]: String(b.year),
      [t("outcome", "지표")]: METRIC_UNIT[b.metric][lang],
      [t("observed", "관측")]: formatNumber(b.observed, { decimals: 0 }),
      [t("median", "중앙값")]: formatNumber(b.median, { decimals: 0 }),
      [t("90 % band", "90% 구간")]: `${formatNumber(b.lo, { decimals: 0 })} – ${formatNumber(b.hi, { decimals: 0 })}`,
      [t("error", "오차")]: formatPercent(b.error, { decimals: 1, signed: true }),
      [t("observed in band", "관측치 구간 내")]: b.inBand ? t("yes", "예") : t("no", "아니오"),
    })), [t("observed", "관측"), t("median", "중앙값"), t("90 % band", "90% 구간"), t("error", "오차")]),
  });
  if (d.backtest.length) {
    blocks.push({
      kind: "figure",
      name: "backtest",
      value: panels(lang, t("Back-test 2019–2021: observed against the model's median and 90 % band", "사후 검증 2019–2021: 관측치와 모형 중앙값·90% 구간"), (m, k) => {
        const rows = d.backtest.filter((b) => b.metric === m);
        const x = rows.map((b) => b.year);
        return [
          { type: "scatter", mode: "lines", x, y: rows.map((b) => b.hi), line: { width: 0 }, hoverinfo: "skip", showlegend: false, xaxis: `x${k}`, yaxis: `y${k}` },
          { type: "scatter", mode: "lines", name: t("model 90 % band", "모형 90% 구간"), legendgroup: "band", showlegend: k === "", x, y: rows.map((b) => b.lo), fill: "tonexty", fillcolor: "rgba(44,127,184,0.2)", line: { width: 0 }, xaxis: `x${k}`, yaxis: `y${k}` },
          { type: "scatter", mode: "lines+markers", name: t("model median", "모형 중앙값"), legendgroup: "med", showlegend: k === "", x, y: rows.map((b) => b.median), line: { color: "#2c7fb8" }, xaxis: `x${k}`, yaxis: `y${k}` },
          { type: "scatter", mode: "markers", name: t("observed", "관측"), legendgroup: "obs", showlegend: k === "", x, y: rows.map((b) => b.observed), marker: { color: "#222", size: 9 }, xaxis: `x${k}`, yaxis: `y${k}` },
        ];
      }),
      caption: t("The back-test table as a figure. Read: an observed point inside the shaded band is within the model's 90 % range.", "사후 검증 표의 그림. 관측점이 음영 구간 안에 있으면 모형의 90% 범위 안이다."),
    });
  }
  const y2019 = d.backtest.filter((b) => b.year === 2019);
  const over = y2019.filter((b) => Math.abs(b.error) >= 0.05);
  if (y2019.length) {
    const list = y2019.map((b) => `${METRIC_UNIT[b.metric][lang]} ${formatPercent(b.error, { decimals: 1, signed: true })}`).join(", ");
    blocks.push({
      kind: "text",
      value: over.length
        ? t(`2019 errors of the median: ${list}. Over the 5 % the validation aims for: ${over.map((b) => METRIC_UNIT[b.metric].en).join(", ")}${over.some((b) => !b.inBand) ? ", with the observed value outside the model's 90 % band" : ""}.`, `2019년 중앙값 오차: ${list}. 목표 5%를 넘는 지표: ${over.map((b) => METRIC_UNIT[b.metric].ko).join(", ")}.`)
        : t(`2019 errors of the median: ${list}, each under the 5 % the validation aims for.`, `2019년 중앙값 오차: ${list}, 모두 목표 5% 미만.`),
    });
    // Why a metric misses: the held-out year's own growth against the 2012–2018 trend the calibration targets.
    const national = loadNationalSeries();
    const y2018 = national.years.find((y) => y.year === 2018);
    const level2018 = (metric: string): number | null =>
      !y2018 ? null : metric === "firms" ? y2018.firms_surveyed : metric === "employment" ? y2018.employment : y2018.production_krw_tn === null ? null : y2018.production_krw_tn * 1000;
    const why = over.flatMap((b) => {
      const base = level2018(b.metric);
      const trend = d.moments.find((m) => m.name === `${b.metric}_growth`);
      if (base === null || !(base > 0) || !trend) return [];
      const grew = b.observed / base - 1;
      const per = Math.exp(trend.target) - 1;
      return [{ en: `${METRIC_UNIT[b.metric].en} grew ${formatPercent(grew, { decimals: 1 })} from 2018 to 2019 in the data, against the 2012–2018 trend of ${formatPercent(per, { decimals: 1 })} a year that the calibration targets; a model fitted to the trend cannot foresee that change without a channel for it, and fitting 2019 would use the held-out year`, ko: `${METRIC_UNIT[b.metric].ko}은(는) 자료에서 2018→2019년 ${formatPercent(grew, { decimals: 1 })} 증가했고, 보정이 겨냥한 2012–2018년 추세는 연 ${formatPercent(per, { decimals: 1 })}이다. 추세에 맞춘 모형은 그런 변화를 예견할 수 없고, 2019년에 맞추면 보류 연도를 쓰게 된다` }];
    });
    if (why.length) blocks.push({ kind: "text", value: t(`Why: ${why.map((w) => w.en).join("; ")}.`, `이유: ${why.map((w) => w.ko).join("; ")}.`) });
  }
  blocks.push({
    kind: "text",
    value: t(
      "Comparability: 2019 is the clean test. From 2020 the COVID-19 diagnostics boom (bio-medical devices, mostly in-vitro diagnostics, rose from 8.2 % to 22 % of production in 2020) lifts production and employment in a way no channel of the model represents, so the 2020–2021 errors measure that shock as much as the model.",
      "비교 가능성: 2019년이 깨끗한 검증이다. 2020년부터 코로나19 진단기기 호황(바이오의료기기, 주로 체외진단이 2020년 생산의 8.2%에서 22%로 증가)이 모형의 어떤 경로로도 표현되지 않는 방식으로 생산과 고용을 끌어올리므로, 2020–2021년 오차는 모형만큼 그 충격을 잰다.",
    ),
  });
  const claimKo: Record<ConclusionRow["key"], string> = {
    "funds-and-people": "자금·인력 제약이 작동한다: 현상 유지에서 마지막 해의 미충족 자금 수요와 미충원 연구직이 양수이고, 각 수단에 돈을 더 주면 줄어든다",
    efficiency: "효율성 전환이 현상 유지보다 제품혁신 기업을 늘린다(기간 합계)",
    customised: "맞춤형(표적) 지원이 같은 예산의 비표적 조합인 효율성 전환보다 혁신 기업이 많다",
    "targeting-innovators": "기업 유형별 표적화가 같은 예산·배분의 비표적 지원보다 혁신 기업이 많다(기간 합계)",
    "targeting-sales": "기업 유형별 표적화가 같은 예산·배분의 비표적 지원보다 마지막 해 전국 매출이 많다",
  };
  const claimLabel: Record<ConclusionRow["key"], { en: string; ko: string }> = {
    "funds-and-people": { en: "clusters lack funds and people", ko: "클러스터에는 자금과 인력이 부족하다" },
    efficiency: { en: "move from infrastructure toward efficiency", ko: "인프라에서 효율성으로 전환" },
    customised: { en: "customise support by firm type", ko: "기업 유형별 맞춤 지원" },
    "targeting-innovators": { en: "targeting by firm type, innovators", ko: "기업 유형별 표적화 — 혁신 기업" },
    "targeting-sales": { en: "targeting by firm type, sales", ko: "기업 유형별 표적화 — 매출" },
  };
  blocks.push({
    kind: "table",
    caption: t(
      `Which of the study's conclusions survive: the share of ${s.draws} draws (calibrated parameters from their sampling distribution, every other uncertain parameter over its range, coefficients from their estimates; 10 years) in which each claim holds; under ${formatPercent(ROBUST_SHARE, { decimals: 0 })} of draws is not robust. With ${s.draws} draws a share's standard error is up to ${formatPercent(0.5 / Math.sqrt(s.draws), { decimals: 0 })}.`,
      `연구 결론의 견고성: ${s.draws}회 추출(보정 모수는 표본분포, 나머지 불확실 모수는 범위 전체, 계수는 추정 분포; 10년) 중 각 주장이 성립하는 비율; ${formatPercent(ROBUST_SHARE, { decimals: 0 })} 미만이면 견고하지 않다. 추출 ${s.draws}회에서 비율의 표준오차는 최대 ${formatPercent(0.5 / Math.sqrt(s.draws), { decimals: 0 })}.`,
    ),
    value: table(d.conclusions.map((r) => ({
      [t("conclusion", "결론")]: claimLabel[r.key][lang],
      [t("claim tested", "검증한 주장")]: lang === "ko" ? claimKo[r.key] : r.claim,
      [t("holds in (share of draws)", "성립 비율")]: formatPercent(r.share, { decimals: 0 }),
      [t("robust", "견고")]: r.robust ? t("yes", "예") : t("NO", "아니오"),
      [t("decided by", "결정 요인")]: r.deciders.map((x) => label(x.parameter, lang)).join(", ") || t("no parameter clearly", "뚜렷한 모수 없음"),
    })), [t("holds in (share of draws)", "성립 비율")]),
  });
  return blocks;
}
