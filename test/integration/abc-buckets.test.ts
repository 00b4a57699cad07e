import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import {
  abcBucketSql,
  abcTierSql,
  buildAbcBucketQuery,
  buildAbcQuery,
  parseAbc,
  parseAbcBuckets,
  tierOfBucket,
  wholePercentCutoffs,
} from '../../src/analysis/abc';
import {
  buildProductMatrixBucketQuery,
  buildProductMatrixQuery,
  parseProductMatrix,
  parseProductMatrixBuckets,
} from '../../src/analysis/product-matrix';
import {
  buildMigrationBucketQuery,
  buildMigrationQuery,
  parseMigration,
  parseMigrationBuckets,
} from '../../src/analysis/migration';
import { loadHashedOrders } from '../fixtures/analysis/hashed';

/**
 * Views query once by ABC bucket and re-tier in JS when a cut-off slider moves. These tests hold
 * the bucket path to the tier queries: exactly the same tier for every customer and whole-percent
 * cut-off, and the same ABC counts, product matrix and migration grid.
 */
describe('ABC buckets', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadHashedOrders(db, { customerIds: 400 });
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('reads whole-percent cut-offs and refuses others', () => {
    expect(wholePercentCutoffs({ a: 0.8, b: 0.95 })).toEqual({ a: 80, b: 95 });
    expect(wholePercentCutoffs({ a: 0.29, b: 1 })).toEqual({ a: 29, b: 100 });
    expect(wholePercentCutoffs({ a: 80.5 / 100, b: 0.95 })).toBeNull();
    expect(wholePercentCutoffs({})).toEqual({ a: 80, b: 95 });
  });

  it('puts every share, on and around each cut-off, in the bucket the tier rule implies', async () => {
    // Shares exactly at k/100 - 1e-9 (the rule's edge), one ulp either side, at k/100, and odd ones.
    await db.exec(`CREATE OR REPLACE TEMP TABLE edge AS
      WITH k AS (SELECT CAST(k AS DOUBLE) / 100 - 1e-9 AS e, CAST(k AS DOUBLE) / 100 AS p FROM range(1, 101) t(k)),
      s AS (
        SELECT e AS share FROM k UNION ALL SELECT nextafter(e, 2.0) FROM k
        UNION ALL SELECT nextafter(e, -1.0) FROM k UNION ALL SELECT p FROM k
        UNION ALL SELECT p + 1e-12 FROM k UNION ALL SELECT p - 1e-12 FROM k
        UNION ALL SELECT * FROM (VALUES (0.0), (-0.5), (1.0), (1.5), (NULL),
          (CAST('nan' AS DOUBLE)), (CAST('inf' AS DOUBLE)), (CAST('-inf' AS DOUBLE))) v(x)
      )
      SELECT share, value FROM s, (VALUES (5.0), (0.0), (-1.0), (NULL)) w(value)`);
    const rows = await db.query<{ bucket: number; first: number | null }>(
      `SELECT ${abcBucketSql('value', 'share')} AS bucket,
        list_min(list_filter(range(1, 101), k -> COALESCE(value > 0 AND share < CAST(k AS DOUBLE) / 100 - 1e-9, false))) AS first
      FROM edge`,
    );
    expect(rows.length).toBeGreaterThan(2000);
    for (const r of rows) expect(r.bucket).toBe(r.first ?? 101);
    // And through abcTierSql itself, with the cut-off bound as the views bind it.
    for (let a = 10; a <= 99; a++) {
      const t = abcTierSql({ a: a / 100, b: 1 });
      const tiers = await db.query<{ tier: string; bucket: number }>({
        sql: `SELECT ${t.sql} AS tier, ${abcBucketSql('value', 'value_above_share')} AS bucket
          FROM (SELECT value, share AS value_above_share FROM edge)`,
        params: t.params,
      });
      for (const r of tiers) expect(tier(r.bucket, a)).toBe(r.tier);
    }
    function tier(bucket: number, a: number): string {
      return tierOfBucket(bucket, { a, b: 100 }) === 'A' ? 'A' : bucket <= 100 ? 'B' : 'C';
    }
  });

  const pairs: [number, number][] = [];
  for (let a = 10; a <= 99; a += 3) for (const b of [a + 1, 95, 100]) if (b > a) pairs.push([a, b]);

  it('ABC counts and values per tier equal the tier query at whole-percent cut-offs', async () => {
    const buckets = await db.query(buildAbcBucketQuery({}));
    for (const [a, b] of pairs) {
      const c = { a: a / 100, b: b / 100 };
      const want = parseAbc(await db.query(buildAbcQuery({}, c)), c);
      const got = parseAbcBuckets(buckets, { a, b });
      expect(got.cutoffs).toEqual(want.cutoffs);
      expect(got.tiers.map((t) => t.customers)).toEqual(want.tiers.map((t) => t.customers));
      got.tiers.forEach((t, i) => {
        expect(t.value).toBeCloseTo(want.tiers[i]?.value ?? NaN, 6);
        expect(t.valueShare ?? NaN).toBeCloseTo(want.tiers[i]?.valueShare ?? NaN, 12);
      });
    }
  });

  it('the product matrix from buckets equals the matrix by tier', async () => {
    const buckets = await db.query(buildProductMatrixBucketQuery({}));
    for (const [a, b] of pairs.filter((_, i) => i % 4 === 0)) {
      const want = parseProductMatrix(
        await db.query(buildProductMatrixQuery({}, { a: a / 100, b: b / 100 })),
      );
      const got = parseProductMatrixBuckets(buckets, { a, b });
      expect(got.byMargin).toBe(want.byMargin);
      expect(got.cells.map((c) => [c.tier, c.profitClass, c.customers, c.service])).toEqual(
        want.cells.map((c) => [c.tier, c.profitClass, c.customers, c.service]),
      );
      got.cells.forEach((c, i) => {
        expect(c.revenue).toBeCloseTo(want.cells[i]?.revenue ?? NaN, 6);
        expect(c.margin ?? NaN).toBeCloseTo(want.cells[i]?.margin ?? NaN, 6);
      });
    }
  });

  it('the migration grid from buckets equals the grid by tier', async () => {
    for (const opts of [{}, { periodDays: 200 }]) {
      const buckets = await db.query(buildMigrationBucketQuery({}, opts));
      for (const [a, b] of pairs.filter((_, i) => i % 4 === 1)) {
        const want = parseMigration(
          await db.query(buildMigrationQuery({}, { ...opts, cutoffs: { a: a / 100, b: b / 100 } })),
        );
        const got = parseMigrationBuckets(buckets, { a, b });
        const { cells: gc, ...gs } = got;
        const { cells: wc, ...ws } = want;
        expect(gs).toEqual(ws);
        expect(gc.map((c) => [c.from, c.to, c.customers])).toEqual(
          wc.map((c) => [c.from, c.to, c.customers]),
        );
        gc.forEach((c, i) => {
          expect(c.valueBefore).toBeCloseTo(wc[i]?.valueBefore ?? NaN, 6);
          expect(c.valueAfter).toBeCloseTo(wc[i]?.valueAfter ?? NaN, 6);
        });
      }
    }
  });
});
