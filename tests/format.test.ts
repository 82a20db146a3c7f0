import * as fs from "node:fs";
import { describe, expect, test } from "vitest";
import {
  formatCount, formatInterval, formatKrw, formatNumber, formatPercent, formatPValue, formatValue, krwAxis, roundSig,
  label, labelWithUnit, unitOf, humanise, CLUSTER_LABELS, MIX_LABELS, METRIC_LABELS, INSTRUMENT_LABELS, PARAMETER_LABELS, VARIABLE_LABELS, FIRM_TYPE_LABELS,
} from "../src/format";
import { loadClusters } from "../src/data/loaders";
import { dataFile } from "../src/paths";
import { METRICS, metricUnit, FIRM_TYPES } from "../src/model/collect";
import { INSTRUMENTS } from "../src/model/instruments";
import { STRUCTURAL_KEYS } from "../src/model/params";
import { PRESETS } from "../src/model/policy";
import { estimateDefaults } from "../src/estimation/defaults";

const M = "\u2212";

describe("formatNumber", () => {
  test("three significant figures by default, but integer digits are kept", () => {
    expect(formatNumber(3355.91)).toBe("3,356");
    expect(formatNumber(-6802.14)).toBe(`${M}6,802`);
    expect(formatNumber(123456.7)).toBe("123,457");
    expect(formatNumber(12.3456)).toBe("12.3");
    expect(formatNumber(1.23456)).toBe("1.23");
    expect(formatNumber(0.0123456)).toBe("0.0123");
    expect(formatNumber(999.6)).toBe("1,000");
    expect(formatNumber(1234567890)).toBe("1,234,567,890");
  });
  test("floating-point noise disappears and trailing zeros go", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(0.30000000000000004)).toBe("0.3");
    expect(formatNumber(1.5)).toBe("1.5");
    expect(formatNumber(2)).toBe("2");
    expect(formatNumber(0.075)).toBe("0.075");
  });
  test("zero, negative zero and values that round to zero show no sign", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(-0.0004, { decimals: 2 })).toBe("0.00");
    expect(formatNumber(0, { signed: true })).toBe("0");
  });
  test("tiny and huge values use powers of ten", () => {
    expect(formatNumber(0.0000152334)).toBe("1.52 × 10⁻⁵");
    expect(formatNumber(-0.0000152334)).toBe(`${M}1.52 × 10⁻⁵`);
    expect(formatNumber(2e-9)).toBe("2 × 10⁻⁹");
    expect(formatNumber(3.5e17)).toBe("3.5 × 10¹⁷");
    expect(formatNumber(0.001)).toBe("0.001");
  });
  test("signs, fixed decimals and significant figures on request", () => {
    expect(formatNumber(2.5, { signed: true })).toBe("+2.5");
    expect(formatNumber(-2.5, { signed: true })).toBe(`${M}2.5`);
    expect(formatNumber(1234.5678, { decimals: 2 })).toBe("1,234.57");
    expect(formatNumber(0.5, { decimals: 3 })).toBe("0.500");
    expect(formatNumber(3.14159, { sig: 5 })).toBe("3.1416");
    expect(() => formatNumber(1, { sig: 0 })).toThrow(/Significant figures/);
  });
  test("NaN, Infinity and non-numbers are rejected with a message naming the value", () => {
    expect(() => formatNumber(NaN)).toThrow(/Cannot format a number to display: got NaN/);
    expect(() => formatNumber(Infinity, { what: "the sales difference" })).toThrow(/the sales difference: got Infinity/);
    expect(() => formatNumber(undefined as unknown as number)).toThrow(/got nothing/);
    expect(() => formatNumber("3" as unknown as number)).toThrow(RangeError);
  });
  test("roundSig", () => {
    expect(roundSig(0.1 + 0.2)).toBe(0.3);
    expect(roundSig(3355.91)).toBe(3356);
    expect(roundSig(-0.0123456)).toBe(-0.0123);
    expect(roundSig(0)).toBe(0);
  });
  test("formatCount", () => {
    expect(formatCount(12345.6)).toBe("12,346");
    expect(formatCount(-3.4, { signed: true })).toBe(`${M}3`);
    expect(formatCount(7, { signed: true })).toBe("+7");
  });
});

describe("units", () => {
  test("KRW amounts pick mn, bn or tn by size", () => {
    expect(formatKrw(300)).toBe("KRW 300 bn");
    expect(formatKrw(150000)).toBe("KRW 150 tn");
    expect(formatKrw(1500)).toBe("KRW 1.5 tn");
    expect(formatKrw(999)).toBe("KRW 999 bn");
    expect(formatKrw(0.25)).toBe("KRW 250 mn");
    expect(formatKrw(-2500)).toBe(`KRW ${M}2.5 tn`);
    expect(formatKrw(0)).toBe("KRW 0 bn");
    expect(() => formatKrw(NaN)).toThrow(/amount in KRW/);
  });
  test("the axis of 150 trillion won reads 150 on a KRW tn axis", () => {
    const a = krwAxis(150000);
    expect(a).toEqual({ divisor: 1000, unit: "KRW tn" });
    expect(150000 / a.divisor).toBe(150);
    expect(krwAxis(500).unit).toBe("KRW bn");
    expect(krwAxis(0.5).unit).toBe("KRW mn");
  });
  test("p-values", () => {
    expect(formatPValue(0.0000152334)).toBe("< 0.001");
    expect(formatPValue(0.001)).toBe("0.001");
    expect(formatPValue(0.0495)).toBe("0.050");
    expect(formatPValue(0.5)).toBe("0.500");
    expect(formatPValue(1)).toBe("1.000");
    expect(formatPValue(0)).toBe("< 0.001");
    expect(() => formatPValue(1.2)).toThrow(/between 0 and 1/);
    expect(() => formatPValue(-0.1)).toThrow(/between 0 and 1/);
    expect(() => formatPValue(NaN)).toThrow(/p-value/);
  });
  test("shares as percentages", () => {
    expect(formatPercent(0.2)).toBe("20 %");
    expect(formatPercent(0.075)).toBe("7.5 %");
    expect(formatPercent(0.30000000000000004)).toBe("30 %");
    expect(formatPercent(1)).toBe("100 %");
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(0.0004)).toBe("< 0.1 %");
    expect(formatPercent(-0.05, { signed: true })).toBe(`${M}5 %`);
    expect(formatPercent(0.1234, { decimals: 0 })).toBe("12 %");
  });
  test("values with units and intervals", () => {
    expect(formatValue(1500, "KRW bn")).toBe("KRW 1.5 tn");
    expect(formatValue(0.25, "share")).toBe("25 %");
    expect(formatValue(12.34, "count")).toBe("12.3");
    expect(formatValue(55.56, "0-100")).toBe("55.6 (0–100)");
    expect(formatValue(3, "years")).toBe("3 years");
    expect(formatInterval(-1.234, 5.6)).toBe(`${M}1.23 to 5.6`);
    expect(formatInterval(900, 1200, "KRW bn")).toBe("KRW 900 bn to KRW 1.2 tn");
    expect(() => formatInterval(2, 1)).toThrow(/lower end/);
    expect(() => formatInterval(NaN, 1)).toThrow(/lower end/);
  });
});

describe("the label dictionary", () => {
  test("cluster labels: every cluster of data/clusters.csv, Korean names equal to name_ko", () => {
    const clusters = loadClusters(dataFile("clusters.csv"));
    for (const c of clusters) {
      expect(CLUSTER_LABELS[c.id], c.id).toBeDefined();
      expect(CLUSTER_LABELS[c.id]?.ko).toBe((c as unknown as { name_ko: string }).name_ko);
      expect(label(c.id)).not.toMatch(/_/);
    }
    expect(label("daegu_gyeongbuk")).toBe("Daegu-Gyeongbuk");
    expect(label("daegu_gyeongbuk", "ko")).toBe("대구경북첨단의료복합단지");
    expect(label("daegu_gyeongbuk", "ko", { short: true })).toBe("대구경북");
  });
  test("every metric the simulator reports has a label, and units agree with the model's", () => {
    for (const m of METRICS) {
      expect(label(m), m).not.toMatch(/_/);
      expect(label(m, "ko"), m).toMatch(/[가-힣]/);
      expect(unitOf(m), m).toBe(metricUnit(m));
    }
    expect(labelWithUnit("sales")).toBe("sales (KRW bn)");
    expect(labelWithUnit("collaborating_share")).toBe("share of firms collaborating (%)");
    expect(labelWithUnit("innovators")).toBe("product innovators");
    expect(label("innovators_startup")).toBe("product innovators: start-ups");
    expect(label("spend_rnd_grants", "ko")).toBe("정책 지출: R&D 보조금");
  });
  test("instruments, firm types, preset mixes, parameters and regression variables are all covered", () => {
    for (const i of INSTRUMENTS) expect(INSTRUMENT_LABELS[i], i).toBeDefined();
    for (const t of FIRM_TYPES) expect(FIRM_TYPE_LABELS[t], t).toBeDefined();
    for (const k of STRUCTURAL_KEYS) expect(PARAMETER_LABELS[k], k).toBeDefined();
    for (const p of PRESETS) {
      const json = JSON.parse(fs.readFileSync(dataFile(`policy-mixes/${p}.json`), "utf8"));
      expect(MIX_LABELS[p]?.en, p).toBe(json.label);
    }
    // An interaction "a:b" is labelled by its parts (the next test), so each part needs a label.
    for (const m of estimateDefaults()) for (const n of m.result.names) for (const part of n.split(":")) expect(VARIABLE_LABELS[part], part).toBeDefined();
    expect(label("talent", "en", { kind: "instrument" })).toBe("talent");
    expect(label("talent")).toBe("talent pool");
    expect(label("kappaInfra")).toBe("infrastructure saturation scale");
    expect(label("pAWins")).toBe("P(the mix beats the status quo)");
  });
  test("unknown identifiers are turned into words, never shown raw", () => {
    expect(humanise("unfunded_demand_x")).toBe("unfunded demand x");
    expect(label("someNewThing")).toBe("some new thing");
  });
});

test("every pillar and indicator of the default recipe has a label", () => {
  const recipe = JSON.parse(fs.readFileSync(dataFile("recipes/default.json"), "utf8")) as { pillars: Array<{ id: string; indicators: Array<{ id: string }> }> };
  for (const p of recipe.pillars) {
    expect(label(p.id, "en", { kind: "pillar" }), p.id).not.toMatch(/_/);
    for (const i of p.indicators) {
      expect(label(i.id, "en", { kind: "indicator" }), i.id).not.toMatch(/_/);
      expect(label(i.id, "ko", { kind: "indicator" }), i.id).toMatch(/[가-힣]/);
    }
  }
});

test("relabelText replaces known identifiers inside sentences and leaves addresses alone", async () => {
  const { relabelText } = await import("../src/format/index.js");
  expect(relabelText("Depreciated public investment (clusters.kappaInfra)")).toBe("Depreciated public investment (infrastructure saturation scale)");
  expect(relabelText("firms × sector mix 0%; bio_pharma scaled by 0.719")).toBe("firms × sector mix 0%; bio-pharmaceuticals scaled by 0.719");
  expect(relabelText("unknown_thing stays")).toBe("unknown_thing stays");
  expect(relabelText("https://x.org/a_b?daegu_gyeongbuk")).toBe("https://x.org/a_b?daegu_gyeongbuk");
});

test("an interaction term reads as its parts' labels joined by ×", () => {
  expect(label("support_rnd_grant:startup")).toBe(`${label("support_rnd_grant")} × ${label("startup")}`);
  expect(label("in_cluster:log_employees", "ko")).toBe(`${label("in_cluster", "ko")} × ${label("log_employees", "ko")}`);
});
