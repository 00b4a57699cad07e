import type { Query, SqlValue } from '../data/db';
import { resolveParams, type AnalysisParams, type ResolvedParams } from './params';
import { dateWindow, scopeCtes } from './scope';
import { CUSTOMER_DAYS_TABLE } from './customer-days';
import { SUMMARY_BASE_TABLE } from './summary-tables';

/*
 * The SELECT behind `customer_base` (one row per customer for an as-of date and date window, from
 * `customer_days`), and its update from one as-of date to another. summary.ts builds the tables.
 */

/**
 * The SELECT behind `customer_base`, from `customer_days`: customer_id, region, channel,
 * segment, in_file, buyer, first_order, last_order, purchase_days, orders, returns, net, gross,
 * margin, net_12m, gross_12m, margin_12m, prev_year_buyer, median_gap_days, last_gap_days,
 * repeat_spend, x, t_x, T, tenure_days, recency_days, as_of. With `knownAsOf` (the as-of date in
 * effect, from `buildAsOfQuery`) the date is a bound literal instead of a subquery per use.
 */
export function baseSelect(
  rp: ResolvedParams,
  knownAsOf?: string | null,
): Query & { params: SqlValue[] } {
  const parts = baseParts(rp, knownAsOf);
  return { sql: `WITH ${parts.ctes}\n${parts.select}`, params: parts.params };
}

/**
 * `baseSelect` as a CTE list (`ctes`, for after WITH) and the SELECT over it, sharing `params` in
 * text order. With `only` (see `scopeCtes`), the rows of those customers alone.
 */
function baseParts(
  rp: ResolvedParams,
  knownAsOf?: string | null,
  only?: string,
): { ctes: string; select: string; params: SqlValue[] } {
  const literal = knownAsOf ? knownAsOf : null;
  const scope = scopeCtes(literal ? { ...rp, asOf: literal } : rp, only);
  // A gap counts only when the previous purchase day is inside the window too.
  const gapFrom = rp.filters.from ? ' AND prev_buy_day >= CAST(? AS DATE)' : '';
  const params = [...scope.params, ...(rp.filters.from ? [rp.filters.from] : [])];
  /** The as-of date in the text, pushing its parameter in text order when it is a literal. */
  const d = () => {
    if (!literal) return '(SELECT d FROM as_of_date)';
    params.push(literal);
    return 'CAST(? AS DATE)';
  };
  // The last gap is that of the latest day with one: a later purchase day has a later previous
  // one, so both maxima fall on that day (arg_max(gap, day) took 12-16 ms more of 280-300 ms at
  // 1M orders).
  const ctes = `${scope.sql},
g AS (
  SELECT *, CASE WHEN buys > 0${gapFrom} THEN day - prev_buy_day END AS gap,
    day > ${d()} - 365 AS last_year,
    day > ${d()} - 730 AND day <= ${d()} - 365 AS year_before
  FROM fd
),
a AS (
  SELECT customer_id,
    count(*) FILTER (WHERE buys > 0) AS purchase_days,
    min(day) FILTER (WHERE buys > 0) AS first_day,
    max(day) FILTER (WHERE buys > 0) AS last_day,
    median(gap) AS median_gap_days,
    max(day) FILTER (WHERE gap IS NOT NULL) - max(prev_buy_day) FILTER (WHERE gap IS NOT NULL)
      AS last_gap_days,
    sum(COALESCE(gross, 0)) FILTER (WHERE gap IS NOT NULL) AS repeat_total,
    sum(orders) AS orders, sum(returns) AS returns,
    sum(net) AS net, sum(gross) AS gross, sum(margin) AS margin,
    sum(net) FILTER (WHERE last_year) AS net_12m,
    sum(gross) FILTER (WHERE last_year) AS gross_12m,
    sum(margin) FILTER (WHERE last_year) AS margin_12m,
    count(*) FILTER (WHERE buys > 0 AND year_before) > 0 AS prev_year_buyer,
    min(day) AS first_any, max(day) AS last_any
  FROM g GROUP BY customer_id
)`;
  // Customers listed (in_file) and those only in the order tables: the full join of the
  // customers table adds the latter from the aggregate's 74k rows at 1M orders, where adding
  // them to the list first read the 962k day rows again (391 to 315 ms of CPU in Node).
  const select = `SELECT COALESCE(c.customer_id, a.customer_id) AS customer_id, c.region,
  c.channel, c.segment, c.customer_id IS NOT NULL AS in_file,
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
  (${d()} - a.first_day) / 7.0 AS "T",
  ${d()} - COALESCE(a.first_day, a.first_any) AS tenure_days,
  ${d()} - COALESCE(a.last_day, a.last_any) AS recency_days,
  ${d()} AS as_of
FROM cust c
FULL JOIN a ON a.customer_id = c.customer_id`;
  return { ctes, select, params };
}

/**
 * What `customer_base` was built for: the as-of date in effect (`AsOfResult.asOf`) and the date
 * window. `rebuildSummary` returns it, and updates a base built for another as-of date of the
 * same window (passed back as `prior`) instead of rebuilding it.
 */
export interface BaseScope {
  asOf: string | null;
  from: string | null;
  to: string | null;
}

/**
 * `CREATE OR REPLACE TABLE customer_base AS ...` for as-of `next` from the base of the same window
 * built for as-of `prior` (both ISO dates in effect, see `buildAsOfQuery`). A customer's row reads
 * the days up to as-of, and flags those within 365 days of it (the 12-month sums) and in the 365
 * days before (prev_year_buyer). A customer with a day between the two dates (`moved`) is
 * aggregated again as by a full rebuild. One with a day only in the bands 365 or 730 days earlier
 * has the same days but other flags: its 12-month columns are summed again from its last two
 * years of days. Everyone else keeps the row, with T, tenure_days, recency_days and as_of moved
 * to the new date. At 1M orders, a week back from the last order re-aggregates 120k of 954k
 * customer-days (and sums 160k again for the 12-month columns). Rows come out in another order
 * than from a full rebuild. Each row holds the same figures; a double sum can differ from the
 * full rebuild's in the last bit (about 10 rows of 83k at 1M orders), as a full rebuild's own
 * sums of the same days do from one as-of date to another: the engine's hash aggregation adds a
 * customer's days in partial sums that depend on the other rows it holds. `into`: the table
 * written (a base that is a view cannot be replaced by a table while it is read).
 */
export function buildBaseAsOfUpdateQuery(
  params: AnalysisParams,
  prior: string,
  next: string,
  into: string = SUMMARY_BASE_TABLE,
): Query {
  const rp = resolveParams(params);
  const [lo, hi] = prior < next ? [prior, next] : [next, prior];
  const band = (days: number) =>
    `(day > CAST(? AS DATE) - ${days} AND day <= CAST(? AS DATE) - ${days})`;
  const parts = baseParts(rp, next, 'moved');
  const window = dateWindow(rp, 'day');
  const d = 'CAST(? AS DATE)';
  const yearColumns = (
    [
      ['net_12m', '0'],
      ['gross_12m', '0'],
      ['margin_12m', '0'],
      ['prev_year_buyer', 'false'],
    ] as const
  )
    .map(
      ([c, none]) =>
        `CASE WHEN s.customer_id IS NULL THEN b.${c} ELSE COALESCE(y.${c}, ${none}) END AS ${c}`,
    )
    .join(',\n  ');
  const sql = `CREATE OR REPLACE TABLE ${into} AS
WITH touched AS (
  SELECT customer_id, bool_or(${band(0)}) AS moved FROM ${CUSTOMER_DAYS_TABLE}
  WHERE ${band(0)} OR ${band(365)} OR ${band(730)}
  GROUP BY customer_id
),
moved AS (SELECT customer_id FROM touched WHERE moved),
${parts.ctes},
fresh AS (${parts.select}),
y AS (
  SELECT customer_id,
    sum(net) FILTER (WHERE last_year) AS net_12m,
    sum(gross) FILTER (WHERE last_year) AS gross_12m,
    sum(margin) FILTER (WHERE last_year) AS margin_12m,
    count(*) FILTER (WHERE buys > 0 AND year_before) > 0 AS prev_year_buyer
  FROM (
    SELECT *, day > ${d} - 365 AS last_year, day <= ${d} - 365 AS year_before
    FROM ${CUSTOMER_DAYS_TABLE}
    WHERE ${[...window.conds, `day <= ${d}`, `day > ${d} - 730`].join(' AND ')}
      AND customer_id IN (SELECT customer_id FROM touched WHERE NOT moved)
  )
  GROUP BY customer_id
)
SELECT b.customer_id, b.region, b.channel, b.segment, b.in_file, b.buyer, b.first_order,
  b.last_order, b.purchase_days, b.orders, b.returns, b.net, b.gross, b.margin,
  ${yearColumns},
  b.median_gap_days, b.last_gap_days, b.repeat_spend, b.x, b.t_x,
  CASE WHEN b.purchase_days > 0 THEN (${d} - b.first_order) / 7.0 END AS "T",
  ${d} - b.first_order AS tenure_days,
  ${d} - b.last_order AS recency_days,
  ${d} AS as_of
FROM ${SUMMARY_BASE_TABLE} b
LEFT JOIN touched s ON s.customer_id = b.customer_id
LEFT JOIN y ON y.customer_id = b.customer_id
WHERE s.moved IS NOT TRUE
UNION ALL
SELECT * FROM fresh`;
  return {
    sql,
    params: [
      ...[lo, hi, lo, hi, lo, hi, lo, hi],
      ...parts.params,
      next,
      next,
      ...window.params,
      next,
      next,
      ...[next, next, next, next],
    ],
  };
}
