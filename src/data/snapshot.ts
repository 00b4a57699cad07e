import { tableToIPC } from 'apache-arrow';
import type { Db } from './db';
import { CANONICAL_DDL, type CanonicalTable } from './schema';
import { ident } from './sql-text';
import type { ImportReport } from './ingest/types';

/**
 * A loaded dataset frozen as Arrow IPC: the canonical tables as the ingest left them, plus the
 * import report and the rejected rows as CSV. The bundled samples ship like this, made at build
 * time by the same ingest code from the committed CSV files (scripts/sample-snapshot.ts), so
 * opening a shared link on a sample skips the ingest's parse-and-check statements.
 */
export const SNAPSHOT_VERSION = 1;

export const SNAPSHOT_TABLES = Object.keys(CANONICAL_DDL) as CanonicalTable[];

export interface SnapshotMeta {
  version: typeof SNAPSHOT_VERSION;
  /** Date the ingest ran with (its "date in the future" warnings depend on it). */
  today: string;
  report: ImportReport;
  /** Rejected rows per source file name, as the Data view's download gives them. */
  rejects: Record<string, string>;
  /** Fingerprint of the inputs (sample files and ingest code) the snapshot was made from. */
  inputs: string;
}

export interface SnapshotPart {
  table: CanonicalTable;
  ipc: Uint8Array;
}

/** The canonical tables of `db` as Arrow IPC streams. */
export async function takeSnapshot(db: Db): Promise<SnapshotPart[]> {
  const parts: SnapshotPart[] = [];
  for (const table of SNAPSHOT_TABLES) {
    const t = await db.queryArrow(`SELECT * FROM ${ident(table)}`);
    parts.push({ table, ipc: tableToIPC(t, 'stream') });
  }
  return parts;
}

/**
 * Recreates the canonical tables (with their constraints) and fills them from the snapshot.
 * Arrow goes into a scratch table first: the canonical DDL's types and keys stay the schema's.
 */
export async function restoreSnapshot(db: Db, parts: readonly SnapshotPart[]): Promise<void> {
  const given = new Set(parts.map((p) => p.table));
  const missing = SNAPSHOT_TABLES.filter((t) => !given.has(t));
  if (missing.length) throw new Error(`snapshot lacks table(s): ${missing.join(', ')}`);
  for (const { table, ipc } of parts) {
    await db.exec(CANONICAL_DDL[table]);
    const scratch = `__snapshot_${table}`;
    await db.loadArrow(scratch, ipc);
    await db.exec(`INSERT INTO ${ident(table)} SELECT * FROM ${ident(scratch)}`);
    await db.exec(`DROP TABLE ${ident(scratch)}`);
  }
}

/** Checks a fetched meta.json is one this build can read. */
export function parseSnapshotMeta(json: unknown, where: string): SnapshotMeta {
  const m = json as Partial<SnapshotMeta> | null;
  if (!m || m.version !== SNAPSHOT_VERSION || !m.report || typeof m.rejects !== 'object')
    throw new Error(`${where}: not a snapshot of version ${SNAPSHOT_VERSION}`);
  return m as SnapshotMeta;
}
