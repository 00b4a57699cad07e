import { describe, expect, it } from 'vitest';
import {
  bgnbdNegLogLikelihoodLog,
  bgnbdTotalLogLikelihood,
  fitBgnbd,
  WARM_START_PATTERNS,
  type RfPattern,
} from '../../src/analysis/bgnbd';
import {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaNegLogLikelihoodLog,
  type SpendPattern,
} from '../../src/analysis/gamma-gamma';
import {
  minimizeBfgs,
  minimizeLog,
  minimizeLogWithGradient,
  thinPatterns,
  type ValueAndGradient,
} from '../../src/analysis/optimize';

/** Deterministic pseudo-random numbers in [0, 1) (a linear congruential generator). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Customers drawn from the BG/NBD story with weekly purchase chances, grouped into patterns. */
function rfPatterns(customers: number, seed: number): RfPattern[] {
  const rand = rng(seed);
  const counts = new Map<string, RfPattern>();
  for (let c = 0; c < customers; c++) {
    const T = 1 + Math.floor(rand() * 150);
    const rate = 0.02 + rand() * 0.4;
    const dropChance = rand() * 0.1;
    let x = 0;
    let t_x = 0;
    for (let w = 1; w < T; w++) {
      if (rand() < dropChance) break;
      if (rand() < rate) {
        x++;
        t_x = w;
      }
    }
    const key = `${x}|${t_x}|${T}`;
    const p = counts.get(key);
    if (p) p.n++;
    else counts.set(key, { x, t_x, T, n: 1 });
  }
  return [...counts.values()].sort((a, b) => a.x - b.x || a.t_x - b.t_x || a.T - b.T);
}

function centralDifferences(fg: ValueAndGradient, u: number[]): number[] {
  const h = 1e-5;
  const scratch = u.map(() => 0);
  return u.map((_, i) => {
    const up = [...u];
    const down = [...u];
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    return (fg(up, scratch) - fg(down, scratch)) / (2 * h);
  });
}

describe('quasi-Newton optimizer', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const fg: ValueAndGradient = ([x = 0, y = 0], grad) => {
      grad[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      grad[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const r = minimizeBfgs(fg, [-1.2, 1], { gradTol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });

  it('backs off from steps where the objective overflows', () => {
    // Finite only for u < 3: the first full step from 0 lands outside.
    const fg: ValueAndGradient = ([u = 0], grad) => {
      grad[0] = 2 * (u - 2.5);
      return u < 3 ? (u - 2.5) ** 2 : Infinity;
    };
    const r = minimizeBfgs(fg, [0], { maxStep: 10 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(2.5, 6);
  });

  it('thins patterns keeping the total weight', () => {
    const pats = Array.from({ length: 10 }, (_, i) => ({ id: i, n: i + 1 }));
    const thin = thinPatterns(pats, 4);
    expect(thin.map((p) => p.id)).toEqual([0, 3, 6, 9]);
    expect(thin.reduce((s, p) => s + p.n, 0)).toBeCloseTo(55, 10);
    expect(thinPatterns(pats, 10)).toEqual(pats);
  });
});

describe('analytic gradients', () => {
  it('BG/NBD: value equals the per-customer sum, gradient equals central differences', () => {
    const pats = rfPatterns(300, 1);
    const fg = bgnbdNegLogLikelihoodLog(pats);
    const p = { r: 0.4, alpha: 6, a: 0.7, b: 3 };
    const u = [p.r, p.alpha, p.a, p.b].map(Math.log);
    const grad = [0, 0, 0, 0];
    expect(fg(u, grad)).toBeCloseTo(-bgnbdTotalLogLikelihood(p, pats), 8);
    centralDifferences(fg, u).forEach((d, i) => {
      expect(Math.abs((grad[i] as number) - d)).toBeLessThan(1e-5 * Math.max(1, Math.abs(d)));
    });
  });

  it('Gamma-Gamma: value equals the per-customer sum, gradient equals central differences', () => {
    const rand = rng(2);
    const pats: SpendPattern[] = Array.from({ length: 300 }, () => ({
      x: 1 + Math.floor(rand() * 8),
      m: 5 + rand() * 200,
      n: 1 + Math.floor(rand() * 3),
    }));
    const fg = gammaGammaNegLogLikelihoodLog(pats);
    const g = { p: 3, q: 2.5, v: 40 };
    const u = [g.p, g.q, g.v].map(Math.log);
    const grad = [0, 0, 0];
    const direct = pats.reduce((s, c) => s + c.n * gammaGammaLogLikelihood(g, c.x, c.m), 0);
    expect(fg(u, grad)).toBeCloseTo(-direct, 8);
    centralDifferences(fg, u).forEach((d, i) => {
      expect(Math.abs((grad[i] as number) - d)).toBeLessThan(1e-5 * Math.max(1, Math.abs(d)));
    });
  });
});

describe('fits', () => {
  const pats = rfPatterns(20_000, 3);

  it('the warm start from a thinned sample reaches the full-data optimum', () => {
    expect(pats.length).toBeGreaterThan(WARM_START_PATTERNS);
    const fit = fitBgnbd(pats);
    if (!fit) throw new Error('no fit');
    const cold = minimizeLogWithGradient(bgnbdNegLogLikelihoodLog(pats), [[1, 50, 1, 1]]);
    const [r, alpha, a, b] = cold.params as [number, number, number, number];
    expect(Math.abs(fit.r / r - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.alpha / alpha - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.a / a - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.b / b - 1)).toBeLessThan(1e-4);
    expect(fit.logLikelihood).toBeCloseTo(-cold.value, 4);
  });

  it('matches or beats the derivative-free Nelder-Mead optimum', () => {
    const small = rfPatterns(2_000, 4);
    const fit = fitBgnbd(small);
    if (!fit) throw new Error('no fit');
    const nm = minimizeLog(
      (v) => {
        const [r = 0, alpha = 0, a = 0, b = 0] = v;
        return -bgnbdTotalLogLikelihood({ r, alpha, a, b }, small);
      },
      [[1, 50, 1, 1]],
    );
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-nm.value - 1e-6);
    expect(fit.logLikelihood).toBeCloseTo(-nm.value, 3);
  });

  it('Gamma-Gamma recovers the spend parameters it was drawn from', () => {
    // Spend per transaction ~ Gamma(p, nu), nu ~ Gamma(q, v); m = mean of x draws. A Gamma with
    // integer shape is a sum of exponentials, which keeps the generator short.
    const rand = rng(5);
    const gammaInt = (shape: number, rate: number) => {
      let s = 0;
      for (let k = 0; k < shape; k++) s -= Math.log(1 - rand());
      return s / rate;
    };
    const truth = { p: 4, q: 3, v: 60 };
    const pats: SpendPattern[] = [];
    for (let c = 0; c < 20_000; c++) {
      const nu = gammaInt(truth.q, truth.v);
      const x = 1 + Math.floor(rand() * 6);
      let total = 0;
      for (let k = 0; k < x; k++) total += gammaInt(truth.p, nu);
      pats.push({ x, m: total / x, n: 1 });
    }
    const fit = fitGammaGamma(pats);
    if (!fit) throw new Error('no fit');
    expect(Math.abs(fit.p / truth.p - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.q / truth.q - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.v / truth.v - 1)).toBeLessThan(0.2);
  });

  it('nobody drops out: the fit stays finite with a small', () => {
    // Everyone bought in the last week they were observed: no sign of dropout, a -> 0.
    const noDrop: RfPattern[] = Array.from({ length: 40 }, (_, i) => ({
      x: i % 5,
      t_x: i % 5 === 0 ? 0 : 30 + (i % 7),
      T: 30 + (i % 7),
      n: 3,
    }));
    const fit = fitBgnbd(noDrop);
    if (!fit) throw new Error('no fit');
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.a).toBeLessThan(0.05);
  });
});
