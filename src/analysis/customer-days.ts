import type { Query } from '../data/db';

/**
 * Per customer and day pre-aggregate of the order tables, built once per data load. Every
 * scope change (as-of date, date window, measure, attribute filters) rebuilds `customer_summary`
 * from this table instead of the raw order and item rows, which removes the distinct-order
 * count, the item-margin join and the day grouping from the latency of moving a control.
 */
export const CUSTOMER_DAYS_TABLE = 'customer_days';

/**
 * Columns: customer_id, day, rows (order rows), buys (rows that are not returns), returns,
 * net (all amounts), gross (positive amounts of non-returns; null when none), orders (distinct
 * order ids bought that day plus non-return rows without an id), margin (item margin of the
 * order ids bought that day; null when none is costed), prev_buy_day (the customer's previous
 * day with a non-return row; only on such days). The counts are INTEGER: with one row per
 * order, the table has about as many rows as `orders`, and 64-bit (or, from sum, 128-bit)
 * counts made it larger than the order table itself.
 *
 * An order id is one order per day however many rows (order lines) carry it; a return row of
 * the id adds neither an order nor its margin. Rows are first grouped by (customer, day, id),
 * then by (customer, day). Only ids on two or more rows need the first grouping: a row whose id
 * is on no other row (every row of an order-level export, and every row without an id) is
 * already its own group. Which ids repeat is found by grouping the ids' 64-bit hashes (a hash
 * collision only sends a few more rows through the grouping), which needs far less memory than
 * grouping every row by (customer, day, id).
 */
export function buildCustomerDaysQuery(): Query {
  return {
    sql: `CREATE OR REPLACE TABLE ${CUSTOMER_DAYS_TABLE} AS
WITH o AS (
  SELECT customer_id, order_id, order_date AS day, amount, COALESCE(is_return, false) AS is_return
  FROM orders
),
repeated AS (
  SELECT hash(order_id) AS h FROM orders WHERE order_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1
),
item_margin AS (
  SELECT i.order_id, sum(i.revenue - COALESCE(i.cost, i.quantity * p.unit_cost)) AS margin
  FROM order_items i LEFT JOIN products p ON p.product_id = i.product_id
  WHERE COALESCE(i.cost, i.quantity * p.unit_cost) IS NOT NULL
  GROUP BY i.order_id
),
per_id AS (
  SELECT customer_id, day, order_id, count(*) AS rows,
    count(*) FILTER (WHERE NOT is_return) AS buys,
    count(*) FILTER (WHERE is_return) AS returns,
    sum(amount) AS net,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0) AS gross
  FROM o WHERE order_id IS NOT NULL AND hash(order_id) IN (SELECT h FROM repeated)
  GROUP BY customer_id, day, order_id
  UNION ALL
  SELECT customer_id, day, order_id, 1 AS rows,
    CASE WHEN is_return THEN 0 ELSE 1 END AS buys,
    CASE WHEN is_return THEN 1 ELSE 0 END AS returns,
    amount AS net,
    CASE WHEN NOT is_return AND amount > 0 THEN amount END AS gross
  FROM o WHERE order_id IS NULL OR hash(order_id) NOT IN (SELECT h FROM repeated)
),
per_day AS (
  SELECT d.customer_id, d.day, CAST(sum(d.rows) AS INTEGER) AS rows,
    CAST(sum(d.buys) AS INTEGER) AS buys, CAST(sum(d.returns) AS INTEGER) AS returns,
    sum(d.net) AS net, sum(d.gross) AS gross,
    CAST(count(*) FILTER (WHERE d.order_id IS NOT NULL AND d.buys > 0)
      + COALESCE(sum(d.buys) FILTER (WHERE d.order_id IS NULL), 0) AS INTEGER) AS orders,
    sum(m.margin) FILTER (WHERE d.buys > 0) AS margin
  FROM per_id d LEFT JOIN item_margin m ON m.order_id = d.order_id
  GROUP BY d.customer_id, d.day
)
SELECT *,
  CASE WHEN buys > 0 THEN lag(day) OVER (PARTITION BY customer_id, buys > 0 ORDER BY day) END AS prev_buy_day
FROM per_day`,
    params: [],
  };
}
