import type { Query } from '../data/db';
import { isoDate, num } from './params';
import { SUMMARY_TABLE } from './summary';

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
