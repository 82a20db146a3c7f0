/**
 * The simulator's counter-based generator and its samplers.
 *
 * 1. Known answers: Threefry4x32 against the known-answer vectors published with the Random123 library
 *    (D. E. Shaw Research, file tests/kat_vectors, lines "threefry4x32 13 …" and "threefry4x32 20 …": counter,
 *    key, expected output, all 32-bit words in hex).
 * 2. A statistical battery (TestU01 and PractRand are not packaged for this machine's Debian), run on the words
 *    exactly as the simulator draws them — consecutive firm ids under one key, year and process: bit frequency,
 *    byte χ², a 2-D serial χ², Marsaglia's birthday spacings, Knuth's gap test, an avalanche test of the
 *    counter, and correlations between neighbouring ids, years and processes. The key and sizes are fixed, so
 *    each verdict is deterministic; thresholds are p > 1e-4 (or |z| < 4), fixed before the first run. The
 *    avalanche test is shown to have power: it rejects Threefry cut to 6 rounds.
 * 3. Samplers: the ziggurat normal (moments, Kolmogorov–Smirnov, the tail beyond the ziggurat's base, which
 *    exercises the slow path), NB2 and Poisson by inversion (moments and χ² against the exact probabilities).
 */
import { beforeAll, describe, expect, test } from "vitest";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import gammaln from "@stdlib/math-base-special-gammaln";
import { ROUNDS, threefry, threefryRounds, WORDS } from "../src/random/threefry";
import { block, entrantIdHigh, firmId, MAX_KEYED_LOCATIONS, MAX_KEYED_YEAR, normalFromWord, PROCESS, replicateKey, u01 } from "../src/random/keyed";
import { negBinomialFromU, poissonFromU, ZR } from "../src/random/fast";

const hex = (s: string) => s.trim().split(/\s+/).map((w) => parseInt(w, 16));

describe("Threefry4x32 known answers (Random123 tests/kat_vectors)", () => {
  const KAT: Array<[number, string, string, string]> = [
    [13, "00000000 00000000 00000000 00000000", "00000000 00000000 00000000 00000000", "531c7e4f 39491ee5 2c855a92 3d6abf9a"],
    [13, "ffffffff ffffffff ffffffff ffffffff", "ffffffff ffffffff ffffffff ffffffff", "c4189358 1c9cc83a d5881c67 6a0a89e0"],
    [13, "243f6a88 85a308d3 13198a2e 03707344", "a4093822 299f31d0 082efa98 ec4e6c89", "4aa71d8f 734738c2 431fc6a8 ae6debf1"],
    [20, "00000000 00000000 00000000 00000000", "00000000 00000000 00000000 00000000", "9c6ca96a e17eae66 fc10ecd4 5256a7d8"],
    [20, "ffffffff ffffffff ffffffff ffffffff", "ffffffff ffffffff ffffffff ffffffff", "2a881696 57012287 f6c7446e a16a6732"],
    [20, "243f6a88 85a308d3 13198a2e 03707344", "a4093822 299f31d0 082efa98 ec4e6c89", "59cd1dbb b8879579 86b5d00c ac8b6d84"],
  ];
  test.each(KAT)("%i rounds, counter %s, key %s", (rounds, ctr, key, want) => {
    expect(threefryRounds(rounds, hex(ctr), hex(key))).toEqual(hex(want));
    if (rounds === ROUNDS) {
      const [c0, c1, c2, c3] = hex(ctr) as [number, number, number, number];
      const [k0, k1, k2, k3] = hex(key) as [number, number, number, number];
      threefry(k0, k1, k2, k3, c0, c1, c2, c3);
      expect(Array.from(WORDS, (w) => w >>> 0)).toEqual(hex(want));
    }
  });
  test("the unrolled hot path equals the reference on arbitrary counters and keys", () => {
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) | 0);
    for (let i = 0; i < 200; i++) {
      const k = [next(), next(), next(), next()];
      const c = [next(), next(), next(), next()];
      threefry(k[0]!, k[1]!, k[2]!, k[3]!, c[0]!, c[1]!, c[2]!, c[3]!);
      expect(Array.from(WORDS, (w) => w >>> 0)).toEqual(threefryRounds(ROUNDS, c, k));
    }
  });
});

describe("keyed draws", () => {
  test("a draw is a pure function of (key, id, year, process, block); the key depends on seed and replicate", () => {
    const k = replicateKey("s/replicate/0");
    const a = Array.from(block(k, 17, 0, 3, PROCESS.firm, 0));
    block(k, 99, 0, 3, PROCESS.firm, 0); // other draws in between change nothing
    expect(Array.from(block(k, 17, 0, 3, PROCESS.firm, 0))).toEqual(a);
    expect(Array.from(block(replicateKey("s/replicate/0"), 17, 0, 3, PROCESS.firm, 0))).toEqual(a);
    for (const other of [block(k, 18, 0, 3, PROCESS.firm, 0), block(k, 17, 1, 3, PROCESS.firm, 0), block(k, 17, 0, 4, PROCESS.firm, 0), block(k, 17, 0, 3, PROCESS.fundingSales, 0), block(k, 17, 0, 3, PROCESS.firm, 1), block(replicateKey("s/replicate/1"), 17, 0, 3, PROCESS.firm, 0), block(replicateKey("t/replicate/0"), 17, 0, 3, PROCESS.firm, 0)]) {
      expect(Array.from(other)).not.toEqual(a);
    }
  });
});

describe("firm ids", () => {
  test("one number per firm: base rows as they are, entrants above them, distinct across locations, years and indices", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(firmId(i, 0));
    for (const l of [0, 1, 19, MAX_KEYED_LOCATIONS]) for (const y of [1, 2, MAX_KEYED_YEAR]) for (const e of [0, 1, 99_999]) {
      const id = firmId(e, entrantIdHigh(l, y));
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).toBeGreaterThan(2 ** 31);
      seen.add(id);
    }
    expect(seen.size).toBe(1000 + 4 * 3 * 3);
  });
});

/** The words of consecutive firm ids 0, 1, … under one key, year and process, four per id: what one process of one year sees. */
function words(n: number, seed = "battery", year = 5, process: number = PROCESS.firm): Int32Array {
  const k = replicateKey(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n / 4; i++) out.set(block(k, i, 0, year, process, 0), 4 * i);
  return out;
}

const chisqP = (stat: number, df: number) => 1 - chisqCdf(stat, df);

/**
 * Avalanche: over 400 counters, flip each of the 128 counter bits and record which of the 128 output bits
 * flip; each (input bit, output bit) cell is Binomial(400, ½) for a good block function. Returns the p-value
 * of the χ² over all 16,384 cells.
 */
function avalancheP(f: (c: number[]) => number[]): number {
  const flips = new Float64Array(128 * 128);
  const T = 400;
  for (let t = 0; t < T; t++) {
    const c = [t * 7919, t, 3, (PROCESS.firm << 16) | 0];
    const base = f(c);
    for (let ib = 0; ib < 128; ib++) {
      const d = c.slice();
      d[ib >> 5] = d[ib >> 5]! ^ (1 << (ib & 31));
      const o = f(d);
      for (let ob = 0; ob < 128; ob++) flips[ib * 128 + ob]! += ((base[ob >> 5]! ^ o[ob >> 5]!) >>> (ob & 31)) & 1;
    }
  }
  let x2 = 0;
  for (const v of flips) x2 += (v - T / 2) ** 2 / (T / 4);
  return chisqP(x2, 128 * 128);
}

describe("statistical battery on the words as the simulator draws them", () => {
  const N = 1 << 20;
  // Drawn before the first test of this block, not while the file is collected: a run that selects other tests
  // (mutation testing runs only the tests that cover a mutant) does not pay for a million draws.
  let w: Int32Array = new Int32Array(0);
  beforeAll(() => {
    w = words(N);
  });

  test("bit frequency: each of the 32 bit positions is 1 half the time", () => {
    for (let b = 0; b < 32; b++) {
      let ones = 0;
      for (let i = 0; i < N; i++) ones += (w[i]! >>> b) & 1;
      const z = (ones - N / 2) / Math.sqrt(N / 4);
      expect(Math.abs(z), `bit ${b}`).toBeLessThan(4.5); // 32 looks: Bonferroni at ~1e-4
    }
  });

  test("bytes: χ² over 256 values for each of the four byte positions", () => {
    for (let b = 0; b < 4; b++) {
      const c = new Float64Array(256);
      for (let i = 0; i < N; i++) c[(w[i]! >>> (8 * b)) & 255]! += 1;
      const e = N / 256;
      let x2 = 0;
      for (const o of c) x2 += (o - e) ** 2 / e;
      expect(chisqP(x2, 255), `byte ${b}`).toBeGreaterThan(1e-4);
    }
  });

  test("serial: consecutive uniforms fall evenly in a 64 × 64 grid", () => {
    const c = new Float64Array(64 * 64);
    for (let i = 0; i + 1 < N; i += 2) c[Math.floor(u01(w[i]!) * 64) * 64 + Math.floor(u01(w[i + 1]!) * 64)]! += 1;
    const e = N / 2 / 4096;
    let x2 = 0;
    for (const o of c) x2 += (o - e) ** 2 / e;
    expect(chisqP(x2, 4095)).toBeGreaterThan(1e-4);
  });

  test("birthday spacings (Marsaglia): repeated spacings of 512 birthdays in 2^24 days are Poisson(2)", () => {
    // λ = m³ / (4n) = 2^27 / 2^26 = 2; 2,048 samples of 512 words each (the top 24 bits).
    const m = 512, samples = N / m, lambda = (m * m * m) / (4 * 2 ** 24);
    const counts = new Float64Array(8);
    const days = new Float64Array(m);
    const sp = new Float64Array(m);
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < m; i++) days[i] = w[s * m + i]! >>> 8;
      days.sort();
      for (let i = 0; i < m; i++) sp[i] = i === 0 ? days[0]! : days[i]! - days[i - 1]!;
      sp.sort();
      let rep = 0;
      for (let i = 1; i < m; i++) if (sp[i] === sp[i - 1]) rep++;
      counts[Math.min(rep, 7)]! += 1;
    }
    let x2 = 0;
    let pk = Math.exp(-lambda), tail = 1;
    for (let k = 0; k < 8; k++) {
      const p = k < 7 ? pk : tail;
      x2 += (counts[k]! - samples * p) ** 2 / (samples * p);
      tail -= pk;
      pk *= lambda / (k + 1);
    }
    expect(chisqP(x2, 7)).toBeGreaterThan(1e-4);
  });

  test("gap test (Knuth): gaps between uniforms below 0.1 are geometric", () => {
    const p = 0.1, K = 30;
    const c = new Float64Array(K + 1);
    let gap = 0, total = 0;
    for (let i = 0; i < N; i++) {
      if (u01(w[i]!) < p) {
        c[Math.min(gap, K)]! += 1;
        total++;
        gap = 0;
      } else gap++;
    }
    let x2 = 0;
    for (let k = 0; k <= K; k++) {
      const e = total * (k < K ? p * (1 - p) ** k : (1 - p) ** K);
      x2 += (c[k]! - e) ** 2 / e;
    }
    expect(chisqP(x2, K)).toBeGreaterThan(1e-4);
  });

  test("avalanche: flipping one counter bit flips each output bit with probability ½", () => {
    const k = Array.from(replicateKey("avalanche"));
    expect(avalancheP((c) => threefryRounds(ROUNDS, c, k))).toBeGreaterThan(1e-4);
  });

  test("the avalanche test has power: it rejects Threefry cut to 6 rounds (8 and more pass it)", () => {
    const k = Array.from(replicateKey("avalanche"));
    expect(avalancheP((c) => threefryRounds(6, c, k))).toBeLessThan(1e-10);
  });

  test("no correlation between neighbouring ids, consecutive years or different processes", () => {
    const n = 1 << 17;
    const a = words(n, "battery", 5, PROCESS.firm);
    const nextYear = words(n, "battery", 6, PROCESS.firm);
    const otherProcess = words(n, "battery", 5, PROCESS.fundingSales);
    const corr = (x: ArrayLike<number>, y: ArrayLike<number>, m: number) => {
      let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < m; i++) {
        const u = u01(x[i]!), v = u01(y[i]!);
        sx += u; sy += v; sxy += u * v; sxx += u * u; syy += v * v;
      }
      return (sxy / m - (sx / m) * (sy / m)) / Math.sqrt((sxx / m - (sx / m) ** 2) * (syy / m - (sy / m) ** 2));
    };
    const nextId = a.subarray(4);
    for (const [name, r] of [["next id", corr(a, nextId, n - 4)], ["next year", corr(a, nextYear, n)], ["other process", corr(a, otherProcess, n)]] as const) {
      expect(Math.abs(r as number) * Math.sqrt(n), name).toBeLessThan(4);
    }
  });
});

describe("samplers are exact in distribution", () => {
  const N = 400_000;
  let w: Int32Array = new Int32Array(0);
  beforeAll(() => {
    w = words(N, "samplers");
  });
  const k = replicateKey("samplers");

  test("ziggurat normal: moments, Kolmogorov–Smirnov, and the tail beyond the ziggurat's base", () => {
    const z = new Float64Array(N);
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, tail = 0;
    for (let i = 0; i < N; i++) {
      const v = normalFromWord(w[i]!, k, i, 0, 1);
      z[i] = v;
      m1 += v; m2 += v * v; m3 += v * v * v; m4 += v * v * v * v;
      if (Math.abs(v) > ZR) tail++;
    }
    m1 /= N; m2 /= N; m3 /= N; m4 /= N;
    expect(Math.abs(m1) * Math.sqrt(N)).toBeLessThan(4);
    expect(Math.abs(m2 - 1) / Math.sqrt(2 / N)).toBeLessThan(4);
    expect(Math.abs(m3) / Math.sqrt(15 / N)).toBeLessThan(4);
    expect(Math.abs(m4 - 3) / Math.sqrt(96 / N)).toBeLessThan(4);
    z.sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = normalCdf(z[i]!, 0, 1);
      d = Math.max(d, Math.abs(F - i / N), Math.abs(F - (i + 1) / N));
    }
    expect(d * Math.sqrt(N)).toBeLessThan(1.95); // KS critical value at α = 0.001
    // Tail mass 2(1 − Φ(ZR)) ≈ 5.8e-4: the slow path's exponential tail sampler in action.
    const pt = 2 * (1 - normalCdf(ZR, 0, 1));
    expect(Math.abs(tail - N * pt) / Math.sqrt(N * pt)).toBeLessThan(4);
  });

  const pmfChi2 = (draw: (u: number) => number, logPmf: (k: number) => number) => {
    const K = 200;
    const c = new Float64Array(K + 1);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < N; i++) {
      const x = draw(u01(w[i]!));
      s1 += x; s2 += x * x;
      c[Math.min(x, K)]! += 1;
    }
    // Pool cells with expected count < 5 into their neighbours from the top.
    let x2 = 0, df = -1, eAcc = 0, oAcc = 0;
    for (let x = 0; x <= K; x++) {
      eAcc += N * Math.exp(logPmf(x));
      oAcc += c[x]!;
      if (eAcc >= 5 || x === K) {
        x2 += (oAcc - eAcc) ** 2 / Math.max(eAcc, 1e-9);
        df++;
        eAcc = 0;
        oAcc = 0;
      }
    }
    return { mean: s1 / N, variance: s2 / N - (s1 / N) ** 2, p: chisqP(x2, df) };
  };

  test.each([
    [2, 0.7],
    [0.3, 2.5],
    [15, 0.2],
  ])("NB2(mu = %f, alpha = %f): moments and χ² against the exact probabilities", (mu, alpha) => {
    const r = 1 / alpha;
    const logPmf = (x: number) => gammaln(x + r) - gammaln(r) - gammaln(x + 1) + r * Math.log(r / (r + mu)) + x * Math.log(mu / (r + mu));
    const res = pmfChi2((u) => negBinomialFromU(u, mu, alpha), logPmf);
    const v = mu + alpha * mu * mu;
    expect(Math.abs(res.mean - mu) / Math.sqrt(v / N)).toBeLessThan(4);
    expect(res.variance / v).toBeGreaterThan(0.95);
    expect(res.variance / v).toBeLessThan(1.05);
    expect(res.p).toBeGreaterThan(1e-4);
  });

  test.each([[0.5], [3.5], [30]])("Poisson(%f): moments and χ² against the exact probabilities", (lambda) => {
    const res = pmfChi2((u) => poissonFromU(u, lambda), (x) => -lambda + x * Math.log(lambda) - gammaln(x + 1));
    expect(Math.abs(res.mean - lambda) / Math.sqrt(lambda / N)).toBeLessThan(4);
    expect(res.variance / lambda).toBeGreaterThan(0.97);
    expect(res.variance / lambda).toBeLessThan(1.03);
    expect(res.p).toBeGreaterThan(1e-4);
  });
});
