import { reckonOrders } from '../reckon';

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
  const r = reckonOrders(ordersCsv);
  return { customers: r.customers, orders: r.orders, value: r.value, top20Share: r.topShare(0.2) };
}
