import type { Query, SqlValue } from '../data/db';
import { resolveParams, isoDate, num, type AnalysisParams, type ResolvedParams } from './params';
import { scopeCtes } from './scope';

/** Name of the pre-aggregated per-customer table every analysis reads. */
export const SUMMARY_TABLE = 'customer_summary';

/**
 * Margin per customer: each distinct (customer, order, date) of the orders in scope gets its
 * order's item margin once, however many order rows (e.g. a sale and its return) share the id.
 * Order keys are made distinct before the join, on three narrow columns instead of the joined
 * rows: the same rows, a cheaper DISTINCT on large files.
 */
const MARGIN_CTES = `item_margin AS (
  SELECT i.order_id, sum(i.revenue - COALESCE(i.cost, i.quantity * p.unit_cost)) AS margin
  FROM order_items i LEFT JOIN products p ON p.product_id = i.product_id
  WHERE COALESCE(i.cost, i.quantity * p.unit_cost) IS NOT NULL
  GROUP BY i.order_id
),
order_keys AS (
  SELECT DISTINCT customer_id, order_id, order_date FROM fo WHERE order_id IS NOT NULL
),
order_margin AS (
  SELECT o.customer_id, o.order_id, o.order_date, m.margin
  FROM order_keys o JOIN item_margin m ON o.order_id = m.order_id
),
cmargin AS (
  SELECT customer_id, sum(margin) AS margin,
    sum(margin) FILTER (WHERE order_date > (SELECT d FROM as_of_date) - 365) AS margin_12m
  FROM order_margin GROUP BY customer_id
)`;

/**
 * The SELECT behind `customer_summary`, one row per customer in scope (prospects included,
 * with orders = 0). Columns:
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
  const valueExpr =
    rp.measure === 'net'
      ? 'COALESCE(a.net, 0)'
      : rp.measure === 'gross'
        ? 'COALESCE(a.gross, 0)'
        : 'COALESCE(m.margin, 0)';
  const value12Expr =
    rp.measure === 'net'
      ? 'COALESCE(a.net_12m, 0)'
      : rp.measure === 'gross'
        ? 'COALESCE(a.gross_12m, 0)'
        : 'COALESCE(m.margin_12m, 0)';
  const sql = `WITH ${scope.sql},
${MARGIN_CTES},
days AS (
  SELECT customer_id, order_date AS day, sum(GREATEST(amount, 0)) AS gross_day
  FROM fo WHERE NOT is_return GROUP BY customer_id, order_date
),
gaps AS (
  SELECT customer_id, day, gross_day,
    day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap,
    row_number() OVER (PARTITION BY customer_id ORDER BY day) AS rn
  FROM days
),
dagg AS (
  SELECT customer_id, count(*) AS purchase_days, min(day) AS first_day, max(day) AS last_day,
    median(gap) AS median_gap_days, arg_max(gap, day) AS last_gap_days,
    sum(gross_day) FILTER (WHERE rn > 1) AS repeat_total
  FROM gaps GROUP BY customer_id
),
oagg AS (
  SELECT customer_id,
    count(DISTINCT order_id) FILTER (WHERE NOT is_return)
      + count(*) FILTER (WHERE NOT is_return AND order_id IS NULL) AS orders,
    count(*) FILTER (WHERE is_return) AS returns,
    sum(amount) AS net,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0) AS gross,
    sum(amount) FILTER (WHERE order_date > (SELECT d FROM as_of_date) - 365) AS net_12m,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0
      AND order_date > (SELECT d FROM as_of_date) - 365) AS gross_12m,
    count(*) FILTER (WHERE NOT is_return AND order_date > (SELECT d FROM as_of_date) - 730
      AND order_date <= (SELECT d FROM as_of_date) - 365) > 0 AS prev_year_buyer,
    min(order_date) AS first_any, max(order_date) AS last_any
  FROM fo GROUP BY customer_id
),
base AS (
  SELECT c.customer_id, c.region, c.channel, c.segment, c.in_file,
    a.customer_id IS NOT NULL AS buyer,
    COALESCE(d.first_day, a.first_any) AS first_order,
    COALESCE(d.last_day, a.last_any) AS last_order,
    COALESCE(d.purchase_days, 0) AS purchase_days,
    COALESCE(a.orders, 0) AS orders,
    COALESCE(a.returns, 0) AS returns,
    ${valueExpr} AS value,
    COALESCE(a.net, 0) AS net,
    COALESCE(a.gross, 0) AS gross,
    m.margin AS margin,
    ${value12Expr} AS value_12m,
    COALESCE(a.prev_year_buyer, false) AS prev_year_buyer,
    d.median_gap_days, d.last_gap_days,
    CASE WHEN d.purchase_days > 1 THEN d.repeat_total / (d.purchase_days - 1) END AS repeat_spend,
    CASE WHEN d.purchase_days > 0 THEN d.purchase_days - 1 END AS x,
    (d.last_day - d.first_day) / 7.0 AS t_x,
    ((SELECT d FROM as_of_date) - d.first_day) / 7.0 AS "T"
  FROM cust c
  LEFT JOIN oagg a ON a.customer_id = c.customer_id
  LEFT JOIN dagg d ON d.customer_id = c.customer_id
  LEFT JOIN cmargin m ON m.customer_id = c.customer_id
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
  return { sql, params: scope.params };
}

/** `CREATE OR REPLACE TABLE customer_summary AS ...`; run it once per parameter change of scope. */
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

/** As-of date in effect and how many orders it cuts off. Reads `orders` directly. */
export function buildAsOfQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  const scope = scopeCtes(rp);
  return {
    sql: `WITH ${scope.sql}
SELECT (SELECT d FROM as_of_date) AS as_of,
  (SELECT count(*) FROM orders WHERE order_date > (SELECT d FROM as_of_date)) AS excluded_after`,
    params: scope.params,
  };
}

export function parseAsOf(rows: readonly Record<string, unknown>[]): AsOfResult {
  const r = rows[0] ?? {};
  return { asOf: isoDate(r['as_of']), excludedAfterAsOf: num(r['excluded_after']) };
}
