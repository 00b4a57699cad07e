import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

export interface ParetoOptions {
  /** Share of customers whose value share is reported (`topShare`). Default 0.2. */
  topCustomerShare?: number;
  /** Value share for which the needed customer share is reported. Default 0.8. */
  valueShare?: number;
  /** Rows in the top-N table. Default 10. */
  topN?: number;
}

export interface CurvePoint {
  /** Cumulative share of customers, largest value first. */
  customerShare: number;
  /** Cumulative share of total value. */
  valueShare: number;
}

export interface TopCustomer {
  customerId: string;
  value: number;
  share: number | null;
}

export interface ParetoCurve {
  /** Buyers (any order row up to as-of), zero and negative values included. */
  customers: number;
  totalValue: number;
  zeroValueCustomers: number;
  negativeValueCustomers: number;
  /** Exact curve: (0,0) then one point per customer. Use `downsampleCurve` for drawing. */
  points: CurvePoint[];
  /** The top max(1, round(topCustomerShare x N)) customers (Germany: 95 -> 19). */
  topCount: number;
  /** Their share of total value; null when total value is not positive. */
  topShare: number | null;
  /** Fewest customers whose cumulative value reaches valueShare of the total. */
  customersForValueShare: number | null;
  customerShareForValueShare: number | null;
  /** Gini coefficient of customer value; null when total value is not positive. */
  gini: number | null;
  top: TopCustomer[];
}

export interface ParetoResult {
  options: Required<ParetoOptions>;
  overall: ParetoCurve;
  /** One curve per value of the segment-by attribute (null = attribute missing); [] when not segmenting. */
  segments: { segment: string | null; curve: ParetoCurve }[];
}

export function resolveParetoOptions(o: ParetoOptions = {}): Required<ParetoOptions> {
  const r = { topCustomerShare: 0.2, valueShare: 0.8, topN: 10, ...o };
  for (const k of ['topCustomerShare', 'valueShare'] as const) {
    if (!(r[k] > 0 && r[k] <= 1)) throw new Error(`${k} must be in (0, 1], got ${r[k]}`);
  }
  return r;
}

/** Buyers' values from `customer_summary`, largest first (ties by customer_id). */
export function buildParetoQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  return {
    sql: `SELECT ${segmentExpr(rp)} AS segment, customer_id, value FROM ${SUMMARY_TABLE}
      WHERE buyer ORDER BY value DESC, customer_id`,
  };
}

export function parsePareto(
  rows: readonly Record<string, unknown>[],
  options: ParetoOptions = {},
  segmented = false,
): ParetoResult {
  const opts = resolveParetoOptions(options);
  const all = rows.map((r) => ({
    segment: r['segment'] === null || r['segment'] === undefined ? null : String(r['segment']),
    id: String(r['customer_id']),
    value: num(r['value']),
  }));
  const segments: ParetoResult['segments'] = [];
  if (segmented) {
    const groups = new Map<string | null, typeof all>();
    for (const r of all) {
      const g = groups.get(r.segment) ?? [];
      g.push(r);
      groups.set(r.segment, g);
    }
    for (const [segment, g] of groups) segments.push({ segment, curve: paretoCurve(g, opts) });
    segments.sort((x, y) => y.curve.totalValue - x.curve.totalValue);
  }
  return { options: opts, overall: paretoCurve(all, opts), segments };
}

/** Pareto statistics of values already sorted largest first. */
export function paretoCurve(
  sorted: readonly { id: string; value: number }[],
  opts: Required<ParetoOptions>,
): ParetoCurve {
  const n = sorted.length;
  const total = sorted.reduce((s, r) => s + r.value, 0);
  const positive = total > 0;
  const points: CurvePoint[] = [{ customerShare: 0, valueShare: 0 }];
  let cum = 0;
  let customersFor: number | null = null;
  const target = opts.valueShare * total;
  for (const [i, row] of sorted.entries()) {
    cum += row.value;
    points.push({ customerShare: (i + 1) / n, valueShare: positive ? cum / total : 0 });
    if (positive && customersFor === null && cum >= target - 1e-9 * Math.abs(total)) {
      customersFor = i + 1;
    }
  }
  const topCount = n > 0 ? Math.max(1, Math.round(opts.topCustomerShare * n)) : 0;
  const topValue = sorted.slice(0, topCount).reduce((s, r) => s + r.value, 0);
  return {
    customers: n,
    totalValue: total,
    zeroValueCustomers: sorted.filter((r) => r.value === 0).length,
    negativeValueCustomers: sorted.filter((r) => r.value < 0).length,
    points,
    topCount,
    topShare: positive ? topValue / total : null,
    customersForValueShare: customersFor,
    customerShareForValueShare: customersFor === null ? null : customersFor / n,
    gini: positive ? gini(sorted.map((r) => r.value)) : null,
    top: sorted.slice(0, opts.topN).map((r) => ({
      customerId: r.id,
      value: r.value,
      share: positive ? r.value / total : null,
    })),
  };
}

/** How many customers the top `share` of `n` is: max(1, round(share x n)), 0 when none. */
export function topCountOf(n: number, share: number): number {
  if (!(share > 0 && share <= 1)) throw new Error(`share must be in (0, 1], got ${share}`);
  return n > 0 ? Math.max(1, Math.round(share * n)) : 0;
}

/**
 * `topCount` and `topShare` of a curve for another customer share, read off its points: point
 * k holds the running sum of the k largest values over the total, the very sum `paretoCurve`
 * divides, so a top-X slider needs no new pass over the customers.
 */
export function topShareOf(
  curve: Pick<ParetoCurve, 'customers' | 'points' | 'totalValue'>,
  share: number,
): { topCount: number; topShare: number | null } {
  const topCount = topCountOf(curve.customers, share);
  const point = curve.points[topCount];
  return {
    topCount,
    topShare: curve.totalValue > 0 && point ? point.valueShare : null,
  };
}

/** Gini coefficient: sum over ascending values of (2i - n - 1) x_i / (n sum x). */
export function gini(values: readonly number[]): number | null {
  const n = values.length;
  const asc = [...values].sort((a, b) => a - b);
  const total = asc.reduce((s, v) => s + v, 0);
  if (n === 0 || total <= 0) return null;
  let acc = 0;
  for (const [i, v] of asc.entries()) acc += (2 * (i + 1) - n - 1) * v;
  return acc / (n * total);
}

/**
 * At most `max` points (default 500) for drawing, evenly spaced along the curve's length so the
 * steep head (few large customers) keeps its detail; first and last points always kept.
 */
export function downsampleCurve(points: readonly CurvePoint[], max = 500): CurvePoint[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length <= max || max < 2 || !first || !last) return [...points];
  // Cumulative length along the curve at each point.
  const len: number[] = [];
  let acc = 0;
  let prev = first;
  for (const p of points) {
    acc += Math.hypot(p.customerShare - prev.customerShare, p.valueShare - prev.valueShare);
    len.push(acc);
    prev = p;
  }
  const out: CurvePoint[] = [first];
  let j = 1;
  for (let k = 1; k < max - 1; k++) {
    const target = (acc * k) / (max - 1);
    while (j < points.length - 1 && (len[j] ?? acc) < target) j++;
    const p = points[j];
    if (p && out[out.length - 1] !== p) out.push(p);
  }
  out.push(last);
  return out;
}
