import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import {
  buildCustomerDaysQueries,
  type CustomerDaysOptions,
  customerDaysOptions,
  uniqueOrderIdsQuery,
} from '../../src/analysis/customer-days';
import { rebuildSummary } from '../../src/analysis/summary';
import { loadFiles, sniffFile, suggestMapping } from '../../src/data/ingest';
import { loadFixture, order, type Fixture, type FixtureRow } from '../fixtures/analysis/load';

/**
 * customer_days groups rows by (customer, day, id) and then by (customer, day); when the ingest
 * marked `orders` as having each order id on one row only, it skips the first grouping. Both
 * builds must give the table the documented rules give, reckoned here row by row, and the
 * ingest must mark only what qualifies.
 */

interface Day {
  rows: number;
  buys: number;
  returns: number;
  net: number;
  gross: number | null;
  orders: number;
  margin: number | null;
  prev_buy_day: string | null;
}

function reckon(f: Fixture): Map<string, Day> {
  const cost = new Map((f.products ?? []).map((p) => [p['product_id'], p['unit_cost']]));
  const margin = new Map<string, number>();
  for (const i of f.order_items ?? []) {
    const c =
      (i['cost'] as number | undefined) ??
      (cost.get(i['product_id']) !== undefined
        ? Number(i['quantity']) * Number(cost.get(i['product_id']))
        : null);
    if (c === null) continue;
    const id = String(i['order_id']);
    margin.set(id, (margin.get(id) ?? 0) + Number(i['revenue']) - c);
  }
  const out = new Map<string, Day & { ids: Set<string> }>();
  for (const o of f.orders ?? []) {
    const key = `${String(o['customer_id'])}|${String(o['order_date'])}`;
    const d = out.get(key) ?? {
      rows: 0,
      buys: 0,
      returns: 0,
      net: 0,
      gross: null,
      orders: 0,
      margin: null,
      prev_buy_day: null,
      ids: new Set<string>(),
    };
    const amount = Number(o['amount']);
    const id = o['order_id'] === undefined ? null : String(o['order_id']);
    d.rows++;
    d.net += amount;
    if (o['is_return']) d.returns++;
    else {
      d.buys++;
      if (amount > 0) d.gross = (d.gross ?? 0) + amount;
      if (id === null) d.orders++;
      else if (!d.ids.has(id)) {
        d.ids.add(id);
        d.orders++;
        if (margin.has(id)) d.margin = (d.margin ?? 0) + (margin.get(id) ?? 0);
      }
    }
    out.set(key, d);
  }
  const keys = [...out.keys()].sort();
  const lastBuy = new Map<string, string>();
  for (const k of keys) {
    const [cust = '', day = ''] = k.split('|');
    const d = out.get(k);
    if (!d || d.buys === 0) continue;
    d.prev_buy_day = lastBuy.get(cust) ?? null;
    lastBuy.set(cust, day);
  }
  return new Map([...out].map(([k, { ids: _ids, ...d }]) => [k, d]));
}

const items: FixtureRow[] = [
  { order_id: 'o1', product_id: 'p1', quantity: 2, revenue: 30 },
  { order_id: 'o1', product_id: 'p2', quantity: 1, revenue: 10, cost: 4 },
  { order_id: 'o2', product_id: 'p2', quantity: 1, revenue: 10 },
  { order_id: 'o5', product_id: 'p1', quantity: 1, revenue: 8, cost: 1 },
];
const products: FixtureRow[] = [{ product_id: 'p1', unit_cost: 5 }, { product_id: 'p2' }];

/** Every id on one row only, and rows without an id (several on one day). */
const unique: FixtureRow[] = [
  order('a', '2024-01-02', 40, { order_id: 'o1' }),
  order('a', '2024-01-02', 12),
  order('a', '2024-01-02', 0),
  order('a', '2024-01-05', 10, { order_id: 'o2' }),
  order('a', '2024-01-09', -7, { order_id: 'o3' }),
  order('b', '2024-01-05', 8, { order_id: 'o5' }),
  order('b', '2024-01-05', -2, { order_id: 'o6', is_return: false }),
  order('b', '2024-02-01', 3),
];

/** The same plus an order over two days, a second line of an order, and a return of an id. */
const mixed: FixtureRow[] = [
  ...unique,
  order('a', '2024-01-03', 5, { order_id: 'o1' }),
  order('a', '2024-01-02', 6, { order_id: 'o1' }),
  order('b', '2024-01-20', -8, { order_id: 'o5' }),
  order('c', '2024-03-01', 9, { order_id: 'o7' }),
  order('c', '2024-03-01', 1, { order_id: 'o7' }),
];

describe('customer_days', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  const build = async (opts: CustomerDaysOptions = {}) => {
    for (const q of buildCustomerDaysQueries(opts)) await db.query(q);
  };

  it.each([
    ['ids on one row each', unique, false, true],
    ['ids on one row each, build for unique ids', unique, true, true],
    ['an order over two days, a second line, returns of an id', mixed, false, true],
    ['ids on one row each, no items', unique, false, false],
    ['ids on one row each, build for unique ids, no items', unique, true, false],
    ['an order over two days, a second line, returns of an id, no items', mixed, false, false],
  ])(
    '%s: every day equals the row-by-row reckoning',
    async (_name, orders, uniqueOrderIds, withItems) => {
      const fixture: Fixture = withItems ? { orders, order_items: items, products } : { orders };
      await loadFixture(db, fixture);
      // The build the app picks: without items, no margin join (`noItems`).
      const [mark] = await db.query(uniqueOrderIdsQuery());
      const opts = customerDaysOptions(mark);
      expect(opts.noItems).toBe(!withItems);
      await build({ ...opts, uniqueOrderIds });
      const got = await db.query<Record<string, unknown>>(
        `SELECT customer_id || '|' || CAST(day AS VARCHAR) AS k, rows, buys, returns, net, gross,
         orders, margin, CAST(prev_buy_day AS VARCHAR) AS prev_buy_day
       FROM customer_days ORDER BY k`,
      );
      const want = reckon(fixture);
      expect(got.map((r) => r['k'])).toEqual([...want.keys()].sort());
      for (const r of got) {
        const { k, ...row } = r;
        const w = want.get(String(k));
        for (const [col, v] of Object.entries(w ?? {})) {
          if (typeof v === 'number') expect(row[col], `${String(k)}.${col}`).toBeCloseTo(v, 9);
          else expect(row[col], `${String(k)}.${col}`).toBe(v);
        }
      }
    },
  );

  it('without items, the build without the margin join gives the same table, column types included', async () => {
    for (const orders of [unique, mixed]) {
      await loadFixture(db, { orders });
      const read = () => db.query(`SELECT * FROM customer_days ORDER BY customer_id, day`);
      const types = () =>
        db.query(`SELECT column_name, data_type FROM duckdb_columns()
          WHERE table_name = 'customer_days' ORDER BY column_index`);
      for (const uniqueOrderIds of [false, true]) {
        await build({ uniqueOrderIds });
        const [joined, joinedTypes] = [await read(), await types()];
        await build({ uniqueOrderIds, noItems: true });
        expect(await read()).toEqual(joined);
        expect(await types()).toEqual(joinedTypes);
        expect(joined.length).toBeGreaterThan(3);
      }
    }
  });

  it('stores neither rows (buys + returns), nor orders with unique ids (buys), nor margin without items', async () => {
    const stored = async () =>
      (
        await db.query<{ c: string }>(
          `SELECT DISTINCT column_name AS c FROM pragma_storage_info('customer_days') ORDER BY c`,
        )
      ).map((r) => r.c);
    const kept = [
      'buys',
      'customer_id',
      'day',
      'gross',
      'net',
      'orders',
      'prev_buy_day',
      'returns',
    ];
    await loadFixture(db, { orders: mixed });
    await build({ noItems: true });
    expect(await stored()).toEqual(kept);
    await build();
    expect(await stored()).toEqual([...kept, 'margin'].sort());
    await build({ uniqueOrderIds: true, noItems: true });
    expect(await stored()).toEqual(kept.filter((c) => c !== 'orders'));
    const [r] = await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM customer_days WHERE "rows" IS DISTINCT FROM buys + returns',
    );
    expect(r?.n).toBe(0);
  });

  it('stores the counts as 32-bit integers', async () => {
    await loadFixture(db, { orders: mixed });
    await build();
    const types = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM duckdb_columns()
       WHERE table_name = 'customer_days' AND column_name IN ('rows', 'buys', 'returns', 'orders')`,
    );
    expect(types.map((t) => t.data_type)).toEqual(['INTEGER', 'INTEGER', 'INTEGER', 'INTEGER']);
  });

  const csv = (rows: FixtureRow[]) =>
    new TextEncoder().encode(
      'order_id,customer_id,order_date,amount\n' +
        rows
          .map((o) =>
            [o['order_id'] ?? '', o['customer_id'], o['order_date'], o['amount']].join(','),
          )
          .join('\n') +
        '\n',
    );
  const ingest = async (files: { name: string; data: Uint8Array }[]) => {
    const mapping = suggestMapping(await Promise.all(files.map((f) => sniffFile(f))));
    await loadFiles(db, files, mapping, { today: '2026-11-23' });
    const [m] = await db.query<{ unique_ids: boolean }>(uniqueOrderIdsQuery());
    return m?.unique_ids;
  };
  // An order-level export (the ingest decides that from an estimate of distinct ids, so not a
  // handful of rows): each id on one row, and one row without an id (two would share "none").
  const uniqueRows: FixtureRow[] = [
    order('a', '2024-01-02', 12),
    ...Array.from({ length: 60 }, (_, i) =>
      order(`c${i % 7}`, `2024-02-${String(1 + (i % 5)).padStart(2, '0')}`, i % 9 === 0 ? -3 : i, {
        order_id: `o${100 + i}`,
      }),
    ),
  ];

  it('the ingest marks one orders file whose ids are each on one row; the build then equals the general one', async () => {
    expect(await ingest([{ name: 'orders.csv', data: csv(uniqueRows) }])).toBe(true);
    await rebuildSummary(db, {});
    const read = () => db.query('SELECT * FROM customer_days ORDER BY customer_id, day');
    const fast = await read();
    await build();
    expect(fast).toEqual(await read());
    expect(fast.length).toBeGreaterThan(3);
  });

  it('the ingest leaves orders unmarked for a repeated id, two files, or rows without ids', async () => {
    const twoDays = [...uniqueRows, order('c1', '2024-02-09', 4, { order_id: 'o101' })];
    expect(await ingest([{ name: 'orders.csv', data: csv(twoDays) }])).toBe(false);
    expect(
      await ingest([
        { name: 'orders.csv', data: csv([...uniqueRows, order('c9', '2024-02-09', 4)]) },
      ]),
    ).toBe(false);
    const half = Math.ceil(uniqueRows.length / 2);
    expect(
      await ingest([
        { name: 'orders-a.csv', data: csv(uniqueRows.slice(0, half)) },
        { name: 'orders-b.csv', data: csv(uniqueRows.slice(half)) },
      ]),
    ).toBe(false);
    expect(await ingest([{ name: 'orders.csv', data: csv(uniqueRows) }])).toBe(true);
    await loadFixture(db, { orders: uniqueRows });
    const [m] = await db.query<{ unique_ids: boolean }>(uniqueOrderIdsQuery());
    expect(m?.unique_ids).toBe(false);
  });
});
