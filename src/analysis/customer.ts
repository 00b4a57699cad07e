import type { Query } from '../data/db';
import { isoDate, num, numOrNull, type AnalysisParams } from './params';
import { abcTierSql, type AbcCutoffs, type AbcTier } from './abc';
import { buildRfmScoresQuery, rfmSegment, type RfmSegment } from './rfm';
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
