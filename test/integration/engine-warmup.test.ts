import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import { overrideDb, toQuery, type Db } from '../../src/data/db';
import { ident } from '../../src/data/sql-text';
import { listTables } from '../../src/data/catalog';
import { loadFiles } from '../../src/data/ingest/load';
import { sniffFile } from '../../src/data/ingest/sniff';
import { warmupOrdersCsv } from '../../src/data/warmup-orders';
import { rebuildSummary } from '../../src/analysis/summary';
import { baseIsTableQuery } from '../../src/analysis/summary-tables';
import { buildModelInputsQuery } from '../../src/analysis/model-inputs';
import { EngineWarmUp } from '../../src/state/engine-warmup';
import { ViewActivity } from '../../src/state/view-activity';
import { APP_SCHEMA } from '../../src/state/app-schema';
import { defaults } from '../../src/state/url-schema';
import { prefetchPlan } from '../../src/views/first-queries';
import { loadEnglishSample } from './load-reference';

/** Every table and view of the connection's own database, with its row count and a row hash. */
async function tablesOf(db: Db) {
  const names = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database()
     UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database()
       AND NOT internal ORDER BY name`,
  );
  const out: Record<string, unknown> = {};
  for (const { name } of names) {
    const [r] = await db.query(`SELECT count(*) AS n, sum(hash(t)) AS h FROM ${ident(name)} t`);
    out[name] = r;
  }
  return out;
}

const scratchDatabases = async (db: Db) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM duckdb_databases() WHERE starts_with(database_name, 'clientele_scratch')`,
    )
  )[0]?.n;

const plan = () => prefetchPlan(defaults(APP_SCHEMA), {}, { churn: true });

describe('engine warm-up on a page showing the English sample', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadEnglishSample(db);
    await rebuildSummary(db, {});
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('runs the import path on its own file in a scratch database, leaving the tables as they were', async () => {
    const before = await tablesOf(db);
    const statements: string[] = [];
    let buyers = 0;
    const watched = overrideDb(db, {
      scratch: async () => {
        const s = await (db.scratch as () => Promise<Db>)();
        return overrideDb(s, {
          query: (q) => (statements.push(toQuery(q).sql), s.query(q)),
          queryArrow: (q) => (statements.push(toQuery(q).sql), s.queryArrow(q)),
          exec: (sql) => (statements.push(sql), s.exec(sql)),
        });
      },
    });
    const w = new EngineWarmUp(
      new ViewActivity(0),
      plan,
      () => watched,
      async (s) => {
        buyers = (await s.queryArrow(buildModelInputsQuery())).numRows;
      },
    );
    w.start();
    await w.done;
    expect(w.error).toBeUndefined();
    // The typed CSV read, the summary, and every planned view statement ran in the scratch.
    expect(statements.some((s) => s.includes("dateformat = '%Y-%m-%d'"))).toBe(true);
    expect(statements.some((s) => s.includes('INSERT INTO customer_days'))).toBe(true);
    for (const q of plan()) expect(statements).toContain(q.sql);
    expect(buyers).toBeGreaterThan(1000);
    expect(await tablesOf(db)).toEqual(before);
    expect(await scratchDatabases(db)).toBe(0);
    expect((await db.query('SELECT current_database() AS d'))[0]?.['d']).toBe('memory');
  }, 120_000);

  it('stops at a load: the statements left are skipped and the scratch database dropped', async () => {
    const before = await tablesOf(db);
    let ran = 0;
    const stopping: Db = overrideDb(db, {
      scratch: async () => {
        const s = await (db.scratch as () => Promise<Db>)();
        const count = <T>(run: () => Promise<T>) => {
          if (++ran === 3) w.stop();
          return run();
        };
        return overrideDb(s, {
          query: (q) => count(() => s.query(q)),
          queryArrow: (q) => count(() => s.queryArrow(q)),
          exec: (sql) => count(() => s.exec(sql)),
        });
      },
    });
    const w = new EngineWarmUp(
      new ViewActivity(0),
      plan,
      () => stopping,
      () => Promise.reject(new Error('the fit is never reached')),
    );
    w.start();
    await w.done;
    expect(w.error).toBeUndefined();
    expect(ran).toBe(3);
    expect(await tablesOf(db)).toEqual(before);
    expect(await scratchDatabases(db)).toBe(0);
  }, 120_000);

  it('runs once: a second start, or one after a load stopped it, does nothing', async () => {
    let fits = 0;
    const w = new EngineWarmUp(
      new ViewActivity(0),
      () => [],
      () => db,
      async () => void fits++,
    );
    w.start();
    w.start();
    await w.done;
    w.stop();
    w.start();
    await w.done;
    expect(w.error).toBeUndefined();
    expect(fits).toBe(1);
  }, 120_000);

  it('does not run with no engine to warm, or one that opens no scratch database', async () => {
    let fits = 0;
    const fit = async () => void fits++;
    const views = new ViewActivity(0);
    // overrideDb passes no `scratch` on.
    const noScratch = overrideDb(db, {});
    const nowhere = new EngineWarmUp(
      views,
      () => [],
      () => noScratch,
      fit,
    );
    nowhere.start();
    nowhere.later(0);
    // After the user's own import, or in a test's state, the app hands it no engine.
    const afterImport = new EngineWarmUp(
      views,
      () => [],
      () => undefined,
      fit,
    );
    afterImport.start();
    afterImport.later(0);
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([nowhere.done, afterImport.done]);
    expect(fits).toBe(0);
    expect(await scratchDatabases(db)).toBe(0);
  });

  it("waits for the views' queries and a load before each statement", async () => {
    const views = new ViewActivity(0);
    let release: () => void = () => undefined;
    views.track(new Promise<void>((r) => (release = r)));
    let opened = false;
    const engine = overrideDb(db, {
      scratch: () => ((opened = true), (db.scratch as () => Promise<Db>)()),
    });
    const w = new EngineWarmUp(
      views,
      () => [],
      () => engine,
      async () => undefined,
    );
    w.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(opened).toBe(false);
    release();
    await w.done;
    expect(opened).toBe(true);
    expect(w.error).toBeUndefined();
  }, 120_000);

  it("keeps a scratch database's tables out of the user's catalog and the summary's checks", async () => {
    const s = await (db.scratch as () => Promise<Db>)();
    try {
      await s.exec('CREATE TABLE warm_only (x INTEGER)');
      // The user's database has customer_base; the scratch one has none yet.
      const [inScratch] = await s.query(baseIsTableQuery());
      expect(inScratch?.['is_table']).toBe(false);
      expect((await listTables(db)).map((t) => t.name)).not.toContain('warm_only');
      expect((await listTables(s)).map((t) => t.name)).toEqual(['warm_only']);
    } finally {
      await s.close();
    }
  });
});

describe('the warm-up file', () => {
  it('is the same every time, and loads whole through the typed read', async () => {
    const text = warmupOrdersCsv(2000);
    expect(warmupOrdersCsv(2000)).toBe(text);
    expect(text.split('\n')[0]).toBe('order_id,customer_id,order_date,amount,status,quantity');
    const db = await openNodeDb();
    try {
      const data = new TextEncoder().encode(text);
      const sniff = await sniffFile({ name: 'w.csv', data });
      await db.registerBuffer('w.csv', data);
      const sql: string[] = [];
      const report = await loadFiles(
        overrideDb(db, {
          query: (q) => (sql.push(toQuery(q).sql), db.query(q)),
          exec: (s) => (sql.push(s), db.exec(s)),
        }),
        // Registered, as the page registers a dropped file and the warm-up its own.
        [{ name: 'w.csv', data, registeredName: 'w.csv' }],
        { version: 1, files: [sniff.mapping] },
        { today: '2026-01-01' },
      );
      const file = report.files[0];
      expect(file?.loaded).toBe(2000);
      expect(file?.rejected).toBe(0);
      expect(sql.some((s) => s.includes("dateformat = '%Y-%m-%d'"))).toBe(true);
      const [r] = await db.query(
        'SELECT count(*) FILTER (WHERE is_return) AS returns, count(DISTINCT customer_id) AS c FROM orders',
      );
      expect(Number(r?.['returns'])).toBeGreaterThan(0);
      expect(Number(r?.['c'])).toBeGreaterThan(100);
    } finally {
      await db.close();
    }
  });
});
