import type { Query } from '../data/db';
import { UNIQUE_ORDER_IDS_COMMENT } from '../data/schema';

/**
 * Per customer and day pre-aggregate of the order tables, built once per data load. Every
 * scope change (as-of date, date window, measure, attribute filters) rebuilds `customer_summary`
 * from this table instead of the raw order and item rows, which removes the distinct-order
 * count, the item-margin join and the day grouping from the latency of moving a control.
 */
export const CUSTOMER_DAYS_TABLE = 'customer_days';

/**
 * What picks the build of `customer_days`: column `unique_ids`, whether `orders` carries the
 * ingest's mark `UNIQUE_ORDER_IDS_COMMENT`, and column `items`, whether `order_items` has rows.
 * Pass the row to `customerDaysOptions`.
 */
export function uniqueOrderIdsQuery(): Query {
  return {
    sql: `SELECT count(*) > 0 AS unique_ids,
  EXISTS (SELECT 1 FROM order_items) AS items
FROM duckdb_tables()
WHERE database_name = current_database() AND table_name = 'orders' AND schema_name = 'main'
  AND comment = ?`,
    params: [UNIQUE_ORDER_IDS_COMMENT],
  };
}

export interface CustomerDaysOptions {
  /** `orders` has each order id on one row only (see `UNIQUE_ORDER_IDS_COMMENT`). */
  uniqueOrderIds?: boolean;
  /**
   * `order_items` has no rows, so no day has a margin: the build leaves out the item-margin
   * join (a probe of every order row, about a tenth of the build with 1M orders and no items).
   */
  noItems?: boolean;
}

/** The build options from the row of `uniqueOrderIdsQuery` (none when it is missing). */
export function customerDaysOptions(row: Record<string, unknown> | undefined): CustomerDaysOptions {
  return { uniqueOrderIds: row?.['unique_ids'] === true, noItems: row?.['items'] === false };
}

/**
 * Columns: customer_id, day, rows (order rows), buys (rows that are not returns), returns,
 * net (all amounts), gross (positive amounts of non-returns; null when none), orders (distinct
 * order ids bought that day plus non-return rows without an id), margin (item margin of the
 * order ids bought that day; null when none is costed), prev_buy_day (the customer's previous
 * day with a non-return row; only on such days). The counts are INTEGER: with one row per
 * order the table has about as many rows as `orders`, and 64-bit (or, from sum, 128-bit)
 * counts made it larger than the order table itself.
 *
 * An order id is one order per day however many rows (order lines) carry it; a return row of
 * the id adds neither an order nor its margin. In general rows are grouped by (customer, day,
 * id) first and then by (customer, day), which is about twice as fast as a per-customer
 * distinct count with a margin join. With `uniqueOrderIds` (see `UNIQUE_ORDER_IDS_COMMENT`)
 * every row is its own (customer, day, id) group, so the first grouping is skipped: a bought
 * row is one order. That grouping held a hash table as large as the order table, which is what
 * ran DuckDB-WASM out of memory at 10M orders.
 *
 * Two statements, run in order: the table, then its rows. `rows` is always buys + returns,
 * `orders` is buys with `uniqueOrderIds`, and `margin` is null on every day without items: such
 * columns are generated on read instead of stored, which with 10M orders (9.6M days, unique
 * ids, no items) keeps about 190 MiB out of the wasm heap.
 */
export function buildCustomerDaysQueries(opts: CustomerDaysOptions = {}): Query[] {
  const itemMargin = `item_margin AS (
  SELECT i.order_id, sum(i.revenue - COALESCE(i.cost, i.quantity * p.unit_cost)) AS margin
  FROM order_items i LEFT JOIN products p ON p.product_id = i.product_id
  WHERE COALESCE(i.cost, i.quantity * p.unit_cost) IS NOT NULL
  GROUP BY i.order_id
)`;
  // Without items the margin is null on every day, as the join would leave it (see below).
  const margin = (m: string): string => (opts.noItems ? '' : `,\n    ${m} AS margin`);
  const marginJoin = (on: string): string =>
    opts.noItems ? '' : ` LEFT JOIN item_margin m ON m.order_id = ${on}.order_id`;
  const perDay = opts.uniqueOrderIds
    ? `per_day AS (
  SELECT o.customer_id, o.day,
    CAST(count(*) FILTER (WHERE NOT o.is_return) AS INTEGER) AS buys,
    CAST(count(*) FILTER (WHERE o.is_return) AS INTEGER) AS returns,
    sum(o.amount) AS net,
    sum(o.amount) FILTER (WHERE NOT o.is_return AND o.amount > 0) AS gross${margin('sum(m.margin) FILTER (WHERE NOT o.is_return)')}
  FROM o${marginJoin('o')}
  GROUP BY o.customer_id, o.day
)`
    : `per_id AS (
  SELECT customer_id, day, order_id,
    count(*) FILTER (WHERE NOT is_return) AS buys,
    count(*) FILTER (WHERE is_return) AS returns,
    sum(amount) AS net,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0) AS gross
  FROM o GROUP BY customer_id, day, order_id
),
per_day AS (
  SELECT d.customer_id, d.day,
    CAST(sum(d.buys) AS INTEGER) AS buys, CAST(sum(d.returns) AS INTEGER) AS returns,
    sum(d.net) AS net, sum(d.gross) AS gross,
    CAST(count(*) FILTER (WHERE d.order_id IS NOT NULL AND d.buys > 0)
      + COALESCE(sum(d.buys) FILTER (WHERE d.order_id IS NULL), 0) AS INTEGER) AS orders${margin('sum(m.margin) FILTER (WHERE d.buys > 0)')}
  FROM per_id d${marginJoin('d')}
  GROUP BY d.customer_id, d.day
)`;
  const stored = ['customer_id', 'day', 'buys', 'returns', 'net', 'gross'];
  if (!opts.uniqueOrderIds) stored.push('orders');
  if (!opts.noItems) stored.push('margin');
  stored.push('prev_buy_day');
  // With unique ids every bought row is one order: orders = buys.
  const ordersColumn = opts.uniqueOrderIds ? 'orders INTEGER AS (buys)' : 'orders INTEGER';
  const marginColumn = opts.noItems ? 'margin DOUBLE AS (CAST(NULL AS DOUBLE))' : 'margin DOUBLE';
  return [
    {
      sql: `CREATE OR REPLACE TABLE ${CUSTOMER_DAYS_TABLE} (customer_id VARCHAR, day DATE,
  "rows" INTEGER AS (buys + returns), buys INTEGER, returns INTEGER, net DOUBLE, gross DOUBLE,
  ${ordersColumn}, ${marginColumn}, prev_buy_day DATE)`,
      params: [],
    },
    {
      sql: `INSERT INTO ${CUSTOMER_DAYS_TABLE} (${stored.join(', ')})
WITH o AS (
  SELECT customer_id, order_id, order_date AS day, amount, COALESCE(is_return, false) AS is_return
  FROM orders
),
${opts.noItems ? '' : `${itemMargin},\n`}${perDay}
SELECT ${stored.filter((c) => c !== 'prev_buy_day').join(', ')},
  CASE WHEN buys > 0 THEN lag(day) OVER (PARTITION BY customer_id, buys > 0 ORDER BY day) END AS prev_buy_day
FROM per_day`,
      params: [],
    },
  ];
}
