import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC, type Table } from 'apache-arrow';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { INIT_SQL, arrowToRows, scratchSql, toQuery, type Db, type Query, type Row } from './db';
import { ident } from './sql-text';
import { inlineParams } from './sql-literal';

/** Self-hosted bundles: the app must work offline and never contact a CDN. */
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

export interface BrowserDb extends Db {
  /** Lets DuckDB read a dropped File in place instead of copying it into the wasm heap. */
  registerFileHandle(name: string, file: File): Promise<void>;
}

let shared: Promise<BrowserDb> | undefined;
let engineUrls: string[] = [];

/**
 * The wasm and worker script the engine actually uses. The worker fetches them itself, so they
 * never show up in the page's resource timing; the offline cache needs to be told.
 */
export function engineAssetUrls(): string[] {
  return engineUrls.map((u) => new URL(u, location.href).href);
}

/** The engine starts once, on first use; every caller shares the same promise. */
export function getBrowserDb(): Promise<BrowserDb> {
  shared ??= openBrowserDb().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

async function openBrowserDb(): Promise<BrowserDb> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  engineUrls = [bundle.mainModule, bundle.mainWorker ?? ''].filter(Boolean);
  if (!bundle.mainWorker) throw new Error('No DuckDB worker bundle for this browser');
  const worker = workerWithoutProgress(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  // Absolute: the worker runs from a blob: URL, against which a path such as the dev server's
  // `/node_modules/...` cannot be resolved.
  await db.instantiate(absolute(bundle.mainModule), bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = await db.connect();
  for (const s of INIT_SQL) await conn.query(s);
  return new WorkerDb(db, conn);
}

/**
 * duckdb-wasm wraps the wasm response in a progress-reporting TransformStream. V8 caches compiled
 * wasm only for a response that comes straight from fetch, so every visit compiled the 33 MiB
 * module afresh and ran the first queries on baseline code. Without TransformStream the worker
 * takes its plain instantiateStreaming(fetch(url)) path, which the code cache serves next time.
 */
function absolute(url: string): string {
  return new URL(url, location.href).href;
}

function workerWithoutProgress(workerUrl: string): Worker {
  const abs = absolute(workerUrl);
  // The worker warns once that it has no progress handler: that is the point, not a fault.
  const src = `self.TransformStream = undefined;
const warn = console.warn.bind(console);
console.warn = (...a) => { if (!String(a[0]).startsWith('instantiating without progress')) warn(...a); };
importScripts(${JSON.stringify(abs)});
`;
  return new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
}

class WorkerDb implements BrowserDb {
  constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    /** For a scratch database's connection (`scratch`): what `close` does instead of ending the engine. */
    private readonly release?: () => Promise<void>,
  ) {}

  async scratch(): Promise<BrowserDb> {
    const [home] = await this.query<{ d: string }>('SELECT current_database() AS d');
    const sql = scratchSql(home?.d ?? 'memory');
    const conn = await this.db.connect();
    try {
      for (const s of sql.open) await conn.query(s);
    } catch (e) {
      await conn.close();
      throw e;
    }
    return new WorkerDb(this.db, conn, async () => {
      for (const s of sql.close) await conn.query(s);
      await conn.close();
    });
  }

  /**
   * One message to the worker per statement, sent at once: the worker runs them in the order
   * sent, so statements never wait for the page between them (see sql-literal.ts).
   */
  queryArrow(q: Query | string): Promise<Table> {
    const { sql, params } = toQuery(q);
    const text = params && params.length > 0 ? inlineParams(sql, params) : sql;
    return this.conn.query(text) as unknown as Promise<Table>;
  }

  async query<T = Row>(q: Query | string): Promise<T[]> {
    return arrowToRows<T>(await this.queryArrow(q));
  }

  async exec(sql: string): Promise<void> {
    await this.conn.query(sql);
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    await this.db.registerFileBuffer(name, bytes);
  }

  async registerText(name: string, text: string): Promise<void> {
    await this.db.registerFileText(name, text);
  }

  async registerFileHandle(name: string, file: File): Promise<void> {
    await this.db.registerFileHandle(
      name,
      file,
      duckdb.DuckDBDataProtocol.BROWSER_FILEREADER,
      true,
    );
  }

  async dropFile(name: string): Promise<void> {
    await this.db.dropFile(name);
  }

  async loadArrow(table: string, data: Table | Uint8Array): Promise<void> {
    const ipc = data instanceof Uint8Array ? data : tableToIPC(data, 'stream');
    // Both sent now, one after the other: no statement sent meanwhile comes between them.
    await Promise.all([
      this.conn.query(`DROP TABLE IF EXISTS ${ident(table)}`),
      this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true }),
    ]);
  }

  async close(): Promise<void> {
    if (this.release) return this.release();
    await this.conn.close();
    await this.db.terminate();
  }
}
