/**
 * The fast path of the output files: numbers formatted as `num` always did
 * (up to 12 significant digits, shortest text), without its slow
 * `toPrecision` → `Number` → `String` round trip for the values that do not
 * need it, and text gathered into large chunks written with one system call
 * each, instead of one string per row joined at the end.
 */
import * as fs from "node:fs";

/**
 * Text of a number in the output files: exactly `String(Number(v.toPrecision(12)))`, the rule since the first
 * release (12 significant digits, so text is stable and short), about three times faster.
 *
 * - A whole number below 10^12 in size is its own text (`String(v)`; −0 prints as "0" either way).
 * - Any other number from 10^-5 to 10^15 in size is scaled by a power of ten to x in [10^11, 10^12): one
 *   correctly rounded multiplication or division by an exactly representable power of ten, so x is within
 *   1.2·10^-4 of the exact scaled value, and `Math.round(x)` is the 12-digit integer n that `toPrecision(12)`
 *   picks unless x lies within 10^-3 of a half (then the slow path decides). n without its trailing zeros is
 *   then the shortest text of Number(n·10^…) — two different decimals of at most 12 digits never round to the
 *   same double — printed in JavaScript's plain notation (which these magnitudes always use).
 * - Everything else (tiny, huge, near a tie) takes the slow path itself.
 *
 * tests/csv-writer.test.ts checks the identity on millions of values of every magnitude and on a real run.
 */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) {
    if (v < 1e12 && v > -1e12) return String(v);
  } else if (!Number.isFinite(v)) {
    throw new Error(`non-finite value ${v} in simulation output (nothing was written)`);
  } else {
    const s = twelveDigits(v);
    if (s !== null) return s;
  }
  return String(Number(v.toPrecision(12)));
}

/** Exact powers of ten (every one up to 10^22 is a double). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** |a| scaled by 10^k (one correctly rounded operation). */
function scaled(a: number, k: number): number {
  return k >= 0 ? a * (POW10[k] as number) : a / (POW10[-k] as number);
}

/** The 12-significant-digit text of a non-integer v, or null where the fast path cannot be sure (formatNumber). */
function twelveDigits(v: number): string | null {
  const a = v < 0 ? -v : v;
  if (!(a >= 1e-5 && a < 1e15)) return null;
  let e = Math.floor(Math.log10(a)); // decimal exponent of a's first digit (may be off by one near a power of ten)
  let x = scaled(a, 11 - e);
  if (x < 1e11) x = scaled(a, 11 - --e);
  else if (x >= 1e12) x = scaled(a, 11 - ++e);
  if (!(x >= 1e11 && x < 1e12)) return null;
  const frac = x - Math.floor(x);
  if (frac > 0.499 && frac < 0.501) return null;
  let n = Math.round(x);
  if (n >= 1e12) {
    n = 1e11;
    e++;
  }
  while (n % 10 === 0) n /= 10;
  const digits = String(n);
  const sign = v < 0 ? "-" : "";
  const whole = e + 1; // digits before the decimal point
  if (whole <= 0) return `${sign}0.${"0".repeat(-whole)}${digits}`;
  if (whole >= digits.length) return sign + digits + "0".repeat(whole - digits.length);
  return `${sign}${digits.slice(0, whole)}.${digits.slice(whole)}`;
}

/** Gathers text and writes it to a file descriptor in chunks of about `chunk` characters. */
export class ChunkWriter {
  private text = "";
  constructor(
    private readonly fd: number,
    private readonly chunk = 1 << 20,
  ) {}
  /** Appends text (the caller adds the line ends). */
  write(s: string): void {
    this.text += s;
    if (this.text.length > this.chunk) this.flush();
  }
  flush(): void {
    if (this.text.length === 0) return;
    fs.writeSync(this.fd, this.text);
    this.text = "";
  }
}
