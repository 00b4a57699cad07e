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
 * net (all amounts), gross (positive amounts of non-returns; null when none), orders (order ids
 * counted on their first non-return day, plus non-return rows without an id), margin (item
 * margin of the order ids first seen that day; null when none is costed), prev_buy_day (the
 * customer's previous day with a non-return row; only on such days).
 *
 * An order id is one order however many rows or days carry it: its count and its margin go to
 * the first day it appears, so a sale and a later return of the same id are not counted twice.
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
ids AS (
  SELECT customer_id, order_id, min(order_date) AS first_any,
    min(order_date) FILTER (WHERE NOT is_return) AS first_buy
  FROM o WHERE order_id IS NOT NULL GROUP BY customer_id, order_id
),
id_days AS (
  SELECT customer_id, first_buy AS day, count(*) AS orders, NULL::DOUBLE AS margin
  FROM ids WHERE first_buy IS NOT NULL GROUP BY customer_id, first_buy
  UNION ALL
  SELECT ids.customer_id, ids.first_any, 0, sum(m.margin)
  FROM ids JOIN item_margin m ON m.order_id = ids.order_id GROUP BY ids.customer_id, ids.first_any
),
idd AS (
  SELECT customer_id, day, sum(orders) AS orders, sum(margin) AS margin
  FROM id_days GROUP BY customer_id, day
),
rd AS (
  SELECT customer_id, order_date AS day, count(*) AS rows,
    count(*) FILTER (WHERE NOT is_return) AS buys,
    count(*) FILTER (WHERE NOT is_return AND order_id IS NULL) AS loose,
    count(*) FILTER (WHERE is_return) AS returns,
    sum(amount) AS net,
    sum(amount) FILTER (WHERE NOT is_return AND amount > 0) AS gross
  FROM o GROUP BY customer_id, order_date
)
SELECT rd.customer_id, rd.day, rd.rows, rd.buys, rd.returns, rd.net, rd.gross,
  rd.loose + COALESCE(idd.orders, 0) AS orders, idd.margin,
  CASE WHEN rd.buys > 0 THEN lag(rd.day) OVER (PARTITION BY rd.customer_id, rd.buys > 0 ORDER BY rd.day) END AS prev_buy_day
FROM rd LEFT JOIN idd ON idd.customer_id = rd.customer_id AND idd.day = rd.day`,
    params: [],
  };
}
