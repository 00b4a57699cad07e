import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import {
  createDuckDB,
  ConsoleLogger,
  LogLevel,
  NODE_RUNTIME,
  type DuckDBBindings,
  type DuckDBConnection,
} from '@duckdb/duckdb-wasm/blocking';
import { INIT_SQL, arrowToRows, scratchSql, toQuery, type Db, type Query, type Row } from './db';
import { ident } from './sql-text';
import { inlineParams } from './sql-literal';

const require = createRequire(import.meta.url);
/**
 * The arrow copy the blocking bundle requires (CommonJS). Under tsx/vitest the app's `import`
 * gets arrow's ESM build, a second copy whose functions do not recognise the engine's tables.
 */
const engineArrow = require('apache-arrow') as typeof import('apache-arrow');

/**
 * The node-blocking engine and a connection, opened and set up as the app's (`openNodeDb`); for
 * what needs the engine's own API (sql-literal.test.ts binds values with it).
 */
export async function openNodeEngine(): Promise<{ db: DuckDBBindings; conn: DuckDBConnection }> {
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await createDuckDB(bundles, new ConsoleLogger(LogLevel.WARNING), NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  for (const s of INIT_SQL) conn.query(s);
  return { db, conn };
}

/** DuckDB-WASM's node-blocking bundle: the same engine as the browser, for tests and the CLI. */
export async function openNodeDb(): Promise<Db> {
  const { db, conn } = await openNodeEngine();
  return new NodeDb(db, conn);
}

class NodeDb implements Db {
  constructor(
    private readonly db: DuckDBBindings,
    private readonly conn: DuckDBConnection,
    /** For a scratch database's connection (`scratch`): what `close` does instead of a reset. */
    private readonly release?: () => void,
  ) {}

  async scratch(): Promise<Db> {
    const [home] = await this.query<{ d: string }>('SELECT current_database() AS d');
    const sql = scratchSql(home?.d ?? 'memory');
    const conn = this.db.connect();
    for (const s of sql.open) conn.query(s);
    return new NodeDb(this.db, conn, () => {
      for (const s of sql.close) conn.query(s);
      conn.close();
    });
  }

  /** Values written in as the page's adapter writes them (sql-literal.ts), so tests run that. */
  private run(q: Query | string): Table {
    const { sql, params } = toQuery(q);
    return this.conn.query(params && params.length > 0 ? inlineParams(sql, params) : sql);
  }

  /** As an arrow Table of the app's own arrow module (via IPC), so any arrow function takes it. */
  async queryArrow(q: Query | string): Promise<Table> {
    const t = this.run(q);
    return t instanceof Table ? t : tableFromIPC(engineArrow.tableToIPC(t, 'stream'));
  }

  async query<T = Row>(q: Query | string): Promise<T[]> {
    return arrowToRows<T>(this.run(q));
  }

  async exec(sql: string): Promise<void> {
    this.conn.query(sql);
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(name, bytes);
  }

  async registerText(name: string, text: string): Promise<void> {
    this.db.registerFileText(name, text);
  }

  async dropFile(name: string): Promise<void> {
    this.db.dropFile(name);
  }

  async loadArrow(table: string, data: Table | Uint8Array): Promise<void> {
    this.conn.query(`DROP TABLE IF EXISTS ${ident(table)}`);
    // Via IPC bytes: tsx/vitest load arrow's ESM build while the blocking bundle requires the
    // CJS one, and insertArrowTable given the other copy's Table silently inserts nothing.
    const ipc = data instanceof Uint8Array ? data : tableToIPC(data, 'stream');
    this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }

  async close(): Promise<void> {
    if (this.release) return this.release();
    this.conn.close();
    this.db.reset();
  }
}
