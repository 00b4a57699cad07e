import type { Query } from '../data/db';
import { num, numOrNull, resolveParams, type AnalysisParams } from './params';
import { churnRuleSql, type ChurnRuleOptions } from './churn';
import { summarySelect, SUMMARY_TABLE } from './summary';

/** Figures for the app's KPI strip. */
export interface Kpis {
  /** Customers with any order up to as-of. */
  customers: number;
  /** Customers whose last purchase is within `activeDays` (default 365) of as-of. */
  activeCustomers: number;
  orders: number;
  value: number;
  /** Value share of the top max(1, round(0.2 N)) customers; null when total value is not positive. */
  top20Share: number | null;
  gini: number | null;
  /** Share of purchasing customers with 2+ purchase days. */
  repeatRate: number | null;
  /**
   * Of customers who bought in the year (365 days) before the last one, the share with no
   * purchase in the last 365 days up to as-of.
   */
  churnRate: number | null;
  /**
   * Active customers (see `activeCustomers`) overdue by the rule in `churnRuleSql`. Lapsed
   * customers are not at risk but lost; the churn list adds P(alive) (it needs a fit; see
   * `parseChurn`).
   */
  atRiskCustomers: number;
  /** Trailing 12-month value of those customers. */
  valueAtRisk: number;
  /** Customers with purchases but none within `activeDays` of as-of. */
  lapsedCustomers: number;
}

/**
 * Gini = sum over buyers of (2 i - n - 1) v_i / (n total), i the ascending rank. The summary's
 * descending `value_rank` gives i = n + 1 - value_rank without another sort; within a run of
 * equal values the ranks only permute, so the sum is the same.
 *
 * By default one self-contained query over the canonical tables (the summary is computed inline
 * under the same name), so the strip works right after a load. With `fromSummary: true` it reads
 * the existing `customer_summary` table instead (built for the same params), which is much
 * cheaper on large data.
 */
export function buildKpiQuery(
  params: AnalysisParams = {},
  rule: ChurnRuleOptions = {},
  options: { fromSummary?: boolean } = {},
): Query {
  const rp = resolveParams(params);
  const summary = options.fromSummary ? null : summarySelect(rp);
  const r = churnRuleSql(rule, rp.activeDays);
  // One-row relations joined once instead of scalar subqueries at each use: DuckDB planned each
  // use as a cross product of its own (25-40% of this query's time at 1M orders). A rule text
  // without the subquery form still works, pop staying a CTE.
  const columns = r.columns.replaceAll('(SELECT g FROM pop)', 'pop.g');
  return {
    sql: `WITH ${summary ? `${SUMMARY_TABLE} AS (${summary.sql}),` : ''}
${r.cte}
SELECT COALESCE(any_value(n.n), 0) AS customers,
  count(*) FILTER (WHERE active) AS active_customers,
  COALESCE(sum(orders), 0) AS orders,
  COALESCE(sum(value), 0) AS value,
  CASE WHEN any_value(n.total) > 0 THEN COALESCE(sum(value) FILTER (
    WHERE value_rank <= GREATEST(1, round(0.2 * n.n))), 0) / any_value(n.total) END AS top20_share,
  CASE WHEN any_value(n.total) > 0 THEN sum((n.n + 1 - 2 * value_rank) * value)
    / (any_value(n.n) * any_value(n.total)) END AS gini,
  count(*) FILTER (WHERE purchase_days >= 2) / NULLIF(count(*) FILTER (WHERE purchase_days >= 1), 0)
    AS repeat_rate,
  count(*) FILTER (WHERE prev_year_buyer AND recency_days > 365)
    / NULLIF(count(*) FILTER (WHERE prev_year_buyer), 0) AS churn_rate,
  count(*) FILTER (WHERE overdue AND active) AS at_risk,
  COALESCE(sum(value_12m) FILTER (WHERE overdue AND active), 0) AS value_at_risk,
  count(*) FILTER (WHERE purchase_days > 0 AND NOT active) AS lapsed_customers
FROM (
  SELECT orders, value, value_12m, value_rank, purchase_days, recency_days, prev_year_buyer,
    ${columns}
  FROM ${SUMMARY_TABLE}, pop WHERE buyer
) b, (SELECT count(*) AS n, sum(value) AS total FROM ${SUMMARY_TABLE} WHERE buyer) n`,
    params: [...(summary?.params ?? []), ...r.params],
  };
}

export function parseKpis(rows: readonly Record<string, unknown>[]): Kpis {
  const k = rows[0] ?? {};
  return {
    customers: num(k['customers']),
    activeCustomers: num(k['active_customers']),
    orders: num(k['orders']),
    value: num(k['value']),
    top20Share: numOrNull(k['top20_share']),
    gini: numOrNull(k['gini']),
    repeatRate: numOrNull(k['repeat_rate']),
    churnRate: numOrNull(k['churn_rate']),
    atRiskCustomers: num(k['at_risk']),
    valueAtRisk: num(k['value_at_risk']),
    lapsedCustomers: num(k['lapsed_customers']),
  };
}
