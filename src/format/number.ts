/**
 * Numbers as a reader sees them: significant figures chosen by magnitude,
 * thousands separators, a true minus sign, units (KRW bn or tn chosen by
 * size), p-values as `< 0.001`, shares as percentages and intervals.
 *
 * Ground floor: imports nothing from the rest of the library, runs in Node
 * and in the browser (the workshop page bundles it). Every function rejects
 * NaN and ±Infinity with an error that names what was being formatted,
 * because a silent "NaN" in a report is a bug, not a result.
 */

export interface NumberFormat {
  /** Significant figures (default 3). Integer digits are never rounded away: 123 456.7 shows as "123,457". */
  sig?: number;
  /** Fixed decimals instead of significant figures (e.g. 3 for coefficients in a regression table). */
  decimals?: number;
  /** Show "+" before positive numbers (for differences). */
  signed?: boolean;
  /** What is being formatted, for the error message when the value is not a finite number. */
  what?: string;
}

const MINUS = "\u2212";
const SUPERSCRIPT: Record<string, string> = { "-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074", "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079" };

/** Throws when `x` is not a finite number; returns it otherwise. */
export function requireFinite(x: unknown, what = "a number to display"): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`Cannot format ${what}: got ${x === undefined ? "nothing" : String(x)} instead of a finite number (a missing or undefined result upstream).`);
  }
  return x;
}

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Removes trailing zeros after a decimal point ("1.500" → "1.5", "2.0" → "2"). */
function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/**
 * Rounds to `sig` significant figures, but never below the units digit, so
 * floating-point noise disappears (0.1 + 0.2 → 0.3) and large numbers keep
 * every integer digit. Example: roundSig(3355.91) = 3356, roundSig(0.0123456) = 0.0123.
 */
export function roundSig(x: number, sig = 3): number {
  requireFinite(x);
  if (x === 0) return 0;
  const digits = Math.floor(Math.log10(Math.abs(x))) + 1;
  if (digits >= sig) return Math.round(x);
  return Number(x.toPrecision(sig));
}

/**
 * A number for reading: `formatNumber(3355.91)` = "3,356", `formatNumber(-6802.14)` = "−6,802",
 * `formatNumber(0.30000000000000004)` = "0.3", `formatNumber(0.0000152334)` = "1.52 × 10⁻⁵",
 * `formatNumber(2.5, { signed: true })` = "+2.5". Values below 0.001 or at least 10¹⁵ in size
 * use powers of ten; everything else uses thousands separators.
 */
export function formatNumber(x: number, o: NumberFormat = {}): string {
  requireFinite(x, o.what);
  const sig = o.sig ?? 3;
  if (!Number.isInteger(sig) || sig < 1 || sig > 15) throw new RangeError(`Significant figures must be a whole number from 1 to 15, not ${sig}.`);
  let body: string;
  const a = Math.abs(x);
  if (o.decimals !== undefined) {
    body = a.toFixed(o.decimals);
    const [i, d] = body.split(".");
    body = group(i as string) + (d !== undefined ? `.${d}` : "");
  } else if (a !== 0 && (a < 1e-3 || a >= 1e15)) {
    const [m, e] = a.toExponential(sig - 1).split("e");
    const exp = String(Number(e)).split("").map((c) => SUPERSCRIPT[c] ?? c).join("");
    body = `${trimZeros(m as string)} × 10${exp}`;
  } else {
    const r = Math.abs(roundSig(a, sig));
    const digits = r === 0 ? 1 : Math.floor(Math.log10(r)) + 1;
    const decimals = Math.max(0, sig - digits);
    const [i, d] = r.toFixed(decimals).split(".");
    body = group(i as string) + (d !== undefined ? trimZeros(`.${d}`).replace(/^\.$/, "") : "");
  }
  const isZero = /^[0.,]+$/.test(body) || body === "0";
  if (isZero) return body.replace(/^-/, "");
  if (x < 0) return MINUS + body;
  return o.signed ? `+${body}` : body;
}

/** Whole numbers with thousands separators: `formatCount(12345.6)` = "12,346". */
export function formatCount(x: number, o: { signed?: boolean; what?: string } = {}): string {
  return formatNumber(Math.round(requireFinite(x, o.what)), { ...o, decimals: 0 });
}

/**
 * Money given in KRW bn, with the unit chosen by size: `formatKrw(300)` = "KRW 300 bn",
 * `formatKrw(150000)` = "KRW 150 tn", `formatKrw(0.25)` = "KRW 250 mn".
 */
export function formatKrw(krwBn: number, o: NumberFormat = {}): string {
  const a = Math.abs(requireFinite(krwBn, o.what ?? "an amount in KRW"));
  if (a >= 1000) return `KRW ${formatNumber(krwBn / 1000, o)} tn`;
  if (a > 0 && a < 1) return `KRW ${formatNumber(krwBn * 1000, o)} mn`;
  return `KRW ${formatNumber(krwBn, o)} bn`;
}

/**
 * A p-value: "< 0.001" below one in a thousand, otherwise three decimals
 * (`formatPValue(0.0495)` = "0.050"). Rejects values outside [0, 1].
 */
export function formatPValue(p: number): string {
  requireFinite(p, "a p-value");
  if (p < 0 || p > 1 + 1e-12) throw new RangeError(`A p-value must lie between 0 and 1, not ${p}.`);
  if (p < 0.001) return "< 0.001";
  return Math.min(p, 1).toFixed(3);
}

/** A share (0–1) as a percentage: `formatPercent(0.075)` = "7.5 %", `formatPercent(0.2)` = "20 %". */
export function formatPercent(share: number, o: NumberFormat = {}): string {
  requireFinite(share, o.what ?? "a share");
  const pct = share * 100;
  if (pct !== 0 && Math.abs(pct) < 0.1) return `${pct < 0 ? MINUS : o.signed ? "+" : ""}< 0.1 %`;
  return `${formatNumber(pct, o)} %`;
}

/**
 * Units a value can carry. "KRW bn" picks bn/tn/mn by size; "share" is shown as a percentage;
 * "count" is a plain number; any other string is appended after the number.
 */
export type Unit = "KRW bn" | "share" | "count" | "0-100" | "index" | "%" | (string & {});

/** A value with its unit: `formatValue(1500, "KRW bn")` = "KRW 1.5 tn", `formatValue(12.3, "count")` = "12.3". */
export function formatValue(x: number, unit: Unit | undefined, o: NumberFormat = {}): string {
  switch (unit) {
    case "KRW bn":
      return formatKrw(x, o);
    case "share":
      return formatPercent(x, o);
    case "%":
      return `${formatNumber(x, o)} %`;
    case undefined:
    case "":
    case "count":
    case "index":
      return formatNumber(x, o);
    case "0-100":
      return `${formatNumber(x, o)} (0–100)`;
    default:
      return `${formatNumber(x, o)} ${unit}`;
  }
}

/**
 * An interval, both ends in the same unit: `formatInterval(-1.234, 5.6)` = "−1.23 to 5.6";
 * with a unit, `formatInterval(900, 1200, "KRW bn")` = "KRW 900 bn to KRW 1.2 tn".
 */
export function formatInterval(low: number, high: number, unit?: Unit, o: NumberFormat = {}): string {
  requireFinite(low, "the lower end of an interval");
  requireFinite(high, "the upper end of an interval");
  if (low > high) throw new RangeError(`An interval's lower end (${low}) is above its upper end (${high}).`);
  return `${formatValue(low, unit, o)} to ${formatValue(high, unit, o)}`;
}

/**
 * Axis ticks in KRW: the divisor and unit label for an axis whose largest
 * absolute value is `maxKrwBn`, so that 150 000 KRW bn reads as "150" on a
 * "KRW tn" axis, not "150k".
 */
export function krwAxis(maxKrwBn: number): { divisor: number; unit: "KRW tn" | "KRW bn" | "KRW mn" } {
  const a = Math.abs(requireFinite(maxKrwBn, "the axis maximum"));
  if (a >= 1000) return { divisor: 1000, unit: "KRW tn" };
  if (a > 0 && a < 1) return { divisor: 0.001, unit: "KRW mn" };
  return { divisor: 1, unit: "KRW bn" };
}
