import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue, type JS } from '@duckdb/node-api';
import { INIT_SQL, toQuery, type Db, type Query, type Row, type SqlValue } from '../src/data/db';

/**
 * The app's `Db` interface over native DuckDB (@duckdb/node-api), so ingest and analysis run the
 * very same SQL strings natively. Rows are converted the way the wasm Db returns them: integers
 * and decimals as numbers, DATE as epoch milliseconds. Registered files are written to a private
 * temp directory that is on DuckDB's file_search_path, so `read_csv('name')` resolves them.
 */
export async function openNativeDb(opts: { threads?: number } = {}): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
  });
  const conn = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'clientele-bench-'));
  await conn.run(`SET file_search_path = '${dir.replaceAll("'", "''")}'`);
  for (const s of INIT_SQL) await conn.run(s);
  return new NativeDb(instance, conn, dir);
}

class NativeDb implements Db {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly dir: string,
  ) {}

  async query<T = Row>(q: Query | string): Promise<T[]> {
    const { sql, params } = toQuery(q);
    const reader = await this.conn.runAndReadAll(sql, bind(params));
    return reader.getRowObjectsJS().map((r) => plainRow(r) as T);
  }

  queryArrow(): Promise<Table> {
    return Promise.reject(
      new Error('native benchmark Db: queryArrow is not used by ingest or analysis; use query'),
    );
  }

  async exec(sql: string): Promise<void> {
    const stmts = await this.conn.extractStatements(sql);
    for (let i = 0; i < stmts.count; i++) await (await stmts.prepare(i)).run();
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    writeFileSync(this.path(name), bytes);
  }

  async registerText(name: string, text: string): Promise<void> {
    writeFileSync(this.path(name), text);
  }

  async dropFile(name: string): Promise<void> {
    rmSync(this.path(name), { force: true });
  }

  /** Appends row by row: only the XLSX/Parquet staging path uses it, never CSV benchmarks. */
  async loadArrow(table: string, input: Table | Uint8Array): Promise<void> {
    const data = input instanceof Uint8Array ? tableFromIPC(input) : input;
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const fields = data.schema.fields;
    const cols = fields.map(
      (f) => `${q(f.name)} ${/^Int/.test(String(f.type)) ? 'INTEGER' : 'VARCHAR'}`,
    );
    await this.conn.run(`CREATE OR REPLACE TABLE ${q(table)} (${cols.join(', ')})`);
    const app = await this.conn.createAppender(table);
    for (let r = 0; r < data.numRows; r++) {
      fields.forEach((f, c) => {
        const v: unknown = data.getChildAt(c)?.get(r);
        if (v === null || v === undefined) app.appendNull();
        else if (/^Int/.test(String(f.type))) app.appendInteger(Number(v));
        else app.appendVarchar(String(v));
      });
      app.endRow();
    }
    app.closeSync();
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private path(name: string): string {
    if (name.includes('/') || name.includes('\\')) throw new Error(`unexpected file name ${name}`);
    return join(this.dir, name);
  }
}

function bind(params: readonly SqlValue[] | undefined): DuckDBValue[] | undefined {
  if (!params || params.length === 0) return undefined;
  return params.map((p) => (p instanceof Date ? p.toISOString() : p));
}

function plainRow(r: Record<string, JS>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) out[k] = plain(v);
  return out;
}

function plain(v: JS): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}
