import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildParetoQuery, parsePareto } from '../../src/analysis/pareto';
import { buildParetoOverviewQuery, parseParetoOverview } from '../../src/analysis/pareto-overview';
import { prepareCurve } from '../../src/charts/lorenz';
import { loadFixture } from '../fixtures/analysis/load';

/**
 * The Overview computes its Pareto figures in the engine and fetches only the points its chart
 * draws. They must be the figures and the drawn curve of the per-customer path.
 */
describe('Pareto overview query', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, {});
    // 793 buyers with skewed values, some at zero or below (returns larger than purchases).
    await db.exec(`INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'o' || i, 'c' || (hash(i * 3) % 793),
        DATE '2024-01-01' + CAST(hash(i * 5) % 300 AS INTEGER),
        CASE WHEN hash(i * 7) % 20 = 0 THEN -(hash(i * 11) % 400)::DOUBLE
          ELSE round(1 + 5000.0 / (1 + hash(i * 13) % 300), 2) END,
        hash(i * 7) % 20 = 0
      FROM range(3000) t(i)`);
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('gives the headline figures and the drawn curve of the per-customer computation', async () => {
    const all = await db.query(buildParetoQuery({}));
    expect(all.length).toBeGreaterThan(700);
    expect(all.some((r) => Number(r['value']) <= 0)).toBe(true);
    for (const [top, share] of [
      [0.2, 0.8],
      [0.05, 0.5],
      [0.5, 0.95],
    ] as const) {
      const want = parsePareto(all, { topCustomerShare: top, valueShare: share }).overall;
      for (const maxPoints of [5, 50, 400, all.length, all.length + 1, all.length + 5]) {
        const got = parseParetoOverview(
          await db.query(
            buildParetoOverviewQuery({}, { topCustomerShare: top, valueShare: share, maxPoints }),
          ),
        );
        expect(got.customers).toBe(want.customers);
        expect(got.totalValue).toBeCloseTo(want.totalValue, 6);
        expect(got.topCount).toBe(want.topCount);
        expect(got.topShare ?? NaN).toBeCloseTo(want.topShare ?? NaN, 12);
        expect(got.customersForValueShare).toBe(want.customersForValueShare);
        expect(got.customerShareForValueShare).toBe(want.customerShareForValueShare);
        const drawn = prepareCurve(want.points, maxPoints);
        const mine = prepareCurve(got.points, maxPoints);
        expect(mine.map((p) => p.customerShare)).toEqual(drawn.map((p) => p.customerShare));
        mine.forEach((p, i) => expect(p.valueShare).toBeCloseTo(drawn[i]?.valueShare ?? NaN, 12));
        expect(got.points.length).toBeLessThanOrEqual(Math.min(maxPoints, all.length + 1));
      }
    }
  });

  it('an empty scope has no customers and no shares', async () => {
    const empty = { filters: { region: ['nowhere'] } };
    await rebuildSummary(db, empty);
    const got = parseParetoOverview(
      await db.query(buildParetoOverviewQuery(empty, { maxPoints: 400 })),
    );
    expect(got).toMatchObject({ customers: 0, topShare: null, customersForValueShare: null });
    expect(got.points).toEqual([{ customerShare: 0, valueShare: 0 }]);
  });
});
