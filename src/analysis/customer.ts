import type { Query } from '../data/db';
import { isoDate, num, numOrNull, resolveParams, type AnalysisParams } from './params';
import { abcTierSql, resolveCutoffs, type AbcCutoffs, type AbcTier } from './abc';
import { CUSTOMER_DAYS_TABLE } from './customer-days';
import { resolveShares, type PyramidLevel, type PyramidShares } from './pyramid';
import { buildRfmScoresQuery, rfmSegment, type RfmSegment } from './rfm';
import { dateWindow } from './scope';
import { SUMMARY_TABLE } from './summary';

/** One customer, for the drill-down: attributes, summary figures, ABC tier and RFM scores. */
export interface CustomerDetail {
  customerId: string;
  name: string | null;
  region: string | null;
  channel: string | null;
  segment: string | null;
  firstOrder: string | null;
  lastOrder: string | null;
  purchaseDays: number;
  orders: number;
  returns: number;
  value: number;
  value12m: number;
  recencyDays: number | null;
  medianGapDays: number | null;
  tier: AbcTier | null;
  rfm: { r: number; f: number; m: number; segment: RfmSegment } | null;
  /** BG/NBD inputs (weeks). */
  x: number;
  t_x: number;
  T: number;
}

/** Reads `customer_summary` (built for `params`) and the customers table for one customer. */
export function buildCustomerDetailQuery(
  customerId: string,
  params: AnalysisParams = {},
  cutoffs: AbcCutoffs = {},
): Query {
  const tier = abcTierSql(cutoffs, 's');
  const rfm = buildRfmScoresQuery(params);
  return {
    sql: `SELECT s.customer_id, c.name, s.region, s.channel, s.segment, s.first_order, s.last_order,
        s.purchase_days, s.orders, s.returns, s.value, s.value_12m, s.recency_days,
        s.median_gap_days, CASE WHEN s.buyer THEN ${tier.sql} END AS tier, s.x, s.t_x, s."T",
        r.r, r.f, r.m
      FROM ${SUMMARY_TABLE} s
      LEFT JOIN customers c ON c.customer_id = s.customer_id
      LEFT JOIN (${rfm.sql}) r ON r.customer_id = s.customer_id
      WHERE s.customer_id = ?`,
    params: [...tier.params, ...(rfm.params ?? []), customerId],
  };
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function parseCustomerDetail(
  rows: readonly Record<string, unknown>[],
): CustomerDetail | null {
  const d = rows[0];
  if (!d) return null;
  const r = numOrNull(d['r']);
  const f = numOrNull(d['f']);
  return {
    customerId: String(d['customer_id']),
    name: str(d['name']),
    region: str(d['region']),
    channel: str(d['channel']),
    segment: str(d['segment']),
    firstOrder: isoDate(d['first_order']),
    lastOrder: isoDate(d['last_order']),
    purchaseDays: num(d['purchase_days']),
    orders: num(d['orders']),
    returns: num(d['returns']),
    value: num(d['value']),
    value12m: num(d['value_12m']),
    recencyDays: numOrNull(d['recency_days']),
    medianGapDays: numOrNull(d['median_gap_days']),
    tier: (str(d['tier']) as AbcTier | null) ?? null,
    rfm: r !== null && f !== null ? { r, f, m: num(d['m']), segment: rfmSegment(r, f) } : null,
    x: num(d['x']),
    t_x: num(d['t_x']),
    T: num(d['T']),
  };
}

export interface CustomerOrder {
  orderId: string | null;
  date: string | null;
  amount: number;
  status: string | null;
  isReturn: boolean;
}

/** Every order row of one customer, oldest first (all dates: the as-of cut is shown, not hidden). */
export function buildCustomerOrdersQuery(customerId: string): Query {
  return {
    sql: `SELECT order_id, order_date, amount, status, is_return FROM orders
      WHERE customer_id = ? ORDER BY order_date, order_id`,
    params: [customerId],
  };
}

export function parseCustomerOrders(rows: readonly Record<string, unknown>[]): CustomerOrder[] {
  return rows.map((r) => ({
    orderId: str(r['order_id']),
    date: isoDate(r['order_date']),
    amount: num(r['amount']),
    status: str(r['status']),
    isReturn: r['is_return'] === true,
  }));
}

/** Periods of a tier history: quarters while the data spans at most four years, else years. */
export type HistoryUnit = 'quarter' | 'year';
export const QUARTERS_UP_TO_DAYS = 4 * 366;

export interface TierHistoryPoint {
  /** Calendar year of the period, and its quarter (1..4) when the unit is quarters. */
  year: number;
  quarter: number | null;
  /** Last day of the period, or the as-of date for the period it falls in. */
  end: string;
  /** The period ends at as-of, before its calendar end. */
  partial: boolean;
  /** The customer's value from the first order in scope up to `end` (the chosen measure). */
  value: number;
  tier: AbcTier;
  pyramid: PyramidLevel;
}

export interface TierHistory {
  unit: HistoryUnit;
  points: TierHistoryPoint[];
}

/**
 * The customer's ABC tier and pyramid level at the end of each period, from the period of the
 * first order up to as-of: each as if the analysis had been run with that day as its as-of, by
 * the rules of `abcTierSql` and `buildPyramidQuery` (value = all orders in scope up to that day,
 * ranked among the customers who had bought by then, ties by customer_id; active = a purchase
 * within `activeDays`). The last point is therefore the current tier and level.
 *
 * Reads `customer_days` for the customers of `customer_summary` (which holds the attribute
 * filters and as-of), inside the date window. Per customer and period sums are cumulated over a
 * customers x periods grid; each period then needs only sums relative to this customer's value,
 * not a full ranking.
 */
export function buildTierHistoryQuery(
  customerId: string,
  params: AnalysisParams = {},
  cutoffs: AbcCutoffs = {},
  shares: PyramidShares = {},
): Query {
  const rp = resolveParams(params);
  const c = resolveCutoffs(cutoffs);
  const s = resolveShares(shares);
  const measure = { net: 'cd.net', gross: 'cd.gross', margin: 'cd.margin' }[rp.measure];
  const { conds: windowConds, params: windowParams } = dateWindow(rp, 'cd.day');
  const window = windowConds.map((w) => ` AND ${w}`).join('');
  const periodOf = (d: string) => `(year(${d}) * 12 + month(${d}) - 1) // u.m`;
  const ahead = '(c.value > t.value OR (c.value = t.value AND c.customer_id < t.customer_id))';
  const active = (x: string) => `${x}.period_end - COALESCE(${x}.last_buy, ${x}.last_any) <= ?`;
  return {
    sql: `WITH sc AS (
  SELECT cd.customer_id, cd.day, cd.buys, COALESCE(${measure}, 0) AS v, s.as_of
  FROM ${CUSTOMER_DAYS_TABLE} cd JOIN ${SUMMARY_TABLE} s ON s.customer_id = cd.customer_id
  WHERE cd.day <= s.as_of${window}
),
u AS (
  SELECT CASE WHEN max(as_of) - min(day) <= ? THEN 3 ELSE 12 END AS m,
    min(day) AS first_day, max(as_of) AS as_of
  FROM sc
),
per AS (
  SELECT p, least(cal_end, as_of) AS period_end, as_of < cal_end AS partial, m
  FROM (
    SELECT p, m, as_of, CAST(make_date(CAST(p * m // 12 AS INTEGER), CAST(p * m % 12 + 1 AS INTEGER), 1)
      + to_months(CAST(m AS INTEGER)) - INTERVAL 1 DAY AS DATE) AS cal_end
    FROM (
      SELECT unnest(range(${periodOf('u.first_day')}, ${periodOf('u.as_of')} + 1)) AS p, u.m, u.as_of
      FROM u
    )
  )
),
pv AS (
  SELECT sc.customer_id, ${periodOf('sc.day')} AS p, sum(sc.v) AS v,
    max(sc.day) FILTER (WHERE sc.buys > 0) AS last_buy, max(sc.day) AS last_any
  FROM sc, u GROUP BY ALL
),
cum AS (
  SELECT k.customer_id, per.p, per.period_end,
    sum(pv.v) OVER w AS value, max(pv.last_buy) OVER w AS last_buy,
    max(pv.last_any) OVER w AS last_any
  FROM (SELECT DISTINCT customer_id FROM sc) k CROSS JOIN per
  LEFT JOIN pv ON pv.customer_id = k.customer_id AND pv.p = per.p
  WINDOW w AS (PARTITION BY k.customer_id ORDER BY per.p ROWS UNBOUNDED PRECEDING)
),
t AS (SELECT * FROM cum WHERE customer_id = ? AND last_any IS NOT NULL),
agg AS (
  SELECT t.p, sum(c.value) AS total,
    COALESCE(sum(c.value) FILTER (WHERE ${ahead}), 0) AS above,
    count(*) FILTER (WHERE ${active('c')}) AS n_active,
    count(*) FILTER (WHERE ${active('c')} AND ${ahead}) AS ahead_active
  FROM t JOIN cum c ON c.p = t.p AND c.last_any IS NOT NULL
  GROUP BY t.p
)
SELECT t.p, t.period_end, per.m, per.partial,
  t.value,
  CASE WHEN t.value > 0 AND agg.total > 0 AND agg.above / agg.total < ? - 1e-9 THEN 'A'
    WHEN t.value > 0 AND agg.total > 0 AND agg.above / agg.total < ? - 1e-9 THEN 'B'
    ELSE 'C' END AS tier,
  CASE WHEN NOT (${active('t')}) THEN 'inactive'
    WHEN agg.ahead_active + 1 <= round(? * agg.n_active) THEN 'top'
    WHEN agg.ahead_active + 1 <= round(? * agg.n_active) THEN 'big'
    WHEN agg.ahead_active + 1 <= round(? * agg.n_active) THEN 'medium'
    ELSE 'small' END AS pyramid
FROM t JOIN agg ON agg.p = t.p JOIN per ON per.p = t.p
ORDER BY t.p`,
    params: [
      ...windowParams,
      QUARTERS_UP_TO_DAYS,
      customerId,
      rp.activeDays,
      rp.activeDays,
      c.a,
      c.b,
      rp.activeDays,
      s.top,
      s.top + s.big,
      s.top + s.big + s.medium,
    ],
  };
}

export function parseTierHistory(rows: readonly Record<string, unknown>[]): TierHistory {
  const months = num(rows[0]?.['m'] ?? 3);
  const unit: HistoryUnit = months === 12 ? 'year' : 'quarter';
  return {
    unit,
    points: rows.map((r) => {
      const p = num(r['p']);
      const firstMonth = (p * months) % 12;
      return {
        year: Math.floor((p * months) / 12),
        quarter: unit === 'quarter' ? firstMonth / 3 + 1 : null,
        end: isoDate(r['period_end']) ?? '',
        partial: r['partial'] === true,
        value: num(r['value']),
        tier: String(r['tier']) as AbcTier,
        pyramid: String(r['pyramid']) as PyramidLevel,
      };
    }),
  };
}
