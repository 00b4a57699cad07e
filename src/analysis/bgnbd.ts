import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import type { Query } from '../data/db';
import { num } from './params';
import { minimizeLogWithGradient, thinPatterns } from './optimize';
import { bgnbdNegLogLikelihoodLog, bgnbdObjective } from './bgnbd-likelihood';
import { SUMMARY_TABLE } from './summary';

export { bgnbdObjective, bgnbdNegLogLikelihoodLog };

/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"). Time unit: weeks.
 * x = repeat purchase days, t_x = weeks from first to last purchase, T = weeks from first
 * purchase to as-of.
 */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgnbdFit extends BgnbdParams {
  logLikelihood: number;
  /** Customers the fit saw (sum of pattern weights). */
  customers: number;
}

/** One distinct (x, t_x, T) pattern and how many customers share it. */
export interface RfPattern {
  x: number;
  t_x: number;
  T: number;
  n: number;
}

/** Distinct (x, t_x, T) patterns of buyers in `customer_summary`, with counts as weights. */
export function buildBgnbdPatternsQuery(): Query {
  return {
    sql: `SELECT x, t_x, "T", count(*) AS n FROM ${SUMMARY_TABLE}
      WHERE x IS NOT NULL AND "T" > 0 GROUP BY x, t_x, "T" ORDER BY x, t_x, "T"`,
  };
}

/** Pattern columns (the pattern query's, read without row objects), same order. */
export interface RfPatternColumns {
  x: ArrayLike<number>;
  t_x: ArrayLike<number>;
  T: ArrayLike<number>;
  n: ArrayLike<number>;
}

export function rfPatternsOf(c: RfPatternColumns): RfPattern[] {
  const out: RfPattern[] = [];
  for (let i = 0; i < c.x.length; i++) {
    out.push({ x: c.x[i] ?? 0, t_x: c.t_x[i] ?? 0, T: c.T[i] ?? 0, n: c.n[i] ?? 0 });
  }
  return out;
}

export function parseRfPatterns(rows: readonly Record<string, unknown>[]): RfPattern[] {
  return rows.map((r) => ({ x: num(r['x']), t_x: num(r['t_x']), T: num(r['T']), n: num(r['n']) }));
}

function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}

/**
 * Log-likelihood of one customer (FHL 2005, eq. 6), using B(a+1, b+x-1) / B(a, b+x) = a / (b+x-1).
 * `perX` caches the parts that depend on x only (few distinct values in a data set).
 */
export function bgnbdLogLikelihood(
  p: BgnbdParams,
  x: number,
  t_x: number,
  T: number,
  perX?: Map<number, number>,
): number {
  const { r, alpha, a, b } = p;
  let common = perX?.get(x);
  if (common === undefined) {
    common = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + betaln(a, b + x) - betaln(a, b);
    perX?.set(x, common);
  }
  const alive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + alive;
  const dropped = Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + t_x);
  return common + logAddExp(alive, dropped);
}

export function bgnbdTotalLogLikelihood(p: BgnbdParams, patterns: readonly RfPattern[]): number {
  return bgnbdObjective(patterns)(p);
}

/** Above this many patterns the fit starts from the optimum of a thinned sample. */
export const WARM_START_PATTERNS = 4000;

/**
 * Maximum-likelihood fit: quasi-Newton with analytic gradients over log-parameters, from a
 * start near typical estimates and a second one (best point wins). Returns null when there
 * are no customers or nobody ever repeated (the model is not identified).
 */
export function fitBgnbd(patterns: readonly RfPattern[]): BgnbdFit | null {
  const customers = patterns.reduce((s, c) => s + c.n, 0);
  if (customers === 0 || !patterns.some((c) => c.x > 0 && c.n > 0)) return null;
  const meanT = patterns.reduce((s, c) => s + c.n * c.T, 0) / customers;
  const starts = [
    [1, Math.max(meanT, 1), 1, 1],
    [0.5, Math.max(meanT / 4, 1), 0.5, 2],
  ];
  const best = minimizeLogWithGradient(
    bgnbdNegLogLikelihoodLog(patterns),
    starts,
    patterns.length > WARM_START_PATTERNS
      ? bgnbdNegLogLikelihoodLog(thinPatterns(patterns, WARM_START_PATTERNS))
      : undefined,
  );
  const [r, alpha, a, b] = best.params as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -best.value, customers };
}

/** P(alive | x, t_x, T); 1 for customers who never repeated (x = 0), by the model's definition. */
export function probabilityAlive(p: BgnbdParams, x: number, t_x: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + t_x));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in the next t weeks (FHL 2005, eq. 10).
 * When the Gauss series is slow (z near 1) Euler's transformation keeps hyp2f1 accurate.
 */
export function expectedPurchases(
  p: BgnbdParams,
  t: number,
  x: number,
  t_x: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  const ha = r + x;
  const hb = b + x;
  const hc = a + b + x - 1;
  const z = t / (alpha + T + t);
  let h = hyp2f1(ha, hb, hc, z);
  if (!Number.isFinite(h) || h <= 0) {
    h = hyp2f1(hc - ha, hc - hb, hc, z) * Math.pow(1 - z, hc - ha - hb);
  }
  const first = (a + b + x - 1) / (a - 1);
  const second = 1 - h * Math.pow((alpha + T) / (alpha + T + t), r + x);
  const denom = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + t_x), r + x) : 1;
  return (first * second) / denom;
}

/** Days to BG/NBD weeks. */
export function weeks(days: number): number {
  return days / 7;
}
