import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import type { AnalysisParams } from '../../src/analysis/params';
import {
  rankAllMeasures,
  rebuildSummary,
  summaryBaseKey,
  summaryRankedKey,
  type SummaryBuild,
} from '../../src/analysis/index';
import { loadHashedOrders } from '../fixtures/analysis/hashed';

/**
 * With many customers `customer_base` becomes a view of `customer_ranked` while that holds every
 * customer (`BASE_VIEW_MIN_CUSTOMERS`; here from 0 customers on). Through as-of updates, filters
 * set and cleared, window and measure changes, done as AnalysisState does them, the base and the
 * summary must hold the rows they hold when the base is always a table.
 */
describe('customer_base as a view of customer_ranked', () => {
  let asView: Db;
  let asTable: Db;
  beforeAll(async () => {
    [asView, asTable] = await Promise.all([openNodeDb(), openNodeDb()]);
    for (const db of [asView, asTable])
      await loadHashedOrders(db, { customerIds: 450, listed: 400 });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([asView.close(), asTable.close()]);
  });

  /** Rows of `table`, by customer, with doubles rounded (sums may differ in the last bits). */
  const rows = async (db: Db, table: string) =>
    (await db.query(`SELECT * FROM ${table} ORDER BY customer_id`)).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
        ]),
      ),
    );
  const kind = async (db: Db) =>
    (
      await db.query<{ t: string }>(
        `SELECT table_type AS t FROM information_schema.tables WHERE table_name = 'customer_base'`,
      )
    )[0]?.t;

  it('holds the rows of a base table after every step', async () => {
    const asOf = '2024-06-30';
    const steps: AnalysisParams[] = [
      { asOf },
      { asOf, measure: 'gross' },
      { asOf, measure: 'gross', filters: { region: ['north'] } },
      { asOf: '2023-12-31', measure: 'gross', filters: { region: ['north'] } },
      { asOf: '2023-12-31', measure: 'margin' },
      { asOf: '2024-03-31', measure: 'margin', filters: { from: '2023-01-01' } },
      { measure: 'net', filters: { from: '2023-01-01' } },
      {},
    ];
    const chains = [
      { db: asView, min: 0 },
      { db: asTable, min: undefined },
    ].map((c) => ({ ...c, built: undefined as SummaryBuild | undefined, prev: {} }));
    for (const c of chains) {
      c.built = await rebuildSummary(
        c.db,
        {},
        c.min === undefined ? {} : { baseViewMinCustomers: c.min },
      );
      c.built = { ...c.built, ranked: await rankAllMeasures(c.db, c.built.ranked) };
    }
    const kinds: string[] = [];
    for (const p of steps) {
      for (const c of chains) {
        const built = c.built as SummaryBuild;
        const base = summaryBaseKey(p) !== summaryBaseKey(c.prev);
        const keep = !base && summaryRankedKey(p) === summaryRankedKey(c.prev);
        c.built = await rebuildSummary(c.db, p, {
          afterLoad: false,
          base,
          ranked: keep ? built.ranked : [],
          ...(!base ? { asOf: built } : {}),
          prior: built.base,
          ...(c.min === undefined ? {} : { baseViewMinCustomers: c.min }),
        });
        c.prev = p;
      }
      const [v, t] = chains.map((c) => c.built as SummaryBuild);
      expect(v?.asOf, JSON.stringify(p)).toBe(t?.asOf);
      expect(await rows(asView, 'customer_base'), JSON.stringify(p)).toEqual(
        await rows(asTable, 'customer_base'),
      );
      expect(await rows(asView, 'customer_summary'), JSON.stringify(p)).toEqual(
        await rows(asTable, 'customer_summary'),
      );
      expect(await kind(asTable)).toBe('BASE TABLE');
      const filtered = (p.filters?.region ?? []).length > 0;
      kinds.push(`${String(await kind(asView))}${filtered ? ' (filtered)' : ''}`);
    }
    // A view whenever no attribute filter is set; a table again while one is.
    expect(kinds).toEqual([
      'VIEW',
      'VIEW',
      'BASE TABLE (filtered)',
      'BASE TABLE (filtered)',
      'VIEW',
      'VIEW',
      'VIEW',
      'VIEW',
    ]);
  });
});
