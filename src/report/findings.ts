/**
 * The report's findings, computed from a run: for each of the three
 * conclusions of the KIET (2018) study, whether this run reproduces it, the
 * paired difference with a 95 % confidence interval for the mean and its
 * unit, and how robust it is (from the scenario lab). Nothing here is
 * hand-typed prose about results: every sentence is assembled from numbers
 * the run produced, so changing the data changes the sentences.
 *
 * Decision rules (fixed before looking at any run):
 * - "Clusters lack funds and people": under the status quo, in the last year,
 *   national unfunded funding demand and unfilled researcher vacancies both
 *   have a 95 % CI for the mean above zero → reproduced; one of the two →
 *   partly; neither → not reproduced.
 * - "Move from infrastructure toward efficiency": efficiency shift − status
 *   quo in national product innovators summed over the horizon. CI above zero
 *   → reproduced; below zero → contradicted; straddling zero → inconclusive.
 * - "Customise support by firm type": the customised mix − the efficiency
 *   shift (an untargeted mix with the same budget), same rule.
 */
import { formatCount, formatInterval, formatKrw, formatPercent, formatValue, label, unitOf, type Lang } from "../format";
import { horizonDifferences, meanInterval, FLOW_METRICS } from "../experiments/summary";
import type { ExperimentResult } from "../experiments/runner";

export type Verdict = "reproduced" | "partly reproduced" | "inconclusive" | "contradicted" | "not reproduced";

export interface Evidence {
  /** What was compared ("efficiency_shift − status_quo", or a single mix's level). */
  scenario: string;
  baseline: string | null;
  metric: string;
  location: string;
  /** "sum" for flows summed over the horizon, "level" for the last year. */
  mode: "sum" | "level" | "last year";
  unit: string;
  mean: number;
  ciLow: number;
  ciHigh: number;
  replicates: number;
}

/** Robustness of "A beats B" from the lab (coefficient, agent and structural uncertainty together). */
export interface LabRobustness {
  /** P(A beats B) nationally. */
  probability: number;
  replicates: number;
  /** Structural parameters in part of whose range A stops beating B. */
  fragile: string[];
  /** Structural parameters in part of whose range A beats B in most replicates. */
  holdsIn: string[];
}

export interface Finding {
  key: "funds-and-people" | "efficiency" | "customised";
  claim: string;
  verdict: Verdict;
  /** One sentence with the numbers of this run, in the report's language. */
  sentence: string;
  /** Robustness sentence, or null when no lab result was given. */
  robustness: string | null;
  evidence: Evidence[];
}

const VERDICT_KO: Record<Verdict, string> = {
  reproduced: "재현됨",
  "partly reproduced": "부분 재현",
  inconclusive: "판단 유보",
  contradicted: "반대 결과",
  "not reproduced": "재현되지 않음",
};

export function verdictLabel(v: Verdict, lang: Lang): string {
  return lang === "ko" ? VERDICT_KO[v] : v;
}

function ciVerdict(e: Evidence): Verdict {
  if (e.ciLow > 0) return "reproduced";
  if (e.ciHigh < 0) return "contradicted";
  return "inconclusive";
}

function lastYear(res: ExperimentResult, scenario: string, metric: string, location: string): Evidence {
  const m = res.metrics.indexOf(metric);
  const l = res.locations.indexOf(location);
  const k = res.mixes.findIndex((x) => x.name === scenario);
  const xs = (res.cubes[k] as Float64Array[]).map((c) => c[(res.years * res.locations.length + l) * res.metrics.length + m] as number);
  const ci = meanInterval(xs);
  return { scenario, baseline: null, metric, location, mode: "last year", unit: unitOf(metric) ?? "count", mean: ci.mean, ciLow: ci.low, ciHigh: ci.high, replicates: xs.length };
}

/** The paired difference a − b over the horizon in one location, with its 95 % CI for the mean. */
export function pairedEvidence(res: ExperimentResult, a: string, b: string, metric: string, location = "all"): Evidence {
  const d = horizonDifferences(res, a, b, metric, location);
  const ci = meanInterval(d);
  return { scenario: a, baseline: b, metric, location, mode: FLOW_METRICS.has(metric) ? "sum" : "level", unit: unitOf(metric) ?? "count", mean: ci.mean, ciLow: ci.low, ciHigh: ci.high, replicates: d.length };
}

/** A value with its unit; counts of things get whole numbers when large. */
export function amount(x: number, unit: string, o: { signed?: boolean } = {}): string {
  if (unit === "count" && Math.abs(x) >= 100) return formatCount(x, o);
  return formatValue(x, unit, o);
}

function ciText(e: Evidence, lang: Lang): string {
  const iv = e.unit === "count" && Math.abs(e.ciLow) >= 100 && Math.abs(e.ciHigh) >= 100 ? `${formatCount(e.ciLow)} to ${formatCount(e.ciHigh)}` : formatInterval(e.ciLow, e.ciHigh, e.unit);
  return lang === "ko" ? `평균의 95% 신뢰구간 ${iv.replace(/ to /g, " ~ ")}` : `95 % CI for the mean ${iv}`;
}

/** A mix's label inside an English sentence ("the efficiency shift mix"); Korean labels as they are. */
function mixInSentence(id: string, lang: Lang): string {
  const l = label(id, lang);
  return lang === "ko" ? l : `the ${l.charAt(0).toLowerCase()}${l.slice(1)} mix`;
}

function robustText(r: LabRobustness | undefined, a: string, b: string, lang: Lang): string | null {
  if (!r) return null;
  const p = formatPercent(r.probability, { decimals: 0 });
  // When A mostly wins, name the parameters in part of whose range it stops winning; when it mostly loses, those where it wins.
  const mostly = r.probability >= 0.5;
  const names = (mostly ? r.fragile : r.holdsIn).map((f) => label(f, lang));
  if (lang === "ko")
    return `견고성: 계수·행위자·구조 모수 불확실성을 함께 뽑은 ${r.replicates}회 반복에서 ${label(a, "ko")}이(가) ${label(b, "ko")}보다 나은 확률 ${p}; ${mostly ? "모수 범위 일부에서 이 결론이 뒤집히는 모수" : "모수 범위 일부에서 대부분 이기는 모수"}: ${names.join(", ") || "없음"}.`;
  return `Robustness: ${mixInSentence(a, lang)} beats ${mixInSentence(b, lang)} in ${p} of ${r.replicates} lab replicates that draw coefficient, agent and structural uncertainty together; ${mostly ? "parameters in part of whose range it does not" : "parameters in part of whose range it mostly does"}: ${names.join(", ") || "none"}.`;
}

/**
 * The three findings of this run. `robustness` holds the lab's results for
 * "efficiency shift beats status quo" and "customised beats efficiency shift".
 */
export function computeFindings(res: ExperimentResult, o: { lang?: Lang; robustness?: { efficiency?: LabRobustness; customised?: LabRobustness } } = {}): Finding[] {
  const lang = o.lang ?? "en";
  const names = res.mixes.map((m) => m.name);
  for (const need of ["status_quo", "efficiency_shift", "customised"])
    if (!names.includes(need)) throw new Error(`The findings need the "${need}" mix in the run (mixes run: ${names.join(", ")}).`);
  const years = res.years;
  const clusters = res.locations.filter((l) => l !== "all" && l !== "none");

  // 1. Funds and people.
  const funds = lastYear(res, "status_quo", "unfunded_demand", "all");
  const people = lastYear(res, "status_quo", "unfilled_vacancies", "all");
  const short = (metric: string) => clusters.filter((c) => lastYear(res, "status_quo", metric, c).ciLow > 0).length;
  const nFunds = short("unfunded_demand");
  const nPeople = short("unfilled_vacancies");
  const both = [funds.ciLow > 0, people.ciLow > 0].filter(Boolean).length;
  const v1: Verdict = both === 2 ? "reproduced" : both === 1 ? "partly reproduced" : "not reproduced";
  const s1 =
    lang === "ko"
      ? `${verdictLabel(v1, "ko")}: 현상 유지 정책에서 ${years}년 후에도 기업들은 연간 ${formatKrw(funds.mean)}의 자금을 구하지 못하고(${ciText(funds, "ko")}) 연구직 ${amount(people.mean, "count")}개가 채워지지 않는다(${ciText(people, "ko")}); 자금 부족은 ${clusters.length}개 클러스터 중 ${nFunds}곳, 인력 부족은 ${nPeople}곳에서 0보다 크다.`
      : `${cap(v1)}: under the status quo, in year ${years} firms still seek ${formatKrw(funds.mean)} a year of funding they cannot find (${ciText(funds, "en")}) and ${amount(people.mean, "count")} researcher vacancies stay unfilled (${ciText(people, "en")}); the funding shortfall is above zero in ${nFunds} of ${clusters.length} clusters and the shortfall of people in ${nPeople}.`;

  // 2. Efficiency.
  const eff = pairedEvidence(res, "efficiency_shift", "status_quo", "innovators");
  const v2 = ciVerdict(eff);
  const s2 = compareSentence(eff, v2, years, lang);

  // 3. Customised.
  const cus = pairedEvidence(res, "customised", "efficiency_shift", "innovators");
  const cusSq = pairedEvidence(res, "customised", "status_quo", "innovators");
  const v3 = ciVerdict(cus);
  const s3 = compareSentence(cus, v3, years, lang) + (lang === "ko" ? ` 현상 유지와 비교하면 ${amount(cusSq.mean, "count", { signed: true })}(${ciText(cusSq, "ko")}).` : ` Against the status quo: ${amount(cusSq.mean, "count", { signed: true })} (${ciText(cusSq, "en")}).`);

  const claim = (en: string, ko: string) => (lang === "ko" ? ko : en);
  return [
    { key: "funds-and-people", claim: claim("Clusters lack funds and people", "클러스터는 자금과 인력이 부족하다"), verdict: v1, sentence: s1, robustness: null, evidence: [funds, people] },
    { key: "efficiency", claim: claim("Policy should move from physical infrastructure toward efficiency", "정책은 물리적 인프라에서 효율성으로 옮겨가야 한다"), verdict: v2, sentence: s2, robustness: robustText(o.robustness?.efficiency, "efficiency_shift", "status_quo", lang), evidence: [eff] },
    { key: "customised", claim: claim("Support should be customised by firm type", "지원은 기업 유형별로 맞춤화해야 한다"), verdict: v3, sentence: s3, robustness: robustText(o.robustness?.customised, "customised", "efficiency_shift", lang), evidence: [cus, cusSq] },
  ];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function compareSentence(e: Evidence, v: Verdict, years: number, lang: Lang): string {
  const a = mixInSentence(e.scenario, lang);
  const b = mixInSentence(e.baseline as string, lang);
  const what = label(e.metric, lang);
  const diff = amount(e.mean, e.unit, { signed: true });
  if (lang === "ko")
    return `${verdictLabel(v, "ko")}: ${years}년 동안 ${a}은(는) ${b}보다 전국 ${what}을(를) 누적 ${diff} 만든다(반복 ${e.replicates}회의 대응 차이 평균, ${ciText(e, "ko")}).`;
  const dir = e.mean >= 0 ? "more" : "fewer";
  return `${cap(v)}: over ${years} years ${a} yields ${amount(Math.abs(e.mean), e.unit)} ${dir} ${what} nationally than ${b} (cumulative; paired mean difference over ${e.replicates} replicates, ${ciText(e, "en")}).`;
}
