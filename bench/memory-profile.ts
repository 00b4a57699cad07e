/**
 * Where DuckDB-WASM's heap grows after a load of orders.csv: every statement the app runs after
 * the load (summary build, every measure ranked, KPI strip and Overview, each view's first
 * queries, the churn fit's pattern queries and the Churn view's list), with the process's
 * resident memory after it (wasm memory never shrinks, so a rise is a new high-water mark) and
 * DuckDB's own count of the bytes it holds; then the size of each table. Node runs the wasm on
 * its main thread, so the process's RSS is the engine's heap plus Node's own.
 * `npx tsx --expose-gc bench/memory-profile.ts [10m|1m|100k]`
 */
import { readFileSync } from 'node:fs';
import { openNodeDb } from '../src/data/db-node';
import {
  buildBgnbdPatternsQuery,
  buildChurnViewQuery,
  buildSpendPatternsQuery,
  rankAllMeasures,
  rebuildSummary,
} from '../src/analysis/index';
import { toQuery, type Db, type Query, type Row } from '../src/data/db';
import type { ValueMeasure } from '../src/analysis/params';
import { ensureDataset } from './datasets';
import { loadOrdersCsv, overviewPhase, viewPhases, type Phase } from './view-phases';
import type { Table } from 'apache-arrow';

function rssMiB(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** Logs RSS and DuckDB's held bytes after every statement that raised the RSS by 8 MiB or more. */
class MemDb implements Db {
  private last = rssMiB();
  constructor(readonly inner: Db) {}
  private async held(): Promise<number> {
    const [r] = await this.inner.query({
      sql: 'SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()',
      params: [],
    });
    return Math.round(Number(r?.['b'] ?? 0) / 2 ** 20);
  }
  private async after<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const out = await fn();
    const ms = performance.now() - t0;
    const now = rssMiB();
    if (now - this.last >= 8)
      console.log(
        `  rss ${now} (+${now - this.last}) held ${await this.held()} MiB ${ms.toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').trim().slice(0, 110)}`,
      );
    this.last = now;
    return out;
  }
  query<T = Row>(q: Query | string): Promise<T[]> {
    return this.after(toQuery(q).sql, () => this.inner.query<T>(q));
  }
  queryArrow(q: Query | string): Promise<Table> {
    return this.after(toQuery(q).sql, () => this.inner.queryArrow(q));
  }
  exec(sql: string): Promise<void> {
    return this.after(sql, () => this.inner.exec(sql));
  }
  registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    return this.inner.registerBuffer(name, bytes);
  }
  registerText(name: string, text: string): Promise<void> {
    return this.inner.registerText(name, text);
  }
  dropFile(name: string): Promise<void> {
    return this.inner.dropFile(name);
  }
  loadArrow(table: string, data: Table | Uint8Array): Promise<void> {
    return this.inner.loadArrow(table, data);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const size = (process.argv[2] ?? '10m') as '1m';
const ds = ensureDataset(size);
const db = new MemDb(await openNodeDb());
await loadOrdersCsv(ds, db.inner, db);
// The browser reads the file in place (registerFileHandle); here its copy leaves the heap.
await db.inner.dropFile(ds.files.orders);
console.log(`loaded: rss ${rssMiB()} MiB`);

let ranked: readonly ValueMeasure[] = [];
const phases: Phase[] = [
  ['summary', async () => (ranked = (await rebuildSummary(db, {})).ranked)],
  overviewPhase(db),
  ['rank others', () => rankAllMeasures(db, ranked)],
  ...viewPhases(db),
  [
    'churn',
    async () => {
      await db.queryArrow(buildBgnbdPatternsQuery());
      await db.queryArrow(buildSpendPatternsQuery());
      await db.queryArrow(buildChurnViewQuery({ cutoffs: {}, overdueFactor: 2 }, {}));
    },
  ],
];
for (const [name, run] of phases) {
  const t0 = performance.now();
  await run();
  console.log(`${name}: ${(performance.now() - t0).toFixed(0)} ms, rss ${rssMiB()} MiB`);
}
const tables = await db.inner.query({
  sql: `SELECT table_name, estimated_size, column_count FROM duckdb_tables() ORDER BY estimated_size DESC`,
  params: [],
});
for (const t of tables)
  console.log(
    `  table ${String(t['table_name'])}: ${String(t['estimated_size'])} rows-est, ${String(t['column_count'])} cols`,
  );
for (const r of await db.inner.query({
  sql: `SELECT tag, round(memory_usage_bytes / 2^20) AS mib FROM duckdb_memory() WHERE memory_usage_bytes > 0`,
  params: [],
}))
  console.log(`  memory ${String(r['tag'])}: ${String(r['mib'])} MiB`);
for (const r of await db.inner.query({ sql: `SELECT * FROM pragma_database_size()`, params: [] }))
  console.log(`  db ${JSON.stringify(r)}`);
await db.close();
