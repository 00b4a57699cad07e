import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildProductMatrixQuery, parseProductMatrix } from '../../src/analysis/product-matrix';
import { buildProductParetoQuery, parseProductPareto } from '../../src/analysis/products';
import { loadFixture } from '../fixtures/analysis/load';
import { PRODUCTS } from '../fixtures/analysis/small';

describe('products and the tier x profitability matrix', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, PRODUCTS);
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('margin comes from line cost, else quantity x unit_cost', async () => {
    const rows = await db.query(
      'SELECT customer_id, value, margin FROM customer_summary ORDER BY customer_id',
    );
    expect(rows).toEqual([
      { customer_id: 'c1', value: 130, margin: 43 },
      { customer_id: 'c2', value: 50, margin: 40 },
      { customer_id: 'c3', value: 10, margin: 6 },
    ]);
  });

  it('matrix cells and service levels', async () => {
    const m = parseProductMatrix(await db.query(buildProductMatrixQuery({})));
    expect(m.byMargin).toBe(true);
    expect(m.cells).toHaveLength(12);
    const pick = (tier: string, cls: number) =>
      m.cells.find((c) => c.tier === tier && c.profitClass === cls);
    expect(pick('A', 1)).toEqual({
      tier: 'A',
      profitClass: 1,
      customers: 1,
      revenue: 50,
      margin: 40,
      service: 'invest',
    });
    expect(pick('A', 2)).toMatchObject({
      customers: 1,
      revenue: 80,
      margin: 30,
      service: 'invest',
    });
    expect(pick('A', 3)).toMatchObject({
      customers: 1,
      revenue: 30,
      margin: 18,
      service: 'maintain',
    });
    expect(pick('A', 4)).toMatchObject({
      customers: 1,
      revenue: 20,
      margin: -5,
      service: 'reprice',
    });
    expect(pick('B', 3)).toMatchObject({
      customers: 1,
      revenue: 10,
      margin: 6,
      service: 'maintain',
    });
    expect(pick('C', 4)).toMatchObject({ customers: 0, revenue: 0, service: 'reprice' });
  });

  it('product ABC by revenue, and by margin under the margin measure', async () => {
    const r = parseProductPareto(await db.query(buildProductParetoQuery({})));
    expect(r.rows.map((p) => [p.productId, p.value, p.tier])).toEqual([
      ['P1', 80, 'A'],
      ['P3', 50, 'A'],
      ['P4', 40, 'A'],
      ['P2', 20, 'B'],
    ]);
    const m = parseProductPareto(await db.query(buildProductParetoQuery({ measure: 'margin' })));
    expect(m.totalValue).toBe(89);
    expect(m.rows.map((p) => p.productId)).toEqual(['P3', 'P1', 'P4', 'P2']);
    expect(m.rows.at(-1)?.tier).toBe('C');
  });

  it('margin measure feeds customer value', async () => {
    await rebuildSummary(db, { measure: 'margin' });
    const v = (await db.query<{ v: number }>('SELECT sum(value) AS v FROM customer_summary'))[0]?.v;
    expect(v).toBe(89);
    await rebuildSummary(db, {});
  });

  it('revenue quartiles when no cost is known', async () => {
    await db.exec('UPDATE order_items SET cost = NULL');
    await db.exec('UPDATE products SET unit_cost = NULL');
    const m = parseProductMatrix(await db.query(buildProductMatrixQuery({})));
    expect(m.byMargin).toBe(false);
    expect(m.cells.every((c) => c.margin === null)).toBe(true);
    expect(m.cells.find((c) => c.tier === 'A' && c.profitClass === 1)).toMatchObject({
      revenue: 80,
    });
  });
});
