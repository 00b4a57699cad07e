import type { Query, SqlValue } from '../data/db';
import { resolveParams, isoDate, num, type AnalysisParams, type ResolvedParams } from './params';
import { attributeFilter, scopeCtes } from './scope';
import { buildCustomerDaysQuery, CUSTOMER_DAYS_TABLE, uniqueOrderIdsQuery } from './customer-days';

/** Name of the pre-aggregated per-customer table every analysis reads. */
export const SUMMARY_TABLE = 'customer_summary';

/**
 * Scope-dependent half of the summary: one row per customer for the as-of date and date window,
 * every measure side by side. Changing the measure or an attribute filter re-ranks this table
 * (tens of milliseconds) instead of re-aggregating `customer_days`.
 */
export const SUMMARY_BASE_TABLE = 'customer_base';

/**
 * The SELECT behind `customer_base`, from `customer_days`: customer_id, region, channel,
 * segment, in_file, buyer, first_order, last_order, purchase_days, orders, returns, net, gross,
 * margin, net_12m, gross_12m, margin_12m, prev_year_buyer, median_gap_days, last_gap_days,
 * repeat_spend, x, t_x, T, tenure_days, recency_days, as_of.
 */
function baseSelect(rp: ResolvedParams): Query & { params: SqlValue[] } {
  const scope = scopeCtes(rp);
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
)
SELECT c.customer_id, c.region, c.channel, c.segment, c.in_file,
  a.customer_id IS NOT NULL AS buyer,
  COALESCE(a.first_day, a.first_any) AS first_order,
  COALESCE(a.last_day, a.last_any) AS last_order,
  COALESCE(a.purchase_days, 0) AS purchase_days,
  COALESCE(a.orders, 0) AS orders,
  COALESCE(a.returns, 0) AS returns,
  COALESCE(a.net, 0) AS net,
  COALESCE(a.gross, 0) AS gross,
  a.margin AS margin,
  COALESCE(a.net_12m, 0) AS net_12m,
  COALESCE(a.gross_12m, 0) AS gross_12m,
  COALESCE(a.margin_12m, 0) AS margin_12m,
  COALESCE(a.prev_year_buyer, false) AS prev_year_buyer,
  a.median_gap_days, a.last_gap_days,
  CASE WHEN a.purchase_days > 1 THEN a.repeat_total / (a.purchase_days - 1) END AS repeat_spend,
  CASE WHEN a.purchase_days > 0 THEN a.purchase_days - 1 END AS x,
  (a.last_day - a.first_day) / 7.0 AS t_x,
  ((SELECT d FROM as_of_date) - a.first_day) / 7.0 AS "T",
  (SELECT d FROM as_of_date) - COALESCE(a.first_day, a.first_any) AS tenure_days,
  (SELECT d FROM as_of_date) - COALESCE(a.last_day, a.last_any) AS recency_days,
  (SELECT d FROM as_of_date) AS as_of
FROM cust c
LEFT JOIN a ON a.customer_id = c.customer_id`;
  return { sql, params };
}

/**
 * The SELECT of `customer_summary` over a base relation named `from`: the customers passing the
 * attribute filters, with the chosen measure as value. Columns:
 * customer_id, region, channel, segment, in_file (listed in the customers table), buyer (has any
 * order row), first_order, last_order (purchase days, i.e. non-return orders), purchase_days,
 * orders (non-return orders), returns (return rows), value (chosen measure), net, gross, margin,
 * value_12m (measure over the 365 days up to as-of), prev_year_buyer (a purchase in the 365 days
 * before those), median_gap_days, last_gap_days (gap before the last purchase day), repeat_spend
 * (mean gross value of purchase days after the first: the Gamma-Gamma spend), x, t_x, T
 * (BG/NBD, weeks = days / 7), tenure_days, recency_days, as_of, value_rank (1 = highest value
 * among buyers, ties by customer_id), value_above_share (share of total buyer value held by
 * higher-ranked buyers; null when that total is not positive).
 */
function rankSelect(rp: ResolvedParams, from: string): Query & { params: SqlValue[] } {
  // The text is a CTE list tail ("b AS (...) SELECT ..."): callers put WITH or a comma before it.
  const filter = attributeFilter(rp);
  const m = rp.measure;
  const sql = `b AS (
  SELECT customer_id, region, channel, segment, in_file, buyer, first_order, last_order,
    purchase_days, orders, returns, COALESCE(${m === 'margin' ? 'margin' : m}, 0) AS value,
    net, gross, margin, ${m}_12m AS value_12m, prev_year_buyer, median_gap_days, last_gap_days,
    repeat_spend, x, t_x, "T", tenure_days, recency_days, as_of
  FROM ${from} WHERE ${filter.sql}
)
SELECT *,
  CASE WHEN buyer THEN row_number() OVER (
    PARTITION BY buyer ORDER BY value DESC, customer_id) END AS value_rank,
  CASE WHEN buyer AND sum(value) OVER (PARTITION BY buyer) > 0 THEN
    COALESCE(sum(value) OVER (PARTITION BY buyer ORDER BY value DESC, customer_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    / sum(value) OVER (PARTITION BY buyer) END AS value_above_share
FROM b`;
  return { sql, params: filter.params };
}

/** The whole summary as one SELECT (base inlined), for queries that need no stored table. */
export function summarySelect(rp: ResolvedParams): Query & { params: SqlValue[] } {
  const base = baseSelect(rp);
  const rank = rankSelect(rp, '__base');
  return {
    sql: `WITH __base AS (${base.sql}),\n${rank.sql}`,
    params: [...base.params, ...rank.params],
  };
}

/** `CREATE OR REPLACE TABLE customer_base AS ...`: after a load or a change of as-of or window. */
export function buildSummaryBaseQuery(params: AnalysisParams = {}): Query {
  const s = baseSelect(resolveParams(params));
  return { sql: `CREATE OR REPLACE TABLE ${SUMMARY_BASE_TABLE} AS ${s.sql}`, params: s.params };
}

/**
 * `CREATE OR REPLACE TABLE customer_summary AS ...` over `customer_base` (built for the same
 * as-of and window): after any change of scope. See `rebuildSummary`.
 */
export function buildSummaryQuery(params: AnalysisParams = {}): Query {
  const s = rankSelect(resolveParams(params), SUMMARY_BASE_TABLE);
  return { sql: `CREATE OR REPLACE TABLE ${SUMMARY_TABLE} AS WITH ${s.sql}`, params: s.params };
}

/** The parameters `customer_base` depends on: when this key is unchanged, only re-rank. */
export function summaryBaseKey(params: AnalysisParams = {}): string {
  const rp = resolveParams(params);
  return JSON.stringify([rp.asOf, rp.filters.from, rp.filters.to]);
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
 * Builds `customer_summary` for `params`. `afterLoad` (the order tables changed since the last
 * call) first rebuilds `customer_days`; `base` rebuilds `customer_base` (needed after a load or
 * when `summaryBaseKey` changed). Returns the as-of date in effect.
 */
export async function rebuildSummary(
  db: SummaryEngine,
  params: AnalysisParams = {},
  opts: { afterLoad?: boolean; base?: boolean } = {},
): Promise<AsOfResult> {
  const afterLoad = opts.afterLoad ?? true;
  if (afterLoad) {
    const [mark] = await db.query(uniqueOrderIdsQuery());
    await db.query(buildCustomerDaysQuery({ uniqueOrderIds: mark?.['unique_ids'] === true }));
  }
  const asOf = parseAsOf(await db.query(buildAsOfQuery(params)));
  if (afterLoad || (opts.base ?? true)) await db.query(buildSummaryBaseQuery(params));
  await db.query(buildSummaryQuery(params));
  return asOf;
}
