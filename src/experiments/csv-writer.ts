/**
 * The fast path of the output files: numbers formatted as `num` always did
 * (up to 12 significant digits, shortest text), without its slow
 * `toPrecision` → `Number` → `String` round trip for the values that do not
 * need it, written as bytes straight into a large buffer that goes out with one
 * system call each time it fills: a row of runs.csv costs no string.
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

/**
 * The 12 significant digits of a non-integer v as DIGITS × 10^(EXP + 1 − digit count): DIGITS without trailing
 * zeros, EXP the decimal exponent of its first digit. Returns false where the fast path cannot be sure (formatNumber).
 * The results go to two module variables, so the string and the byte writer share one implementation without
 * allocating.
 */
let DIGITS = 0;
let EXP = 0;
function twelveDigitParts(a: number): boolean {
  if (!(a >= 1e-5 && a < 1e15)) return false;
  let e = Math.floor(Math.log10(a)); // decimal exponent of a's first digit (may be off by one near a power of ten)
  let x = scaled(a, 11 - e);
  if (x < 1e11) x = scaled(a, 11 - --e);
  else if (x >= 1e12) x = scaled(a, 11 - ++e);
  if (!(x >= 1e11 && x < 1e12)) return false;
  const frac = x - Math.floor(x);
  if (frac > 0.499 && frac < 0.501) return false;
  let n = Math.round(x);
  if (n >= 1e12) {
    n = 1e11;
    e++;
  }
  while (n % 10 === 0) n /= 10;
  DIGITS = n;
  EXP = e;
  return true;
}

/** The 12-significant-digit text of a non-integer v, or null where the fast path cannot be sure (formatNumber). */
function twelveDigits(v: number): string | null {
  if (!twelveDigitParts(v < 0 ? -v : v)) return null;
  const digits = String(DIGITS);
  const sign = v < 0 ? "-" : "";
  const whole = EXP + 1; // digits before the decimal point
  if (whole <= 0) return `${sign}0.${"0".repeat(-whole)}${digits}`;
  if (whole >= digits.length) return sign + digits + "0".repeat(whole - digits.length);
  return `${sign}${digits.slice(0, whole)}.${digits.slice(whole)}`;
}

const ZERO = 48;
const MINUS = 45;
const DOT = 46;
/** Scratch for one number's digits, last digit first (a whole number below 10^15 has at most 15). */
const DIGIT_BUF = new Uint8Array(16);

/** Writes the decimal digits of a whole number 0 ≤ n < 2^53 at buf[pos]; returns the next position. */
function writeDigits(buf: Uint8Array, pos: number, n: number): number {
  let d = 0;
  do {
    const q = Math.floor(n / 10);
    DIGIT_BUF[d++] = ZERO + (n - q * 10);
    n = q;
  } while (n > 0);
  while (d > 0) buf[pos++] = DIGIT_BUF[--d] as number;
  return pos;
}

/** Longest text `writeNumber` can produce (the slow path's exponent form included), so callers can reserve room. */
export const MAX_NUMBER_BYTES = 32;

/**
 * Writes formatNumber(v)'s text, as ASCII bytes, at buf[pos] (which must have MAX_NUMBER_BYTES free) and returns the
 * next position: the same rule and the same fast path (twelveDigitParts), digits written in place, so a row costs no
 * string. Throws as formatNumber does on a non-finite value.
 */
export function writeNumber(buf: Uint8Array, pos: number, v: number): number {
  if (Number.isInteger(v)) {
    if (v < 1e12 && v > -1e12) {
      if (v < 0) {
        buf[pos++] = MINUS;
        v = -v;
      }
      return writeDigits(buf, pos, v); // −0 is an integer with v < 0 false: "0", as String(−0)
    }
  } else if (!Number.isFinite(v)) {
    throw new Error(`non-finite value ${v} in simulation output (nothing was written)`);
  } else if (twelveDigitParts(v < 0 ? -v : v)) {
    if (v < 0) buf[pos++] = MINUS;
    const start = pos;
    const end = writeDigits(buf, pos, DIGITS);
    const count = end - start;
    const whole = EXP + 1;
    if (whole <= 0) {
      // 0.000ddd: move the digits right by 2 − whole places.
      const shift = 2 - whole;
      for (let k = count - 1; k >= 0; k--) buf[start + shift + k] = buf[start + k] as number;
      buf[start] = ZERO;
      buf[start + 1] = DOT;
      for (let k = 0; k < -whole; k++) buf[start + 2 + k] = ZERO;
      return end + shift;
    }
    if (whole >= count) {
      for (let k = count; k < whole; k++) buf[start + k] = ZERO;
      return start + whole;
    }
    for (let k = count - 1; k >= whole; k--) buf[start + k + 1] = buf[start + k] as number;
    buf[start + whole] = DOT;
    return end + 1;
  }
  const s = String(Number(v.toPrecision(12)));
  for (let k = 0; k < s.length; k++) buf[pos++] = s.charCodeAt(k);
  return pos;
}

/** Writes the first n bytes of b (fs.writeSync may write fewer than asked). */
function writeAll(fd: number, b: Uint8Array, n: number): void {
  for (let done = 0; done < n; ) done += fs.writeSync(fd, b, done, n - done);
}

/**
 * Gathers bytes and writes them to a file descriptor in chunks of `size`: fixed text encoded once by the caller
 * (`bytes`), numbers written in place (`number`), so rows cost neither strings nor UTF-8 encoding.
 */
export class ByteWriter {
  private readonly buf: Uint8Array;
  private pos = 0;
  constructor(
    private readonly fd: number,
    size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 4 * MAX_NUMBER_BYTES));
  }
  /** Appends bytes (text encoded once, e.g. with Buffer.from). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) {
        writeAll(this.fd, b, n);
        return;
      }
    }
    const buf = this.buf;
    let p = this.pos;
    if (n > 64) buf.set(b, p);
    else for (let k = 0; k < n; k++) buf[p + k] = b[k] as number;
    this.pos = p + n;
  }
  /** Appends formatNumber(v)'s text, then one byte (the field or line separator). */
  number(v: number, after: number): void {
    if (this.pos + MAX_NUMBER_BYTES + 1 > this.buf.length) this.flush();
    const p = writeNumber(this.buf, this.pos, v);
    this.buf[p] = after;
    this.pos = p + 1;
  }
  flush(): void {
    writeAll(this.fd, this.buf, this.pos);
    this.pos = 0;
  }
}
