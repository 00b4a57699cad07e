import type { Query } from '../data/db';
import { resolveParams, type AnalysisParams, type ValueMeasure } from './params';
import { attributeFilter } from './scope';

/*
 * The tables behind `customer_summary` and its columns per measure. The base holds every measure
 * side by side; `customer_ranked` adds each measure's ranks once per scope; the summary is a view
 * naming one measure's columns as value, value_rank and so on, so that a change of measure
 * re-ranks nothing once the measure is ranked (see `rebuildSummary` in summary.ts).
 */

/** Name of the per-customer summary every analysis reads: a view of one measure (below). */
export const SUMMARY_TABLE = 'customer_summary';

/**
 * Scope-dependent half of the summary: one row per customer for the as-of date and date window,
 * every measure side by side. Changing the measure or an attribute filter re-ranks this table
 * (tens of milliseconds) instead of re-aggregating `customer_days`.
 */
export const SUMMARY_BASE_TABLE = 'customer_base';

/**
 * The table behind the `customer_summary` view: the rows of `customer_base` passing the attribute
 * filters, with the rank columns (`rankColumns`) of each measure ranked so far for this scope.
 */
export const SUMMARY_RANKED_TABLE = 'customer_ranked';

export const VALUE_MEASURES: readonly ValueMeasure[] = ['net', 'gross', 'margin'];

/**
 * From this many customers on, `customer_base` is not kept beside a `customer_ranked` that holds
 * every customer (no attribute filter): it becomes a view of the ranked table's base columns,
 * which hold the same rows. With 10M orders (736k customers) that is 200 MiB of wasm memory,
 * which never shrinks, against the 3 GB the tab may use. Below it the table stays: with 1M orders
 * (74k customers) it is 25 MiB, and a view must be copied back into a table before a filtered
 * ranking or an as-of update, which a table spares.
 */
export const BASE_VIEW_MIN_CUSTOMERS = 250_000;

/** Where a new base is written while `customer_base` is a view that the statement reads. */
export const SUMMARY_BASE_NEXT = 'customer_base_next';

/**
 * Whether `table` is a table (not a view, and not missing) of the connection's own database
 * (a scratch database attached beside it, see `Db.scratch`, may hold one of the same name).
 */
export function isTableQuery(table: string): Query {
  return {
    sql: `SELECT count(*) > 0 AS is_table FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`,
    params: [table],
  };
}

/** Whether `customer_base` is a table (not a view of `customer_ranked`, and not missing). */
export function baseIsTableQuery(): Query {
  return isTableQuery(SUMMARY_BASE_TABLE);
}

/**
 * Replaces the table `customer_base` by a view of `customer_ranked` without the rank columns
 * (all named value_*, which no base column is): the ranked table must hold every row of the
 * base, i.e. have been built with no attribute filter. Run the statements in order.
 */
export function baseToViewQueries(): Query[] {
  return [
    { sql: `DROP TABLE ${SUMMARY_BASE_TABLE}`, params: [] },
    {
      sql: `CREATE VIEW ${SUMMARY_BASE_TABLE} AS
SELECT COLUMNS(c -> NOT starts_with(c, 'value_')) FROM ${SUMMARY_RANKED_TABLE}`,
      params: [],
    },
  ];
}

/**
 * Puts `customer_base_next` in the place of `customer_base` (a view, or nothing). With `copy`,
 * first fills it with the view's rows: the base as a table again, before `customer_ranked` is
 * replaced by fewer rows. Run the statements in order.
 */
export function baseFromNextQueries(copy: boolean): Query[] {
  return [
    ...(copy
      ? [
          {
            sql: `CREATE OR REPLACE TABLE ${SUMMARY_BASE_NEXT} AS FROM ${SUMMARY_BASE_TABLE}`,
            params: [],
          },
        ]
      : []),
    { sql: `DROP VIEW IF EXISTS ${SUMMARY_BASE_TABLE}`, params: [] },
    { sql: `ALTER TABLE ${SUMMARY_BASE_NEXT} RENAME TO ${SUMMARY_BASE_TABLE}`, params: [] },
  ];
}

/** `CREATE OR REPLACE TABLE customer_ranked AS ...` from `customer_base`, ranking `measures`. */
export function buildRankedQuery(params: AnalysisParams, measures: readonly ValueMeasure[]): Query {
  const filter = attributeFilter(resolveParams(params));
  return {
    sql: `CREATE OR REPLACE TABLE ${SUMMARY_RANKED_TABLE} AS
SELECT *, ${measures.map(rankColumns).join(',\n  ')}
FROM ${SUMMARY_BASE_TABLE} WHERE ${filter.sql}`,
    params: filter.params,
  };
}

/**
 * Adds the rank columns of `measures` (not yet in it) to `customer_ranked`. The rows come out in
 * another order (a window returns them in its own), so sums over the summary may differ in the
 * last bits from those after a fresh build; keeping the order cost 15-20% of the build.
 */
export function buildRankMoreQuery(measures: readonly ValueMeasure[]): Query {
  for (const m of measures) resolveParams({ measure: m });
  return {
    sql: `CREATE OR REPLACE TABLE ${SUMMARY_RANKED_TABLE} AS
SELECT *, ${measures.map(rankColumns).join(',\n  ')}
FROM ${SUMMARY_RANKED_TABLE}`,
    params: [],
  };
}

/**
 * `CREATE OR REPLACE VIEW customer_summary AS ...`: the measure's columns of `customer_ranked`
 * (which must hold its rank columns) under the summary's names. A view has no bound parameters;
 * the text holds only the measure's name, checked by `resolveParams`.
 */
export function buildSummaryViewQuery(params: AnalysisParams = {}): Query {
  const m = resolveParams(params).measure;
  return {
    sql: `CREATE OR REPLACE VIEW ${SUMMARY_TABLE} AS
SELECT ${summaryColumns(m)}
FROM ${SUMMARY_RANKED_TABLE}`,
    params: [],
  };
}

/**
 * The parameters `customer_ranked` depends on (all but the measure): while this key is
 * unchanged, a measure already ranked only needs the view switched.
 */
export function summaryRankedKey(params: AnalysisParams = {}): string {
  const rp = resolveParams(params);
  const f = rp.filters;
  return JSON.stringify([rp.asOf, f.from, f.to, f.region, f.channel, f.segment]);
}

/** The value of measure `m` from the base's columns. */
function measureValue(m: ValueMeasure): string {
  return `COALESCE(${m}, 0)`;
}

/**
 * Rank columns of measure `m` over rows with `buyer` and the measure's columns:
 * value_rank_<m> (1 = highest value among buyers, ties by customer_id) and
 * value_above_share_<m> (share of total buyer value held by higher-ranked buyers; null when that
 * total is not positive). `customer_summary` shows those of its measure as value_rank and
 * value_above_share.
 */
export function rankColumns(m: ValueMeasure): string {
  const v = measureValue(m);
  const order = `ORDER BY ${v} DESC, customer_id`;
  return `CASE WHEN buyer THEN row_number() OVER (
    PARTITION BY buyer ${order}) END AS value_rank_${m},
  CASE WHEN buyer AND sum(${v}) OVER (PARTITION BY buyer) > 0 THEN
    COALESCE(sum(${v}) OVER (PARTITION BY buyer ${order}
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
    / sum(${v}) OVER (PARTITION BY buyer) END AS value_above_share_${m}`;
}

/**
 * The columns of `customer_summary` for measure `m` over a relation with the base's columns and
 * the measure's rank columns. Columns: customer_id, region, channel, segment, in_file (listed in
 * the customers table), buyer (has any order row), first_order, last_order (purchase days, i.e.
 * non-return orders), purchase_days, orders (non-return orders), returns (return rows), value
 * (chosen measure), net, gross, margin, value_12m (measure over the 365 days up to as-of),
 * prev_year_buyer (a purchase in the 365 days before those), median_gap_days, last_gap_days (gap
 * before the last purchase day), repeat_spend (mean gross value of purchase days after the
 * first: the Gamma-Gamma spend), x, t_x, T (BG/NBD, weeks = days / 7), tenure_days,
 * recency_days, as_of, value_rank, value_above_share (see `rankColumns`).
 */
export function summaryColumns(m: ValueMeasure): string {
  return `customer_id, region, channel, segment, in_file, buyer, first_order, last_order,
  purchase_days, orders, returns, ${measureValue(m)} AS value, net, gross, margin,
  ${m}_12m AS value_12m, prev_year_buyer, median_gap_days, last_gap_days, repeat_spend, x, t_x,
  "T", tenure_days, recency_days, as_of, value_rank_${m} AS value_rank,
  value_above_share_${m} AS value_above_share`;
}
