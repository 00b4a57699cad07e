import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/data/db';
import { openNodeDb } from '../../src/data/db-node';
import { CANONICAL_DDL } from '../../src/data/schema';
import { rebuildSummary } from '../../src/analysis/summary';
import {
  buildCustomerDetailQuery,
  buildCustomerOrdersQuery,
  parseCustomerDetail,
  parseCustomerOrders,
} from '../../src/analysis/customer';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  for (const ddl of Object.values(CANONICAL_DDL)) await db.exec(ddl);
  await db.exec(`INSERT INTO customers VALUES
    ('a', 'Ann <b>', NULL, 'East', 'web', 'retail'), ('b', 'Bo', NULL, 'West', 'store', 'retail'),
    ('p', 'Prospect', NULL, 'East', 'web', 'retail')`);
  await db.exec(`INSERT INTO orders VALUES
    ('1', 'a', DATE '2024-01-01', 100, NULL, 1, false),
    ('2', 'a', DATE '2024-01-11', 50, NULL, 1, false),
    ('3', 'a', DATE '2024-01-12', -20, 'returned', -1, true),
    ('4', 'b', DATE '2024-01-21', 10, NULL, 1, false)`);
  await rebuildSummary(db, {});
});
afterAll(() => db.close());

describe('customer drill-down', () => {
  it('gives a buyer’s figures, tier and RFM scores', async () => {
    const d = parseCustomerDetail(await db.query(buildCustomerDetailQuery('a')));
    expect(d).toMatchObject({
      customerId: 'a',
      name: 'Ann <b>',
      firstOrder: '2024-01-01',
      lastOrder: '2024-01-11',
      purchaseDays: 2,
      orders: 2,
      returns: 1,
      value: 130,
      tier: 'A',
      recencyDays: 10,
    });
    expect(d?.rfm?.f).toBeGreaterThanOrEqual(1);
  });

  it('lists every order row, returns included, oldest first', async () => {
    const o = parseCustomerOrders(await db.query(buildCustomerOrdersQuery('a')));
    expect(o.map((x) => [x.orderId, x.amount, x.isReturn])).toEqual([
      ['1', 100, false],
      ['2', 50, false],
      ['3', -20, true],
    ]);
  });

  it('shows a prospect with no tier and no orders, and nothing for an unknown id', async () => {
    const p = parseCustomerDetail(await db.query(buildCustomerDetailQuery('p')));
    expect(p).toMatchObject({ customerId: 'p', orders: 0, tier: null });
    expect(parseCustomerDetail(await db.query(buildCustomerDetailQuery('zzz')))).toBeNull();
  });
});
