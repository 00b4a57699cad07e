import type { Db } from '../db';
import { CANONICAL_DDL, UNIQUE_ORDER_IDS_COMMENT, type CanonicalTable } from '../schema';
import { ident, sqlString } from '../sql-text';
import { checkFile, tableNames } from './check-file';
import { stageFile } from './staging';
import { adoptRows } from './adopt';
import { issue, keepRejected } from './summary';
import type {
  FileMapping,
  FileReport,
  ImportFile,
  ImportMapping,
  ImportReport,
  LoadOptions,
} from './types';

export { rejectsCsv } from './rejects';

/** Derived customers (present in orders only) and why; the canonical table has no flag column. */
export const DERIVED_CUSTOMERS_TABLE = 'ingest_derived_customers';

/**
 * Order and item rows from which a load ends by compressing the tables (`compressTables`). The
 * engine keeps tables uncompressed in memory until a checkpoint, and its memory never shrinks:
 * with 10M orders, compressing the order table before the summary is built leaves room for the
 * summary tables and the views' work (Node: peak 2867 -> 2477 MiB for a 3.8 s checkpoint).
 * Smaller loads are not worth the time (1M orders: 0.4 s for 44 MiB).
 */
export const COMPRESS_MIN_ROWS = 5_000_000;

const LOAD_ORDER: CanonicalTable[] = ['customers', 'products', 'orders', 'order_items'];

/** Matches a file to its mapping entry: same name, else same name ignoring case and .gz. */
export function mappingFor(mapping: ImportMapping, file: ImportFile): FileMapping | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/\.gz$/, '');
  return (
    mapping.files.find((f) => f.file === file.name) ??
    mapping.files.find((f) => norm(f.file) === norm(file.name))
  );
}

/**
 * Loads files into the canonical tables (recreated empty) following `mapping`: each file is read
 * as text rows, typed and checked in SQL in one pass; rows pass into the table or are rejected
 * with a reason. Afterwards the check tables (ingest_chk_N) hold the rejected rows with their
 * verdicts and the text tables (ingest_stg_N) their source text, for rejectsCsv, until
 * dropImportTables.
 */
export async function loadFiles(
  db: Db,
  files: ImportFile[],
  mapping: ImportMapping,
  opts: LoadOptions = {},
): Promise<ImportReport> {
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today))
    throw new Error(`today must be YYYY-MM-DD, got "${opts.today}"`);
  const jobs = files.map((file, i) => {
    const m = mappingFor(mapping, file);
    if (!m) throw new Error(`${file.name}: no mapping for this file`);
    return { file, m, i };
  });
  for (const t of Object.keys(CANONICAL_DDL) as CanonicalTable[]) await db.exec(CANONICAL_DDL[t]);
  await db.exec(
    `CREATE OR REPLACE TABLE ${DERIVED_CUSTOMERS_TABLE} (customer_id VARCHAR, reason VARCHAR)`,
  );
  jobs.sort((a, b) => LOAD_ORDER.indexOf(a.m.table) - LOAD_ORDER.indexOf(b.m.table) || a.i - b.i);

  const hasCustomerFile = jobs.some((j) => j.m.table === 'customers');
  const reports: FileReport[] = [];
  const seenTables = new Set<CanonicalTable>();
  let uniqueOrderIds = jobs.filter((j) => j.m.table === 'orders').length === 1;
  let idsAscend = uniqueOrderIds;
  try {
    for (const { file, m, i } of jobs) {
      if (opts.signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
      const src = await stageFile(db, file, m, `ingest_src_${i}`, opts);
      try {
        const done = await checkFile(db, file.name, m, src, i, opts, seenTables.has(m.table));
        seenTables.add(m.table);
        if (m.table === 'orders') {
          uniqueOrderIds &&= done.uniqueOrderIds;
          idsAscend &&= done.idsAscend;
        }
        // Customers files load first, so an orders file is checked against all of them here.
        if (hasCustomerFile && m.table === 'orders') {
          const w = await issue(
            db,
            file.name,
            done.tables,
            `__rule IS NULL AND customer_id NOT IN (SELECT customer_id FROM customers)`,
            { typed: 'customer_id' },
            null,
            opts.examples ?? 5,
          );
          if (w.rows > 0)
            done.report.warnings.push({ ...w, reason: 'customer missing from the customers file' });
        }
        if (done.adopt) await adoptRows(db, m.table, done.plan, done.tables);
        else await keepRejected(db, done.plan, done.tables);
        reports.push(done.report);
      } finally {
        await src.close();
      }
    }
  } catch (e) {
    // A failed load (out of memory, cancelled, unreadable) leaves no big table behind.
    for (const { i } of jobs) {
      const t = tableNames(i);
      const scratch = ['dups', 'ids', 'cand', 'rej'].map((x) => `${t.chk}_${x}`);
      for (const name of [t.chk, t.source, ...scratch])
        await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`).catch(() => undefined);
    }
    throw e;
  }

  // The one orders file had each order id on one row: customer_days may skip grouping by id.
  if (uniqueOrderIds)
    await db.exec(`COMMENT ON TABLE orders IS ${sqlString(UNIQUE_ORDER_IDS_COMMENT)}`);
  const fromFile = await count(db, 'SELECT count(*) AS n FROM customers');
  await addDerivedCustomers(db, hasCustomerFile);
  const [totals] = await db.query<{
    customers: number;
    derived: number;
    items: number;
    rows: number;
    returns: number;
    net: number;
    gross: number;
  }>(
    `SELECT (SELECT count(*) FROM customers) AS customers,
            (SELECT count(*) FROM ${DERIVED_CUSTOMERS_TABLE}) AS derived,
            (SELECT count(*) FROM order_items) AS items,
            count(*) AS rows, count(*) FILTER (WHERE is_return) AS returns,
            coalesce(sum(amount), 0) AS net, coalesce(sum(amount) FILTER (WHERE NOT is_return), 0) AS gross
     FROM orders`,
  );
  const t = totals ?? { customers: 0, derived: 0, items: 0, rows: 0, returns: 0, net: 0, gross: 0 };
  if (t.rows + t.items >= (opts.compressMinRows ?? COMPRESS_MIN_ROWS)) {
    // Seconds at 10M rows with nothing else to show: the page says what it is doing.
    opts.onProgress?.({ file: '', phase: 'compress', rows: t.rows + t.items });
    await compressTables(db);
  }
  // Prospects exist only beside a customers file (derived customers all have orders).
  const prospects = hasCustomerFile
    ? await count(
        db,
        `SELECT count(*) AS n FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)`,
      )
    : 0;
  return {
    files: reports,
    customers: {
      total: t.customers,
      fromCustomersFile: fromFile,
      derivedFromOrders: t.derived,
      prospects,
    },
    orders: {
      rows: t.rows,
      returns: t.returns,
      netAmount: t.net,
      grossAmount: t.gross,
      ...(idsAscend ? { distinct: t.rows } : {}),
    },
  };
}

/**
 * Adds the customers found in orders only, and lists them. Without a customers file the table
 * is still empty, so every customer of orders is one, and the table is made again around them
 * with its key built afterwards in one go: adding 74k keys one row at a time cost twice as
 * much (1M orders: about 100 ms against 50 in Node, 120 ms in the page). The ids are grouped
 * alone: a DISTINCT over the id and its reason hashed the reason too (1M orders in Node: 177
 * against 65-90 ms, the first read of the new order table included).
 */
async function addDerivedCustomers(db: Db, hasCustomerFile: boolean): Promise<void> {
  const derived = DERIVED_CUSTOMERS_TABLE;
  if (hasCustomerFile) {
    await db.exec(`INSERT INTO ${derived}
      SELECT customer_id, 'not in customers file' FROM orders
      WHERE customer_id NOT IN (SELECT customer_id FROM customers) GROUP BY customer_id`);
    await db.exec(`INSERT INTO customers (customer_id) SELECT customer_id FROM ${derived}`);
    return;
  }
  // The columns as CANONICAL_DDL types them, then its constraints: customer_id NOT NULL PRIMARY KEY.
  const fresh = 'ingest_customers';
  await db.exec(`CREATE OR REPLACE TABLE ${fresh} AS FROM customers LIMIT 0`);
  await db.exec(
    `INSERT INTO ${fresh} (customer_id) SELECT customer_id FROM orders GROUP BY customer_id`,
  );
  await db.exec(`INSERT INTO ${derived} SELECT customer_id, 'derived from orders' FROM ${fresh}`);
  await db.exec(`ALTER TABLE ${fresh} ALTER COLUMN customer_id SET NOT NULL`);
  await db.exec(`ALTER TABLE ${fresh} ADD PRIMARY KEY (customer_id)`);
  await db.exec('DROP TABLE customers');
  await db.exec(`ALTER TABLE ${fresh} RENAME TO customers`);
}

/**
 * Compresses the tables' number, date and flag columns (a checkpoint of the in-memory database
 * compresses its tables). Text is left as it is: compressing it too cost about twice the time
 * for a third more memory (1M orders in Node: 0.38 s took the order table from 89 to 45 MiB,
 * 0.7 s with text to 12.5 MiB).
 */
async function compressTables(db: Db): Promise<void> {
  await db.exec(`SET disabled_compression_methods = 'dict_fsst,fsst,dictionary'`);
  try {
    await db.exec('CHECKPOINT');
  } finally {
    await db.exec('RESET disabled_compression_methods');
  }
}

/** Frees the per-file check tables (rejectsCsv needs them; call when the report is closed). */
export async function dropImportTables(db: Db, report: ImportReport): Promise<void> {
  for (const f of report.files) {
    await db.exec(`DROP TABLE IF EXISTS ${ident(f.stagingTable)}`);
    await db.exec(`DROP TABLE IF EXISTS ${ident(f.sourceTable)}`);
  }
}

async function count(db: Db, sql: string): Promise<number> {
  const [r] = await db.query<{ n: number }>(sql);
  return r?.n ?? 0;
}
