import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { resolveParams, type AnalysisParams } from '../../src/analysis/params';
import { dateWindow } from '../../src/analysis/scope';
import { periodIndexSql } from '../../src/analysis/cohorts';
import { buildRetentionQuery, parseRetention } from '../../src/analysis/retention';
import type { CohortGrain } from '../../src/analysis/funnel';
import { loadHashedLines } from '../fixtures/analysis/hashed';

/** Retention counted straight from the order rows in scope (the query's former form). */
function fromOrders(params: AnalysisParams, grain: CohortGrain): Query {
  // The order rows in scope with their customer's summary row (`s`), as the app once read them.
  const w = dateWindow(resolveParams(params), 'o.order_date');
  const so = {
    sql: `orders o JOIN customer_summary s ON s.customer_id = o.customer_id
  WHERE ${['o.order_date <= s.as_of', ...w.conds].join(' AND ')}`,
    params: w.params,
  };
  const pi = (c: string): string => periodIndexSql(grain, c);
  return {
    sql: `WITH act AS (
  SELECT DISTINCT o.customer_id, ${pi('o.order_date')} AS p, ${pi('s.first_order')} AS first_p
  FROM ${so.sql} AND NOT COALESCE(o.is_return, false)
),
bounds AS (SELECT min(p) AS lo, (SELECT ${pi('max(as_of)')} FROM customer_summary) AS hi FROM act),
span AS (SELECT unnest(range(lo, hi + 1)) AS p FROM bounds WHERE lo IS NOT NULL),
per AS (
  SELECT p, count(*) AS active, count(*) FILTER (WHERE first_p = p) AS new_customers
  FROM act GROUP BY p
),
ret AS (
  SELECT a.p, count(*) AS retained FROM act a
  JOIN act b ON b.customer_id = a.customer_id AND b.p = a.p - 1 GROUP BY a.p
)
SELECT span.p, COALESCE(per.active, 0) AS active, COALESCE(ret.retained, 0) AS retained,
  COALESCE(per.new_customers, 0) AS new_customers
FROM span LEFT JOIN per ON per.p = span.p LEFT JOIN ret ON ret.p = span.p ORDER BY span.p`,
    params: so.params,
  };
}

describe('retention from customer_days', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadHashedLines(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('equals retention counted from the order rows, for scopes and grains', async () => {
    const scopes: AnalysisParams[] = [
      {},
      { asOf: '2024-03-15' },
      // Windows starting mid-period: purchases before the start do not count as the period's.
      { filters: { from: '2023-04-10', to: '2024-06-30' } },
      { asOf: '2024-09-01', filters: { region: ['north'], from: '2023-02-01' } },
      { filters: { from: '2023-07-20' } },
    ];
    for (const params of scopes) {
      await rebuildSummary(db, params);
      for (const grain of ['month', 'quarter'] as const) {
        const wantRows = await db.query(fromOrders(params, grain));
        const gotRows = await db.query(buildRetentionQuery(params, grain));
        const want = parseRetention(wantRows, grain);
        expect(want.periods.length).toBeGreaterThan(3);
        expect(want.periods.some((p) => p.retained > 0 && p.retained < p.active)).toBe(true);
        expect(want.periods.some((p) => p.newCustomers > 0)).toBe(true);
        expect(gotRows, `${JSON.stringify(params)} ${grain}`).toEqual(wantRows);
      }
    }
  });

  it('joins the summary only when an attribute filter is set', () => {
    expect(buildRetentionQuery({}).sql).not.toMatch(/JOIN customer_summary/);
    expect(buildRetentionQuery({ filters: { region: ['north'] } }).sql).toMatch(
      /JOIN customer_summary/,
    );
  });

  it('has no periods when no purchase is in scope', async () => {
    await rebuildSummary(db, { filters: { from: '2030-01-01' } });
    expect(await db.query(buildRetentionQuery({ filters: { from: '2030-01-01' } }))).toEqual([]);
  });
});
