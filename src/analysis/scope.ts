import type { Query, SqlValue } from '../data/db';
import { CUSTOMER_ATTRIBUTES, type ResolvedParams } from './params';
import { inList, quoteIdent } from './sql';
import { CUSTOMER_DAYS_TABLE } from './customer-days';

/**
 * Conditions keeping the DATE expression `col` inside the date window (none without one), with
 * their parameters in text order.
 */
export function dateWindow(
  p: ResolvedParams,
  col: string,
): { conds: string[]; params: SqlValue[] } {
  const conds: string[] = [];
  const params: SqlValue[] = [];
  if (p.filters.from) {
    conds.push(`${col} >= CAST(? AS DATE)`);
    params.push(p.filters.from);
  }
  if (p.filters.to) {
    conds.push(`${col} <= CAST(? AS DATE)`);
    params.push(p.filters.to);
  }
  return { conds, params };
}

/**
 * The common CTEs of the summary base: `as_of_date(d)`, `fd` (rows of `customer_days` inside the
 * date window and up to as-of) and `cust` (the customers table; the base adds any customer id
 * that only appears in `fd`). Attribute filters apply later, see `attributeFilter`. With `only`
 * (the name of a relation with a customer_id column, defined before these CTEs), `fd` and `cust`
 * keep those customers alone: their rows are the same as without it.
 */
export function scopeCtes(p: ResolvedParams, only?: string): Query & { params: SqlValue[] } {
  const { conds: windowConds, params: windowParams } = dateWindow(p, 'cd.day');
  const windowSql = windowConds.length ? windowConds.join(' AND ') : 'true';
  const asOfSql = p.asOf
    ? 'CAST(? AS DATE)'
    : `(SELECT max(cd.day) FROM ${CUSTOMER_DAYS_TABLE} cd WHERE ${windowSql})`;
  const all: SqlValue[] = p.asOf ? [p.asOf] : [...windowParams];
  all.push(...windowParams);

  const kept = (col: string) => `${col} IN (SELECT customer_id FROM ${only})`;
  // With some customers only, the date as a constant lets the engine estimate the rows it keeps
  // and join the few customers to them, not the other way round (115 ms of 370 at 1M orders).
  let upTo = '(SELECT d FROM as_of_date)';
  if (only && p.asOf) {
    upTo = `CAST(? AS DATE) AND ${kept('cd.customer_id')}`;
    all.push(p.asOf);
  }
  const sql = `as_of_date AS (SELECT ${asOfSql} AS d),
fd AS (
  SELECT cd.* FROM ${CUSTOMER_DAYS_TABLE} cd
  WHERE ${windowSql} AND cd.day <= ${upTo}
),
cust AS (
  SELECT customer_id, region, channel, segment FROM customers${only ? ` WHERE ${kept('customer_id')}` : ''}
)`;
  return { sql, params: all };
}

/** WHERE condition keeping the customers whose attributes pass the filters (`true` when none). */
export function attributeFilter(p: ResolvedParams): Query & { params: SqlValue[] } {
  const conds: string[] = [];
  const params: SqlValue[] = [];
  for (const attr of CUSTOMER_ATTRIBUTES) {
    const values = p.filters[attr];
    if (values.length === 0) continue;
    const l = inList(values);
    conds.push(`${quoteIdent(attr)} ${l.sql}`);
    params.push(...l.params);
  }
  return { sql: conds.length ? conds.join(' AND ') : 'true', params };
}

/** The segment column expression (quoted attribute) or `NULL` when not segmenting. */
export function segmentExpr(p: ResolvedParams): string {
  return p.segmentBy ? `CAST(${quoteIdent(p.segmentBy)} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
}

/**
 * Orders in scope for order-level analyses: rows of `orders` (alias `o`) of customers in
 * `customer_summary` (which already applied the attribute filters), up to its as-of and inside
 * the date window. Gives the FROM/WHERE text and its parameters.
 *
 * Without attribute filters the summary holds every customer with an order row up to as-of in
 * the window (the customers table, whose ids are unique, and those missing from it: see
 * `baseSelect`), so the join keeps every such row once and only the as-of date is read from it: the
 * join of every order row cost a quarter of the Tiers view's migration query at 1M orders
 * (249 to 189 ms of CPU in Node). The rows are the same; sums over them may differ in the last
 * bits, as the join hands a customer's rows to an aggregate in another order. `alwaysJoin` keeps
 * the join (see `scopedLinesCte`).
 */
export function scopedOrders(
  p: ResolvedParams,
  opts: { alwaysJoin?: boolean } = {},
): Query & { params: SqlValue[] } {
  const window = dateWindow(p, 'o.order_date');
  const params = window.params;
  if (!opts.alwaysJoin && CUSTOMER_ATTRIBUTES.every((a) => p.filters[a].length === 0)) {
    const conds = ['o.order_date <= (SELECT max(as_of) FROM customer_summary)', ...window.conds];
    return { sql: `orders o WHERE ${conds.join(' AND ')}`, params };
  }
  const conds = ['o.order_date <= s.as_of', ...window.conds];
  return {
    sql: `orders o JOIN customer_summary s ON s.customer_id = o.customer_id WHERE ${conds.join(' AND ')}`,
    params,
  };
}
