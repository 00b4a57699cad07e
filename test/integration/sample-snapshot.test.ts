import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import { overrideDb, type Db, type Query, type Row } from '../../src/data/db';
import { loadFetched } from '../../src/data/sources-core';
import { rejectsCsv } from '../../src/data/ingest/load';
import { restoreSnapshot, SNAPSHOT_TABLES, takeSnapshot } from '../../src/data/snapshot';
import {
  rebuildSummary,
  SUMMARY_BASE_TABLE,
  SUMMARY_TABLE,
  summaryBaseKey,
} from '../../src/analysis/summary';
import { LORENZ_MAX_POINTS } from '../../src/charts/lorenz';
import type { SqlValue } from '../../src/data/db';
import { RecordingDb } from '../../src/data/recording-db';
import { firstPaint } from '../../src/state/first-paint';
import { CUSTOMER_DAYS_TABLE } from '../../src/analysis/customer-days';
import { scopeKey, scopeParams } from '../../src/state/scope';
import { APP_SCHEMA } from '../../src/state/app-schema';
import { defaults } from '../../src/state/url-schema';
import { buildKpiQuery, parseKpis } from '../../src/analysis/kpi';

/** Per column: row count and a sum of value hashes, plus the column types. */
async function fingerprint(db: Db, table: string): Promise<unknown> {
  const [sums] = await db.query(`SELECT count(*) AS n, sum(hash(COLUMNS(*))) FROM ${table}`);
  const types =
    await db.query(`SELECT column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_name = '${table}' ORDER BY ordinal_position`);
  return { sums, types };
}

describe('sample snapshot', () => {
  let loaded: Db;
  let restored: Db;
  beforeAll(async () => {
    loaded = await openNodeDb();
    restored = await openNodeDb();
  }, 120_000);
  afterAll(async () => {
    await loaded.close();
    await restored.close();
  });

  it('restores the tables the ingest made, values, types and keys alike', async () => {
    const dir = 'samples/zh';
    const files = readdirSync(dir)
      .filter((n) => n.endsWith('.csv'))
      .map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
    const report = await loadFetched(loaded, files, '2026-01-01');
    const parts = await takeSnapshot(loaded);
    for (const p of parts) expect(p.ipc.length, p.table).toBeGreaterThan(100);
    await restoreSnapshot(restored, parts);
    for (const t of SNAPSHOT_TABLES)
      expect(await fingerprint(restored, t), t).toEqual(await fingerprint(loaded, t));
    // Keys came back with the DDL: a second copy of a customer is refused.
    await expect(
      restored.exec(
        `INSERT INTO customers (customer_id) SELECT customer_id FROM customers LIMIT 1`,
      ),
    ).rejects.toThrow();
    await rebuildSummary(loaded, {});
    await rebuildSummary(restored, {});
    const kpis = async (db: Db) =>
      parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
    expect(await kpis(restored)).toEqual(await kpis(loaded));
    expect(report.files.every((f) => f.loaded > 0)).toBe(true);
    expect(await rejectsCsv(loaded, report, 'orders.csv')).toMatch(/^\S/);
  });

  it('carries the analysis tables of the default scope, and the app opens with that scope', async () => {
    const fresh = await openNodeDb();
    try {
      // The first test loaded `loaded`; summarise and snapshot it as the build script does.
      const derived = [CUSTOMER_DAYS_TABLE, SUMMARY_BASE_TABLE, SUMMARY_TABLE];
      const params = scopeParams(defaults(APP_SCHEMA));
      await rebuildSummary(loaded, params);
      const parts = await takeSnapshot(loaded, derived);
      expect(parts.map((p) => p.table)).toEqual([...SNAPSHOT_TABLES, ...derived]);
      await restoreSnapshot(fresh, parts);
      for (const t of derived)
        expect(await fingerprint(fresh, t), t).toEqual(await fingerprint(loaded, t));
      // AnalysisState adopts the restored summary for a link in its scope: no rebuild at all.
      const kpis = async (db: Db) =>
        parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
      expect(await kpis(fresh)).toEqual(await kpis(loaded));
      // The snapshot is built for the defaults: a link without scope parameters means the same.
      expect(summaryBaseKey(params)).toBe(summaryBaseKey({}));
      expect(scopeKey(params)).toBe(scopeKey({}));
      expect(scopeKey({ ...params, measure: 'gross' })).not.toBe(scopeKey(params));
      // The restored summary is a table where the app keeps a view: a change of measure replaces it.
      const gross = { ...params, measure: 'gross' as const };
      await rebuildSummary(fresh, gross, { afterLoad: false, base: false });
      await rebuildSummary(loaded, gross);
      expect(await kpis(fresh)).toEqual(await kpis(loaded));
    } finally {
      await fresh.close();
    }
  });

  it("after a load over the restored sample, puts the summary view in its table's place without a failed statement", async () => {
    const params = scopeParams(defaults(APP_SCHEMA));
    await rebuildSummary(loaded, params);
    const kpis = async (db: Db) =>
      parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
    const want = await kpis(loaded);
    const derived = [CUSTOMER_DAYS_TABLE, SUMMARY_BASE_TABLE, SUMMARY_TABLE];
    const parts = await takeSnapshot(loaded, derived);
    const db = await openNodeDb();
    try {
      await restoreSnapshot(db, parts);
      const failed: string[] = [];
      const watched = overrideDb(db, {
        query: <T = Row>(q: Query | string) =>
          db.query<T>(q).catch((e: unknown) => {
            failed.push(typeof q === 'string' ? q : q.sql);
            throw e;
          }),
      });
      await rebuildSummary(watched, params);
      expect(failed).toEqual([]);
      const [v] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = '${SUMMARY_TABLE}'`,
      );
      expect(v?.n).toBe(1);
      expect(await kpis(db)).toEqual(want);
    } finally {
      await db.close();
    }
  });

  it("records the first view's results, and the restored tables give the same answers", async () => {
    const fresh = await openNodeDb();
    try {
      const state = defaults(APP_SCHEMA);
      await rebuildSummary(loaded, scopeParams(state));
      const recording = new RecordingDb(loaded);
      await firstPaint(recording, state, LORENZ_MAX_POINTS);
      const keys = Object.keys(recording.results);
      // Counts, filter values, KPI strip, Pareto curve, ABC: none left out as not JSON-safe.
      expect(keys).toHaveLength(5);
      await restoreSnapshot(
        fresh,
        await takeSnapshot(loaded, [CUSTOMER_DAYS_TABLE, SUMMARY_BASE_TABLE, SUMMARY_TABLE]),
      );
      for (const key of keys) {
        const [sql, params] = JSON.parse(key) as [string, SqlValue[]];
        const rows = JSON.parse(JSON.stringify(await fresh.query({ sql, params })));
        expect(rows, sql).toEqual(recording.results[key]);
        expect(rows.length, sql).toBeGreaterThan(0);
      }
    } finally {
      await fresh.close();
    }
  });

  it('refuses a snapshot that lacks a table', async () => {
    const parts = (await takeSnapshot(loaded)).filter((p) => p.table !== 'orders');
    await expect(restoreSnapshot(restored, parts)).rejects.toThrow(/orders/);
  });
});
