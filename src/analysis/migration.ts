import type { Query, SqlValue } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { abcBucketSql, resolveCutoffs, tierOfBucket, type AbcCutoffs } from './abc';
import { scopedOrders } from './scope';

export type FromState = 'A' | 'B' | 'C' | 'new' | 'dormant';
export type ToState = 'A' | 'B' | 'C' | 'lost';
/** Where a customer can start from (rows of the grid) and end up (columns), best first. */
export const FROM_STATES: readonly FromState[] = ['A', 'B', 'C', 'new', 'dormant'];
export const TO_STATES: readonly ToState[] = ['A', 'B', 'C', 'lost'];

/** Length of each period compared unless the view's period switch says otherwise. */
export const MIGRATION_PERIOD_DAYS = 365;

/**
 * Two periods compared. Default: period 2 = the `periodDays` (365) days up to as-of, period 1 =
 * the `periodDays` before it. Explicit ISO dates (inclusive) override.
 */
export interface MigrationOptions {
  periodDays?: number;
  period1?: { from: string; to: string };
  period2?: { from: string; to: string };
  cutoffs?: AbcCutoffs;
}

export interface MigrationCell {
  from: FromState;
  to: ToState;
  customers: number;
  valueBefore: number;
  valueAfter: number;
}

export interface MigrationResult {
  /** Measure the tiers use: `margin` falls back to `net` (order amounts carry no cost). */
  measure: 'net' | 'gross';
  cells: MigrationCell[];
  /** First purchase in period 2. */
  newCustomers: number;
  /** Bought in period 1, not in period 2. */
  lost: number;
  /** Bought before period 1 (not in it) and again in period 2. */
  reactivated: number;
  /** Tier in both periods: same, better, worse. */
  stayed: number;
  up: number;
  down: number;
}

/**
 * ABC tier of each customer within each period (same rule as `abcTierSql`, computed over that
 * period's values), crossed. Reads orders in scope joined to customer_summary.
 */
export function buildMigrationQuery(
  params: AnalysisParams = {},
  options: MigrationOptions = {},
): Query {
  const c = resolveCutoffs(options.cutoffs);
  return migrationQuery(params, options, {
    sql: `CASE WHEN value > 0 AND share < ? - 1e-9 THEN 'A'
      WHEN value > 0 AND share < ? - 1e-9 THEN 'B' ELSE 'C' END`,
    params: [c.a, c.b],
  });
}

/**
 * The migration grid by ABC bucket (`abcBucketSql`) in each period instead of tier: one query
 * serves every whole-percent cut-off (`parseMigrationBuckets`). from_state / to_state hold the
 * bucket (1..101) where the tier would be.
 */
export function buildMigrationBucketQuery(
  params: AnalysisParams = {},
  options: Omit<MigrationOptions, 'cutoffs'> = {},
): Query {
  return migrationQuery(params, options, { sql: abcBucketSql('value', 'share'), params: [] });
}

function migrationQuery(
  params: AnalysisParams,
  options: Omit<MigrationOptions, 'cutoffs'>,
  state: { sql: string; params: SqlValue[] },
): Query {
  const rp = resolveParams(params);
  const so = scopedOrders(rp);
  const days = options.periodDays ?? MIGRATION_PERIOD_DAYS;
  const val =
    rp.measure === 'gross'
      ? 'CASE WHEN NOT COALESCE(o.is_return, false) AND o.amount > 0 THEN o.amount ELSE 0 END'
      : 'o.amount';
  const pp: SqlValue[] = [];
  let periods: string;
  if (options.period1 && options.period2) {
    periods =
      'SELECT CAST(? AS DATE) AS f1, CAST(? AS DATE) AS t1, CAST(? AS DATE) AS f2, CAST(? AS DATE) AS t2';
    pp.push(options.period1.from, options.period1.to, options.period2.from, options.period2.to);
  } else {
    periods = `SELECT d - 2 * CAST(? AS INTEGER) + 1 AS f1, d - CAST(? AS INTEGER) AS t1,
      d - CAST(? AS INTEGER) + 1 AS f2, d AS t2 FROM (SELECT max(as_of) AS d FROM customer_summary)`;
    pp.push(days, days, days);
  }
  // Share of the period's value held by the customers ranked above (as value_above_share).
  const tier = (t: string): string => `SELECT customer_id, value, ${state.sql} AS tier FROM (
      SELECT customer_id, value, COALESCE(sum(value) OVER (ORDER BY value DESC, customer_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(value) OVER () AS share
      FROM ${t})`;
  return {
    sql: `WITH per AS (${periods}),
so AS (SELECT o.customer_id, o.order_date, ${val} AS v, COALESCE(o.is_return, false) AS is_return FROM ${so.sql}),
v1 AS (SELECT customer_id, sum(v) AS value FROM so, per WHERE order_date BETWEEN f1 AND t1 GROUP BY 1),
v2 AS (SELECT customer_id, sum(v) AS value FROM so, per WHERE order_date BETWEEN f2 AND t2 GROUP BY 1),
before2 AS (SELECT DISTINCT customer_id FROM so, per WHERE order_date < f2 AND NOT is_return),
tier1 AS (${tier('v1')}),
tier2 AS (${tier('v2')}),
moves AS (
  SELECT COALESCE(CAST(x.tier AS VARCHAR), CASE WHEN b2.customer_id IS NULL THEN 'new' ELSE 'dormant' END) AS from_state,
    COALESCE(CAST(y.tier AS VARCHAR), 'lost') AS to_state, COALESCE(x.value, 0) AS value_before,
    COALESCE(y.value, 0) AS value_after
  FROM tier1 x FULL JOIN tier2 y ON x.customer_id = y.customer_id
  LEFT JOIN before2 b2 ON b2.customer_id = COALESCE(x.customer_id, y.customer_id)
)
SELECT from_state, to_state, count(*) AS customers, sum(value_before) AS value_before,
  sum(value_after) AS value_after
FROM moves GROUP BY ALL ORDER BY from_state, to_state`,
    params: [...pp, ...so.params, ...state.params, ...state.params],
  };
}

/**
 * `parseMigration` of `buildMigrationBucketQuery` rows at whole-percent cut-offs: buckets become
 * tiers and the cells of the same (from, to) are added up, in the tier query's order.
 */
export function parseMigrationBuckets(
  rows: readonly Record<string, unknown>[],
  cutoffs: { a: number; b: number },
  params: AnalysisParams = {},
): MigrationResult {
  const state = (v: unknown): string => {
    const s = String(v);
    return /^\d+(\.0+)?$/.test(s) ? tierOfBucket(Number(s), cutoffs) : s;
  };
  const cells = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const from = state(r['from_state']);
    const to = state(r['to_state']);
    const key = `${from}>${to}`;
    const c = cells.get(key);
    if (!c) {
      cells.set(key, { ...r, from_state: from, to_state: to });
      continue;
    }
    c['customers'] = num(c['customers']) + num(r['customers']);
    c['value_before'] = num(c['value_before']) + num(r['value_before']);
    c['value_after'] = num(c['value_after']) + num(r['value_after']);
  }
  // ORDER BY from_state, to_state of the tier query (binary string order).
  const sorted = [...cells.values()].sort((x, y) => {
    const a = `${String(x['from_state'])}\u0000${String(x['to_state'])}`;
    const b = `${String(y['from_state'])}\u0000${String(y['to_state'])}`;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return parseMigration(sorted, params);
}

const RANK: Record<string, number> = { A: 3, B: 2, C: 1 };
const rank = (s: string): number => RANK[s] ?? 0;

export function parseMigration(
  rows: readonly Record<string, unknown>[],
  params: AnalysisParams = {},
): MigrationResult {
  const cells: MigrationCell[] = rows.map((r) => ({
    from: String(r['from_state']) as FromState,
    to: String(r['to_state']) as ToState,
    customers: num(r['customers']),
    valueBefore: num(r['value_before']),
    valueAfter: num(r['value_after']),
  }));
  const count = (pred: (c: MigrationCell) => boolean): number =>
    cells.filter(pred).reduce((s, c) => s + c.customers, 0);
  const tiered = (s: string): boolean => s in RANK;
  return {
    measure: resolveParams(params).measure === 'gross' ? 'gross' : 'net',
    cells,
    newCustomers: count((c) => c.from === 'new'),
    lost: count((c) => c.to === 'lost'),
    reactivated: count((c) => c.from === 'dormant'),
    stayed: count((c) => tiered(c.from) && c.from === c.to),
    up: count((c) => tiered(c.from) && tiered(c.to) && rank(c.to) > rank(c.from)),
    down: count((c) => tiered(c.from) && tiered(c.to) && rank(c.to) < rank(c.from)),
  };
}
