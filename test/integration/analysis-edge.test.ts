import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildParetoQuery, parsePareto } from '../../src/analysis/pareto';
import { buildAbcQuery, parseAbc } from '../../src/analysis/abc';
import { buildPyramidQuery, parsePyramid } from '../../src/analysis/pyramid';
import { buildRfmScoresQuery, parseRfmScores } from '../../src/analysis/rfm';
import { buildCohortQuery, parseCohorts } from '../../src/analysis/cohorts';
import { buildRetentionQuery, parseRetention } from '../../src/analysis/retention';
import { buildKpiQuery, parseKpis } from '../../src/analysis/kpi';
import { runReport } from '../../src/analysis/report';
import { loadFixture, order } from '../fixtures/analysis/load';
import { SMALL } from '../fixtures/analysis/small';

describe('edge cases', () => {
  let db: Db;
  // One engine for the file; every test reloads its own tables (CREATE OR REPLACE).
  beforeAll(async () => {
    db = await openNodeDb();
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('one customer, one order', async () => {
    await loadFixture(db, { orders: [order('solo', '2024-05-01', 42)] });
    const rep = await runReport(db, {});
    expect(rep.totals).toEqual({ customers: 1, prospects: 0, orders: 1, value: 42 });
    expect(rep.pareto).toMatchObject({ topShare: 1, customerShareFor80: 1, gini: 0 });
    expect(rep.tiers.abc.map((t) => t.customers)).toEqual([1, 0, 0]);
    expect(rep.tiers.pyramid.find((l) => l.level === 'small')?.customers).toBe(1);
    expect(rep.lifecycle.funnel.map((s) => s.stage)).toEqual([
      'firstPurchase',
      'repeat',
      'loyal',
      'partners',
    ]);
    expect(rep.churn.bgnbd).toBeNull();
    expect(rep.churn.gammaGamma).toBeNull();
    expect(rep.churn.atRiskCustomers).toBe(0);
  });

  it('all customers equal: ties at the cut-offs split by customer_id', async () => {
    await loadFixture(db, {
      orders: ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => order(id, '2024-05-01', 100)),
    });
    await rebuildSummary(db, {});
    const p = parsePareto(await db.query(buildParetoQuery({}))).overall;
    expect(p.gini).toBe(0);
    expect(p.topShare).toBeCloseTo(0.2, 12);
    expect(p.customersForValueShare).toBe(4);
    const abc = parseAbc(await db.query(buildAbcQuery({})));
    expect(abc.tiers.map((t) => t.customers)).toEqual([4, 1, 0]);
    const rows = await db.query(
      'SELECT customer_id FROM customer_summary WHERE value_above_share >= 0.8 - 1e-9',
    );
    expect(rows).toEqual([{ customer_id: 'e5' }]);
    const rfm = parseRfmScores(await db.query(buildRfmScoresQuery({})));
    expect(rfm.map((s) => s.f)).toEqual([1, 2, 3, 4, 5]);
    // Default bands of 5 active customers: round(0.05) = 0 top, round(0.25) = 0 big, round(1) = 1 medium.
    const pyr = parsePyramid(await db.query(buildPyramidQuery({})));
    expect(pyr.levels.slice(0, 4).map((l) => l.customers)).toEqual([0, 0, 1, 4]);
    const medium = await db.query(
      'SELECT customer_id FROM customer_summary ORDER BY value DESC, customer_id LIMIT 1',
    );
    expect(medium).toEqual([{ customer_id: 'e1' }]);
  });

  it('pyramid with edited shares', async () => {
    await loadFixture(db, {
      orders: ['e1', 'e2', 'e3', 'e4', 'e5'].map((id, i) => order(id, '2024-05-01', 100 * (i + 1))),
    });
    await rebuildSummary(db, {});
    const shares = { top: 0.2, big: 0.2, medium: 0.2 };
    const pyr = parsePyramid(await db.query(buildPyramidQuery({}, shares)), shares);
    expect(pyr.levels.slice(0, 4).map((l) => [l.customers, l.value])).toEqual([
      [1, 500],
      [1, 400],
      [1, 300],
      [2, 300],
    ]);
  });

  it('a single order date: no BG/NBD fit, one cohort period', async () => {
    await loadFixture(db, {
      orders: [order('a', '2024-05-01', 10), order('b', '2024-05-01', 30)],
    });
    const rep = await runReport(db, {});
    expect(rep.churn.bgnbd).toBeNull();
    expect(rep.pareto.topShare).toBeCloseTo(0.75, 12);
    const c = parseCohorts(await db.query(buildCohortQuery({})));
    expect(c.periods).toBe(1);
    expect(c.cohorts).toEqual([
      { cohort: '2024-05', size: 2, customerShare: [1], customers: [2], revenue: [40] },
    ]);
    const r = parseRetention(await db.query(buildRetentionQuery({})));
    expect(r.periods).toEqual([
      {
        period: '2024-05',
        active: 2,
        retained: 0,
        newCustomers: 2,
        retentionRate: null,
        churnRate: null,
      },
    ]);
  });

  it('zero and negative totals give null shares, not errors', async () => {
    await loadFixture(db, { orders: [order('a', '2024-05-01', 0), order('b', '2024-05-02', -5)] });
    await rebuildSummary(db, {});
    const p = parsePareto(await db.query(buildParetoQuery({}))).overall;
    expect(p).toMatchObject({
      customers: 2,
      topShare: null,
      gini: null,
      zeroValueCustomers: 1,
      negativeValueCustomers: 1,
    });
    expect(parseAbc(await db.query(buildAbcQuery({}))).tiers.map((t) => t.customers)).toEqual([
      0, 0, 2,
    ]);
  });

  it('an empty filter result returns empty results with zero counts', async () => {
    await loadFixture(db, SMALL);
    const params = { asOf: '2024-12-31', filters: { region: ['nowhere'] } };
    const rep = await runReport(db, params);
    expect(rep.totals).toEqual({ customers: 0, prospects: 0, orders: 0, value: 0 });
    expect(rep.pareto).toMatchObject({ topShare: null, customerShareFor80: null, gini: null });
    expect(rep.tiers.abc.every((t) => t.customers === 0)).toBe(true);
    expect(rep.tiers.rfmSegments.every((t) => t.customers === 0)).toBe(true);
    expect(rep.lifecycle.funnel.every((s) => s.customers === 0)).toBe(true);
    expect(rep.churn).toMatchObject({
      bgnbd: null,
      gammaGamma: null,
      atRiskCustomers: 0,
      valueAtRisk: 0,
    });
    expect(parseCohorts(await db.query(buildCohortQuery(params)))).toEqual({
      grain: 'month',
      periods: 0,
      cohorts: [],
    });
    expect(parseRetention(await db.query(buildRetentionQuery(params))).periods).toEqual([]);
    const k = parseKpis(await db.query(buildKpiQuery(params)));
    expect(k).toEqual({
      customers: 0,
      activeCustomers: 0,
      orders: 0,
      value: 0,
      top20Share: null,
      gini: null,
      repeatRate: null,
      churnRate: null,
      atRiskCustomers: 0,
      valueAtRisk: 0,
      lapsedCustomers: 0,
    });
  });

  it('no data at all', async () => {
    await loadFixture(db, {});
    const rep = await runReport(db, {});
    expect(rep.asOf).toBeNull();
    expect(rep.totals.customers).toBe(0);
    expect(parseKpis(await db.query(buildKpiQuery({}))).customers).toBe(0);
  });

  it('customers table only: everyone is a prospect', async () => {
    await loadFixture(db, { customers: [{ customer_id: 'x' }, { customer_id: 'y' }] });
    const rep = await runReport(db, {});
    expect(rep.totals).toMatchObject({ customers: 0, prospects: 2 });
    expect(rep.lifecycle.funnel[0]).toEqual({ stage: 'prospects', customers: 2, conversion: null });
    expect(rep.tiers.pyramid.find((l) => l.level === 'prospect')?.customers).toBe(2);
  });
});
