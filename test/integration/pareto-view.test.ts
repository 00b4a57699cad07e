import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import type { AnalysisParams } from '../../src/analysis/params';
import { rebuildSummary } from '../../src/analysis/summary';
import {
  buildParetoQuery,
  parsePareto,
  topShareOf,
  type ParetoCurve,
} from '../../src/analysis/pareto';
import {
  buildParetoViewQuery,
  parseParetoView,
  viewTopShare,
  type ParetoViewCurve,
} from '../../src/analysis/pareto-view';
import { prepareCurve } from '../../src/charts/lorenz';
import { loadFixture, order } from '../fixtures/analysis/load';

/** The view's figures must be those of the per-customer path (parsePareto + prepareCurve). */
function expectSameCurve(got: ParetoViewCurve, want: ParetoCurve, maxPoints: number): void {
  expect(got.customers).toBe(want.customers);
  expect(got.totalValue).toBeCloseTo(want.totalValue, 6);
  expect(got.zeroValueCustomers).toBe(want.zeroValueCustomers);
  expect(got.negativeValueCustomers).toBe(want.negativeValueCustomers);
  expect(got.customersForValueShare).toBe(want.customersForValueShare);
  expect(got.customerShareForValueShare).toBe(want.customerShareForValueShare);
  if (want.gini === null) expect(got.gini).toBeNull();
  else expect(got.gini ?? NaN).toBeCloseTo(want.gini, 10);
  expect(got.top.map((t) => t.customerId)).toEqual(want.top.map((t) => t.customerId));
  got.top.forEach((t, i) => {
    expect(t.value).toBe(want.top[i]?.value);
    expect(t.share).toBe(want.top[i]?.share);
  });
  for (let k = 1; k < 100; k++) {
    const w = topShareOf(want, k / 100);
    const g = viewTopShare(got, k / 100);
    expect(g.topCount).toBe(w.topCount);
    if (w.topShare === null) expect(g.topShare).toBeNull();
    else expect(g.topShare ?? NaN).toBeCloseTo(w.topShare, 12);
  }
  const drawn = prepareCurve(want.points, maxPoints);
  const mine = prepareCurve(got.points, maxPoints);
  expect(mine.map((p) => p.customerShare)).toEqual(drawn.map((p) => p.customerShare));
  mine.forEach((p, i) => expect(p.valueShare).toBeCloseTo(drawn[i]?.valueShare ?? NaN, 12));
  expect(got.points.length).toBeLessThanOrEqual(Math.min(maxPoints, want.customers + 1));
}

describe('Pareto view query', () => {
  let db: Db;
  const regions = ['north', 'south', 'east'];
  beforeAll(async () => {
    db = await openNodeDb();
    // 600 customers with regions, 40 only in orders (no region), skewed values, some at zero or
    // below (returns larger than purchases), and tied values (ranks split by customer_id).
    await loadFixture(db, {
      customers: Array.from({ length: 600 }, (_, i) => ({
        customer_id: `c${i}`,
        region: regions[i % 3],
      })),
    });
    await db.exec(`INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'o' || i, 'c' || (hash(i * 3) % 640),
        DATE '2024-01-01' + CAST(hash(i * 5) % 300 AS INTEGER),
        CASE WHEN hash(i * 7) % 20 = 0 THEN -(hash(i * 11) % 400)::DOUBLE
          WHEN hash(i * 17) % 10 = 0 THEN 25
          ELSE round(1 + 5000.0 / (1 + hash(i * 13) % 300), 2) END,
        hash(i * 7) % 20 = 0
      FROM range(2500) t(i)`);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  async function both(params: AnalysisParams, maxPoints: number, extraShares: number[] = []) {
    await rebuildSummary(db, params);
    const segmented = !!params.segmentBy;
    const want = parsePareto(await db.query(buildParetoQuery(params)), { topN: 100 }, segmented);
    const got = parseParetoView(
      await db.query(buildParetoViewQuery(params, { maxPoints, topN: 100, extraShares })),
    );
    return { want, got };
  }

  it('gives the per-customer figures and drawn curve for several point budgets', async () => {
    for (const maxPoints of [5, 50, 400, 640, 700]) {
      const { want, got } = await both({}, maxPoints);
      expect(want.overall.customers).toBeGreaterThan(500);
      expect(want.overall.negativeValueCustomers).toBeGreaterThan(0);
      expectSameCurve(got.overall, want.overall, maxPoints);
      expect(got.segments).toEqual([]);
    }
  });

  it('gives each segment its own curve, in the order parsePareto sorts them', async () => {
    const { want, got } = await both({ segmentBy: 'region' }, 50);
    expectSameCurve(got.overall, want.overall, 50);
    expect(got.segments.map((s) => s.segment)).toEqual(want.segments.map((s) => s.segment));
    expect(got.segments.map((s) => s.segment)).toContain(null);
    got.segments.forEach((s, i) => {
      const w = want.segments[i];
      if (!w) throw new Error('missing segment');
      // The top table is the overall one only.
      expect(s.curve.top).toEqual([]);
      expectSameCurve(s.curve, { ...w.curve, top: [] }, 50);
    });
  });

  it('answers a share off the whole percents when asked for it', async () => {
    const { want, got } = await both({}, 400, [0.125]);
    const w = topShareOf(want.overall, 0.125);
    const g = viewTopShare(got.overall, 0.125);
    expect(g.topCount).toBe(w.topCount);
    expect(g.topShare ?? NaN).toBeCloseTo(w.topShare ?? NaN, 12);
    // Not asked for: no share rather than a wrong one.
    const plain = parseParetoView(
      await db.query(buildParetoViewQuery({}, { maxPoints: 400, topN: 100 })),
    );
    const n = plain.overall.customers;
    if (
      Math.round(0.125 * n) !== Math.round(0.12 * n) &&
      Math.round(0.125 * n) !== Math.round(0.13 * n)
    ) {
      expect(viewTopShare(plain.overall, 0.125).topShare).toBeNull();
    }
  });

  it('an empty scope has no customers and no shares', async () => {
    const { want, got } = await both({ filters: { region: ['nowhere'] } }, 400);
    expect(want.overall.customers).toBe(0);
    expect(got.overall).toMatchObject({
      customers: 0,
      gini: null,
      customersForValueShare: null,
      top: [],
    });
    expect(got.overall.points).toEqual([{ customerShare: 0, valueShare: 0 }]);
    expect(viewTopShare(got.overall, 0.2)).toEqual({ topCount: 0, topShare: null });
  });

  it('a scope whose total is not positive has no shares, as parsePareto', async () => {
    const neg = await openNodeDb();
    try {
      await loadFixture(neg, {
        orders: [
          order('a', '2024-01-01', 10),
          order('a', '2024-02-01', -30),
          order('b', '2024-01-05', 0.5),
          order('c', '2024-01-07', 0),
        ],
      });
      await rebuildSummary(neg, {});
      const want = parsePareto(await neg.query(buildParetoQuery({})), { topN: 100 }).overall;
      const got = parseParetoView(
        await neg.query(buildParetoViewQuery({}, { maxPoints: 400, topN: 100 })),
      ).overall;
      expect(want.totalValue).toBeLessThan(0);
      expectSameCurve(got, want, 400);
      expect(got.top.every((t) => t.share === null)).toBe(true);
    } finally {
      await neg.close();
    }
  });
});
