import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

export interface ExpectedKpis {
  customers: number;
  orders: number;
  value: number;
  top20Share: number;
}

/**
 * The sample's headline figures computed in plain JavaScript straight from the CSV, with no
 * SQL and no app code, so the browser's numbers are checked against an independent reckoning.
 */
export function expectedSampleKpis(ordersCsv: string): ExpectedKpis {
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
  const top = Math.max(1, Math.round(values.length * 0.2));
  const topValue = values.slice(0, top).reduce((s, v) => s + v, 0);
  return { customers: byCustomer.size, orders: orders.size, value, top20Share: topValue / value };
}
