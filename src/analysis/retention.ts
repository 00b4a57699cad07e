import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { scopedOrders } from './scope';
import { periodIndexSql, periodLabel } from './cohorts';
import type { CohortGrain } from './funnel';

export interface RetentionPeriod {
  period: string;
  /** Customers with a purchase (non-return order) in the period. */
  active: number;
  /** Of those, customers who also bought in the previous period. */
  retained: number;
  /** First purchase in this period. */
  newCustomers: number;
  /** retained / previous period's active; null for the first period or an empty previous one. */
  retentionRate: number | null;
  /** 1 - retentionRate. */
  churnRate: number | null;
}

export interface RetentionResult {
  grain: CohortGrain;
  periods: RetentionPeriod[];
}

/**
 * Calendar-period retention over orders in scope: every period from the first to the as-of
 * period, including periods nobody bought in. The last period runs only up to as-of.
 */
export function buildRetentionQuery(
  params: AnalysisParams = {},
  grain: CohortGrain = 'month',
): Query {
  const so = scopedOrders(resolveParams(params));
  const pi = (c: string): string => periodIndexSql(grain, c);
  return {
    sql: `WITH act AS (
  SELECT DISTINCT o.customer_id, ${pi('o.order_date')} AS p, ${pi('s.first_order')} AS first_p
  FROM ${so.sql} AND NOT COALESCE(o.is_return, false)
),
bounds AS (SELECT min(p) AS lo, (SELECT ${pi('max(as_of)')} FROM customer_summary) AS hi FROM act),
span AS (SELECT unnest(range(lo, hi + 1)) AS p FROM bounds WHERE lo IS NOT NULL),
per AS (
  SELECT p, count(*) AS active, count(*) FILTER (WHERE first_p = p) AS new_customers
  FROM act GROUP BY p
),
ret AS (
  SELECT a.p, count(*) AS retained FROM act a
  JOIN act b ON b.customer_id = a.customer_id AND b.p = a.p - 1 GROUP BY a.p
)
SELECT span.p, COALESCE(per.active, 0) AS active, COALESCE(ret.retained, 0) AS retained,
  COALESCE(per.new_customers, 0) AS new_customers
FROM span LEFT JOIN per ON per.p = span.p LEFT JOIN ret ON ret.p = span.p ORDER BY span.p`,
    params: so.params,
  };
}

export function parseRetention(
  rows: readonly Record<string, unknown>[],
  grain: CohortGrain = 'month',
): RetentionResult {
  let prevActive: number | null = null;
  const periods = rows.map((r) => {
    const active = num(r['active']);
    const retained = num(r['retained']);
    const rate = prevActive !== null && prevActive > 0 ? retained / prevActive : null;
    prevActive = active;
    return {
      period: periodLabel(grain, num(r['p'])),
      active,
      retained,
      newCustomers: num(r['new_customers']),
      retentionRate: rate,
      churnRate: rate === null ? null : 1 - rate,
    };
  });
  return { grain, periods };
}
