import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/**
 * The sample's figures reckoned in plain JavaScript from its CSV text, with no SQL and no app
 * code, so the numbers the app shows (in jsdom or in Chromium) are checked against an
 * independent computation. Shared by the component and the end-to-end tests.
 */
export interface OrderRow {
  orderId: string;
  customerId: string;
  /** ISO date as written in the file. */
  date: string;
  amount: number;
  /** A return row: the sample marks these with status "returned" (and a negative amount). */
  isReturn: boolean;
}

export function csvRecords(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

export function parseOrders(text: string): OrderRow[] {
  return csvRecords(text).map((r) => ({
    orderId: r['order_id'] ?? '',
    customerId: r['customer_id'] ?? '',
    date: r['order_date'] ?? '',
    amount: Number(r['amount']),
    isReturn: r['status'] === 'returned',
  }));
}

export function readOrders(path: string): OrderRow[] {
  return parseOrders(readFileSync(path, 'utf8'));
}

export interface Reckoning {
  customers: number;
  orders: number;
  value: number;
  /** Customer values, largest first. */
  values: number[];
  gini: number;
  /** Value share of the top max(1, round(share x N)) customers. */
  topShare(share: number): number;
}

/** Headline figures of an orders file (a path) or of rows already read. */
export function reckonOrders(orders: string | readonly OrderRow[]): Reckoning {
  const rows = typeof orders === 'string' ? readOrders(orders) : orders;
  const byCustomer = new Map<string, number>();
  const ids = new Set<string>();
  let value = 0;
  for (const r of rows) {
    byCustomer.set(r.customerId, (byCustomer.get(r.customerId) ?? 0) + r.amount);
    value += r.amount;
    if (!r.isReturn && r.amount >= 0) ids.add(r.orderId);
  }
  const values = [...byCustomer.values()].sort((a, b) => b - a);
  const n = values.length;
  // Gini over ascending ranks i = 1..n: sum (2i - n - 1) v_i / (n * total).
  const ascending = [...values].reverse();
  const gini = ascending.reduce((s, v, i) => s + (2 * (i + 1) - n - 1) * v, 0) / (n * value);
  return {
    customers: n,
    orders: ids.size,
    value,
    values,
    gini,
    topShare(share) {
      const top = Math.max(1, Math.round(n * share));
      return values.slice(0, top).reduce((s, v) => s + v, 0) / value;
    },
  };
}
