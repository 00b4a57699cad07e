import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { tableColumns } from '../../src/data/columns';
import { rebuildSummary } from '../../src/analysis/summary';
import type { AnalysisParams } from '../../src/analysis/params';
import {
  buildChurnQuery,
  buildChurnViewQuery,
  classifyChurn,
  classifyChurnSteps,
  scoreChurn,
  scoreChurnColumns,
  scoreChurnSteps,
  type ChurnColumns,
  type ChurnRuleOptions,
} from '../../src/analysis/churn';
import { fitModels } from '../../src/analysis/models';
import { loadFixture } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';

/**
 * The Churn view reads active customers only, as columns; its scores and lists must be those of
 * the per-row path (buildChurnQuery + scoreChurn) for any threshold.
 */
async function viaView(db: Db, rule: ChurnRuleOptions, params: AnalysisParams, models: Models) {
  const cols = tableColumns(await db.queryArrow(buildChurnViewQuery(rule, params)));
  return {
    buyers: Number(cols['buyers']?.[0]),
    scores: scoreChurnColumns(cols as unknown as ChurnColumns, Number(cols['lapsed']?.[0]), models),
  };
}
type Models = Parameters<typeof scoreChurn>[1];

describe('Churn view query', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, {});
    // 400 customers: one-time and repeat buyers, lapsed ones (nothing in the last year), returns,
    // equal 12-month values (ties by customer_id).
    await db.exec(`INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'o' || i, 'c' || (hash(i * 3) % 400),
        DATE '2022-01-01' + CAST(hash(i * 5) % 1000 AS INTEGER),
        CASE WHEN hash(i * 7) % 25 = 0 THEN -20 WHEN hash(i * 17) % 6 = 0 THEN 40
          ELSE round(5 + hash(i * 13) % 300, 2) END,
        hash(i * 7) % 25 = 0
      FROM range(1600) t(i)`);
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('scores and lists the customers of the per-row path', async () => {
    const models = await fitModels(db);
    expect(models.bgnbd).not.toBeNull();
    for (const [rule, params] of [
      [{}, {}],
      [{ overdueFactor: 1.5, cutoffs: { a: 0.6, b: 0.9 } }, {}],
      [{ gap: 'mean' as const }, { activeDays: 200 }],
    ] as [ChurnRuleOptions, AnalysisParams][]) {
      for (const m of [models, { bgnbd: null, gammaGamma: null }]) {
        const rows = await db.query(buildChurnQuery(rule, params));
        const want = scoreChurn(rows, m);
        const got = await viaView(db, rule, params, m);
        expect(got.buyers).toBe(rows.length);
        expect(want.lapsedCustomers).toBeGreaterThan(0);
        expect(got.scores.lapsedCustomers).toBe(want.lapsedCustomers);
        expect(got.scores.active).toEqual(want.active);
        for (const t of [0.1, 0.5, 0.9]) {
          expect(classifyChurn(got.scores, t)).toEqual(classifyChurn(want, t));
        }
      }
    }
  });

  it('scores and classifies in steps as at once, yielding between steps', async () => {
    const models = await fitModels(db);
    const cols = tableColumns(await db.queryArrow(buildChurnViewQuery({}, {})));
    const whole = scoreChurnColumns(cols as unknown as ChurnColumns, 7, models);
    expect(whole.active.length).toBeGreaterThan(100);
    const run = <T>(steps: Generator<void, T>): { value: T; yields: number } => {
      let yields = 0;
      for (;;) {
        const r = steps.next();
        if (r.done) return { value: r.value, yields };
        yields++;
      }
    };
    const stepped = run(scoreChurnSteps(cols as unknown as ChurnColumns, 7, models, {}, 50));
    expect(stepped.yields).toBe(Math.floor(whole.active.length / 50));
    expect(stepped.value).toEqual(whole);
    const listed = run(classifyChurnSteps(stepped.value, 0.5, 50));
    expect(listed.yields).toBe(Math.floor(whole.active.length / 50));
    expect(listed.value).toEqual(classifyChurn(whole, 0.5));
  });

  it('counts every buyer as lapsed when nobody is active', async () => {
    // Nothing bought in the year before an as-of date years after the last order.
    const late = { asOf: '2030-01-01' };
    await rebuildSummary(db, late);
    const none = { bgnbd: null, gammaGamma: null };
    const got = await viaView(db, {}, late, none);
    const rows = await db.query(buildChurnQuery({}, late));
    const want = scoreChurn(rows, none);
    expect(want.active).toEqual([]);
    expect(got.scores.active).toEqual([]);
    expect(got.scores.lapsedCustomers).toBe(rows.length);
    expect(got.buyers).toBe(rows.length);
    await rebuildSummary(db, {});
  });

  it('has no buyers in an empty scope', async () => {
    const empty = { filters: { region: ['nowhere'] } };
    await rebuildSummary(db, empty);
    const got = await viaView(db, {}, empty, { bgnbd: null, gammaGamma: null });
    expect(got.buyers).toBe(0);
    expect(got.scores.active).toEqual([]);
    expect(got.scores.lapsedCustomers).toBe(0);
    await rebuildSummary(db, {});
  });

  it('gives the small fixture the figures of the lifecycle test', async () => {
    const small = await openNodeDb();
    try {
      await loadFixture(small, SMALL);
      await rebuildSummary(small, { asOf: SMALL_AS_OF });
      const none = { bgnbd: null, gammaGamma: null };
      const got = await viaView(small, { overdueFactor: 0.5 }, { asOf: SMALL_AS_OF }, none);
      const res = classifyChurn(got.scores, 0.5);
      expect(res.list.map((e) => e.customerId)).toEqual(['c2', 'c6']);
      expect(res.lapsedCustomers).toBe(1);
      expect(res.valueAtRisk).toBe(180);
    } finally {
      await small.close();
    }
  });
});
