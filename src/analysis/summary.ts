import type { Query, SqlValue } from '../data/db';
import { resolveParams, isoDate, num, type AnalysisParams, type ResolvedParams } from './params';
import { scopeCtes } from './scope';
import { buildCustomerDaysQuery, CUSTOMER_DAYS_TABLE } from './customer-days';

/** Name of the pre-aggregated per-customer table every analysis reads. */
export const SUMMARY_TABLE = 'customer_summary';

/**
 * The SELECT behind `customer_summary`, one row per customer in scope (prospects included,
 * with orders = 0), computed from `customer_days`. Columns:
 * customer_id, region, channel, segment, in_file (listed in the customers table), buyer (has any
 * order row), first_order, last_order (purchase days, i.e. non-return orders), purchase_days,
 * orders (non-return orders), returns (return rows), value (chosen measure), net, gross, margin,
 * value_12m (measure over the 365 days up to as-of), prev_year_buyer (a purchase in the 365 days
 * before those), tenure_days, recency_days, median_gap_days,
 * last_gap_days (gap before the last purchase day), repeat_spend (mean gross value of purchase
 * days after the first: the Gamma-Gamma spend), x, t_x, T (BG/NBD, weeks = days / 7),
 * value_rank (1 = highest value among buyers, ties by customer_id), value_above_share (share of
 * total buyer value held by higher-ranked buyers; null when that total is not positive), as_of.
 */
export function summarySelect(rp: ResolvedParams): Query & { params: SqlValue[] } {
  const scope = scopeCtes(rp);
  const measure = { net: 'a.net', gross: 'a.gross', margin: 'a.margin' }[rp.measure];
  const measure12 = { net: 'a.net_12m', gross: 'a.gross_12m', margin: 'a.margin_12m' }[rp.measure];
  // A gap counts only when the previous purchase day is inside the window too.
  const gapFrom = rp.filters.from ? ' AND prev_buy_day >= CAST(? AS DATE)' : '';
  const params = [...scope.params, ...(rp.filters.from ? [rp.filters.from] : [])];
  const sql = `WITH ${scope.sql},
g AS (
  SELECT *, CASE WHEN buys > 0${gapFrom} THEN day - prev_buy_day END AS gap,
    day > (SELECT d FROM as_of_date) - 365 AS last_year,
    day > (SELECT d FROM as_of_date) - 730 AND day <= (SELECT d FROM as_of_date) - 365 AS year_before
  FROM fd
),
a AS (
  SELECT customer_id,
    count(*) FILTER (WHERE buys > 0) AS purchase_days,
    min(day) FILTER (WHERE buys > 0) AS first_day,
    max(day) FILTER (WHERE buys > 0) AS last_day,
    median(gap) AS median_gap_days,
    arg_max(gap, day) FILTER (WHERE gap IS NOT NULL) AS last_gap_days,
    sum(COALESCE(gross, 0)) FILTER (WHERE gap IS NOT NULL) AS repeat_total,
    sum(orders) AS orders, sum(returns) AS returns,
    sum(net) AS net, sum(gross) AS gross, sum(margin) AS margin,
    sum(net) FILTER (WHERE last_year) AS net_12m,
    sum(gross) FILTER (WHERE last_year) AS gross_12m,
    sum(margin) FILTER (WHERE last_year) AS margin_12m,
    count(*) FILTER (WHERE buys > 0 AND year_before) > 0 AS prev_year_buyer,
    min(day) AS first_any, max(day) AS last_any
  FROM g GROUP BY customer_id
),
base AS (
  SELECT c.customer_id, c.region, c.channel, c.segment, c.in_file,
    a.customer_id IS NOT NULL AS buyer,
    COALESCE(a.first_day, a.first_any) AS first_order,
    COALESCE(a.last_day, a.last_any) AS last_order,
    COALESCE(a.purchase_days, 0) AS purchase_days,
    COALESCE(a.orders, 0) AS orders,
    COALESCE(a.returns, 0) AS returns,
    COALESCE(${measure}, 0) AS value,
    COALESCE(a.net, 0) AS net,
    COALESCE(a.gross, 0) AS gross,
    a.margin AS margin,
    COALESCE(${measure12}, 0) AS value_12m,
    COALESCE(a.prev_year_buyer, false) AS prev_year_buyer,
    a.median_gap_days, a.last_gap_days,
    CASE WHEN a.purchase_days > 1 THEN a.repeat_total / (a.purchase_days - 1) END AS repeat_spend,
    CASE WHEN a.purchase_days > 0 THEN a.purchase_days - 1 END AS x,
    (a.last_day - a.first_day) / 7.0 AS t_x,
    ((SELECT d FROM as_of_date) - a.first_day) / 7.0 AS "T"
  FROM cust c
  LEFT JOIN a ON a.customer_id = c.customer_id
)
SELECT *,
  (SELECT d FROM as_of_date) - first_order AS tenure_days,
  (SELECT d FROM as_of_date) - last_order AS recency_days,
  CASE WHEN buyer THEN row_number() OVER (
    PARTITION BY buyer ORDER BY value DESC, customer_id) END AS value_rank,
  CASE WHEN buyer AND sum(value) OVER (PARTITION BY buyer) > 0 THEN
    COALESCE(sum(value) OVER (PARTITION BY buyer ORDER BY value DESC, customer_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    / sum(value) OVER (PARTITION BY buyer) END AS value_above_share,
  (SELECT d FROM as_of_date) AS as_of
FROM base`;
  return { sql, params };
}

/**
 * `CREATE OR REPLACE TABLE customer_summary AS ...`; run it once per parameter change of scope,
 * after `buildCustomerDaysQuery` has run for the data loaded (see `rebuildSummary`).
 */
export function buildSummaryQuery(params: AnalysisParams = {}): Query {
  const s = summarySelect(resolveParams(params));
  return { sql: `CREATE OR REPLACE TABLE ${SUMMARY_TABLE} AS ${s.sql}`, params: s.params };
}

export interface AsOfResult {
  /** ISO date, null when there are no orders at all. */
  asOf: string | null;
  /** Orders (rows of `orders`) dated after as-of, left out of every analysis. */
  excludedAfterAsOf: number;
}

/** As-of date in effect and how many order rows it cuts off. */
export function buildAsOfQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  const scope = scopeCtes(rp);
  return {
    sql: `WITH ${scope.sql}
SELECT (SELECT d FROM as_of_date) AS as_of,
  (SELECT COALESCE(sum(rows), 0) FROM ${CUSTOMER_DAYS_TABLE} WHERE day > (SELECT d FROM as_of_date)) AS excluded_after`,
    params: scope.params,
  };
}

export function parseAsOf(rows: readonly Record<string, unknown>[]): AsOfResult {
  const r = rows[0] ?? {};
  return { asOf: isoDate(r['as_of']), excludedAfterAsOf: num(r['excluded_after']) };
}

/** The engine calls `rebuildSummary` needs; the app's and the CLI's `Db` both fit. */
export interface SummaryEngine {
  query(q: Query): Promise<readonly Record<string, unknown>[]>;
}

/**
 * Builds `customer_summary` for `params`; with `afterLoad` (the order tables changed since the
 * last call) it first rebuilds `customer_days`. Returns the as-of date in effect.
 */
export async function rebuildSummary(
  db: SummaryEngine,
  params: AnalysisParams = {},
  opts: { afterLoad: boolean } = { afterLoad: true },
): Promise<AsOfResult> {
  if (opts.afterLoad) await db.query(buildCustomerDaysQuery());
  const asOf = parseAsOf(await db.query(buildAsOfQuery(params)));
  await db.query(buildSummaryQuery(params));
  return asOf;
}
