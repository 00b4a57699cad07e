import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { openNodeDb } from './db-node';
import { listTables, runCell } from './catalog';
import { CANONICAL_DDL } from './schema';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(CANONICAL_DDL.orders);
  await db.exec(`INSERT INTO orders VALUES ('o1','c1',DATE '2024-01-05', 10.5, NULL, 1, false)`);
});
afterAll(() => db.close());

describe('notebook engine calls', () => {
  it('lists canonical tables with their columns', async () => {
    const tables = await listTables(db);
    const orders = tables.find((t) => t.name === 'orders');
    expect(orders?.columns.map((c) => c.name)).toContain('order_date');
  });

  it('keeps the first rows and reports the total', async () => {
    const r = await runCell(db, 'SELECT range AS n, n * 2 AS twice FROM range(2500)', 1000);
    expect(r.totalRows).toBe(2500);
    expect(r.rows).toHaveLength(1000);
    expect(r.rows[999]).toEqual({ n: 999, twice: 1998 });
  });

  it('classifies result columns for the quick chart', async () => {
    const r = await runCell(db, "SELECT 'a' AS t, DATE '2024-01-02' AS d, 1.5 AS n, [1] AS l");
    expect(r.columns.map((c) => c.kind)).toEqual(['text', 'date', 'number', 'other']);
  });

  it('surfaces the engine error message for bad SQL', async () => {
    await expect(runCell(db, 'SELECT nope FROM orders')).rejects.toThrow(/nope/);
  });
});
