import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import type { AnalysisParams, ValueMeasure } from '../../src/analysis/params';
import { rebuildSummary } from '../../src/analysis/summary';
import type { AsOfModel } from '../../src/analysis/as-of-model';
import {
  asOfAbc,
  asOfKpis,
  asOfParetoOverview,
  asOfScope,
} from '../../src/analysis/as-of-overview';
import { loadKpis, loadOverview } from '../../src/state/first-paint';
import { fetchAsOfModel } from '../../src/state/overview-model';
import { LORENZ_MAX_POINTS } from '../../src/charts/lorenz';
import { loadFixture, must, order } from '../fixtures/analysis/load';
import { insertHashedHistory } from '../fixtures/analysis/hashed';
import { loadEnglishSample } from './load-reference';

/** Integer figures, compared exactly; every other number within 1e-9 relative. */
const COUNTS = new Set([
  'customers',
  'activeCustomers',
  'orders',
  'atRiskCustomers',
  'lapsedCustomers',
  'topCount',
  'customersForValueShare',
]);

function expectSame(got: unknown, want: unknown, path: string): void {
  if (typeof want === 'number' && typeof got === 'number') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (COUNTS.has(key)) expect(got, path).toBe(want);
    else {
      const scale = Math.max(Math.abs(want), Math.abs(got), 1e-6);
      expect(Math.abs(got - want) / scale, `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9);
    }
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got) && got.length, `${path}.length`).toBe(want.length);
    want.forEach((w, i) => expectSame((got as unknown[])[i], w, `${path}[${i}]`));
    return;
  }
  if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object', path).toBe(true);
    const g = got as Record<string, unknown>;
    expect(Object.keys(g).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) expectSame(g[k], w, `${path}.${k}`);
    return;
  }
  expect(got, path).toBe(want);
}

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The Overview's figures from the SQL path (summary rebuilt as the app does, then the views'
 * queries) and from the model, for every combination given.
 */
async function compareAll(
  db: Db,
  model: AsOfModel,
  scopes: AnalysisParams[],
  opts: { overdue: number[]; cutoffs: { a: number; b: number }[]; maxPoints: number[] },
): Promise<number> {
  let compared = 0;
  let built = await rebuildSummary(db, {}, { afterLoad: false });
  for (const p of scopes) {
    built = await rebuildSummary(db, p, { afterLoad: false, prior: built.base });
    const scope = must(asOfScope(model, p), `scope of ${JSON.stringify(p)}`);
    for (const overdue of opts.overdue) {
      const label = `${JSON.stringify(p)} overdue ${overdue}`;
      expectSame(asOfKpis(scope, overdue, 365), await loadKpis(db, p, overdue), `${label} kpis`);
    }
    for (const cutoffs of opts.cutoffs) {
      for (const maxPoints of opts.maxPoints) {
        const want = await loadOverview(db, p, cutoffs, maxPoints);
        const label = `${JSON.stringify(p)} ${JSON.stringify(cutoffs)} ${maxPoints}`;
        expectSame(asOfParetoOverview(scope, { maxPoints }), want.pareto, `${label} pareto`);
        expectSame(asOfAbc(scope, cutoffs), want.abc, `${label} abc`);
        compared++;
      }
    }
  }
  return compared;
}

const MEASURES: ValueMeasure[] = ['net', 'gross', 'margin'];

describe('the Overview from the as-of model', () => {
  let db: Db;
  let model: AsOfModel;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, {
      customers: [
        { customer_id: 'band', region: 'north', channel: 'web' },
        { customer_id: 'returns-only', region: 'north' },
        // With 'band', the only repeat buyers of region north and a channel: gaps 10 and 30.
        { customer_id: 'pair', region: 'north', channel: 'shop' },
        { customer_id: 'single', region: 'north', channel: 'shop' },
        { customer_id: 'never', region: 'south' },
        // Equal on every measure (DuckDB ranks them by id, in byte order).
        { customer_id: '\uFF21-tie', region: 'south', channel: 'web' },
        { customer_id: '\u{1F600}-tie', region: 'south', channel: 'shop' },
      ],
      orders: [
        order('band', '2023-03-01', 40, { order_id: 'b1' }),
        order('band', '2023-03-01', 15, { order_id: 'b2' }),
        order('band', '2024-03-01', 25, { order_id: 'b3' }),
        order('band', '2024-03-09', -5),
        order('returns-only', '2023-09-01', -20, { order_id: 'r1' }),
        order('pair', '2024-06-01', 10, { order_id: 'p1' }),
        order('pair', '2024-06-11', 10, { order_id: 'p2' }),
        order('pair', '2024-07-11', 10, { order_id: 'p3' }),
        order('single', '2024-09-22', 10, { order_id: 's1' }),
        order('orders-only', '2024-02-01', 30, { order_id: 'x5' }),
        order('orders-only', '2024-12-27', 12, { order_id: 'x6' }),
        order('\uFF21-tie', '2023-02-01', 25, { order_id: 't1' }),
        order('\uFF21-tie', '2024-02-01', 25, { order_id: 't2' }),
        order('\u{1F600}-tie', '2023-02-01', 25, { order_id: 't3' }),
        order('\u{1F600}-tie', '2024-02-01', 25, { order_id: 't4' }),
      ],
    });
    await insertHashedHistory(db);
    await rebuildSummary(db, {});
    model = must(await fetchAsOfModel(db));
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('gives the SQL path figures for many as-of dates, measures, windows and filters', async () => {
    // Before every order, order days, the band edges of days a year and two years back, unset.
    const dates = [
      null,
      '2021-06-01',
      '2022-01-01',
      '2023-03-01',
      ...[364, 365, 366, 729, 730, 731].map((d) => plusDays('2023-03-01', d)),
      '2024-02-01',
      '2024-12-27',
      '2025-02-10',
    ];
    const filters: AnalysisParams['filters'][] = [
      {},
      { from: '2023-01-15', to: '2024-10-31' },
      { region: ['north'] },
      { channel: ['web'], region: ['south', 'north'] },
    ];
    const scopes: AnalysisParams[] = [];
    for (const f of filters) {
      for (const measure of MEASURES)
        for (const asOf of dates) scopes.push({ asOf, measure, filters: f });
    }
    // Segment-by does not change what the Overview shows.
    scopes.push({ asOf: '2024-06-30', segmentBy: 'region' });
    const n = await compareAll(db, model, scopes, {
      overdue: [1, 2, 3.5],
      cutoffs: [
        { a: 0.8, b: 0.95 },
        { a: 0.5, b: 0.6 },
      ],
      maxPoints: [LORENZ_MAX_POINTS, 7],
    });
    expect(n).toBe(scopes.length * 4);
  }, 300_000);

  it('puts tied buyers on either side of an ABC cut-off as the SQL does', async () => {
    // The two tied customers alone: the first ranked is A (no value above it), the second is
    // not (half the value is above it). Which of them is which does not change any figure.
    const p = { asOf: '2024-02-01', filters: { region: ['south'], channel: ['web', 'shop'] } };
    await rebuildSummary(db, p);
    const scope = must(asOfScope(model, p));
    expect(scope.n).toBe(2);
    const want = await loadOverview(db, p, { a: 0.4, b: 0.45 }, 7);
    expect(want.abc.tiers.map((t) => t.customers)).toEqual([1, 0, 1]);
    expectSame(asOfAbc(scope, { a: 0.4, b: 0.45 }), want.abc, 'abc');
    expectSame(asOfParetoOverview(scope, { maxPoints: 7 }), want.pareto, 'pareto');
  });

  it('takes the mean of the two middle gaps for the typical gap of an even number', async () => {
    // Repeat buyers band (median gap 366) and pair (20): a typical gap of 193 days keeps
    // 'single' (100 days since its one purchase) from being overdue; either middle value alone
    // would not.
    const p = { asOf: '2024-12-31', filters: { region: ['north'], channel: ['web', 'shop'] } };
    await rebuildSummary(db, p);
    const want = await loadKpis(db, p, 1);
    expect(want.atRiskCustomers).toBe(1);
    expectSame(asOfKpis(must(asOfScope(model, p)), 1, 365), want, 'kpis');
    const lapsed = await loadKpis(db, { ...p, asOf: '2025-01-02' }, 0.5);
    expect(lapsed.atRiskCustomers).toBe(3);
    expectSame(
      asOfKpis(must(asOfScope(model, { ...p, asOf: '2025-01-02' })), 0.5, 365),
      lapsed,
      'kpis 2',
    );
  });

  it('has no scope when no row falls in the window', () => {
    expect(asOfScope(model, { filters: { from: '2030-01-01' } })).toBeUndefined();
  });
});

describe('the Overview from the as-of model on the English sample', () => {
  let db: Db;
  let model: AsOfModel;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadEnglishSample(db);
    await rebuildSummary(db, {});
    model = must(await fetchAsOfModel(db));
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('gives the SQL path figures', async () => {
    const [r] = await db.query<{ d: string }>(
      'SELECT CAST(max(day) AS VARCHAR) AS d FROM customer_days',
    );
    const last = must(r?.d);
    const dates = [null, ...[1, 7, 30, 200, 365, 366, 730].map((d) => plusDays(last, -d))];
    const scopes: AnalysisParams[] = [];
    for (const measure of MEASURES) for (const asOf of dates) scopes.push({ asOf, measure });
    scopes.push({ asOf: plusDays(last, -90), filters: { from: plusDays(last, -500) } });
    const n = await compareAll(db, model, scopes, {
      overdue: [2],
      cutoffs: [{ a: 0.8, b: 0.95 }],
      maxPoints: [LORENZ_MAX_POINTS],
    });
    expect(n).toBe(scopes.length);
  }, 300_000);
});
