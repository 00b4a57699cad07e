import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildParetoQuery, parsePareto } from '../../src/analysis/pareto';
import {
  PARETO_BANDS,
  bandAtShare,
  buildParetoBandQuery,
  paretoBandRange,
  parseParetoBand,
} from '../../src/analysis/pareto-band';
import { loadFixture, order } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';

async function band(db: Db, n: number) {
  const range = paretoBandRange(n);
  return parseParetoBand(await db.query(buildParetoBandQuery(range)), range);
}

describe('pareto bands (pure)', () => {
  it('maps a share on the x axis to its decile, top first', () => {
    expect(bandAtShare(0)).toBe(1);
    expect(bandAtShare(0.0999)).toBe(1);
    expect(bandAtShare(0.1)).toBe(1);
    expect(bandAtShare(0.1001)).toBe(2);
    expect(bandAtShare(0.3)).toBe(3);
    expect(bandAtShare(0.55)).toBe(6);
    expect(bandAtShare(1)).toBe(10);
    expect(bandAtShare(-0.01)).toBeNull();
    expect(bandAtShare(1.2)).toBeNull();
    expect(bandAtShare(Number.NaN)).toBeNull();
  });

  it('gives integer percent ranges and rejects bands that do not exist', () => {
    expect(paretoBandRange(1)).toEqual({ fromPct: 0, toPct: 10 });
    expect(paretoBandRange(3)).toEqual({ fromPct: 20, toPct: 30 });
    expect(paretoBandRange(PARETO_BANDS)).toEqual({ fromPct: 90, toPct: 100 });
    for (const bad of [0, 11, 2.5, Number.NaN]) expect(() => paretoBandRange(bad)).toThrow();
    expect(() => buildParetoBandQuery({ fromPct: 30, toPct: 20 })).toThrow();
  });

  it('passes the bounds as parameters, not as SQL text', () => {
    const q = buildParetoBandQuery({ fromPct: 20, toPct: 30 });
    expect(q.params).toEqual([20, 30]);
    expect(q.sql).not.toMatch(/\b(20|30)\b/);
  });
});

describe('pareto bands on the small fixture', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, SMALL);
    await rebuildSummary(db, { asOf: SMALL_AS_OF });
  }, 120_000);
  afterAll(() => db.close());

  // Buyers by value: c1 600, c2 200, c3 120, c4 80, c5 0, c6 -20 (total 980, N = 6). Rank r
  // sits at x = r/6 on the curve, so decile k holds the ranks with (k-1)/10 < r/6 <= k/10.
  it('lists the customers whose rank falls in the band, with shares of the total', async () => {
    const b2 = await band(db, 2);
    expect(b2).toMatchObject({ fromPct: 10, toPct: 20, buyers: 6, totalValue: 980, value: 600 });
    expect(b2.customers).toEqual([
      {
        rank: 1,
        customerId: 'c1',
        value: 600,
        share: 600 / 980,
        cumulativeShare: 600 / 980,
        orders: 3,
        lastOrder: '2024-12-01',
      },
    ]);
    expect(b2.valueShare).toBeCloseTo(600 / 980);
    const b5 = await band(db, 5);
    expect(b5.customers.map((c) => c.customerId)).toEqual(['c3']);
    expect(b5.customers[0]?.cumulativeShare).toBeCloseTo(920 / 980);
    const last = await band(db, 10);
    expect(last.customers.map((c) => [c.customerId, c.value])).toEqual([['c6', -20]]);
    expect(last.customers[0]?.cumulativeShare).toBeCloseTo(1);
  });

  it('reports an empty band with the totals (0.6 of a customer is no customer)', async () => {
    const b1 = await band(db, 1);
    expect(b1).toMatchObject({
      buyers: 6,
      totalValue: 980,
      customers: [],
      value: 0,
      valueShare: 0,
    });
  });

  it('splits all buyers into the bands exactly once, matching the curve', async () => {
    const seen: string[] = [];
    for (let k = 1; k <= PARETO_BANDS; k++) {
      for (const c of (await band(db, k)).customers) {
        expect(bandAtShare(c.rank / 6)).toBe(k);
        seen.push(c.customerId);
      }
    }
    expect(seen).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    const curve = parsePareto(await db.query(buildParetoQuery({ asOf: SMALL_AS_OF }))).overall;
    expect(curve.customers).toBe(seen.length);
  });
});

describe('pareto bands on 25 customers', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    const orders = Array.from({ length: 25 }, (_, i) =>
      order(`k${String(i + 1).padStart(2, '0')}`, '2024-06-01', 100 - i),
    );
    await loadFixture(db, { orders });
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(() => db.close());

  it('cuts at 2.5 customers per decile: ranks 1-2, 3-5, 6-7, 8-10, …', async () => {
    const sizes: number[] = [];
    for (let k = 1; k <= PARETO_BANDS; k++) sizes.push((await band(db, k)).customers.length);
    expect(sizes).toEqual([2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
    const b2 = await band(db, 2);
    expect(b2.customers.map((c) => c.rank)).toEqual([3, 4, 5]);
    expect(b2.value).toBe(98 + 97 + 96);
    const total = Array.from({ length: 25 }, (_, i) => 100 - i).reduce((s, v) => s + v, 0);
    expect(b2.valueShare).toBeCloseTo((98 + 97 + 96) / total);
    expect(b2.customers.at(-1)?.cumulativeShare).toBeCloseTo((100 + 99 + 98 + 97 + 96) / total);
  });
});
