import type { Db } from './db';
import { sniffFile } from './ingest/sniff';
import { loadFiles } from './ingest/load';
import type { ImportFile, ImportMapping, ImportReport } from './ingest/types';

/** Row counts for the header, whatever way the data arrived. */
export async function describeLoaded(
  db: Db,
): Promise<{ title: string; customers: number; orders: number }> {
  const [counts] = await db.query<{ customers: number; orders: number }>(
    `SELECT (SELECT count(*) FROM customers) AS customers,
            (SELECT count(DISTINCT COALESCE(order_id, customer_id || '@' || order_date)) FROM orders) AS orders`,
  );
  return { title: '', customers: counts?.customers ?? 0, orders: counts?.orders ?? 0 };
}

/**
 * Sniffs and loads files through the same ingest path a dropped file takes, so the samples
 * exercise (and are validated by) exactly the code users rely on.
 */
export async function loadFetched(
  db: Db,
  files: ImportFile[],
  today: string,
  mapping?: ImportMapping,
): Promise<ImportReport> {
  const m: ImportMapping = mapping ?? {
    version: 1,
    files: await Promise.all(files.map(async (f) => (await sniffFile(f)).mapping)),
  };
  return loadFiles(db, files, m, { today });
}
