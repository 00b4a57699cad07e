import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary, buildAsOfQuery, parseAsOf } from '../../src/analysis/summary';
import { buildParetoQuery, parsePareto } from '../../src/analysis/pareto';
import { buildAbcQuery, parseAbc } from '../../src/analysis/abc';
import { buildPyramidQuery, parsePyramid } from '../../src/analysis/pyramid';
import {
  buildRfmQuery,
  buildRfmScoresQuery,
  parseRfm,
  parseRfmScores,
} from '../../src/analysis/rfm';
import { buildKpiQuery, parseKpis } from '../../src/analysis/kpi';
import { loadFixture, must } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';

const P = { asOf: SMALL_AS_OF };

describe('tiers on the small fixture', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, SMALL);
    await rebuildSummary(db, P);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('summary: prospects kept, returns in net value, later orders excluded and counted', async () => {
    expect(parseAsOf(await db.query(buildAsOfQuery(P)))).toEqual({
      asOf: SMALL_AS_OF,
      excludedAfterAsOf: 1,
    });
    const rows = await db.query<Record<string, unknown>>(
      'SELECT customer_id, buyer, orders, returns, purchase_days, value, gross FROM customer_summary ORDER BY customer_id',
    );
    expect(rows).toEqual([
      {
        customer_id: 'c1',
        buyer: true,
        orders: 3,
        returns: 0,
        purchase_days: 3,
        value: 600,
        gross: 600,
      },
      {
        customer_id: 'c2',
        buyer: true,
        orders: 1,
        returns: 0,
        purchase_days: 1,
        value: 200,
        gross: 200,
      },
      {
        customer_id: 'c3',
        buyer: true,
        orders: 2,
        returns: 1,
        purchase_days: 2,
        value: 120,
        gross: 150,
      },
      {
        customer_id: 'c4',
        buyer: true,
        orders: 1,
        returns: 0,
        purchase_days: 1,
        value: 80,
        gross: 80,
      },
      {
        customer_id: 'c5',
        buyer: true,
        orders: 1,
        returns: 0,
        purchase_days: 1,
        value: 0,
        gross: 0,
      },
      {
        customer_id: 'c6',
        buyer: true,
        orders: 1,
        returns: 1,
        purchase_days: 1,
        value: -20,
        gross: 10,
      },
      {
        customer_id: 'p1',
        buyer: false,
        orders: 0,
        returns: 0,
        purchase_days: 0,
        value: 0,
        gross: 0,
      },
    ]);
  });

  it('default as-of is the last order date', async () => {
    expect(parseAsOf(await db.query(buildAsOfQuery({}))).asOf).toBe('2025-01-05');
  });

  it('Pareto: shares, Gini, zero and negative customers counted', async () => {
    const r = parsePareto(await db.query(buildParetoQuery(P))).overall;
    expect(r.customers).toBe(6);
    expect(r.totalValue).toBe(980);
    expect(r.topCount).toBe(1);
    expect(r.topShare).toBeCloseTo(600 / 980, 12);
    expect(r.customersForValueShare).toBe(2);
    expect(r.customerShareForValueShare).toBeCloseTo(2 / 6, 12);
    expect(r.gini).toBeCloseTo(3740 / 5880, 12);
    expect(r.zeroValueCustomers).toBe(1);
    expect(r.negativeValueCustomers).toBe(1);
    expect(r.top.map((t) => t.customerId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('Pareto per segment', async () => {
    const r = parsePareto(
      await db.query(buildParetoQuery({ ...P, segmentBy: 'region' })),
      {},
      true,
    );
    const north = must(r.segments.find((s) => s.segment === 'north')).curve;
    expect(north.customers).toBe(2);
    expect(north.totalValue).toBe(800);
    expect(north.topShare).toBeCloseTo(600 / 800, 12);
    expect(r.segments.find((s) => s.segment === 'west')?.curve.topShare).toBeNull();
  });

  it('ABC: the customer crossing 80% is still A; zero and negative are C', async () => {
    const r = parseAbc(await db.query(buildAbcQuery(P)));
    expect(r.tiers.map((t) => [t.tier, t.customers, t.value])).toEqual([
      ['A', 2, 800],
      ['B', 2, 200],
      ['C', 2, -20],
    ]);
    const edited = parseAbc(await db.query(buildAbcQuery(P, { a: 0.5, b: 0.9 })), {
      a: 0.5,
      b: 0.9,
    });
    expect(edited.tiers.map((t) => t.customers)).toEqual([1, 2, 3]);
  });

  it('pyramid: rank bands by round(share x active), inactive and prospects', async () => {
    const r = parsePyramid(await db.query(buildPyramidQuery(P)));
    expect(r.levels.map((l) => [l.level, l.customers, l.value])).toEqual([
      ['top', 0, 0],
      ['big', 0, 0],
      ['medium', 1, 600],
      ['small', 4, 300],
      ['inactive', 1, 80],
      ['prospect', 1, 0],
    ]);
    const shorter = parsePyramid(await db.query(buildPyramidQuery({ ...P, activeDays: 100 })));
    expect(shorter.levels.find((l) => l.level === 'inactive')?.customers).toBe(3);
  });

  it('RFM: quintiles with ties split by customer_id and the R-F segment map', async () => {
    const scores = parseRfmScores(await db.query(buildRfmScoresQuery(P)));
    expect(scores.map((s) => [s.customerId, s.r, s.f, s.segment])).toEqual([
      ['c1', 4, 5, 'loyal'],
      ['c2', 2, 1, 'hibernating'],
      ['c3', 3, 4, 'loyal'],
      ['c4', 1, 1, 'hibernating'],
      ['c5', 5, 2, 'potentialLoyalists'],
      ['c6', 1, 3, 'atRisk'],
    ]);
    const r = parseRfm(await db.query(buildRfmQuery(P)));
    const seg = Object.fromEntries(r.segments.map((s) => [s.segment, [s.customers, s.value]]));
    expect(seg['loyal']).toEqual([2, 720]);
    expect(seg['hibernating']).toEqual([2, 280]);
    expect(seg['champions']).toEqual([0, 0]);
    expect(r.grid[0]?.[0]?.customers).toBe(1);
    expect(r.grid.flat().reduce((s, c) => s + c.customers, 0)).toBe(6);
  });

  it('KPI strip figures', async () => {
    const k = parseKpis(await db.query(buildKpiQuery(P)));
    expect(k.customers).toBe(6);
    expect(k.activeCustomers).toBe(5);
    expect(k.orders).toBe(9);
    expect(k.value).toBe(980);
    expect(k.top20Share).toBeCloseTo(600 / 980, 12);
    expect(k.gini).toBeCloseTo(3740 / 5880, 12);
    expect(k.repeatRate).toBeCloseTo(2 / 6, 12);
    expect(k.churnRate).toBeCloseTo(0.5, 12);
    // c4 (last purchase 716 days before as-of) is overdue but lapsed, not at risk.
    expect(k.atRiskCustomers).toBe(0);
    expect(k.valueAtRisk).toBe(0);
    expect(k.lapsedCustomers).toBe(1);
    expect(parseKpis(await db.query(buildKpiQuery(P, {}, { fromSummary: true })))).toEqual(k);
    // Half the typical gap: c2 (305 days >= 178.25) and c6 (334) are active and overdue;
    // their trailing 12-month net values are 200 and 10 - 30.
    const strict = parseKpis(await db.query(buildKpiQuery(P, { overdueFactor: 0.5 })));
    expect(strict).toMatchObject({ atRiskCustomers: 2, valueAtRisk: 180, lapsedCustomers: 1 });
    // An 800-day activity window makes c4 active, and at risk with 0 in the last 12 months.
    const wide = parseKpis(await db.query(buildKpiQuery({ ...P, activeDays: 800 })));
    expect(wide).toMatchObject({
      activeCustomers: 6,
      atRiskCustomers: 1,
      valueAtRisk: 0,
      lapsedCustomers: 0,
    });
  });

  it('filters by attribute and date window', async () => {
    await rebuildSummary(db, { ...P, filters: { region: ['south'] } });
    const r = parsePareto(await db.query(buildParetoQuery(P))).overall;
    expect(r.customers).toBe(3);
    expect(r.totalValue).toBe(200);
    await rebuildSummary(db, { ...P, filters: { from: '2024-01-01', to: '2024-06-30' } });
    const w = parsePareto(await db.query(buildParetoQuery(P))).overall;
    expect(w.totalValue).toBe(100 + 200 + 200 - 20);
    await rebuildSummary(db, { ...P, measure: 'gross' });
    expect(parsePareto(await db.query(buildParetoQuery(P))).overall.totalValue).toBe(1040);
  });
});
