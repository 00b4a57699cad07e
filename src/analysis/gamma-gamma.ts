import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { Query } from '../data/db';
import { expectedPurchases, WARM_START_PATTERNS, type BgnbdParams } from './bgnbd';
import { num } from './params';
import { minimizeLogWithGradient, thinPatterns } from './optimize';
import { SUMMARY_TABLE } from './summary';

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"), fitted on repeat customers
 * (x > 0) with m = mean gross value of their repeat purchase days before as-of, the spend
 * measure the published CDNOW figures use.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  customers: number;
}

export interface SpendPattern {
  x: number;
  m: number;
  n: number;
}

/** Distinct (x, m) pairs of repeat customers with a positive spend, counts as weights. */
export function buildSpendPatternsQuery(): Query {
  return {
    sql: `SELECT x, repeat_spend AS m, count(*) AS n FROM ${SUMMARY_TABLE}
      WHERE x > 0 AND repeat_spend > 0 GROUP BY x, repeat_spend ORDER BY x, repeat_spend`,
  };
}

/** Pattern columns (the pattern query's, read without row objects), same order. */
export interface SpendPatternColumns {
  x: ArrayLike<number>;
  m: ArrayLike<number>;
  n: ArrayLike<number>;
}

export function spendPatternsOf(c: SpendPatternColumns): SpendPattern[] {
  const out: SpendPattern[] = [];
  for (let i = 0; i < c.x.length; i++) out.push({ x: c.x[i] ?? 0, m: c.m[i] ?? 0, n: c.n[i] ?? 0 });
  return out;
}

export function parseSpendPatterns(rows: readonly Record<string, unknown>[]): SpendPattern[] {
  return rows.map((r) => ({ x: num(r['x']), m: num(r['m']), n: num(r['n']) }));
}

/**
 * Log-likelihood of one customer's mean spend m over x transactions (FHL 2005b, eq. 3).
 * `perX` caches the gamma terms that depend on x only.
 */
export function gammaGammaLogLikelihood(
  g: GammaGammaParams,
  x: number,
  m: number,
  perX?: Map<number, number>,
): number {
  const { p, q, v } = g;
  const px = p * x;
  let gx = perX?.get(x);
  if (gx === undefined) {
    gx = gammaln(px + q) - gammaln(px) - gammaln(q) + q * Math.log(v) + px * Math.log(x);
    perX?.set(x, gx);
  }
  return gx + (px - 1) * Math.log(m) - (px + q) * Math.log(x * m + v);
}

/**
 * Minus the total log-likelihood and its gradient in log-parameters u = log(p, q, v), over the
 * usable patterns (x > 0, m > 0, n > 0) packed once. Per customer, with s = x m + v:
 * d/dp = x (psi(px+q) - psi(px) + log x + log m - log s), d/dq = psi(px+q) - psi(q) + log v -
 * log s, d/dv = q / v - (px+q) / s; the digammas depend on x only and are taken once per x.
 */
export function gammaGammaNegLogLikelihoodLog(
  patterns: readonly SpendPattern[],
): (u: readonly number[], grad: number[]) => number {
  const usable = patterns.filter((s) => s.x > 0 && s.m > 0 && s.n > 0);
  const len = usable.length;
  const distinct: number[] = [];
  const slotOf = new Map<number, number>();
  const kx = new Int32Array(len);
  usable.forEach((c, i) => {
    let k = slotOf.get(c.x);
    if (k === undefined) {
      k = distinct.length;
      distinct.push(c.x);
      slotOf.set(c.x, k);
    }
    kx[i] = k;
  });
  const xs = Float64Array.from(usable, (c) => c.x);
  const ms = Float64Array.from(usable, (c) => c.m);
  const logMs = Float64Array.from(usable, (c) => Math.log(c.m));
  const ns = Float64Array.from(usable, (c) => c.n);
  const dx = Float64Array.from(distinct);
  const nPerX = new Float64Array(distinct.length);
  for (let i = 0; i < len; i++) {
    const k = kx[i] as number;
    nPerX[k] = (nPerX[k] as number) + (ns[i] as number);
  }
  const gx = new Float64Array(distinct.length);
  return (u, grad) => {
    const [p, q, v] = u.map(Math.exp) as [number, number, number];
    const logV = Math.log(v);
    const lgQ = gammaln(q);
    for (let k = 0; k < dx.length; k++) {
      const x = dx[k] as number;
      const px = p * x;
      gx[k] = gammaln(px + q) - gammaln(px) - lgQ + q * logV + px * Math.log(x);
    }
    let ll = 0;
    // Sums over customers of n x log(m / s), n log s and n (px+q) / s.
    let sxLogMs = 0;
    let sLogS = 0;
    let sInvS = 0;
    for (let i = 0; i < len; i++) {
      const x = xs[i] as number;
      const n = ns[i] as number;
      const px = p * x;
      const sum = x * (ms[i] as number) + v;
      const logS = Math.log(sum);
      const logM = logMs[i] as number;
      ll += n * ((gx[kx[i] as number] as number) + (px - 1) * logM - (px + q) * logS);
      sxLogMs += n * x * (logM - logS);
      sLogS += n * logS;
      sInvS += (n * (px + q)) / sum;
    }
    let gp = sxLogMs;
    let gq = -sLogS;
    let total = 0;
    const psiQ = digamma(q);
    for (let k = 0; k < dx.length; k++) {
      const x = dx[k] as number;
      const nk = nPerX[k] as number;
      total += nk;
      const psiPxQ = digamma(p * x + q);
      gp += nk * x * (psiPxQ - digamma(p * x) + Math.log(x));
      gq += nk * (psiPxQ - psiQ);
    }
    gq += total * logV;
    const gv = (total * q) / v - sInvS;
    grad[0] = -gp * p;
    grad[1] = -gq * q;
    grad[2] = -gv * v;
    return -ll;
  };
}

/**
 * Maximum-likelihood fit (quasi-Newton with analytic gradients over log-parameters; a second
 * start as fallback). Null with fewer than two usable customers.
 */
export function fitGammaGamma(patterns: readonly SpendPattern[]): GammaGammaFit | null {
  const usable = patterns.filter((s) => s.x > 0 && s.m > 0 && s.n > 0);
  const customers = usable.reduce((s, c) => s + c.n, 0);
  if (customers < 2) return null;
  const mean = usable.reduce((s, c) => s + c.n * c.m, 0) / customers;
  const best = minimizeLogWithGradient(
    gammaGammaNegLogLikelihoodLog(usable),
    [
      [1, 1, 1],
      [5, 3, Math.max(mean, 1)],
    ],
    usable.length > WARM_START_PATTERNS
      ? gammaGammaNegLogLikelihoodLog(thinPatterns(usable, WARM_START_PATTERNS))
      : undefined,
  );
  const [p, q, v] = best.params as [number, number, number];
  return { p, q, v, logLikelihood: -best.value, customers };
}

/**
 * E[M | x, m]: the customer's expected average spend, a weighted mean of the population mean
 * p v / (q - 1) and the customer's own mean m. Customers with x = 0 get the population mean.
 * Null when q <= 1 (the population mean does not exist).
 */
export function expectedAverageSpend(g: GammaGammaParams, x: number, m: number): number | null {
  const { p, q, v } = g;
  if (q <= 1) return null;
  if (x <= 0) return (p * v) / (q - 1);
  return (p * (v + x * m)) / (p * x + q - 1);
}

/**
 * Simple customer value over a horizon: expected repeat purchases in `horizonWeeks` (BG/NBD)
 * times expected average spend (Gamma-Gamma). Undiscounted, no margin applied.
 */
export function customerValue(
  bg: BgnbdParams,
  gg: GammaGammaParams,
  horizonWeeks: number,
  c: { x: number; t_x: number; T: number; m: number | null },
): number | null {
  const spend = expectedAverageSpend(gg, c.x, c.m ?? 0);
  if (spend === null) return null;
  return expectedPurchases(bg, horizonWeeks, c.x, c.t_x, c.T) * spend;
}
