import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rankAllMeasures, rebuildSummary, VALUE_MEASURES } from '../../src/analysis/index';
import { summaryOf } from '../../src/analysis/summary-of';
import { buildSummaryViewQuery } from '../../src/analysis/summary-tables';
import { loadKpis, loadOverview } from '../../src/state/first-paint';
import { summaryDbOf } from '../../src/state/result-cache';
import { loadHashedOrders } from '../fixtures/analysis/hashed';

/**
 * The Overview's results for a measure not shown are computed through `summaryDbOf` while the
 * view shows another; a change of measure then draws them. They must be exactly what the view
 * switched to that measure gives.
 */
describe('results for another measure than the view shows', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // 320 customer ids, 300 of them listed; 4,000 orders with returns and partly missing costs.
    await loadHashedOrders(db, { customerIds: 320, listed: 300 });
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const cutoffs = { a: 0.7, b: 0.9 };
  const overview = async (d: Db, measure: (typeof VALUE_MEASURES)[number]) => ({
    kpis: await loadKpis(d, { measure }, 2),
    overview: await loadOverview(d, { measure }, cutoffs, 40),
  });

  it('equal those of the view switched to that measure, for every pair', async () => {
    const built = await rebuildSummary(db, {});
    await rankAllMeasures(db, built.ranked);
    const want = new Map<string, Awaited<ReturnType<typeof overview>>>();
    for (const m of VALUE_MEASURES) {
      await db.query(buildSummaryViewQuery({ measure: m }));
      want.set(m, await overview(db, m));
    }
    // The measures differ where they should, so equality below means something.
    expect(want.get('gross')?.kpis.value).not.toBe(want.get('net')?.kpis.value);
    expect(want.get('margin')?.kpis.value).not.toBe(want.get('gross')?.kpis.value);
    expect(want.get('net')?.kpis.customers).toBeGreaterThan(250);
    for (const shown of VALUE_MEASURES) {
      await db.query(buildSummaryViewQuery({ measure: shown }));
      for (const m of VALUE_MEASURES) {
        expect(await overview(summaryDbOf(db, m), m), `${m} while ${shown} shown`).toEqual(
          want.get(m),
        );
      }
      // ...and the view itself was left alone.
      expect(await overview(db, shown)).toEqual(want.get(shown));
    }
  });

  it('puts the summary first in the WITH list, or adds one, keeping the bound values', () => {
    const w = summaryOf({ sql: 'WITH v AS (SELECT 1) SELECT * FROM v', params: [1] }, 'gross');
    expect(w.sql).toMatch(
      /^WITH customer_summary AS NOT MATERIALIZED \(SELECT .*value_rank_gross/s,
    );
    expect(w.sql).toMatch(/\),\nv AS \(SELECT 1\) SELECT \* FROM v$/);
    expect(w.params).toEqual([1]);
    const s = summaryOf({ sql: '  SELECT count(*) FROM customer_summary' }, 'margin');
    expect(s.sql).toMatch(/FROM customer_ranked\)\nSELECT count\(\*\) FROM customer_summary$/);
    expect(s.params).toBeUndefined();
    expect(() => summaryOf({ sql: 'WITH RECURSIVE r AS (SELECT 1) SELECT 1' }, 'net')).toThrow();
    expect(() => summaryOf({ sql: 'SELECT 1' }, 'net; DROP TABLE x' as 'net')).toThrow();
  });

  it('is for reading only', async () => {
    await expect(summaryDbOf(db, 'net').exec('DROP TABLE orders')).rejects.toThrow(/only/);
    expect((await db.query('SELECT count(*) AS n FROM orders'))[0]?.['n']).toBe(4000);
  });
});
