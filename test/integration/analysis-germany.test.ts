import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { buildParetoQuery, parsePareto, downsampleCurve } from '../../src/analysis/pareto';
import { buildKpiQuery, parseKpis } from '../../src/analysis/kpi';
import { buildProductParetoQuery, parseProductPareto } from '../../src/analysis/products';
import { runReport, buildChurnListQuery } from '../../src/analysis/report';
import { loadGermany } from './load-reference';
import { must } from '../fixtures/analysis/load';

describe('Online Retail, Germany', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadGermany(db);
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('95 customers, net value 221,698.21, top 19 customers hold 62.40%', async () => {
    const r = parsePareto(await db.query(buildParetoQuery({})));
    expect(r.overall.customers).toBe(95);
    expect(r.overall.totalValue).toBeCloseTo(221698.21, 2);
    expect(r.overall.topCount).toBe(19);
    expect(r.overall.topShare).toBeCloseTo(0.624, 3);
    expect(r.overall.points).toHaveLength(96);
    expect(r.overall.points.at(-1)?.valueShare).toBeCloseTo(1, 12);
  });

  it('KPI query (no summary table needed) agrees with the Pareto analysis', async () => {
    await db.exec('DROP VIEW customer_summary');
    const k = parseKpis(await db.query(buildKpiQuery({})));
    expect(k.customers).toBe(95);
    expect(k.value).toBeCloseTo(221698.21, 2);
    expect(k.top20Share).toBeCloseTo(0.624, 3);
    await rebuildSummary(db, {});
    const p = parsePareto(await db.query(buildParetoQuery({}))).overall;
    expect(k.gini).toBeCloseTo(must(p.gini), 10);
  });

  it('product Pareto adds up to the same net revenue', async () => {
    const r = parseProductPareto(await db.query(buildProductParetoQuery({})));
    expect(r.totalValue).toBeCloseTo(221698.21, 2);
    expect(r.tiers.reduce((s, t) => s + t.products, 0)).toBe(r.products);
  });

  it('downsampling keeps the end points and the shape', () => {
    const pts = parsePareto([
      ...Array.from({ length: 2000 }, (_, i) => ({ customer_id: `c${i}`, value: 1 / (i + 1) })),
    ]).overall.points;
    const d = downsampleCurve(pts, 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[0]).toEqual(pts[0]);
    expect(d.at(-1)).toEqual(pts.at(-1));
    for (let i = 1; i < d.length; i++)
      expect(d[i]?.customerShare ?? 0).toBeGreaterThan(d[i - 1]?.customerShare ?? 1);
  });

  it('report and churn list export run end to end', async () => {
    const rep = await runReport(db, {});
    expect(rep.asOf).toBe('2011-12-09');
    expect(rep.totals.customers).toBe(95);
    expect(rep.pareto.topShare).toBeCloseTo(0.624, 3);
    expect(rep.tiers.abc.reduce((s, t) => s + t.customers, 0)).toBe(95);
    const list = await db.query(buildChurnListQuery({}));
    expect(list.length).toBe(rep.churn.atRiskCustomers);
    // Lapsed customers are never on the list: every listed one bought within 365 days.
    expect(list.every((r) => Number(r['days_since_last_purchase']) <= 365)).toBe(true);
    const k = parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
    expect(rep.churn.lapsedCustomers).toBe(k.lapsedCustomers);
    // Active and lapsed split the customers with a purchase (one German customer only cancelled).
    const [row] = await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM customer_summary WHERE purchase_days > 0',
    );
    expect(row?.n).toBe(94);
    expect(k.activeCustomers + k.lapsedCustomers).toBe(94);
    const values = list.map((r) => Number(r['value_at_risk']));
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
});
