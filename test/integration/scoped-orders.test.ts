import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import type { AnalysisParams } from '../../src/analysis/params';
import { resolveParams } from '../../src/analysis/params';
import { rebuildSummary } from '../../src/analysis/summary';
import { scopedOrders } from '../../src/analysis/scope';
import { buildMigrationBucketQuery } from '../../src/analysis/migration';
import { buildProductMatrixBucketQuery } from '../../src/analysis/product-matrix';
import { loadFixture, order } from '../fixtures/analysis/load';
import { insertHashedHistory } from '../fixtures/analysis/hashed';

/**
 * Without attribute filters, the orders in scope are read without joining `customer_summary`
 * (`scopedOrders`): the rows, and so every figure of the queries over them, must be those the
 * join gives (sums up to the order of addition), with customers missing from the customers
 * table, listed customers without orders, orders after as-of and a date window.
 */
describe('orders in scope without attribute filters', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, {
      customers: [
        { customer_id: 'never', region: 'south' },
        { customer_id: 'late', region: 'south' },
      ],
      orders: [
        order('late', '2024-12-20', 70, { order_id: 'x4' }),
        order('orders-only', '2024-12-01', 30, { order_id: 'x5' }),
        order('orders-only', '2024-12-27', 12, { order_id: 'x6' }),
      ],
    });
    await insertHashedHistory(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('joins the summary only when an attribute filter is set or asked to', () => {
    expect(scopedOrders(resolveParams({})).sql).not.toMatch(/JOIN/);
    expect(scopedOrders(resolveParams({}), { alwaysJoin: true }).sql).toMatch(
      /JOIN customer_summary/,
    );
    expect(buildProductMatrixBucketQuery({}).sql).toMatch(/JOIN customer_summary/);
    expect(scopedOrders(resolveParams({ filters: { region: ['north'] } })).sql).toMatch(
      /JOIN customer_summary/,
    );
  });

  /** `q` reading the orders in scope through the join, as before. */
  function joined(q: Query, params: AnalysisParams): Query {
    const rp = resolveParams(params);
    const plain = scopedOrders(rp).sql;
    const join = plain.replace(
      'orders o WHERE o.order_date <= (SELECT max(as_of) FROM customer_summary)',
      'orders o JOIN customer_summary s ON s.customer_id = o.customer_id WHERE o.order_date <= s.as_of',
    );
    expect(join).not.toBe(plain);
    expect(q.sql).toContain(plain);
    return { ...q, sql: q.sql.replace(plain, join) };
  }

  /**
   * A row with its sums to 9 significant digits: the engine adds a customer's amounts in the
   * order its rows reach the aggregate, which the join changes, so sums of doubles may differ in
   * the last bits (as they do between two builds of the summary); counts and states may not.
   */
  function rounded(r: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
      ]),
    );
  }

  const scopes: AnalysisParams[] = [
    {},
    { asOf: '2024-06-30' },
    { asOf: '2023-12-31', filters: { from: '2023-03-01' } },
    { filters: { from: '2022-06-01', to: '2024-12-10' } },
    { measure: 'gross', asOf: '2024-12-05' },
  ];
  for (const params of scopes) {
    it(`gives the joined rows' figures: ${JSON.stringify(params)}`, async () => {
      await rebuildSummary(db, params);
      for (const q of [
        buildMigrationBucketQuery(params, { periodDays: 365 }),
        buildMigrationBucketQuery(params, { periodDays: 90 }),
      ]) {
        const rows = await db.query(q);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.map(rounded)).toEqual((await db.query(joined(q, params))).map(rounded));
      }
    });
  }
});
