import { describe, expect, it } from 'vitest';
import { loadFiles, rejectsCsv, sniffFile, suggestMapping } from '../../src/data/ingest';
import { CANONICAL_DDL } from '../../src/data/schema';
import type { Db } from '../../src/data/db';
import { adoptRows } from '../../src/data/ingest/adopt';
import type { CheckPlan } from '../../src/data/ingest/transform';
import { sharedDb, tableRows, TODAY } from '../fixtures/ingest/load-fixture';

/**
 * The first orders (and order-items) file's check table becomes the canonical table instead of
 * being copied into it. The table must come out as the schema defines it (columns, types, NOT
 * NULL, default), hold exactly the loaded rows in line order, and a second file of the same
 * table must still be appended to it.
 */

const enc = (s: string) => new TextEncoder().encode(s);

async function load(db: Db, files: Record<string, string>) {
  const list = Object.entries(files).map(([name, text]) => ({ name, data: enc(text) }));
  const mapping = suggestMapping(await Promise.all(list.map((f) => sniffFile(f))));
  return loadFiles(db, list, mapping, { today: TODAY });
}

async function schemaOf(db: Db, table: string) {
  return db.query({
    sql: `SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns()
      WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index`,
    params: [table],
  });
}

const ORDERS = `order_id,customer_id,order_date,amount,status
o1,a,2024-01-02,40,ok
,a,2024-01-02,12,ok
o3,,2024-01-09,-7,ok
o5,b,2024-13-05,8,ok
o6,b,2024-01-05,-2,refunded
o7,c,2024-01-06,5,ok
`;
const ITEMS = `order_id,product_id,quantity,revenue
o1,p1,1,20
,p1,1,5
o1,p2,1,20
`;

describe('ingest: the check table becomes the canonical table', () => {
  it('orders and order_items have the schema, the loaded rows in line order, and the rejects', async () => {
    const db = await sharedDb();
    const report = await load(db, { 'orders.csv': ORDERS, 'order_items.csv': ITEMS });
    for (const t of ['orders', 'order_items'] as const) {
      const got = await schemaOf(db, t);
      await db.exec(CANONICAL_DDL[t].replace(`TABLE ${t}`, `TABLE __want_${t}`));
      expect(got).toEqual(await schemaOf(db, `__want_${t}`));
      await db.exec(`DROP TABLE __want_${t}`);
    }
    expect(
      (await tableRows(db, 'orders')).map((o) => [
        o.order_id,
        o.customer_id,
        o.amount,
        o.is_return,
      ]),
    ).toEqual([
      ['o1', 'a', 40, false],
      [null, 'a', 12, false],
      ['o6', 'b', -2, true],
      ['o7', 'c', 5, false],
    ]);
    expect(await tableRows(db, 'order_items')).toEqual([
      { order_id: 'o1', product_id: 'p1', quantity: 1, revenue: 20, cost: null },
      { order_id: 'o1', product_id: 'p2', quantity: 1, revenue: 20, cost: null },
    ]);
    const f = report.files.find((x) => x.file === 'orders.csv');
    expect(f).toMatchObject({ read: 6, loaded: 4, rejected: 2 });
    expect((await rejectsCsv(db, report, 'orders.csv')).split('\r\n').slice(1, 3)).toEqual([
      '4,missing customer id,customer_id,o3,,2024-01-09,-7,ok',
      '5,unparseable date,order_date,o5,b,2024-13-05,8,ok',
    ]);
    expect(report.orders.rows).toBe(4);
    // The table still takes defaults and refuses what the schema refuses.
    await db.exec(
      `INSERT INTO orders (customer_id, order_date, amount) VALUES ('z', DATE '2024-02-01', 1)`,
    );
    expect((await tableRows(db, 'orders')).at(-1)?.is_return).toBe(false);
    await expect(
      db.exec(`INSERT INTO orders (order_date, amount) VALUES (DATE '2024-02-01', 1)`),
    ).rejects.toThrow(/NOT NULL/);
  });

  it('a second orders file is appended to the adopted first one', async () => {
    const db = await sharedDb();
    const report = await load(db, {
      'orders-a.csv': ORDERS,
      'orders-b.csv':
        'order_id,customer_id,order_date,amount\nq1,d,2024-03-01,9\nq2,,2024-03-02,1\n',
    });
    expect(report.files.map((f) => [f.file, f.loaded, f.rejected])).toEqual([
      ['orders-a.csv', 4, 2],
      ['orders-b.csv', 1, 1],
    ]);
    expect((await tableRows(db, 'orders')).map((o) => o.order_id)).toEqual([
      'o1',
      null,
      'o6',
      'o7',
      'q1',
    ]);
    expect((await rejectsCsv(db, report, 'orders-b.csv')).split('\r\n')[1]).toBe(
      '3,missing customer id,customer_id,q2,,2024-03-02,1',
    );
  });

  it('inserts instead when the check table does not come out as the canonical one', async () => {
    const db = await sharedDb();
    await db.exec(CANONICAL_DDL.orders);
    // order_date as text: not the schema's DATE, so the table cannot be adopted.
    await db.exec(`CREATE OR REPLACE TABLE ingest_chk_9 AS SELECT * FROM (VALUES
      (2, 'o1', 'a', '2024-01-02', 10.0, NULL, NULL, false, CAST(NULL AS UTINYINT), CAST(0 AS UTINYINT), CAST(NULL AS VARCHAR)),
      (3, 'o2', NULL, '2024-01-03', 5.0, NULL, NULL, false, 0, 0, CAST(['o2', '', '2024-01-03', '5'] AS VARCHAR))
    ) t(__line, order_id, customer_id, order_date, amount, status, quantity, is_return, __rule, __w, __raw)`);
    await db.exec(`CREATE OR REPLACE TABLE ingest_stg_9 AS SELECT 3 AS __line, 'o2' AS c1`);
    const plan = {
      rules: [{ reason: 'missing customer id', cond: 'customer_id IS NULL', field: 'customer_id' }],
      warnings: [],
      rawIndex: { customer_id: 1 },
      labels: { customer_id: 'customer_id' },
    } as unknown as CheckPlan;
    await adoptRows(db, 'orders', plan, {
      chk: 'ingest_chk_9',
      source: 'ingest_stg_9',
      relation: '',
      width: 1,
    });
    expect(await schemaOf(db, 'orders')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column_name: 'order_date', data_type: 'DATE' }),
      ]),
    );
    expect((await tableRows(db, 'orders')).map((o) => [o.order_id, o.order_date])).toEqual([
      ['o1', '2024-01-02'],
    ]);
    expect(await db.query('SELECT __line, __reason FROM ingest_chk_9')).toEqual([
      { __line: 3, __reason: 'missing customer id' },
    ]);
    await db.exec('DROP TABLE ingest_chk_9');
    await db.exec('DROP TABLE ingest_stg_9');
  });
});
