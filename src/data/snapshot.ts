import { tableToIPC } from 'apache-arrow';
import type { Db } from './db';
import { CANONICAL_DDL, type CanonicalTable } from './schema';
import { ident } from './sql-text';
import type { ImportReport } from './ingest/types';
import type { RecordedResults } from './primed-db';

/**
 * A loaded dataset frozen as Arrow IPC: the canonical tables as the ingest left them, plus the
 * import report and the rejected rows as CSV. The bundled samples ship like this, made at build
 * time by the same ingest code from the committed CSV files (scripts/sample-snapshot.ts), so
 * opening a shared link on a sample skips the ingest's parse-and-check statements. It may also
 * carry analysis tables built from them (`derived`), which a first open would otherwise rebuild.
 */
export const SNAPSHOT_VERSION = 3;

export const SNAPSHOT_TABLES = Object.keys(CANONICAL_DDL) as CanonicalTable[];

export interface SnapshotMeta {
  version: typeof SNAPSHOT_VERSION;
  /** Date the ingest ran with (its "date in the future" warnings depend on it). */
  today: string;
  report: ImportReport;
  /** Rejected rows per source file name, as the Data view's download gives them. */
  rejects: Record<string, string>;
  /** Fingerprint of the inputs (sample files, ingest and analysis code) it was made from. */
  inputs: string;
  derived?: DerivedTables;
  /**
   * Results of the queries a link in the snapshot's scope runs before its first chart, by
   * `resultKey`: answered from here while the engine starts (src/data/primed-db.ts).
   */
  firstPaint?: RecordedResults;
}

/** Tables computed from the canonical ones, stored so that opening needs not compute them. */
export interface DerivedTables {
  tables: string[];
  /** What they were computed for, in the terms of whoever computed them (the analysis layer). */
  key: string;
  /** Column names and SQL types per table: Arrow from the engine carries integers as doubles. */
  columns: Record<string, [string, string][]>;
  /** When the summary table is among them: the scope it is for, and what building it returned. */
  summary?: { scope: string; asOf: string | null; excludedAfterAsOf: number };
}

export interface SnapshotPart {
  table: string;
  ipc: Uint8Array;
  /** A derived table's columns (name, SQL type), restored with these types. */
  columns?: [string, string][];
}

/** The canonical tables of `db`, and the `derived` ones named, as Arrow IPC streams. */
export async function takeSnapshot(
  db: Db,
  derived: readonly string[] = [],
): Promise<SnapshotPart[]> {
  const parts: SnapshotPart[] = [];
  for (const table of [...SNAPSHOT_TABLES, ...derived]) {
    const t = await db.queryArrow(`SELECT * FROM ${ident(table)}`);
    parts.push({ table, ipc: tableToIPC(t, 'stream') });
  }
  for (const p of parts.slice(SNAPSHOT_TABLES.length)) {
    const cols = await db.query<{ name: string; type: string }>({
      sql: `SELECT column_name AS name, data_type AS type FROM information_schema.columns
        WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?
        ORDER BY ordinal_position`,
      params: [p.table],
    });
    p.columns = cols.map((c) => [c.name, c.type]);
  }
  return parts;
}

/** Types come from a fetched file: only plain type names (`DECIMAL(18,3)`, `VARCHAR[]`) pass. */
function sqlType(type: string): string {
  if (!/^[A-Za-z][A-Za-z0-9 _]*(\(\d+(, ?\d+)?\))?(\[\])?$/.test(type))
    throw new Error(`snapshot names an unexpected column type: ${type}`);
  return type;
}

function isCanonical(table: string): table is CanonicalTable {
  return Object.hasOwn(CANONICAL_DDL, table);
}

/**
 * Recreates the canonical tables (with their constraints) and fills them from the snapshot.
 * Arrow goes into a scratch table first: the canonical DDL's types and keys stay the schema's.
 * Derived tables have no DDL of the schema's: they are created from their Arrow, each column cast
 * back to the SQL type recorded with it.
 */
export async function restoreSnapshot(db: Db, parts: readonly SnapshotPart[]): Promise<void> {
  const given = new Set(parts.map((p) => p.table));
  const missing = SNAPSHOT_TABLES.filter((t) => !given.has(t));
  if (missing.length) throw new Error(`snapshot lacks table(s): ${missing.join(', ')}`);
  for (const { table, ipc, columns } of parts) {
    const scratch = `__snapshot_${table}`;
    await db.loadArrow(scratch, ipc);
    if (!isCanonical(table)) {
      if (!columns?.length) throw new Error(`snapshot lacks the column types of ${table}`);
      const select = columns.map(
        ([c, type]) => `CAST(${ident(c)} AS ${sqlType(type)}) AS ${ident(c)}`,
      );
      await db.exec(
        `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM ${ident(scratch)}`,
      );
      await db.exec(`DROP TABLE ${ident(scratch)}`);
      continue;
    }
    await db.exec(CANONICAL_DDL[table]);
    await db.exec(`INSERT INTO ${ident(table)} SELECT * FROM ${ident(scratch)}`);
    await db.exec(`DROP TABLE ${ident(scratch)}`);
  }
}

/** Checks a fetched meta.json is one this build can read. */
export function parseSnapshotMeta(json: unknown, where: string): SnapshotMeta {
  const m = json as Partial<SnapshotMeta> | null;
  if (!m || m.version !== SNAPSHOT_VERSION || !m.report || typeof m.rejects !== 'object')
    throw new Error(`${where}: not a snapshot of version ${SNAPSHOT_VERSION}`);
  const d = m.derived;
  if (d && !(Array.isArray(d.tables) && typeof d.key === 'string' && d.columns))
    throw new Error(`${where}: unreadable list of derived tables`);
  if (m.firstPaint !== undefined && (typeof m.firstPaint !== 'object' || m.firstPaint === null))
    throw new Error(`${where}: unreadable first-paint results`);
  return m as SnapshotMeta;
}
