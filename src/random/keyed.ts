/**
 * The simulator's keyed draws: every random number is a pure function of
 * (scenario seed, replicate, process, firm id, year, draw position), computed
 * by Threefry4x32-13 (`threefry.ts`) — never the next output of a stream.
 *
 * - Key (128 bits): the replicate's seed string `seed/replicate/r` hashed
 *   (seedrandom's Alea, four 32-bit outputs). Different seeds or replicates,
 *   different keys.
 * - Counter (128 bits): (id low word, id high word, year, process × 2^16 + block).
 *   A firm's id is stable and never reused: a base-year firm's id is its row in
 *   the base population (high word 0); an entrant's is (entrant index within the
 *   year, (location + 1) × 2^16 + year of entry), a deterministic count per
 *   location and year. Location-level draws use the location as the id.
 * - Each process has fixed word positions in its block(s) (`PROCESS`), so a
 *   firm's draws never depend on how many draws other firms took, nor on which
 *   draws this firm skipped. Variable-count samplers (the ziggurat's slow path)
 *   read their own process's blocks in order, so they cannot shift any other draw.
 *
 * Free of Node.js dependencies except seedrandom (bundled for the browser).
 */
import seedrandom from "seedrandom";
import { FN, KN, WN, ZR } from "./fast";
import { threefryKey, WORDS } from "./threefry";

/**
 * Processes and their block layout. The numbers are part of the model's
 * reproducibility: renumbering changes every seeded result.
 */
export const PROCESS = {
  /** Base-year starting cash: word 0. */
  init: 1,
  /** Firm-level awards: instrument j (table order) uses block ⌊j/4⌋, word j mod 4; drawn only if the award is uncertain. */
  awards: 2,
  /**
   * Funding and sales, drawn in the funding pass for every alive firm: word 0 funded or not, word 1 the share
   * of the need obtained, word 2 the sales-growth shock's uniform (a seller) or the first revenue's ziggurat
   * word (a pre-revenue firm), word 3 first revenue or not (words 2 and 3 are carried to the firm pass).
   */
  fundingSales: 3,
  /** Drawn in the firm pass: word 0 tie formation or dissolution; 1 innovation; 2 patents (a count by inversion of one uniform); 3 exit. */
  firm: 4,
  /** The ziggurat's slow path: blocks 0, 1, 2, … read in order, only when needed. */
  normalTail: 5,
  /** Entry count of a location (id = location): word 0. */
  entryCount: 6,
  /** Entrant e of a location (id low = location, id high = e): word 0 sector, 1 donor, 2 starting cash. */
  entrant: 7,
} as const;

/** The Threefry key of a replicate: its seed string (`seed/replicate/r`) hashed to four 32-bit words. */
export function replicateKey(replicateSeed: string): Int32Array {
  const alea = seedrandom.alea(`${replicateSeed}/threefry-key`);
  return Int32Array.from({ length: 4 }, () => alea.int32());
}

/** The high word of an entrant's id: (location + 1) × 2^16 + year. Base-year firms have high word 0. */
export function entrantIdHigh(loc: number, year: number): number {
  return (((loc + 1) << 16) | year) | 0;
}

/**
 * A firm's id as one number (the firm panel's `firm` column): the base-year row for base-year firms, and
 * high word × 2^21 + index for an entrant — above every base row (the high word is at least 2^16), exact in a
 * double (below 2^52), and never reused, since an entry count never exceeds the samplers' cap of 100,000 < 2^21.
 */
export function firmId(lo: number, hi: number): number {
  // Stryker disable next-line ConditionalExpression: equivalent: with hi = 0 the second form is also lo
  return hi === 0 ? lo : hi * 2097152 + lo;
}

/** Largest location index and year that fit an entrant's id (16 bits each, location + 1 ≥ 1). */
export const MAX_KEYED_LOCATIONS = 0x7ffe;
export const MAX_KEYED_YEAR = 0xffff;

/** Draws one block for (process, block) of id (lo, hi) in `year` into `WORDS`. */
export function block(key: Int32Array, lo: number, hi: number, year: number, process: number, b: number): Int32Array {
  threefryKey(key, lo, hi, year, (process << 16) | b);
  return WORDS;
}

const INV32 = 2.3283064365386963e-10;

/** A 32-bit word as a uniform on (0, 1): never exactly 0 or 1, so logarithms are safe. */
export function u01(w: number): number {
  return ((w >>> 0) + 0.5) * INV32;
}

// The slow path's private reader: consecutive words of the normalTail blocks of one (firm, year).
let tKey: Int32Array = new Int32Array(4);
let tLo = 0, tHi = 0, tYear = 0, tBlock = 0, tWord = 4;
const tWords = new Int32Array(4);
function tailWord(): number {
  if (tWord === 4) {
    threefryKey(tKey, tLo, tHi, tYear, (PROCESS.normalTail << 16) | tBlock);
    tWords.set(WORDS);
    tBlock++;
    tWord = 0;
  }
  return tWords[tWord++] as number;
}

/**
 * Standard normal by the ziggurat (Marsaglia & Tsang 2000, 128 layers) from the 32-bit word `hz` (signed);
 * about 98.8 % of words decide at once, the rest continue on the (firm, year)'s own normalTail blocks.
 */
export function normalFromWord(hz: number, key: Int32Array, lo: number, hi: number, year: number): number {
  const iz = hz & 127;
  // Stryker disable next-line ConditionalExpression: equivalent: normalSlow starts with the same test on the same word
  if (Math.abs(hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
  return normalSlow(hz, key, lo, hi, year);
}

function normalSlow(hz0: number, key: Int32Array, lo: number, hi: number, year: number): number {
  tKey = key; tLo = lo; tHi = hi; tYear = year; tBlock = 0; tWord = 4;
  let hz = hz0;
  for (;;) {
    const iz = hz & 127;
    if (Math.abs(hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
    const x = hz * (WN[iz] as number);
    if (iz === 0) {
      let xx: number, y: number;
      // Stryker disable EqualityOperator: (this loop's condition; its body has no comparison) equivalent: equality of two continuous quantities has probability ~0
      do {
        xx = -Math.log(u01(tailWord())) / ZR;
        y = -Math.log(u01(tailWord()));
      } while (y + y < xx * xx);
      // Stryker restore EqualityOperator
      return hz > 0 ? ZR + xx : -ZR - xx;
    }
    if ((FN[iz] as number) + u01(tailWord()) * ((FN[iz - 1] as number) - (FN[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
    hz = tailWord();
  }
}
