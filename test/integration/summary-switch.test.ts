import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import type { AnalysisParams } from '../../src/analysis/params';
import {
  rankAllMeasures,
  rebuildSummary,
  resolveParams,
  summaryBaseKey,
  summaryRankedKey,
  summarySelect,
  type SummaryBuild,
} from '../../src/analysis/index';
import { buildKpiQuery, parseKpis } from '../../src/analysis/kpi';
import { buildAbcQuery, parseAbc } from '../../src/analysis/abc';
import { buildParetoOverviewQuery, parseParetoOverview } from '../../src/analysis/pareto-overview';
import { loadHashedOrders } from '../fixtures/analysis/hashed';

/**
 * A change of measure switches the `customer_summary` view over measures ranked once per scope,
 * and a change of as-of keeps what it can: the figures after each switch must be those of a
 * full rebuild for that scope. Every row of the summary is the same exactly; sums over it may
 * differ in the last bits only (the rows are stored in another order), hence `same`.
 */
function same(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) {
    expect(Math.abs(got - want), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
  } else if (want !== null && typeof want === 'object') {
    expect(typeof got, path).toBe('object');
    const w = want as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    expect(Object.keys(g).sort(), path).toEqual(Object.keys(w).sort());
    for (const k of Object.keys(w)) same(g[k], w[k], `${path}.${k}`);
  } else {
    expect(got, path).toEqual(want);
  }
}

describe('switching measure and as-of', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    // 450 customer ids, 400 of them listed with a region.
    await loadHashedOrders(db, { customerIds: 450, listed: 400 });
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  /** Every summary row and the Overview's figures for `p` (the summary must be built for it). */
  const figures = async (p: AnalysisParams) => ({
    rows: await db.query('SELECT * FROM customer_summary ORDER BY customer_id'),
    kpis: parseKpis(await db.query(buildKpiQuery(p, {}, { fromSummary: true }))),
    pareto: parseParetoOverview(await db.query(buildParetoOverviewQuery(p, { maxPoints: 50 }))),
    abc: parseAbc(await db.query(buildAbcQuery(p))),
  });

  it('gives after each switch the figures of a full rebuild for that scope', async () => {
    const asOf = '2024-06-30';
    const steps: AnalysisParams[] = [
      { measure: 'gross' },
      { measure: 'margin' },
      { measure: 'net' },
      { asOf, measure: 'margin' },
      { asOf, measure: 'gross' },
      { asOf, measure: 'gross', filters: { region: ['north'] } },
      { asOf, measure: 'net', filters: { region: ['north'] } },
      { asOf: '2023-12-31', measure: 'net', filters: { region: ['north'] } },
      {},
    ];
    // As AnalysisState does: keep the base while its key holds, the ranked measures while the
    // ranked key holds, and rank the other measures once idle (here: after every step but the
    // third and sixth, so that the next one ranks its measure on demand).
    const busy = new Set([2, 5]);
    let built: SummaryBuild = await rebuildSummary(db, {});
    let baseFor = summaryBaseKey({});
    let rankedFor = summaryRankedKey({});
    let switched = 0;
    for (const [i, p] of steps.entries()) {
      const base = summaryBaseKey(p) !== baseFor;
      const keep = !base && summaryRankedKey(p) === rankedFor;
      if (keep && built.ranked.includes(resolveParams(p).measure)) switched++;
      built = await rebuildSummary(db, p, {
        afterLoad: false,
        base,
        ranked: keep ? built.ranked : [],
        asOf: built,
      });
      baseFor = summaryBaseKey(p);
      rankedFor = summaryRankedKey(p);
      const after = await figures(p);

      const fresh = await rebuildSummary(db, p);
      expect({ asOf: built.asOf, excluded: built.excludedAfterAsOf }, JSON.stringify(p)).toEqual({
        asOf: fresh.asOf,
        excluded: fresh.excludedAfterAsOf,
      });
      const want = await figures(p);
      expect(after.rows, JSON.stringify(p)).toEqual(want.rows);
      same(after, want, JSON.stringify(p));
      // The full rebuild left one measure ranked: carry on from there.
      built = fresh;
      if (!busy.has(i)) built = { ...built, ranked: await rankAllMeasures(db, built.ranked) };
    }
    // The view switch alone (no re-rank) was exercised, not only re-ranking.
    expect(switched).toBe(3);
    expect((await figures({})).kpis.customers).toBeGreaterThan(300);
  });

  it('equals the one-statement summary (as-of found by a subquery, not bound)', async () => {
    for (const p of [{}, { asOf: '2024-03-31', measure: 'margin' as const }]) {
      await rebuildSummary(db, p);
      const inline = summarySelect(resolveParams(p));
      const want = await db.query({
        sql: `WITH s AS (${inline.sql}) SELECT * FROM s ORDER BY customer_id`,
        params: inline.params,
      });
      expect(want.length).toBeGreaterThan(400);
      expect(await db.query('SELECT * FROM customer_summary ORDER BY customer_id')).toEqual(want);
    }
  });
});
