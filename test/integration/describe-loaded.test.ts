import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import { describeLoaded } from '../../src/data/sources-core';
import { loadFixture, order, type FixtureRow } from '../fixtures/analysis/load';

/**
 * The header's order count is the number of distinct order ids (a row without one counted by
 * customer and day). When every row has an id and the ids ascend strictly, it is the row count,
 * read without the distinct count; every case here must give the distinct count.
 */
describe('describeLoaded', () => {
  let db: Db;
  const seen: string[] = [];
  beforeAll(async () => {
    const inner = await openNodeDb();
    db = Object.assign(Object.create(inner) as Db, {
      query: (q: Query | string) => {
        seen.push(typeof q === 'string' ? q : q.sql);
        return inner.query(q);
      },
    });
  });
  afterAll(async () => {
    await db.close();
  });

  const load = async (orders: FixtureRow[]) => {
    await loadFixture(db, {
      orders,
      customers: [...new Set(orders.map((o) => o['customer_id']))].map((c) => ({
        customer_id: c,
      })),
    });
    seen.length = 0;
    return describeLoaded(db);
  };
  const distinct = async () => {
    const [r] = await db.query<{ n: number }>(
      `SELECT count(DISTINCT COALESCE(order_id, customer_id || '@' || order_date)) AS n FROM orders`,
    );
    return r?.n;
  };
  const countedDistinct = () => seen.some((s) => /count\(DISTINCT/i.test(s));
  const rows = Array.from({ length: 12 }, (_, i) =>
    order(`c${i % 5}`, `2024-02-0${1 + (i % 3)}`, i + 1, { order_id: `o${100 + i}` }),
  );

  it('counts the rows when every id is set and ascends, without a distinct count', async () => {
    const d = await load(rows);
    expect(countedDistinct()).toBe(false);
    expect(d).toEqual({ title: '', customers: 5, orders: 12 });
    expect(d.orders).toBe(await distinct());
  });

  it('counts distinct ids when they do not ascend, or repeat next to each other', async () => {
    const shuffled = [...rows.slice(6), ...rows.slice(0, 6)];
    expect((await load(shuffled)).orders).toBe(12);
    expect(countedDistinct()).toBe(true);
    const repeated = [...rows, order('c1', '2024-02-09', 4, { order_id: 'o111' })];
    expect((await load(repeated)).orders).toBe(12);
    expect(await distinct()).toBe(12);
  });

  it('counts distinct when a row has no id, keyed as another row is', async () => {
    // Ids ascend up to the last row, which has none and is keyed c1@2024-02-02: the first row's id.
    const noId = [
      order('c9', '2024-02-03', 5, { order_id: 'c1@2024-02-02' }),
      ...rows,
      order('c1', '2024-02-02', 7),
    ];
    expect((await load(noId)).orders).toBe(13);
    expect(countedDistinct()).toBe(true);
    expect(await distinct()).toBe(13);
  });
});
