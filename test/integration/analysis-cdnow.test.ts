import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary, buildAsOfQuery, parseAsOf } from '../../src/analysis/summary';
import {
  buildBgnbdPatternsQuery,
  expectedPurchases,
  fitBgnbd,
  parseRfPatterns,
  probabilityAlive,
  bgnbdTotalLogLikelihood,
  type BgnbdFit,
} from '../../src/analysis/bgnbd';
import {
  buildSpendPatternsQuery,
  fitGammaGamma,
  parseSpendPatterns,
  expectedAverageSpend,
} from '../../src/analysis/gamma-gamma';
import { runReport } from '../../src/analysis/report';
import { buildPredictionInputQuery, predictCustomers } from '../../src/analysis/predictions';
import { loadCdnow, loadCdnowReferenceSummary } from './load-reference';
import { must } from '../fixtures/analysis/load';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  let db: Db;
  let fit: BgnbdFit;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadCdnow(db);
    await rebuildSummary(db, { asOf: '1997-09-30' });
    const f = fitBgnbd(parseRfPatterns(await db.query(buildBgnbdPatternsQuery())));
    if (!f) throw new Error('BG/NBD fit failed');
    fit = f;
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('cuts the calibration period at the as-of date', async () => {
    const r = parseAsOf(await db.query(buildAsOfQuery({ asOf: '1997-09-30' })));
    expect(r.asOf).toBe('1997-09-30');
    const n = (
      await db.query<{ n: number }>(
        "SELECT count(*) AS n FROM orders WHERE order_date > DATE '1997-09-30'",
      )
    )[0]?.n;
    expect(r.excludedAfterAsOf).toBe(n);
    expect(n).toBeGreaterThan(0);
  });

  it('summary equals the published frequency/recency/T for all 2,357 customers', async () => {
    await loadCdnowReferenceSummary(db);
    const [row] = await db.query<Record<string, number>>(`
      SELECT count(*) AS n, count(s.customer_id) AS matched,
        count(*) FILTER (WHERE s.x = r.frequency) AS freq_equal,
        max(abs(round(s.t_x, 2) - r.recency)) AS recency_diff,
        max(abs(round(s."T", 2) - r."T")) AS t_diff,
        count(*) FILTER (WHERE s.x > 0) AS repeaters
      FROM cdnow_ref r
      LEFT JOIN cdnow_ids i ON i.sample_id = r.ID
      LEFT JOIN customer_summary s ON s.customer_id = i.customer_id`);
    expect(row).toEqual({
      n: 2357,
      matched: 2357,
      freq_equal: 2357,
      recency_diff: 0,
      t_diff: 0,
      repeaters: 946,
    });
    const c = (await db.query<{ c: number }>('SELECT count(*) AS c FROM customer_summary'))[0]?.c;
    expect(c).toBe(2357);
  });

  it('fits BG/NBD to the published estimates', () => {
    expect(Math.abs(fit.r - PUBLISHED.r)).toBeLessThan(0.005);
    expect(Math.abs(fit.alpha - PUBLISHED.alpha)).toBeLessThan(0.005);
    expect(Math.abs(fit.a - PUBLISHED.a)).toBeLessThan(0.005);
    expect(Math.abs(fit.b - PUBLISHED.b)).toBeLessThan(0.005);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(fit.customers).toBe(2357);
  });

  it('log-likelihood at the published parameters is below the optimum', async () => {
    const pats = parseRfPatterns(await db.query(buildBgnbdPatternsQuery()));
    expect(bgnbdTotalLogLikelihood(PUBLISHED, pats)).toBeLessThan(fit.logLikelihood);
    expect(bgnbdTotalLogLikelihood(PUBLISHED, pats)).toBeCloseTo(-9582.43, 0);
  });

  it('conditional expectation E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226', () => {
    expect(Math.abs(expectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(expectedPurchases(fit, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    expect(probabilityAlive(fit, 0, 0, 38.86)).toBe(1);
    const p = probabilityAlive(fit, 2, 30.43, 38.86);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('fits Gamma-Gamma on the 946 repeat customers', async () => {
    const pats = parseSpendPatterns(await db.query(buildSpendPatternsQuery()));
    const gg = fitGammaGamma(pats);
    expect(gg).not.toBeNull();
    if (!gg) throw new Error('Gamma-Gamma fit failed');
    expect(gg?.customers).toBe(946);
    expect(Math.abs(gg?.p - 6.25)).toBeLessThan(0.05);
    expect(Math.abs(gg?.q - 3.74)).toBeLessThan(0.05);
    expect(Math.abs(gg?.v - 15.44)).toBeLessThan(0.05);
    // Shrinks a customer's own mean toward the population mean p v / (q - 1).
    const popMean = (gg?.p * gg?.v) / (gg?.q - 1);
    const e = must(expectedAverageSpend(gg, 2, 100));
    expect(e).toBeLessThan(100);
    expect(e).toBeGreaterThan(popMean);
  });

  it('per-customer predictions: customer 1 of the paper (x=2, t_x=30.43, T=38.86)', async () => {
    const rows = await db.query(buildPredictionInputQuery());
    expect(rows).toHaveLength(2357);
    const one = rows.filter((r) => r['customer_id'] === '00004');
    const [p] = predictCustomers(one, { bgnbd: fit, gammaGamma: null }, { horizonDays: 39 * 7 });
    expect(p).toMatchObject({ x: 2, expectedSpend: null, expectedValue: null });
    expect(Math.abs((p?.expectedPurchases ?? 0) - 1.226)).toBeLessThan(0.001);
    const all = predictCustomers(rows, { bgnbd: fit, gammaGamma: null });
    expect(all.filter((c) => c.x === 0).every((c) => c.pAlive === 1)).toBe(true);
  });

  it('runReport carries the same fits and excludes later orders', async () => {
    const rep = await runReport(db, { asOf: '1997-09-30' });
    expect(rep.totals.customers).toBe(2357);
    expect(rep.excludedAfterAsOf).toBeGreaterThan(0);
    expect(Math.abs(must(rep.churn.bgnbd).r - PUBLISHED.r)).toBeLessThan(0.005);
    expect(Math.abs(must(rep.churn.gammaGamma).p - 6.25)).toBeLessThan(0.05);
    expect(rep.churn.atRiskCustomers).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(rep))).toEqual(rep);
  });
});
