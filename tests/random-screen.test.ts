/**
 * The screened decisions of `random/fast.ts` against the plain ones they replace: for every (u, x) tried —
 * uniform grids, random pairs, and u placed within a few ulps of the decision boundary, where the screen must
 * hand over to the exact computation — the screened form returns exactly what the plain comparison does.
 */
import { describe, expect, test, vi } from "vitest";
import { belowHazard, belowLogistic, expScreen, negBinomialFromEta, negBinomialFromU, negBinomialScreen, SCREEN } from "../src/random/fast";
import { logistic } from "../src/random";

/** A fixed sequence of uniforms on (0, 1) and a fixed spread of arguments (a small LCG: deterministic, no Math.random). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 4294967296;
  };
}

/** u values around p: p itself, its neighbours a few ulps away, and points at ±SCREEN-scale distances. */
function near(p: number): number[] {
  const out: number[] = [];
  for (const d of [0, 1e-16, -1e-16, 3e-16, -3e-16, 1e-12, -1e-12, 1e-7, -1e-7, 5e-6, -5e-6, 2e-5, -2e-5, 1e-3, -1e-3]) {
    const u = p + d * Math.max(p, 1e-300);
    if (u > 0 && u < 1) out.push(u);
  }
  return out;
}

describe("the screening exponential", () => {
  test("is within 7e-7 of Math.exp (relative) on a fine grid and at random points of its range", () => {
    const r = lcg(1);
    let worst = 0;
    for (let k = 0; k < 200_000; k++) {
      const x = k < 100_000 ? -63.99 + (127.98 * k) / 100_000 : -63.99 + 127.98 * r();
      worst = Math.max(worst, Math.abs(expScreen(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(7e-7);
    expect(worst).toBeLessThan(SCREEN / 10);
    expect(worst).toBeGreaterThan(1e-9); // it is an approximation: the screen's band is needed
  });
});

describe("screened decisions equal the plain ones", () => {
  const xs = [-80, -64, -63.9, -30, -8, -3.3, -1, -0.25, -1e-9, 0, 1e-9, 0.4, 1, 2.7, 9, 40, 63.9, 64, 80, NaN];
  test("u < logistic(x)", () => {
    const r = lcg(2);
    let n = 0;
    for (const x of [...xs, ...Array.from({ length: 2000 }, () => -20 + 40 * r())]) {
      const p = logistic(x);
      for (const u of [...near(p), r(), r(), 1e-300, 0.5, 1 - 1e-16]) {
        expect(belowLogistic(u, x), `u ${u}, x ${x}`).toBe(u < logistic(x));
        n++;
      }
    }
    expect(n).toBeGreaterThan(30_000);
  });

  test("u < 1 − exp(−h)", () => {
    const r = lcg(3);
    for (const h of [0, 1e-300, 1e-12, 1e-5, 0.01, 0.3, 1, 5, 30, 63.9, 64, 100, Infinity, NaN, -0.5, ...Array.from({ length: 2000 }, () => 8 * r() * r())]) {
      const p = -Math.expm1(-h);
      for (const u of [...near(p), r(), r(), 1e-300, 1e-6, 0.5]) expect(belowHazard(u, h), `u ${u}, h ${h}`).toBe(u < -Math.expm1(-h));
    }
  });

  test("NB2 and Poisson counts from the log mean", () => {
    const r = lcg(4);
    let zeros = 0;
    let n = 0;
    for (const alpha of [0, 1e-6, 0.3, 1.46, 5, 40]) {
      for (const eta of [-70, -64, -20, -5, -2, -1, -0.3, -1e-9, 0, 0.5, 3, NaN, ...Array.from({ length: 400 }, () => -8 + 9 * r())]) {
        const mu = Math.exp(eta);
        const p0 = alpha > 0 ? Math.exp((1 / alpha) * Math.log(1 - mu / (1 / alpha + mu))) : Math.exp(-mu);
        for (const u of [...near(p0), r(), r(), r(), 1e-300, 0.999999]) {
          const k = negBinomialFromEta(u, eta, alpha);
          expect(k, `u ${u}, eta ${eta}, alpha ${alpha}`).toBe(negBinomialFromU(u, mu, alpha));
          if (k === 0) zeros++;
          n++;
        }
      }
    }
    expect(zeros).toBeGreaterThan(n / 3); // the shortcut's case occurs
  });
});

/**
 * The screens' contract beyond "same answers": they decide *without* the exact function whenever u is clearly on one
 * side of the boundary (that is their whole purpose — the step calls them for every firm-year). A screen that never
 * decides (a disabled branch, a range check that excludes every argument, a looser bound) gives the same answers
 * and fails here. Math.exp, Math.expm1 and Math.log are counted while the screens run.
 */
describe("the screens decide without the exact function when u is clearly away from the boundary", () => {
  function countCalls<T>(f: () => T): { value: T; calls: number } {
    const spies = [vi.spyOn(Math, "exp"), vi.spyOn(Math, "expm1"), vi.spyOn(Math, "log")];
    try {
      const value = f();
      return { value, calls: spies.reduce((a, s) => a + s.mock.calls.length, 0) };
    } finally {
      for (const s of spies) s.mockRestore();
    }
  }
  const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n);

  test("u < logistic(x): 4 × SCREEN below or above p, for x across the screen's whole range (−64, 64)", () => {
    let decided = 0;
    for (const x of [...grid(-63.9, 63.9, 641), -1e-9, 0, 1e-9]) {
      const p = logistic(x);
      for (const [u, want] of [[p * (1 - 4 * SCREEN), true], [p * (1 + 4 * SCREEN), false]] as const) {
        if (!(u > 0 && u < 1)) continue;
        const { value, calls } = countCalls(() => belowLogistic(u, x));
        expect(value, `u ${u}, x ${x}`).toBe(want);
        expect(calls, `u ${u}, x ${x}: decided by the screen`).toBe(0);
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(1000);
  });

  test("u < 1 − e^−h: 4 × SCREEN below or above p, for h across [0, 64)", () => {
    let decided = 0;
    for (const h of [0, ...grid(0, 63.9, 640)]) {
      const p = -Math.expm1(-h);
      for (const [u, want] of [[p - 4 * SCREEN, true], [p + 4 * SCREEN, false]] as const) {
        if (!(u > 0 && u < 1)) continue;
        const { value, calls } = countCalls(() => belowHazard(u, h));
        expect(value, `u ${u}, h ${h}`).toBe(want);
        expect(calls, `u ${u}, h ${h}: decided by the screen`).toBe(0);
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(500);
  });

  test("a zero count: u just below the screen's lower bound of P(0), computed here at an upper bound of the mean", () => {
    // The screen returns 0 when u < L(m) − margin, L the cubic Taylor polynomial of P(0) in the mean and m ≥ e^eta its
    // bound on the mean (the cheap exponential is within 7e-7 relative, times 1 + SCREEN). L falls in m for means up to
    // e^−1, so L at a larger m (here e^eta × (1 + SCREEN) × (1 + 1e-6)) is below the screen's own: u there must be
    // decided as 0 with no exp or log. A looser or wrong polynomial (a sign, a power) lets some of these through.
    let decided = 0;
    for (const alpha of [0, 0.3, 1.46, 5]) {
      const margin = 1e-12 + (alpha > 0 ? 1e-15 / alpha : 0);
      for (const eta of grid(-60, -1, 300)) {
        const m = Math.exp(eta) * (1 + SCREEN) * (1 + 1e-6);
        const a1 = 1 + alpha;
        const lower = 1 - m + (a1 * m * m) / 2 - (a1 * (1 + 2 * alpha) * m * m * m) / 6;
        const u = lower - margin - 1e-13;
        if (!(u > 0 && u < 1)) continue;
        const { value, calls } = countCalls(() => negBinomialFromEta(u, eta, alpha));
        expect(value, `u ${u}, eta ${eta}, alpha ${alpha}`).toBe(0);
        expect(calls, `u ${u}, eta ${eta}, alpha ${alpha}: decided by the screen`).toBe(0);
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(1000);
  });
});

/**
 * Counts above zero (negBinomialScreen): the first k with u ≤ cdf(k), decided on table values of μ, softplus and
 * the exponential when u is outside a band of 1e-5·(1 + k) around each cdf(k) it passes. Checked against
 * negBinomialFromU, the exact inversion, at u placed on every cdf(k) (as negBinomialFromU computes it), a few ulps
 * either side, just inside and just outside the band — and it must decide (no exp or log) whenever u is beyond the
 * band's width by a margin, over the screen's whole range of α and the mean.
 */
describe("NB2 counts above zero, screened", () => {
  /** Math.exp, Math.expm1 and Math.log calls while f runs (as the screens' contract tests above count them). */
  function countCalls<T>(f: () => T): { value: T; calls: number } {
    const spies = [vi.spyOn(Math, "exp"), vi.spyOn(Math, "expm1"), vi.spyOn(Math, "log")];
    try {
      const value = f();
      return { value, calls: spies.reduce((a, sp) => a + sp.mock.calls.length, 0) };
    } finally {
      for (const sp of spies) sp.mockRestore();
    }
  }

  /** The exact cumulative terms for (eta, alpha), as negBinomialFromU computes them. */
  function cdfs(eta: number, alpha: number, terms: number): number[] {
    const mu = Math.exp(eta);
    const r = 1 / alpha;
    const q = mu / (r + mu);
    let p = Math.exp(r * Math.log(1 - q));
    let c = p;
    const out = [c];
    for (let k = 0; k < terms - 1; k++) {
      p *= ((k + r) / (k + 1)) * q;
      c += p;
      out.push(c);
    }
    return out;
  }

  test("the same count as the exact inversion, on and around every term of the distribution", () => {
    const r = lcg(11);
    let n = 0;
    const wrong: string[] = [];
    for (const alpha of [0.2, 0.35, 1, 1.4616366945097614, 3, 12, 0.19, 0]) {
      for (const eta of [-47.9, -30, -8, -2, -0.5, 0, 1, 2.5, 3.99, 4, 6, ...Array.from({ length: 60 }, () => -10 + 14 * r())]) {
        const mu = Math.exp(eta);
        const terms = alpha > 0 ? cdfs(eta, alpha, 30) : [];
        const us = [r(), r(), r()];
        terms.forEach((c, k) => us.push(...near(c), c * (1 - 1e-5 * (1 + k) * 0.999), c * (1 + 1e-5 * (1 + k) * 1.001), c * (1 - 3e-5 * (1 + k)), c * (1 + 3e-5 * (1 + k))));
        for (const u of us) {
          if (!(u > 0 && u < 1)) continue;
          const want = negBinomialFromU(u, mu, alpha);
          const got = negBinomialFromEta(u, eta, alpha);
          const s = alpha > 0 ? negBinomialScreen(u, eta, alpha) : -1;
          if ((got !== want || (s >= 0 && s !== want)) && wrong.length < 5) wrong.push(`u ${u}, eta ${eta}, alpha ${alpha}: ${got} (screen ${s}), exact ${want}`);
          n++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(n).toBeGreaterThan(30_000);
  }, 60_000);

  test("decides with no exp or log when u is clearly between two terms, over the screen's range", () => {
    const r = lcg(12);
    let decided = 0;
    let counts = 0;
    for (const alpha of [0.2, 0.5, 1.4616366945097614, 4]) {
      negBinomialScreen(0.5, 0, alpha); // its log α, once per α (a replicate's α is fixed), outside the count
      for (let t = 0; t < 60; t++) {
        const eta = -40 + 43.9 * r();
        const c = cdfs(eta, alpha, 24);
        // u midway between two terms more than 8 bands apart (for k = 0: midway below P(0)), at every such k.
        for (let k = 0; k < 24; k++) {
          const lo = k === 0 ? 0 : (c[k - 1] as number);
          const hi = c[k] as number;
          if (!(hi - lo > 8e-5 * (1 + k) * hi)) continue;
          const u = (lo + hi) / 2;
          if (!(u > 0 && u < 1)) continue;
          const { value, calls } = countCalls(() => negBinomialFromEta(u, eta, alpha));
          expect(value, `u ${u}, eta ${eta}, alpha ${alpha}`).toBe(k);
          expect(calls, `u ${u}, eta ${eta}, alpha ${alpha}, k ${k}: decided by a screen`).toBe(0);
          decided++;
          if (k > 0) counts++;
        }
      }
    }
    expect(decided).toBeGreaterThan(800);
    expect(counts).toBeGreaterThan(300); // counts above zero, which the zero screen cannot decide
  });

  test("hands over outside its range: α below 0.2, a log mean of 4 or more, more than 24 terms", () => {
    // Each α's logarithm is taken once (primed here outside the count), so any exp or log counted is the exact path's.
    for (const [eta, alpha] of [[0, 0.19], [4, 1.46], [4.5, 1.46], [0, 0.2], [3.99, 1.46]] as const) {
      const u = 0.15; // a count of a few: within the screen's 24 terms at every (eta, alpha) here
      negBinomialScreen(0.5, 0, alpha);
      const { value, calls } = countCalls(() => negBinomialFromEta(u, eta, alpha));
      expect(value, `eta ${eta}, alpha ${alpha}`).toBe(negBinomialFromU(u, Math.exp(eta), alpha));
      expect(value).toBeLessThan(20);
      if (alpha < 0.2 || eta >= 4) expect(calls, `eta ${eta}, alpha ${alpha}: the exact inversion`).toBeGreaterThan(0);
      else expect(calls, `eta ${eta}, alpha ${alpha}: the screen`).toBe(0);
    }
    const c = cdfs(3.9, 0.2, 40);
    const uFar = ((c[30] as number) + (c[31] as number)) / 2; // the count is 31: beyond the screen's 24 terms
    expect(negBinomialScreen(uFar, 3.9, 0.2)).toBe(-1);
    expect(negBinomialFromEta(uFar, 3.9, 0.2)).toBe(negBinomialFromU(uFar, Math.exp(3.9), 0.2));
    expect(negBinomialFromEta(uFar, 3.9, 0.2)).toBe(31);
  });
});

describe("the count screen's accuracy", () => {
  /** Exact cumulative terms, as negBinomialFromU computes them. */
  function cdfs(eta: number, alpha: number, terms: number): number[] {
    const mu = Math.exp(eta);
    const r = 1 / alpha;
    const q = mu / (r + mu);
    let p = Math.exp(r * Math.log(1 - q));
    let c = p;
    const out = [c];
    for (let k = 0; k < terms - 1; k++) {
      p *= ((k + r) / (k + 1)) * q;
      c += p;
      out.push(c);
    }
    return out;
  }

  test("decides just outside its band: its table values are within 5e-6 (relative) of the exact terms", () => {
    // The band is 1e-5·(1 + k) around the screen's own cumulative term; the derivation bounds that term's error by
    // about 2e-6 + 1.5e-6·k. So u a further 5e-6·(1 + k) beyond the band around the exact term is always decided,
    // and decided right. A cruder table value (a Taylor term dropped, a wrong constant) leaves some undecided.
    const r = lcg(13);
    let tried = 0;
    for (const alpha of [0.2, 0.7, 1.4616366945097614, 6]) {
      for (let t = 0; t < 120; t++) {
        const eta = -45 + 48.9 * r();
        const c = cdfs(eta, alpha, 24);
        for (let k = 0; k < 24; k++) {
          const ck = c[k] as number;
          const w = (1e-5 + 5e-6) * (1 + k);
          const below = ck * (1 - w);
          const above = ck * (1 + w);
          const next = k + 1 < 24 ? (c[k + 1] as number) * (1 - (1e-5 + 5e-6) * (2 + k)) : 0;
          const prev = k > 0 ? (c[k - 1] as number) * (1 + (1e-5 + 5e-6) * k) : 0;
          if (below > prev && below > 0) {
            expect(negBinomialScreen(below, eta, alpha), `below term ${k}: eta ${eta}, alpha ${alpha}`).toBe(k);
            tried++;
          }
          if (above < next && above < 1) {
            expect(negBinomialScreen(above, eta, alpha), `above term ${k}: eta ${eta}, alpha ${alpha}`).toBe(k + 1);
            tried++;
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(2000);
  });
});
