import type { Table } from 'apache-arrow';
import { ident } from './sql-text';

/**
 * A value for a `?` placeholder. Only the engine adapters write it into the statement, as the
 * literal the engine reads as it reads the value bound (sql-literal.ts); nothing else puts
 * values into SQL text.
 */
export type SqlValue = string | number | boolean | null | Date;

/** SQL plus the values for its `?` placeholders, in order. */
export interface Query {
  sql: string;
  params?: readonly SqlValue[];
}

export type Row = Record<string, unknown>;

/**
 * The one engine interface the rest of the app talks to. Browser (worker) and Node
 * implementations run the same DuckDB-WASM build, so a query tested in Node behaves the
 * same in the page.
 */
export interface Db {
  /** Rows as plain objects; integers and decimals arrive as JS numbers, never BigInt. */
  query<T = Row>(q: Query | string): Promise<T[]>;
  queryArrow(q: Query | string): Promise<Table>;
  /** Runs statements that return nothing useful (DDL, INSERT ... SELECT). */
  exec(sql: string): Promise<void>;
  /** Makes bytes readable by SQL as a file, e.g. `read_csv('name')`. */
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
  registerText(name: string, text: string): Promise<void>;
  dropFile(name: string): Promise<void>;
  /** Creates (or replaces) `table` from an Arrow table or the bytes of an Arrow IPC stream. */
  loadArrow(table: string, data: Table | Uint8Array): Promise<void>;
  close(): Promise<void>;
  /**
   * A connection of its own whose tables live in a new, empty in-memory database (its default
   * catalog), for work that must leave the user's tables alone; `close` drops that database and
   * the connection only. Statements share the engine with this one's, one at a time.
   */
  scratch?(): Promise<Db>;
}

let scratchCount = 0;

/**
 * Statements that open a scratch database (see `Db.scratch`) on a new connection, and those
 * that drop it again: the default catalog goes back to `home` before the database is detached.
 */
export function scratchSql(home: string): { open: string[]; close: string[] } {
  const name = ident(`clientele_scratch_${++scratchCount}`);
  return {
    open: [...INIT_SQL, `ATTACH ':memory:' AS ${name}`, `USE ${name}`],
    close: [`USE ${ident(home)}`, `DETACH ${name}`],
  };
}

/**
 * `db` with some of its methods replaced (a wrapper that records, gates or answers queries):
 * the rest call `db`'s own, which a spread of a class instance would not copy.
 */
export function overrideDb(db: Db, over: Partial<Db>): Db {
  return {
    query: (q) => db.query(q),
    queryArrow: (q) => db.queryArrow(q),
    exec: (sql) => db.exec(sql),
    registerBuffer: (n, b) => db.registerBuffer(n, b),
    registerText: (n, t) => db.registerText(n, t),
    dropFile: (n) => db.dropFile(n),
    loadArrow: (t, d) => db.loadArrow(t, d),
    close: () => db.close(),
    ...over,
  };
}

/** Settings every connection starts with: no network, no surprise extension downloads. */
export const INIT_SQL = [
  'SET autoload_known_extensions = false',
  'SET autoinstall_known_extensions = false',
];

/**
 * Converts the values of an Arrow row to plain JS: BigInt (when a cast was missed) to number,
 * nested structs and lists via toJSON, dates stay as epoch milliseconds numbers from Arrow.
 */
export function arrowToRows<T = Row>(table: Table): T[] {
  const out: T[] = new Array<T>(table.numRows);
  const cols = table.schema.fields.map((f, i) => ({ name: f.name, vec: table.getChildAt(i) }));
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (const c of cols) row[c.name] = plain(c.vec?.get(r));
    out[r] = row as T;
  }
  return out;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object') {
    if (v instanceof Date) return v;
    if (ArrayBuffer.isView(v)) return v;
    const maybe = v as { toJSON?: () => unknown };
    if (typeof maybe.toJSON === 'function') {
      const j = maybe.toJSON();
      if (Array.isArray(j)) return j.map(plain);
      if (j && typeof j === 'object') {
        return Object.fromEntries(Object.entries(j).map(([k, x]) => [k, plain(x)]));
      }
      return j;
    }
  }
  return v;
}

export function toQuery(q: Query | string): Query {
  return typeof q === 'string' ? { sql: q } : q;
}
