import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import type { AnalysisParams } from '../../src/analysis/params';
import { loadFixture, type Fixture, type FixtureRow } from '../fixtures/analysis/load';

/**
 * customer_summary is computed from the per-day pre-aggregate `customer_days`. This checks it
 * against a plain reckoning over the raw rows, on seeded data full of the awkward cases: returns
 * of an order on a later day, rows without an order id, zero and negative non-return amounts,
 * several orders on one day, items with and without cost, orders after the as-of date.
 */

interface Order {
  order_id: string | null;
  customer_id: string;
  order_date: string;
  amount: number;
  is_return: boolean;
}
interface Item {
  order_id: string;
  product_id: string;
  quantity: number;
  revenue: number;
  cost: number | null;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

function makeData(seed: number): { orders: Order[]; items: Item[]; unitCost: number } {
  const r = rng(seed);
  const orders: Order[] = [];
  const items: Item[] = [];
  const start = ms('2022-06-01');
  let n = 0;
  for (let c = 0; c < 30; c++) {
    const cust = `c${c}`;
    const k = 1 + Math.floor(r() * 9);
    for (let j = 0; j < k; j++) {
      const day = start + Math.floor(r() * 900) * DAY;
      const id = r() < 0.15 ? null : `o${n++}`;
      const amount = r() < 0.08 ? 0 : r() < 0.05 ? -5 : Math.round(r() * 50000) / 100;
      orders.push({
        order_id: id,
        customer_id: cust,
        order_date: iso(day),
        amount,
        is_return: false,
      });
      if (id && r() < 0.2) {
        // Same id returned later (or the same day).
        const back = day + Math.floor(r() * 40) * DAY;
        orders.push({
          order_id: id,
          customer_id: cust,
          order_date: iso(back),
          amount: -amount / 2,
          is_return: true,
        });
      }
      if (id && r() < 0.1) {
        // A second line of the same order, booked on another day.
        const later = day + (1 + Math.floor(r() * 10)) * DAY;
        orders.push({
          order_id: id,
          customer_id: cust,
          order_date: iso(later),
          amount: 3,
          is_return: false,
        });
      }
      if (id && r() < 0.6) {
        const costed = r() < 0.7;
        items.push({
          order_id: id,
          product_id: costed ? 'p1' : 'p2',
          quantity: 2,
          revenue: amount,
          cost: r() < 0.5 ? amount / 3 : null,
        });
      }
      const last = orders.at(-1);
      if (last && r() < 0.1) orders.push({ ...last, order_id: `o${n++}` });
    }
  }
  return { orders, items, unitCost: 7 };
}

interface Expected {
  buyer: boolean;
  orders: number;
  returns: number;
  net: number;
  gross: number;
  margin: number | null;
  purchase_days: number;
  first_order: string | null;
  last_order: string | null;
  median_gap_days: number | null;
  last_gap_days: number | null;
  repeat_spend: number | null;
  value_12m: number;
  prev_year_buyer: boolean;
}

/** The documented rules, reckoned row by row. */
function expected(
  data: ReturnType<typeof makeData>,
  p: AnalysisParams,
  asOf: string,
): Map<string, Expected> {
  const from = p.filters?.from ?? '0000-01-01';
  const to = p.filters?.to ?? '9999-12-31';
  const inScope = (d: string) => d >= from && d <= to && d <= asOf;
  const itemMargin = new Map<string, number>();
  for (const i of data.items) {
    const cost = i.cost ?? (i.product_id === 'p1' ? i.quantity * data.unitCost : null);
    if (cost === null) continue;
    itemMargin.set(i.order_id, (itemMargin.get(i.order_id) ?? 0) + i.revenue - cost);
  }
  const out = new Map<string, Expected>();
  const byCust = new Map<string, Order[]>();
  for (const o of data.orders) byCust.set(o.customer_id, [...(byCust.get(o.customer_id) ?? []), o]);
  for (const [cust, all] of byCust) {
    const rows = all.filter((o) => inScope(o.order_date));
    if (rows.length === 0) continue;
    const buys = rows.filter((o) => !o.is_return);
    const days = [...new Set(buys.map((o) => o.order_date))].sort();
    // An order id is one order per day it is bought on; its margin counts on each such day.
    const bought = new Set(
      buys.filter((o) => o.order_id !== null).map((o) => `${o.order_id}|${o.order_date}`),
    );
    let margin: number | null = null;
    for (const key of bought) {
      const id = key.split('|')[0] ?? '';
      if (itemMargin.has(id)) margin = (margin ?? 0) + (itemMargin.get(id) ?? 0);
    }
    const gaps = days.slice(1).map((d, i) => (ms(d) - ms(days[i] ?? d)) / DAY);
    const sorted = [...gaps].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median =
      sorted.length === 0
        ? null
        : sorted.length % 2
          ? (sorted[Math.floor(mid)] ?? NaN)
          : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
    const dayGross = (d: string) =>
      buys.filter((o) => o.order_date === d).reduce((s, o) => s + Math.max(o.amount, 0), 0);
    const sum = (xs: Order[]) => xs.reduce((s, o) => s + o.amount, 0);
    const asOfMs = ms(asOf);
    out.set(cust, {
      buyer: true,
      orders: bought.size + buys.filter((o) => o.order_id === null).length,
      returns: rows.length - buys.length,
      net: sum(rows),
      gross: buys.filter((o) => o.amount > 0).reduce((s, o) => s + o.amount, 0),
      margin,
      purchase_days: days.length,
      first_order: days[0] ?? rows.map((o) => o.order_date).sort()[0] ?? null,
      last_order:
        days.at(-1) ??
        rows
          .map((o) => o.order_date)
          .sort()
          .at(-1) ??
        null,
      median_gap_days: median,
      last_gap_days: gaps.at(-1) ?? null,
      repeat_spend:
        days.length > 1
          ? days.slice(1).reduce((s, d) => s + dayGross(d), 0) / (days.length - 1)
          : null,
      value_12m: sum(rows.filter((o) => ms(o.order_date) > asOfMs - 365 * DAY)),
      prev_year_buyer: buys.some(
        (o) => ms(o.order_date) > asOfMs - 730 * DAY && ms(o.order_date) <= asOfMs - 365 * DAY,
      ),
    });
  }
  return out;
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));

describe('customer_summary from customer_days', () => {
  let db: Db;
  const data = makeData(20241);
  beforeAll(async () => {
    db = await openNodeDb();
    const fixture: Fixture = {
      orders: data.orders as unknown as FixtureRow[],
      order_items: data.items as unknown as FixtureRow[],
      products: [{ product_id: 'p1', unit_cost: data.unitCost }, { product_id: 'p2' }],
    };
    await loadFixture(db, fixture);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const cases: [string, AnalysisParams][] = [
    ['defaults', {}],
    ['as-of in the middle', { asOf: '2023-08-15' }],
    ['date window', { filters: { from: '2023-01-10', to: '2024-02-01' } }],
    ['window and as-of', { asOf: '2023-12-31', filters: { from: '2023-03-01' } }],
  ];
  it.each(cases)('%s: every customer equals the row-by-row reckoning', async (_name, params) => {
    const { asOf } = await rebuildSummary(db, params);
    expect(asOf).not.toBeNull();
    const want = expected(data, params, asOf ?? '');
    const got = await db.query<Record<string, unknown>>(
      `SELECT customer_id, buyer, orders, returns, net, gross, margin, purchase_days,
        CAST(first_order AS VARCHAR) AS first_order, CAST(last_order AS VARCHAR) AS last_order,
        median_gap_days, last_gap_days, repeat_spend, value_12m, prev_year_buyer
       FROM customer_summary WHERE buyer ORDER BY customer_id`,
    );
    expect(got.length).toBe(want.size);
    expect(want.size).toBeGreaterThan(5);
    for (const row of got) {
      const e = want.get(String(row['customer_id']));
      expect(e, String(row['customer_id'])).toBeDefined();
      if (!e) continue;
      for (const [k, v] of Object.entries(e)) {
        const g = row[k] as number | string | boolean | null;
        const ok = typeof v === 'number' || v === null ? close(g as number | null, v) : g === v;
        expect(ok, `${String(row['customer_id'])}.${k}: got ${String(g)}, want ${String(v)}`).toBe(
          true,
        );
      }
    }
  });

  it('the measure chooses value without changing the other columns', async () => {
    await rebuildSummary(db, { measure: 'margin' });
    const [m] = await db.query<{ v: number; m: number }>(
      'SELECT sum(value) AS v, sum(COALESCE(margin, 0)) AS m FROM customer_summary',
    );
    expect(m?.v).toBeCloseTo(m?.m ?? NaN, 6);
    const want = [...expected(data, {}, (await rebuildSummary(db, {})).asOf ?? '').values()];
    const [n] = await db.query<{ v: number }>('SELECT sum(value) AS v FROM customer_summary');
    expect(n?.v).toBeCloseTo(
      want.reduce((s, e) => s + e.net, 0),
      6,
    );
  });

  it('re-ranking the stored base for another measure or filter equals a full rebuild', async () => {
    const read = () =>
      db.query('SELECT * EXCLUDE (as_of) FROM customer_summary ORDER BY customer_id');
    const params: AnalysisParams = { asOf: '2024-03-31', measure: 'gross' };
    await rebuildSummary(db, { asOf: '2024-03-31' });
    await rebuildSummary(db, params, { afterLoad: false, base: false });
    const reranked = await read();
    await rebuildSummary(db, params);
    expect(reranked).toEqual(await read());
    await loadFixture(db, {
      customers: [
        { customer_id: 'c1', region: 'north' },
        { customer_id: 'c2', region: 'south' },
      ],
      orders: [
        { customer_id: 'c1', order_date: '2024-01-02', amount: 10, is_return: false },
        { customer_id: 'c2', order_date: '2024-01-03', amount: 20, is_return: false },
      ],
    });
    await rebuildSummary(db, {});
    await rebuildSummary(db, { filters: { region: ['south'] } }, { afterLoad: false, base: false });
    expect(await db.query('SELECT customer_id, value_rank FROM customer_summary')).toEqual([
      { customer_id: 'c2', value_rank: 1 },
    ]);
  });
});
