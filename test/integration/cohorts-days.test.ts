import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { resolveParams, type AnalysisParams } from '../../src/analysis/params';
import { scopedOrders } from '../../src/analysis/scope';
import { buildCohortQuery, parseCohorts, periodIndexSql } from '../../src/analysis/cohorts';
import type { CohortGrain } from '../../src/analysis/funnel';
import { loadHashedLines } from '../fixtures/analysis/hashed';

/** The cohort grid counted straight from the order rows in scope (the query's former form). */
function fromOrders(params: AnalysisParams, grain: CohortGrain): Query {
  const so = scopedOrders(resolveParams(params));
  const pi = (c: string): string => periodIndexSql(grain, c);
  return {
    sql: `WITH base AS (
  SELECT customer_id, ${pi('first_order')} AS cohort, ${pi('as_of')} - ${pi('first_order')} AS max_period
  FROM customer_summary WHERE purchase_days > 0
),
sizes AS (SELECT cohort, count(*) AS size, max(max_period) AS max_period FROM base GROUP BY cohort),
act AS (
  SELECT b.cohort, ${pi('o.order_date')} - b.cohort AS period,
    count(DISTINCT o.customer_id) FILTER (WHERE NOT COALESCE(o.is_return, false)) AS customers,
    sum(o.amount) AS revenue
  FROM (SELECT o.* FROM ${so.sql}) o JOIN base b ON b.customer_id = o.customer_id
  GROUP BY ALL
)
SELECT z.cohort, z.size, z.max_period, a.period, a.customers, a.revenue
FROM sizes z LEFT JOIN act a ON a.cohort = z.cohort AND a.period >= 0
ORDER BY z.cohort, a.period`,
    params: so.params,
  };
}

describe('cohorts from customer_days', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadHashedLines(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('counts the customers of a period without a distinct count', () => {
    expect(buildCohortQuery({}).sql).not.toMatch(/DISTINCT/);
  });

  it('equals the grid counted from the order rows, for scopes and grains', async () => {
    const scopes: AnalysisParams[] = [
      {},
      { asOf: '2024-03-15' },
      { filters: { from: '2023-04-10', to: '2024-06-30' } },
      { asOf: '2024-09-01', filters: { region: ['north'], from: '2023-02-01' } },
    ];
    for (const params of scopes) {
      await rebuildSummary(db, params);
      for (const grain of ['month', 'quarter'] as const) {
        const want = parseCohorts(await db.query(fromOrders(params, grain)), grain);
        const got = parseCohorts(await db.query(buildCohortQuery(params, grain)), grain);
        expect(want.cohorts.length).toBeGreaterThanOrEqual(2);
        expect(want.periods).toBeGreaterThan(3);
        expect(got.periods).toBe(want.periods);
        expect(got.cohorts.map((c) => [c.cohort, c.size, c.customers, c.customerShare])).toEqual(
          want.cohorts.map((c) => [c.cohort, c.size, c.customers, c.customerShare]),
        );
        got.cohorts.forEach((c, i) =>
          c.revenue.forEach((v, j) => {
            const w = want.cohorts[i]?.revenue[j];
            if (w === null || w === undefined) expect(v).toBe(w);
            else expect(v ?? NaN).toBeCloseTo(w, 6);
          }),
        );
      }
    }
  });
});
