/**
 * Counter-based random numbers: Threefry4x32-13 (Salmon, Moraes, Dror & Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011). Random123's default
 * is 20 rounds; 13 is the other round count its known-answer vectors cover
 * (tests/kat_vectors), and the repository's battery (bit, byte, serial, birthday, gap, avalanche and
 * neighbour-correlation tests, tests/random-keyed.test.ts) passes at 13 as at 20;
 * the avalanche test, which has power against 6 rounds, passes from 8. Thirteen
 * rounds cost about two thirds of twenty (docs/model.md, "Speed"). A block is a pure function of a 128-bit key
 * and a 128-bit counter — no state, no order: `threefry(k0…k3, c0…c3)` writes
 * four 32-bit words into `WORDS`, and the same arguments always give the same
 * words. The simulator keys it to (scenario seed, replicate) and counts with
 * (firm id, year, process, block): see `keyed.ts` and `docs/model.md`.
 *
 * Only 32-bit additions, rotations and exclusive-ors (the Skein/Threefish
 * structure), so V8 keeps everything in int32 registers; a block costs a few
 * tens of nanoseconds. Philox4x32-10 was measured at two to four times that
 * here (its 32×32→64-bit products need four `Math.imul` each in JavaScript).
 * Checked against the Random123 known-answer vectors (tests/random-keyed.test.ts).
 *
 * Free of Node.js dependencies (the browser bundle imports it).
 */

/** Rotation constants of Threefry4x32 (Random123's R_32x4), round r uses row r mod 8. */
const ROT: ReadonlyArray<readonly [number, number]> = [[10, 26], [11, 21], [13, 27], [23, 5], [6, 20], [17, 11], [25, 10], [18, 20]];
/** Skein's key-schedule parity constant for 32-bit words. */
const PARITY32 = 0x1bd11bda;

/** The four output words of the last `threefry` call, as signed 32-bit integers. */
export const WORDS = new Int32Array(4);

/**
 * Threefry4x32 with any number of rounds (the reference form, for the known-answer tests): counter c, key k,
 * four words each (taken modulo 2^32); returns the block as unsigned integers.
 */
export function threefryRounds(rounds: number, c: readonly number[], k: readonly number[]): number[] {
  const ks = [k[0]! | 0, k[1]! | 0, k[2]! | 0, k[3]! | 0, 0];
  ks[4] = PARITY32 ^ ks[0]! ^ ks[1]! ^ ks[2]! ^ ks[3]!;
  const x = [(c[0]! + ks[0]!) | 0, (c[1]! + ks[1]!) | 0, (c[2]! + ks[2]!) | 0, (c[3]! + ks[3]!) | 0];
  const rotl = (v: number, r: number) => (v << r) | (v >>> (32 - r));
  for (let r = 0; r < rounds; r++) {
    const [ra, rb] = ROT[r % 8]!;
    // Even rounds mix words (0, 1) and (2, 3); odd rounds (0, 3) and (2, 1).
    const [i1, i3] = r % 2 === 0 ? [1, 3] : [3, 1];
    x[0] = (x[0]! + x[i1]!) | 0;
    x[i1] = rotl(x[i1]!, ra) ^ x[0]!;
    x[2] = (x[2]! + x[i3]!) | 0;
    x[i3] = rotl(x[i3]!, rb) ^ x[2]!;
    if ((r + 1) % 4 === 0) {
      const s = (r + 1) / 4;
      for (let w = 0; w < 4; w++) x[w] = (x[w]! + ks[(s + w) % 5]! + (w === 3 ? s : 0)) | 0;
    }
  }
  return x.map((v) => v >>> 0);
}

/** Observer of every block the simulator draws (tests only; null in runs). */
export type DrawTap = (c0: number, c1: number, c2: number, c3: number, words: Int32Array) => void;
let tap: DrawTap | null = null;

/** Installs (or, with null, removes) an observer of every `threefry` block: tests use it to compare the draws of two runs. */
export function setDrawTap(t: DrawTap | null): void {
  tap = t;
}

/** Rounds of the simulator's generator (`threefry`): Threefry4x32-13 (see the file's header). */
export const ROUNDS = 13;

const KEY = new Int32Array(4);

/** Threefry4x32-13 on counter (c0, c1, c2, c3) under key (k0, k1, k2, k3), into `WORDS` (`threefryKey` with the key as four numbers). */
export function threefry(k0: number, k1: number, k2: number, k3: number, c0: number, c1: number, c2: number, c3: number): void {
  KEY[0] = k0;
  KEY[1] = k1;
  KEY[2] = k2;
  KEY[3] = k3;
  threefryKey(KEY, c0, c1, c2, c3);
}

/**
 * Threefry4x32-13 on counter (c0, c1, c2, c3) under the key's four words, into `WORDS` — unrolled: the simulator's
 * hot path. The key comes as its array, not as four numbers: V8 does not inline this function, and a call passes
 * numbers beyond 2^30 (half of all key words) as heap-allocated boxes — four allocations per block.
 */
export function threefryKey(key: Int32Array, c0: number, c1: number, c2: number, c3: number): void {
  const k0 = key[0] as number, k1 = key[1] as number, k2 = key[2] as number, k3 = key[3] as number;
  const k4 = PARITY32 ^ k0 ^ k1 ^ k2 ^ k3;
  let x0 = (c0 + k0) | 0, x1 = (c1 + k1) | 0, x2 = (c2 + k2) | 0, x3 = (c3 + k3) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 10) | (x1 >>> 22)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 26) | (x3 >>> 6)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 11) | (x3 >>> 21)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 21) | (x1 >>> 11)) ^ x2;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 27) | (x3 >>> 5)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 23) | (x3 >>> 9)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 5) | (x1 >>> 27)) ^ x2;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2) | 0; x2 = (x2 + k3) | 0; x3 = (x3 + k4 + 1) | 0; // key injection 1
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 20) | (x3 >>> 12)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 17) | (x3 >>> 15)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 11) | (x1 >>> 21)) ^ x2;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 25) | (x1 >>> 7)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 10) | (x3 >>> 22)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 18) | (x3 >>> 14)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 20) | (x1 >>> 12)) ^ x2;
  x0 = (x0 + k2) | 0; x1 = (x1 + k3) | 0; x2 = (x2 + k4) | 0; x3 = (x3 + k0 + 2) | 0; // key injection 2
  x0 = (x0 + x1) | 0; x1 = ((x1 << 10) | (x1 >>> 22)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 26) | (x3 >>> 6)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 11) | (x3 >>> 21)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 21) | (x1 >>> 11)) ^ x2;
  x0 = (x0 + x1) | 0; x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 27) | (x3 >>> 5)) ^ x2;
  x0 = (x0 + x3) | 0; x3 = ((x3 << 23) | (x3 >>> 9)) ^ x0; x2 = (x2 + x1) | 0; x1 = ((x1 << 5) | (x1 >>> 27)) ^ x2;
  x0 = (x0 + k3) | 0; x1 = (x1 + k4) | 0; x2 = (x2 + k0) | 0; x3 = (x3 + k1 + 3) | 0; // key injection 3
  x0 = (x0 + x1) | 0; x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0; x2 = (x2 + x3) | 0; x3 = ((x3 << 20) | (x3 >>> 12)) ^ x2; // round 13: no injection follows
  WORDS[0] = x0;
  WORDS[1] = x1;
  WORDS[2] = x2;
  WORDS[3] = x3;
  if (tap !== null) tap(c0, c1, c2, c3, WORDS);
}
