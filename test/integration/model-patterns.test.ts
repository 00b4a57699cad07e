import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/index';
import { buildBgnbdPatternsQuery, parseRfPatterns } from '../../src/analysis/bgnbd';
import { buildSpendPatternsQuery, parseSpendPatterns } from '../../src/analysis/gamma-gamma';
import { loadHashedOrders } from '../fixtures/analysis/hashed';

/**
 * The churn models' patterns are grouped in JS from the buyers' rows: they must be the engine's
 * own GROUP BY of those rows, in its ORDER BY order, so the fits see the same sums in the same
 * order as when the engine grouped them.
 */
describe('model patterns grouped from the rows', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadHashedOrders(db, { customerIds: 320, listed: 300 });
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  const grouped = (q: string, cols: string) =>
    db.query(`SELECT ${cols}, count(*) AS n FROM (${q}) GROUP BY ALL ORDER BY ALL`);

  it('equal the engine grouping for BG/NBD', async () => {
    const q = buildBgnbdPatternsQuery().sql;
    const rows = await db.query(q);
    const patterns = parseRfPatterns(rows);
    expect(patterns.length).toBeLessThan(rows.length);
    expect(patterns).toEqual(parseRfPatterns(await grouped(q, 'x, t_x, "T"')));
    expect(patterns.reduce((s, p) => s + p.n, 0)).toBe(rows.length);
  });

  it('equal the engine grouping for Gamma-Gamma', async () => {
    const q = buildSpendPatternsQuery().sql;
    const rows = await db.query(q);
    const patterns = parseSpendPatterns(rows);
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns).toEqual(parseSpendPatterns(await grouped(q, 'x, m')));
  });
});
