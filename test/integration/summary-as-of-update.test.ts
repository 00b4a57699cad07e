import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import type { AnalysisParams } from '../../src/analysis/params';
import { rebuildSummary, type SummaryBuild } from '../../src/analysis/summary';
import { loadFixture, order } from '../fixtures/analysis/load';
import { insertHashedHistory } from '../fixtures/analysis/hashed';

/**
 * A change of as-of date updates `customer_base` from the one built for the previous date of the
 * same window (`buildBaseAsOfUpdateQuery`): every row must be the one a full rebuild gives, after
 * any chain of changes, forwards and backwards, by days or by years, with and without a window.
 */
describe('as-of update of customer_base', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, {
      customers: [
        { customer_id: 'one-day', region: 'north' },
        { customer_id: 'returns-only', region: 'north' },
        { customer_id: 'never', region: 'south' },
        { customer_id: 'late', region: 'south' },
        { customer_id: 'tie-a', region: 'south' },
        { customer_id: 'tie-b', region: 'north' },
      ],
      orders: [
        order('one-day', '2023-05-10', 40, { order_id: 'x1' }),
        order('one-day', '2023-05-10', 15, { order_id: 'x2' }),
        order('returns-only', '2023-09-01', -20, { order_id: 'x3' }),
        order('returns-only', '2024-03-01', -5),
        // Only after most of the as-of dates below, and one customer known from orders alone.
        order('late', '2024-12-20', 70, { order_id: 'x4' }),
        order('orders-only', '2024-12-01', 30, { order_id: 'x5' }),
        order('orders-only', '2024-12-27', 12, { order_id: 'x6' }),
        // The same days and values: equal on every measure, ranked by id.
        order('tie-a', '2023-02-01', 25, { order_id: 'x7' }),
        order('tie-a', '2024-02-01', 25, { order_id: 'x8' }),
        order('tie-b', '2023-02-01', 25, { order_id: 'x9' }),
        order('tie-b', '2024-02-01', 25, { order_id: 'x10' }),
      ],
    });
    await insertHashedHistory(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const baseRows = () => db.query('SELECT * FROM customer_base ORDER BY customer_id');
  const summaryRows = () => db.query('SELECT * FROM customer_summary ORDER BY customer_id');

  it('holds every customer once: listed ones with and without orders, and those only in orders', async () => {
    await rebuildSummary(db, { asOf: '2024-12-10' });
    const rows = await db.query<{ customer_id: string; in_file: boolean; buyer: boolean }>(
      'SELECT customer_id, region, in_file, buyer, purchase_days FROM customer_base',
    );
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT customer_id FROM customers
        UNION SELECT customer_id FROM orders WHERE order_date <= DATE '2024-12-10')`,
    );
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(n);
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    expect(byId.get('orders-only')).toMatchObject({ region: null, in_file: false, buyer: true });
    expect(byId.get('never')).toMatchObject({ region: 'south', in_file: true, buyer: false });
    expect(byId.get('returns-only')).toMatchObject({
      in_file: true,
      buyer: true,
      purchase_days: 0,
    });
    // Listed, with orders only after as-of.
    expect(byId.get('late')).toMatchObject({ in_file: true, buyer: false });
  });

  it('gives the rows of a full rebuild after every change of as-of date', async () => {
    const windows: AnalysisParams['filters'][] = [
      {},
      { from: '2023-01-15' },
      { to: '2024-06-30' },
      { from: '2022-08-01', to: '2024-10-31', region: ['north'] },
    ];
    // Steps of a day, weeks, a year and more, back and forth, before every order and unset.
    const dates = [
      null,
      '2024-12-24',
      '2024-12-23',
      '2024-11-05',
      '2024-12-28',
      '2023-11-27',
      '2024-11-30',
      '2022-12-31',
      '2024-12-31',
      '2021-06-01',
      '2023-05-10',
      '2024-05-09',
      '2025-05-10',
      null,
    ];
    let built: SummaryBuild = await rebuildSummary(db, {});
    let updates = 0;
    for (const filters of windows) {
      for (const asOf of dates) {
        const p: AnalysisParams = { asOf, filters };
        const before = built.base;
        built = await rebuildSummary(db, p, { afterLoad: false, prior: built.base });
        const scope = { asOf: built.asOf, from: filters?.from ?? null, to: filters?.to ?? null };
        expect(built.base).toEqual(scope);
        const sameWindow = before?.from === scope.from && before.to === scope.to;
        if (sameWindow && before.asOf !== null && before.asOf !== scope.asOf) updates++;
        const got = { base: await baseRows(), summary: await summaryRows() };
        await db.exec('CREATE OR REPLACE TABLE base_kept AS SELECT * FROM customer_base');

        const fresh = await rebuildSummary(db, p, { afterLoad: false });
        const label = JSON.stringify(p);
        expect(built.asOf, label).toBe(fresh.asOf);
        expect(got.base, label).toEqual(await baseRows());
        expect(got.summary, label).toEqual(await summaryRows());
        // Carry on from the updated base, not the fresh one.
        await db.exec('CREATE OR REPLACE TABLE customer_base AS SELECT * FROM base_kept');
      }
    }
    // Every step but the first of each window (which rebuilds) moved the date.
    expect(updates).toBe(windows.length * (dates.length - 1));
  }, 120_000);

  it('rebuilds when the prior base is of another window', async () => {
    const a = await rebuildSummary(db, { asOf: '2024-06-30', filters: { from: '2023-03-01' } });
    await rebuildSummary(db, { asOf: '2024-03-31' }, { afterLoad: false, prior: a.base });
    const got = await baseRows();
    await rebuildSummary(db, { asOf: '2024-03-31' });
    expect(got).toEqual(await baseRows());
  });
});
