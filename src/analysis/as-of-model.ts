import type { Query } from '../data/db';
import { CUSTOMER_DAYS_TABLE } from './customer-days';

/*
 * The rows of `customer_days` held in the page as typed arrays, so that a change of as-of date
 * (or of the date window, the measure or an attribute filter) recomputes the Overview's figures
 * in JS (`as-of-overview.ts`) instead of waiting for `customer_base` to be updated and ranked
 * again: at 1M orders that SQL alone takes about 340 ms in native DuckDB, above the 100 ms a
 * control may take to redraw.
 */

/** Stands for a missing `prev_buy_day`: below every day, so no window keeps the gap. */
export const NO_DAY = -2147483648;

/**
 * Rows of `customer_days` (column n): asked first, so that a table above the page's cap (10M
 * orders) costs a count, not the grouping of every row.
 */
export function buildAsOfModelRowsQuery(): Query {
  return { sql: `SELECT count(*) AS n FROM ${CUSTOMER_DAYS_TABLE}`, params: [] };
}

/**
 * One row per customer with a row in `customer_days`, in the order DuckDB sorts customer_id
 * (the rank's tie order, which JS string comparison does not reproduce): region, channel,
 * segment (null when not in the customers table) and n, the customer's day rows. Customers
 * without a day row are never buyers, so no figure of the Overview needs them.
 */
export function buildAsOfModelCustomersQuery(): Query {
  return {
    sql: `SELECT c.region, c.channel, c.segment, d.n
FROM (SELECT customer_id, count(*) AS n FROM ${CUSTOMER_DAYS_TABLE} GROUP BY customer_id) d
LEFT JOIN customers c ON c.customer_id = d.customer_id
ORDER BY d.customer_id`,
    params: [],
  };
}

/**
 * Every row of `customer_days`, sorted by customer (as `buildAsOfModelCustomersQuery`) and day,
 * so each customer's rows are one contiguous, day-sorted range: day and prev (the previous
 * purchase day, `NO_DAY` when none) as days since 1970-01-01, buy (1 when the day has a
 * non-return row), orders, net, gross and margin (0 for null: every figure the Overview shows
 * coalesces their sums to 0, and adding 0 changes no sum). No column has nulls, so each arrives
 * as one typed array.
 */
export function buildAsOfModelDaysQuery(): Query {
  return {
    sql: `SELECT CAST(day - DATE '1970-01-01' AS INTEGER) AS day,
  CAST(COALESCE(prev_buy_day - DATE '1970-01-01', ${NO_DAY}) AS INTEGER) AS prev,
  CAST(buys > 0 AS TINYINT) AS buy, CAST(orders AS INTEGER) AS orders,
  CAST(net AS DOUBLE) AS net, CAST(COALESCE(gross, 0) AS DOUBLE) AS gross,
  CAST(COALESCE(margin, 0) AS DOUBLE) AS margin
FROM ${CUSTOMER_DAYS_TABLE}
ORDER BY customer_id, day`,
    params: [],
  };
}

export interface AsOfModelDays {
  day: Int32Array;
  prev: Int32Array;
  buy: Int8Array;
  orders: Int32Array;
  net: Float64Array;
  gross: Float64Array;
  margin: Float64Array;
}

export interface AsOfModelCustomers {
  region: readonly (string | null)[];
  channel: readonly (string | null)[];
  segment: readonly (string | null)[];
  /** Day rows per customer. */
  n: ArrayLike<number>;
}

/** The day rows and customers of the two queries above. */
export interface AsOfModel extends AsOfModelDays {
  /** Customer c's day rows are start[c] .. start[c + 1] - 1. */
  start: Int32Array;
  region: readonly (string | null)[];
  channel: readonly (string | null)[];
  segment: readonly (string | null)[];
  /** The latest day of all rows (the as-of date when none is set and no window). */
  maxDay: number;
  /** The most day rows of one customer. */
  longest: number;
  /**
   * On a purchase day, the median gap between the customer's purchase days up to it (NaN when
   * none): the customer's median_gap_days for any as-of date without a window start, read off
   * instead of sorted again on each change (half the time of a change at 1M orders).
   */
  medianToDay: Float64Array;
}

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** See `AsOfModel.medianToDay`: each customer's gaps kept sorted as they come, by insertion. */
function mediansToDay(start: Int32Array, days: AsOfModelDays, longest: number): Float64Array {
  const out = new Float64Array(days.day.length).fill(NaN);
  const sorted = new Float64Array(longest);
  for (let c = 0; c + 1 < start.length; c++) {
    let k = 0;
    for (let i = start[c] ?? 0; i < (start[c + 1] ?? 0); i++) {
      if (days.buy[i] !== 1) continue;
      const p = days.prev[i] ?? NO_DAY;
      if (p !== NO_DAY) {
        const gap = (days.day[i] ?? 0) - p;
        let j = k++;
        while (j > 0 && (sorted[j - 1] ?? 0) > gap) sorted[j] = sorted[--j] ?? 0;
        sorted[j] = gap;
      }
      if (k === 0) continue;
      const lo = sorted[(k - 1) >> 1] ?? NaN;
      out[i] = k % 2 === 1 ? lo : (lo + (sorted[k >> 1] ?? NaN)) / 2;
    }
  }
  return out;
}

/** The model from the two queries' columns; throws when they do not fit together. */
export function asOfModel(customers: AsOfModelCustomers, days: AsOfModelDays): AsOfModel {
  const count = customers.n.length;
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = (start[c] ?? 0) + Number(customers.n[c]);
  const rows = days.day.length;
  for (const k of ['prev', 'buy', 'orders', 'net', 'gross', 'margin'] as const) {
    if (days[k].length !== rows)
      throw new Error(`as-of model: ${k} has ${days[k].length} rows of ${rows}`);
  }
  if (start[count] !== rows) {
    throw new Error(`as-of model: customers hold ${start[count]} day rows, days ${rows}`);
  }
  for (const k of ['region', 'channel', 'segment'] as const) {
    if (customers[k].length !== count) throw new Error(`as-of model: ${k} does not fit`);
  }
  let maxDay = NO_DAY;
  let longest = 0;
  for (let c = 0; c < count; c++) {
    // Sorted by day within a customer: the last row is the customer's latest.
    const last = (start[c + 1] ?? 0) - 1;
    if (last >= (start[c] ?? 0)) maxDay = Math.max(maxDay, days.day[last] ?? NO_DAY);
    longest = Math.max(longest, last + 1 - (start[c] ?? 0));
  }
  return {
    ...days,
    medianToDay: mediansToDay(start, days, longest),
    start,
    region: customers.region,
    channel: customers.channel,
    segment: customers.segment,
    maxDay,
    longest,
  };
}
