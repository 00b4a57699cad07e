import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/**
 * The sample's figures reckoned in plain JavaScript from the orders CSV, with no SQL and no app
 * code, so the views' numbers are checked against an independent computation.
 */
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

export function reckonOrders(ordersCsv: string): Reckoning {
  const rows = Papa.parse<Record<string, string>>(readFileSync(ordersCsv, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const byCustomer = new Map<string, number>();
  const orders = new Set<string>();
  let value = 0;
  for (const r of rows) {
    const amount = Number(r['amount']);
    const id = r['customer_id'] ?? '';
    byCustomer.set(id, (byCustomer.get(id) ?? 0) + amount);
    value += amount;
    if (r['status'] !== 'returned' && amount >= 0) orders.add(r['order_id'] ?? '');
  }
  const values = [...byCustomer.values()].sort((a, b) => b - a);
  const n = values.length;
  // Gini over ascending ranks i = 1..n: sum (2i - n - 1) v_i / (n * total).
  const ascending = [...values].reverse();
  const gini = ascending.reduce((s, v, i) => s + (2 * (i + 1) - n - 1) * v, 0) / (n * value);
  return {
    customers: n,
    orders: orders.size,
    value,
    values,
    gini,
    topShare(share) {
      const top = Math.max(1, Math.round(n * share));
      return values.slice(0, top).reduce((s, v) => s + v, 0) / value;
    },
  };
}
