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
 * day with a non-return row; only on such days).
 *
 * An order id is one order per day however many rows (order lines) carry it; a return row of
 * the id adds neither an order nor its margin. Grouping by (customer, day, id) first and then by
 * (customer, day) is about twice as fast as a per-customer distinct count with a margin join.
 */
export function buildCustomerDaysQuery(): Query {
  return {
    sql: `CREATE OR REPLACE TABLE ${CUSTOMER_DAYS_TABLE} AS
WITH o AS (
  SELECT customer_id, order_id, order_date, amount, COALESCE(is_return, false) AS is_return
  FROM orders
),
item_margin AS (
  SELECT i.order_id, sum(i.revenue - COALESCE(i.cost, i.quantity * p.unit_cost)) AS margin
  FROM order_items i LEFT JOIN products p ON p.product_id = i.product_id
  WHERE COALESCE(i.cost, i.quantity * p.unit_cost) IS NOT NULL
  GROUP BY i.order_id
),
per_id AS (
  SELECT customer_id, order_date AS day, order_id, count(*) AS rows,
    count(*) FILTER (WHERE NOT is_return) AS buys,
    count(*) FILTER (WHERE is_return) AS returns,
    sum(amount) AS net,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0) AS gross
  FROM o GROUP BY customer_id, order_date, order_id
),
per_day AS (
  SELECT d.customer_id, d.day, sum(d.rows) AS rows, sum(d.buys) AS buys,
    sum(d.returns) AS returns, sum(d.net) AS net, sum(d.gross) AS gross,
    count(*) FILTER (WHERE d.order_id IS NOT NULL AND d.buys > 0)
      + COALESCE(sum(d.buys) FILTER (WHERE d.order_id IS NULL), 0) AS orders,
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
