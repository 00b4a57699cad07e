import gammaln from '@stdlib/math-base-special-gammaln';
import type { Query } from '../data/db';
import { expectedPurchases, type BgnbdParams } from './bgnbd';
import { num } from './params';
import { minimizeLog } from './optimize';
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

export function fitGammaGamma(patterns: readonly SpendPattern[]): GammaGammaFit | null {
  const usable = patterns.filter((s) => s.x > 0 && s.m > 0 && s.n > 0);
  const customers = usable.reduce((s, c) => s + c.n, 0);
  if (customers < 2) return null;
  const mean = usable.reduce((s, c) => s + c.n * c.m, 0) / customers;
  const xs = Float64Array.from(usable, (s) => s.x);
  const ms = Float64Array.from(usable, (s) => s.m);
  const logMs = Float64Array.from(usable, (s) => Math.log(s.m));
  const ns = Float64Array.from(usable, (s) => s.n);
  const best = minimizeLog(
    (par) => {
      const [p, q, v] = par as [number, number, number];
      const perX = new Map<number, number>();
      let ll = 0;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i] as number;
        let gx = perX.get(x);
        if (gx === undefined) {
          gx = gammaGammaLogLikelihood({ p, q, v }, x, 1) + (p * x + q) * Math.log(x + v);
          perX.set(x, gx);
        }
        const m = ms[i] as number;
        ll +=
          (ns[i] as number) *
          (gx + (p * x - 1) * (logMs[i] as number) - (p * x + q) * Math.log(x * m + v));
      }
      return -ll;
    },
    [
      [1, 1, 1],
      [5, 3, Math.max(mean, 1)],
    ],
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
