import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildFunnelQuery, parseFunnel } from '../../src/analysis/funnel';
import { buildStagesQuery, buildCustomerStagesQuery, parseStages } from '../../src/analysis/stages';
import { buildCohortQuery, parseCohorts } from '../../src/analysis/cohorts';
import { buildRetentionQuery, parseRetention } from '../../src/analysis/retention';
import { buildMigrationQuery, parseMigration } from '../../src/analysis/migration';
import { buildChurnQuery, parseChurn } from '../../src/analysis/churn';
import { loadFixture, must } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';

const P = { asOf: SMALL_AS_OF };

describe('lifecycle on the small fixture', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, SMALL);
    await rebuildSummary(db, P);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('funnel: nested stages and conversions', async () => {
    const f = parseFunnel(await db.query(buildFunnelQuery(P)));
    expect(f.hasCustomerFile).toBe(true);
    expect(f.stages.map((s) => [s.stage, s.customers])).toEqual([
      ['prospects', 7],
      ['firstPurchase', 6],
      ['repeat', 2],
      ['loyal', 0],
      ['partners', 0],
    ]);
    expect(f.stages.map((s) => s.conversion)).toEqual([null, 6 / 7, 2 / 6, 0, null]);
    const three = parseFunnel(await db.query(buildFunnelQuery(P, { loyalDays: 3 })));
    expect(three.stages.slice(3).map((s) => s.customers)).toEqual([1, 1]);
    expect(f.cohorts.map((c) => c.cohort)).toEqual([
      '2023-01',
      '2023-05',
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-12',
    ]);
    expect(f.cohorts.find((c) => c.cohort === '2023-05')?.stages[1]?.customers).toBe(1);
    const q = parseFunnel(
      await db.query(buildFunnelQuery({ ...P, segmentBy: 'region' }, { grain: 'quarter' })),
      true,
    );
    expect(q.cohorts.map((c) => c.cohort)).toEqual(['2023-Q1', '2023-Q2', '2024-Q1', '2024-Q4']);
    expect(q.segments.find((s) => s.segment === 'west')?.stages.map((s) => s.customers)).toEqual([
      2, 1, 0, 0, 0,
    ]);
  });

  it('stages per customer with the documented thresholds', async () => {
    const rows = await db.query(buildCustomerStagesQuery());
    expect(Object.fromEntries(rows.map((r) => [r['customer_id'], r['stage']]))).toEqual({
      c1: 'active',
      c2: 'atRisk',
      c3: 'reactivated',
      c4: 'lapsed',
      c5: 'new',
      c6: 'atRisk',
      p1: 'prospect',
    });
    const s = parseStages(await db.query(buildStagesQuery(P)));
    expect(s.stages.find((x) => x.stage === 'atRisk')).toEqual({
      stage: 'atRisk',
      customers: 2,
      value: 180,
    });
    const loose = await db.query(buildCustomerStagesQuery({ atRiskDays: 400, lapsedDays: 800 }));
    expect(loose.find((r) => r['customer_id'] === 'c4')?.['stage']).toBe('atRisk');
    expect(loose.find((r) => r['customer_id'] === 'c3')?.['stage']).toBe('active');
  });

  it('cohort retention: later periods not yet reached are null, not 0', async () => {
    const c = parseCohorts(await db.query(buildCohortQuery(P)));
    expect(c.periods).toBe(24);
    const may = must(c.cohorts.find((x) => x.cohort === '2023-05'));
    expect(may.size).toBe(1);
    expect(may.customers[0]).toBe(1);
    expect(may.revenue[0]).toBe(50);
    expect(may.customers[1]).toBe(0);
    expect(may.customers[18]).toBe(1);
    expect(may.revenue[18]).toBe(70);
    expect(may.customers[19]).toBe(0);
    expect(may.customers[20]).toBeNull();
    const dec = must(c.cohorts.find((x) => x.cohort === '2024-12'));
    expect(dec.customerShare[0]).toBe(1);
    expect(dec.customerShare.slice(1).every((v) => v === null)).toBe(true);
    const feb = must(c.cohorts.find((x) => x.cohort === '2024-02'));
    expect(feb.revenue[0]).toBe(-20);
  });

  it('retention and churn per calendar period', async () => {
    const r = parseRetention(await db.query(buildRetentionQuery(P)));
    expect(r.periods).toHaveLength(24);
    expect(r.periods[0]).toMatchObject({
      period: '2023-01',
      active: 1,
      newCustomers: 1,
      retentionRate: null,
    });
    expect(r.periods[1]).toMatchObject({
      period: '2023-02',
      active: 0,
      retentionRate: 0,
      churnRate: 1,
    });
    expect(r.periods[2]).toMatchObject({ period: '2023-03', retentionRate: null });
    expect(r.periods.at(-1)).toMatchObject({ period: '2024-12', active: 2, retained: 0 });
    const q = parseRetention(await db.query(buildRetentionQuery(P, 'quarter')), 'quarter');
    expect(q.periods.map((p) => p.period)).toEqual([
      '2023-Q1',
      '2023-Q2',
      '2023-Q3',
      '2023-Q4',
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
    ]);
    expect(q.periods[4]).toMatchObject({ active: 3, retained: 0, newCustomers: 3 });
    expect(q.periods[5]).toMatchObject({ active: 1, retained: 1, retentionRate: 1 / 3 });
  });

  it('tier migration with default 365-day periods', async () => {
    const m = parseMigration(await db.query(buildMigrationQuery(P)));
    expect(m.cells.map((c) => [c.from, c.to, c.customers])).toEqual([
      ['A', 'B', 1],
      ['A', 'lost', 1],
      ['new', 'A', 2],
      ['new', 'C', 2],
    ]);
    expect(m).toMatchObject({
      newCustomers: 4,
      lost: 1,
      reactivated: 0,
      stayed: 0,
      up: 0,
      down: 1,
    });
  });

  it('tier migration with explicit periods: stay, lost, reactivated, new', async () => {
    const m = parseMigration(
      await db.query(
        buildMigrationQuery(P, {
          period1: { from: '2024-01-01', to: '2024-06-30' },
          period2: { from: '2024-07-01', to: '2024-12-31' },
        }),
      ),
    );
    expect(m.cells.map((c) => [c.from, c.to, c.customers, c.valueBefore, c.valueAfter])).toEqual([
      ['A', 'A', 1, 300, 300],
      ['A', 'lost', 1, 200, 0],
      ['C', 'lost', 1, -20, 0],
      ['dormant', 'B', 1, 0, 70],
      ['new', 'C', 1, 0, 0],
    ]);
    expect(m).toMatchObject({ newCustomers: 1, lost: 2, reactivated: 1, stayed: 1 });
  });

  it('rule-based churn: own median gap, population gap for one-time buyers', async () => {
    const rows = await db.query(buildChurnQuery());
    const byId = Object.fromEntries(rows.map((r) => [r['customer_id'], r]));
    expect(byId['c1']?.['typical_gap']).toBe(163);
    expect(byId['c2']?.['typical_gap']).toBe(356.5);
    expect(byId['c4']?.['overdue']).toBe(true);
    expect(byId['c2']?.['overdue']).toBe(false);
    // c4's only purchase (2023-01-15) is 716 days before as-of: lapsed, so not at risk.
    expect(byId['c4']?.['active']).toBe(false);
    expect(rows.filter((r) => r['active'] === true)).toHaveLength(5);
    const res = parseChurn(rows, { bgnbd: null, gammaGamma: null });
    expect(res.list).toEqual([]);
    expect(res).toMatchObject({ atRiskCustomers: 0, lapsedCustomers: 1, valueAtRisk: 0 });
    // With a 800-day activity window c4 is active again, and overdue (716 >= 2 x 356.5).
    const wide = parseChurn(await db.query(buildChurnQuery({}, { ...P, activeDays: 800 })), {
      bgnbd: null,
      gammaGamma: null,
    });
    expect(wide.lapsedCustomers).toBe(0);
    expect(wide.list.map((e) => e.customerId)).toEqual(['c4']);
    expect(wide.list[0]).toMatchObject({
      tier: 'B',
      reasons: ['overdue'],
      pAlive: null,
      lastPurchase: '2023-01-15',
      valueAtRisk: 0,
    });
    // Half the typical gap (178.25 days for one-time buyers): c2 (305 days) and c6 (334) are
    // overdue and active; c4 is overdue too but lapsed.
    const strict = parseChurn(await db.query(buildChurnQuery({ overdueFactor: 0.5 })), {
      bgnbd: null,
      gammaGamma: null,
    });
    expect(strict.list.map((e) => e.customerId)).toEqual(['c2', 'c6']);
    expect(strict.lapsedCustomers).toBe(1);
    // Trailing 12-month net value: c2 200, c6 10 - 30.
    expect(strict.valueAtRisk).toBe(180);
    expect(strict.byTier.map((t) => t.customers)).toEqual([1, 0, 1]);
    const model = parseChurn(rows, {
      bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
    });
    const c1 = model.list.find((e) => e.customerId === 'c1');
    expect(c1 === undefined || c1.reasons.includes('model')).toBe(true);
    expect(model.list.every((e) => e.modelValue !== null)).toBe(true);
    expect(model.list.some((e) => e.customerId === 'c4')).toBe(false);
    expect(model.lapsedCustomers).toBe(1);
  });
});
