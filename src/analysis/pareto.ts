import type { Query } from '../data/db';
import { isoDate, num, resolveParams, type AnalysisParams } from './params';
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

/**
 * `topCount` and `topShare` of a curve for another customer share, read off its points: point
 * k holds the running sum of the k largest values over the total, the very sum `paretoCurve`
 * divides, so a top-X slider needs no new pass over the customers.
 */
export function topShareOf(
  curve: Pick<ParetoCurve, 'customers' | 'points' | 'totalValue'>,
  share: number,
): { topCount: number; topShare: number | null } {
  if (!(share > 0 && share <= 1)) throw new Error(`share must be in (0, 1], got ${share}`);
  const n = curve.customers;
  const topCount = n > 0 ? Math.max(1, Math.round(share * n)) : 0;
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

/**
 * The Pareto view lists customers by rank band: deciles of buying customers, largest value
 * first (band 1 = the top 10 %). Deciles read as "the top 10 %", "the next 10 %" and line up
 * with the curve's gridlines, so a click anywhere on the curve has an obvious meaning.
 */
export const PARETO_BANDS = 10;

/** Percent range of customer ranks a band covers, e.g. band 3 = 20..30. */
export function paretoBandRange(band: number): { fromPct: number; toPct: number } {
  if (!Number.isInteger(band) || band < 1 || band > PARETO_BANDS) {
    throw new Error(`band must be an integer from 1 to ${PARETO_BANDS}, got ${band}`);
  }
  const width = 100 / PARETO_BANDS;
  return { fromPct: (band - 1) * width, toPct: band * width };
}

/**
 * Band under a customer share (0..1) on the curve's x axis, null outside the axis. Bands are
 * (from, to], as in the query: the customer plotted exactly at 20 % is the last of band 2.
 */
export function bandAtShare(share: number): number | null {
  if (!Number.isFinite(share) || share < 0 || share > 1) return null;
  return Math.min(PARETO_BANDS, Math.max(1, Math.ceil(share * PARETO_BANDS - 1e-9)));
}

export interface BandCustomer {
  rank: number;
  customerId: string;
  value: number;
  /** Share of total buyer value; null when that total is not positive. */
  share: number | null;
  /** Share held by this customer and everyone ranked above; null as `share`. */
  cumulativeShare: number | null;
  orders: number;
  lastOrder: string | null;
}

export interface ParetoBandResult {
  fromPct: number;
  toPct: number;
  /** Buying customers in scope (the 100 % the band is a slice of). */
  buyers: number;
  totalValue: number;
  customers: BandCustomer[];
  /** Sum of the band's values and its share of the total (null when the total is not positive). */
  value: number;
  valueShare: number | null;
}

/**
 * Buyers whose rank r (1 = highest value) falls in the band: fromPct% < r / N <= toPct%, the
 * same x the curve plots each customer at. Integer percents keep the bounds exact.
 * Always returns one row at least (the totals), so an empty band still reports N.
 */
export function buildParetoBandQuery(range: { fromPct: number; toPct: number }): Query {
  const { fromPct, toPct } = range;
  if (!(Number.isInteger(fromPct) && Number.isInteger(toPct) && 0 <= fromPct && fromPct < toPct)) {
    throw new Error(`band range must be integer percents with from < to, got ${fromPct}..${toPct}`);
  }
  if (toPct > 100) throw new Error(`band range ends past 100%: ${toPct}`);
  return {
    sql: `WITH t AS (
        SELECT count(*) AS buyers, COALESCE(sum(value), 0) AS total FROM ${SUMMARY_TABLE} WHERE buyer
      ),
      b AS (
        SELECT s.value_rank, s.customer_id, s.value, s.value_above_share, s.orders, s.last_order
        FROM ${SUMMARY_TABLE} s, t
        WHERE s.buyer AND s.value_rank * 100 > ? * t.buyers AND s.value_rank * 100 <= ? * t.buyers
      )
      SELECT t.buyers, t.total, b.* FROM t LEFT JOIN b ON true ORDER BY b.value_rank`,
    params: [fromPct, toPct],
  };
}

export function parseParetoBand(
  rows: readonly Record<string, unknown>[],
  range: { fromPct: number; toPct: number },
): ParetoBandResult {
  const first = rows[0] ?? {};
  const buyers = num(first['buyers']);
  const totalValue = num(first['total']);
  const positive = totalValue > 0;
  const customers: BandCustomer[] = rows
    .filter((r) => r['customer_id'] !== null && r['customer_id'] !== undefined)
    .map((r) => {
      const value = num(r['value']);
      const share = positive ? value / totalValue : null;
      const above = r['value_above_share'];
      return {
        rank: num(r['value_rank']),
        customerId: String(r['customer_id']),
        value,
        share,
        cumulativeShare:
          share === null || above === null || above === undefined ? null : num(above) + share,
        orders: num(r['orders']),
        lastOrder: isoDate(r['last_order']),
      };
    });
  const value = customers.reduce((s, c) => s + c.value, 0);
  return {
    ...range,
    buyers,
    totalValue,
    customers,
    value,
    valueShare: positive ? value / totalValue : null,
  };
}
