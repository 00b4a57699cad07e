import { describe, expect, it } from 'vitest';
import { DERIVED_CUSTOMERS_TABLE, loadFiles, sniffFile } from '../../src/data/ingest';
import { CANONICAL_DDL } from '../../src/data/schema';
import {
  fixture,
  loadFixtures,
  rejectCounts,
  sharedDb,
  tableRows,
  TODAY,
  warningCounts,
  must,
} from '../fixtures/ingest/load-fixture';

describe('ingest: several files', () => {
  it('classifies each file and suggests its columns (English and Chinese headers)', async () => {
    const kinds: Record<string, string> = {};
    for (const name of [
      'orders-basic.csv',
      'customers-cp1252.csv',
      'order_items.csv',
      'products.csv',
      'orders-gbk.csv',
      'orders-lines.csv',
    ]) {
      const s = await sniffFile(fixture(name));
      kinds[name] = must(s.kinds[0]).table;
      expect(must(s.kinds[0]).score).toBeGreaterThan(must(s.kinds[1]).score);
    }
    expect(kinds).toEqual({
      'orders-basic.csv': 'orders',
      'customers-cp1252.csv': 'customers',
      'order_items.csv': 'order_items',
      'products.csv': 'products',
      'orders-gbk.csv': 'orders',
      'orders-lines.csv': 'orders',
    });
    const items = await sniffFile(fixture('order_items.csv'));
    expect(items.mapping.columns).toEqual({
      order_id: '订单号',
      product_id: '商品编号',
      quantity: '数量',
      unit_price: '单价',
      cost: '成本',
    });
    const products = await sniffFile(fixture('products.csv'));
    expect(products.mapping.columns).toEqual({
      product_id: '商品编号',
      name: '商品名称',
      category: '品类',
      unit_cost: '成本价',
    });
  });

  it('lets the user override the table a file feeds', async () => {
    const s = await sniffFile(fixture('orders-plain.csv'), { table: 'customers' });
    expect(s.mapping.table).toBe('customers');
    expect(s.mapping.columns.customer_id).toBe('customer_id');
  });

  it('with a customers file: prospects counted, customers missing from it added, flagged and warned', async () => {
    const { db, report } = await loadFixtures(['customers-cp1252.csv', 'orders-for-customers.csv']);
    expect(rejectCounts(report, 'customers-cp1252.csv')).toEqual({
      'missing customer id': 1,
      'exact duplicate row': 1,
      'duplicate customer id': 1,
    });
    expect(warningCounts(report, 'orders-for-customers.csv')).toEqual({
      'order id seen twice with different content': 2,
      'customer missing from the customers file': 1,
    });
    expect(report.customers).toEqual({
      total: 4,
      fromCustomersFile: 3,
      derivedFromOrders: 1,
      prospects: 1,
    });
    expect(await db.query(`SELECT * FROM ${DERIVED_CUSTOMERS_TABLE}`)).toEqual([
      { customer_id: 'c9', reason: 'not in customers file' },
    ]);
    const customers = await tableRows(db, 'customers', 'customer_id');
    expect(customers.map((c) => [c.customer_id, c.signup_date])).toEqual([
      ['c1', '2023-02-13'],
      ['c2', '2023-03-01'],
      ['c3', null],
      ['c9', null],
    ]);
  });

  it('an orders file alone is enough: customers derived from it', async () => {
    const { db, report } = await loadFixtures(['orders-plain.csv']);
    expect(report.customers).toEqual({
      total: 2,
      fromCustomersFile: 0,
      derivedFromOrders: 2,
      prospects: 0,
    });
    expect((await tableRows(db, 'customers', 'customer_id')).map((c) => c.customer_id)).toEqual([
      'z1',
      'z2',
    ]);
    // The table made around the derived customers has the canonical columns and constraints.
    const shape = `SELECT (SELECT list((column_name, data_type, is_nullable) ORDER BY column_index)
        FROM duckdb_columns() WHERE table_name = 'customers') AS cols,
      (SELECT list(constraint_text ORDER BY constraint_text) FROM duckdb_constraints()
        WHERE table_name = 'customers') AS keys`;
    const [loaded] = await db.query(shape);
    await expect(
      db.exec(`INSERT INTO customers (customer_id) SELECT customer_id FROM customers LIMIT 1`),
    ).rejects.toThrow();
    await db.exec(CANONICAL_DDL.customers);
    expect(loaded).toEqual((await db.query(shape))[0]);
  });

  it('loads order items (revenue = quantity × unit price) and products, with rejects and warnings', async () => {
    const { db, report } = await loadFixtures(['order_items.csv', 'products.csv']);
    expect(await tableRows(db, 'order_items')).toEqual([
      { order_id: 'T1', product_id: 'SKU1', quantity: 2, revenue: 19, cost: 6 },
      { order_id: 'T1', product_id: 'SKU2', quantity: 1, revenue: 20, cost: 12 },
      { order_id: 'T2', product_id: 'SKU1', quantity: 3, revenue: 28.5, cost: null },
    ]);
    expect(rejectCounts(report, 'order_items.csv')).toEqual({ 'missing order id': 1 });
    expect(warningCounts(report, 'order_items.csv')).toEqual({ 'unreadable cost': 1 });
    expect(await tableRows(db, 'products')).toEqual([
      { product_id: 'SKU1', name: '杯子', category: '家居', unit_cost: 3.2 },
      { product_id: 'SKU2', name: '茶叶', category: '食品', unit_cost: 12 },
    ]);
    expect(rejectCounts(report, 'products.csv')).toEqual({ 'exact duplicate row': 1 });
  });

  it('reports progress and stops when cancelled', async () => {
    const db = await sharedDb();
    const file = fixture('orders-plain.csv');
    const s = await sniffFile(file);
    const phases: string[] = [];
    await loadFiles(
      db,
      [file],
      { version: 1, files: [s.mapping] },
      { today: TODAY, onProgress: (p) => phases.push(p.phase) },
    );
    expect(new Set(phases)).toEqual(new Set(['read', 'stage', 'validate']));
    const ctl = new AbortController();
    ctl.abort();
    await expect(
      loadFiles(db, [file], { version: 1, files: [s.mapping] }, { signal: ctl.signal }),
    ).rejects.toThrow(/cancelled/);
  });

  it('names the file and column when a saved mapping points to a column that is not there', async () => {
    const db = await sharedDb();
    const file = fixture('orders-plain.csv');
    const s = await sniffFile(file);
    const m = { ...s.mapping, columns: { ...s.mapping.columns, amount: 'Betrag' } };
    await expect(loadFiles(db, [file], { version: 1, files: [m] })).rejects.toThrow(
      /orders-plain\.csv: column "Betrag" mapped to amount is not in the file/,
    );
  });
});
