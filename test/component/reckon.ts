/**
 * Per-customer facts of a sample and the tier figures (ABC, pyramid, RFM, migration) reckoned
 * from them in plain JavaScript, following README "Definitions", never the app's SQL.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvRecords, parseOrders, type OrderRow } from '../reckon';

export const ROOT = resolve(import.meta.dirname, '../..');
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface Customer {
  id: string;
  /** Net value: every amount, returns included. */
  value: number;
  /** Distinct days with a row that is not a return, ascending. */
  purchaseDays: number[];
  /** Distinct (order id, day) pairs of rows that are not returns. */
  orders: number;
  firstAny: number;
  lastAny: number;
}

export interface Sample {
  rows: OrderRow[];
  /** Customer ids of the customers file, in file order. */
  fileIds: string[];
  /** Buyers: every id with an order row (returns too). */
  buyers: Map<string, Customer>;
  /** The last order date (the default as-of). */
  asOf: number;
}

export function sampleFrom(ordersText: string, customersText: string): Sample {
  const rows = parseOrders(ordersText);
  const fileIds = csvRecords(customersText).map((r) => r['customer_id'] ?? '');
  const buyers = new Map<string, Customer>();
  const days = new Map<string, Set<number>>();
  const orders = new Map<string, Set<string>>();
  for (const r of rows) {
    const day = dayOf(r.date);
    const c = buyers.get(r.customerId) ?? {
      id: r.customerId,
      value: 0,
      purchaseDays: [],
      orders: 0,
      firstAny: day,
      lastAny: day,
    };
    c.value += r.amount;
    c.firstAny = Math.min(c.firstAny, day);
    c.lastAny = Math.max(c.lastAny, day);
    buyers.set(r.customerId, c);
    if (r.isReturn) continue;
    days.set(r.customerId, (days.get(r.customerId) ?? new Set()).add(day));
    orders.set(r.customerId, (orders.get(r.customerId) ?? new Set()).add(`${r.orderId}@${day}`));
  }
  for (const c of buyers.values()) {
    c.purchaseDays = [...(days.get(c.id) ?? [])].sort((a, b) => a - b);
    c.orders = orders.get(c.id)?.size ?? 0;
  }
  const asOf = Math.max(...rows.map((r) => dayOf(r.date)));
  return { rows, fileIds, buyers, asOf };
}

export function readSample(id: 'en' | 'zh'): Sample {
  const read = (name: string) => readFileSync(resolve(ROOT, 'samples', id, name), 'utf8');
  return sampleFrom(read('orders.csv'), read('customers.csv'));
}

/** Days since the last purchase day (the last row of any kind without one). */
export function recencyDays(s: Sample, c: Customer): number {
  return s.asOf - (c.purchaseDays.at(-1) ?? c.lastAny);
}

/** A purchase within the active window (365 days). */
export function isActive(s: Sample, c: Customer): boolean {
  return c.purchaseDays.length > 0 && recencyDays(s, c) <= 365;
}

/** Largest value first, ties by id: the app's ranking of customers. */
export function byValue<T extends { id: string; value: number }>(list: Iterable<T>): T[] {
  return [...list].sort((x, y) => y.value - x.value || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

export type Tier = 'A' | 'B' | 'C';

/**
 * ABC: A while the customers ranked above hold less than `a` of the total value, B below `b`,
 * else C; customers without positive value are C.
 */
export function abcTiers(
  values: Iterable<{ id: string; value: number }>,
  a: number,
  b: number,
): Map<string, Tier> {
  const ranked = byValue(values);
  const total = ranked.reduce((s, c) => s + c.value, 0);
  const tiers = new Map<string, Tier>();
  let above = 0;
  for (const c of ranked) {
    const share = above / total;
    tiers.set(
      c.id,
      c.value > 0 && share < a - 1e-9 ? 'A' : c.value > 0 && share < b - 1e-9 ? 'B' : 'C',
    );
    above += c.value;
  }
  return tiers;
}

export function abcCounts(s: Sample, a: number, b: number): Record<Tier, number> {
  const counts: Record<Tier, number> = { A: 0, B: 0, C: 0 };
  for (const t of abcTiers(s.buyers.values(), a, b).values()) counts[t]++;
  return counts;
}

export type Level = 'top' | 'big' | 'medium' | 'small' | 'inactive' | 'prospect';

/** Pyramid: active buyers by value rank (1 / 4 / 15 / 80 %), inactive buyers, prospects. */
export function pyramidLevels(s: Sample): Record<Level, { customers: number; value: number }> {
  const out = Object.fromEntries(
    (['top', 'big', 'medium', 'small', 'inactive', 'prospect'] as const).map((l) => [
      l,
      { customers: 0, value: 0 },
    ]),
  ) as Record<Level, { customers: number; value: number }>;
  const add = (l: Level, value: number) => {
    out[l].customers++;
    out[l].value += value;
  };
  const active = byValue([...s.buyers.values()].filter((c) => recencyDays(s, c) <= 365));
  const n = active.length;
  active.forEach((c, i) => {
    const rank = i + 1;
    const level =
      rank <= Math.round(0.01 * n)
        ? 'top'
        : rank <= Math.round(0.05 * n)
          ? 'big'
          : rank <= Math.round(0.2 * n)
            ? 'medium'
            : 'small';
    add(level, c.value);
  });
  for (const c of s.buyers.values()) if (recencyDays(s, c) > 365) add('inactive', c.value);
  for (const id of new Set(s.fileIds)) if (!s.buyers.has(id)) add('prospect', 0);
  return out;
}

/** ntile(5) of position i (0-based) among n rows: the first n mod 5 buckets hold one more. */
function ntile5(i: number, n: number): number {
  const small = Math.floor(n / 5);
  const big = n % 5;
  const inBig = big * (small + 1);
  return i < inBig ? Math.floor(i / (small + 1)) + 1 : big + Math.floor((i - inBig) / small) + 1;
}

/**
 * RFM quintiles over customers with an order: R by recency (most recent = 5; ties split by
 * id, higher id first), F by orders (ties by id). Champions: R 5 and F 4-5.
 */
export function rfmChampions(s: Sample): { buyers: number; champions: number; value: number } {
  const scored = [...s.buyers.values()].filter((c) => c.orders > 0);
  const n = scored.length;
  const cmpId = (x: Customer, y: Customer) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const r = new Map(
    [...scored]
      .sort((x, y) => recencyDays(s, y) - recencyDays(s, x) || cmpId(y, x))
      .map((c, i) => [c.id, ntile5(i, n)]),
  );
  const f = new Map(
    [...scored]
      .sort((x, y) => x.orders - y.orders || cmpId(x, y))
      .map((c, i) => [c.id, ntile5(i, n)]),
  );
  const champions = scored.filter((c) => r.get(c.id) === 5 && (f.get(c.id) ?? 0) >= 4);
  return {
    buyers: n,
    champions: champions.length,
    value: champions.reduce((a, c) => a + c.value, 0) / scored.reduce((a, c) => a + c.value, 0),
  };
}

/**
 * Tier migration between the `days` before as-of and the `days` before those: ABC within each
 * period's own values; new = no purchase before the later period, lost = no order in it.
 */
export function migration(
  s: Sample,
  days: number,
  a: number,
  b: number,
): { up: number; down: number; lost: number; newCustomers: number } {
  const t1 = s.asOf - days;
  const f1 = s.asOf - 2 * days + 1;
  const v1 = new Map<string, number>();
  const v2 = new Map<string, number>();
  const before2 = new Set<string>();
  for (const r of s.rows) {
    const d = dayOf(r.date);
    if (d > s.asOf) continue;
    if (d > t1) v2.set(r.customerId, (v2.get(r.customerId) ?? 0) + r.amount);
    else if (d >= f1) v1.set(r.customerId, (v1.get(r.customerId) ?? 0) + r.amount);
    if (d <= t1 && !r.isReturn) before2.add(r.customerId);
  }
  const entries = (m: Map<string, number>) => [...m].map(([id, value]) => ({ id, value }));
  const tier1 = abcTiers(entries(v1), a, b);
  const tier2 = abcTiers(entries(v2), a, b);
  const rank = { A: 3, B: 2, C: 1 };
  const out = { up: 0, down: 0, lost: 0, newCustomers: 0 };
  for (const id of new Set([...v1.keys(), ...v2.keys()])) {
    const from = tier1.get(id);
    const to = tier2.get(id);
    if (!from && !before2.has(id)) out.newCustomers++;
    if (!to) out.lost++;
    if (from && to && rank[to] > rank[from]) out.up++;
    if (from && to && rank[to] < rank[from]) out.down++;
  }
  return out;
}

/**
 * Tier x product profitability: products in quarters of total line margin (revenue - cost,
 * most profitable first, ties by id); the share of A customers' line revenue in the first.
 */
export function matrixTopClassShare(s: Sample, itemsText: string, a: number, b: number): number {
  const customerOf = new Map(
    s.rows.filter((r) => dayOf(r.date) <= s.asOf).map((r) => [r.orderId, r.customerId]),
  );
  const lines = csvRecords(itemsText).flatMap((r) => {
    const customer = customerOf.get(r['order_id'] ?? '');
    if (customer === undefined) return [];
    const revenue = Number(r['revenue']);
    return [
      { customer, product: r['product_id'] ?? '', revenue, margin: revenue - Number(r['cost']) },
    ];
  });
  const margin = new Map<string, number>();
  for (const l of lines) margin.set(l.product, (margin.get(l.product) ?? 0) + l.margin);
  const ranked = [...margin].sort(([p, x], [q, y]) => y - x || (p < q ? -1 : p > q ? 1 : 0));
  // ntile(4): the first quarter holds ceil(n / 4) products.
  const top = new Set(ranked.slice(0, Math.ceil(ranked.length / 4)).map(([p]) => p));
  const tiers = abcTiers(s.buyers.values(), a, b);
  const mine = lines.filter((l) => tiers.get(l.customer) === 'A');
  const total = mine.reduce((t, l) => t + l.revenue, 0);
  return mine.filter((l) => top.has(l.product)).reduce((t, l) => t + l.revenue, 0) / total;
}
