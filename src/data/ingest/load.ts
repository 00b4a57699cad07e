import type { Db } from '../db';
import { CANONICAL_DDL, type CanonicalTable } from '../schema';
import { ident, sqlString } from '../sql-text';
import { stageFile, type Staged } from './staging';
import { issue, summarize } from './summary';
import { planCheck, resolveColumn } from './transform';
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
 * Loads files into the canonical tables (recreated empty) following `mapping`: each file is
 * staged as text, typed and checked in SQL; rows pass into the table or are rejected with a
 * reason. The check tables (ingest_chk_N: typed values and verdicts) and staging tables
 * (ingest_stg_N: the source text) stay for rejectsCsv until dropImportTables.
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

  const reports: FileReport[] = [];
  const checked: { report: FileReport; chk: string }[] = [];
  const seenTables = new Set<CanonicalTable>();
  for (const { file, m, i } of jobs) {
    if (opts.signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
    const stg = `ingest_stg_${i}`;
    const chk = `ingest_chk_${i}`;
    const staged = await stageFile(db, file, m, stg, opts);
    opts.onProgress?.({ file: file.name, phase: 'validate', rows: staged.read });
    const orderLevel = m.table === 'orders' && (await isOrderLevel(db, m, staged));
    const plan = planCheck(m, staged, chk, {
      ...(opts.today ? { today: opts.today } : {}),
      orderLevel,
      existingKeys: seenTables.has(m.table),
    });
    // The staging table stays: it holds the source columns the rejects download shows.
    await db.exec(plan.sql);
    await insertCanonical(db, m.table, chk);
    seenTables.add(m.table);
    const report = await summarize(db, file.name, m, staged, plan, chk, opts.examples ?? 5);
    reports.push(report);
    checked.push({ report, chk });
  }

  const hasCustomerFile = jobs.some((j) => j.m.table === 'customers');
  const fromFile = await count(db, 'SELECT count(*) AS n FROM customers');
  if (hasCustomerFile) {
    for (const { report, chk } of checked) {
      if (report.table !== 'orders') continue;
      const w = await issue(
        db,
        report.file,
        { chk, source: report.sourceTable },
        `__reason IS NULL AND customer_id NOT IN (SELECT customer_id FROM customers)`,
        { typed: 'customer_id' },
        null,
        opts.examples ?? 5,
      );
      if (w.rows > 0)
        report.warnings.push({ ...w, reason: 'customer missing from the customers file' });
    }
  }
  await db.exec(`INSERT INTO ${DERIVED_CUSTOMERS_TABLE}
    SELECT DISTINCT customer_id, ${sqlString(hasCustomerFile ? 'not in customers file' : 'derived from orders')} FROM orders
    WHERE customer_id NOT IN (SELECT customer_id FROM customers)`);
  await db.exec(
    `INSERT INTO customers (customer_id) SELECT customer_id FROM ${DERIVED_CUSTOMERS_TABLE}`,
  );
  const [totals] = await db.query<{
    customers: number;
    derived: number;
    prospects: number;
    rows: number;
    returns: number;
    net: number;
    gross: number;
  }>(
    `SELECT (SELECT count(*) FROM customers) AS customers,
            (SELECT count(*) FROM ${DERIVED_CUSTOMERS_TABLE}) AS derived,
            (SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)) AS prospects,
            (SELECT count(*) FROM orders) AS rows,
            (SELECT count(*) FILTER (WHERE is_return) FROM orders) AS returns,
            (SELECT coalesce(sum(amount), 0) FROM orders) AS net,
            (SELECT coalesce(sum(amount) FILTER (WHERE NOT is_return), 0) FROM orders) AS gross`,
  );
  const t = totals ?? {
    customers: 0,
    derived: 0,
    prospects: 0,
    rows: 0,
    returns: 0,
    net: 0,
    gross: 0,
  };
  return {
    files: reports,
    customers: {
      total: t.customers,
      fromCustomersFile: fromFile,
      derivedFromOrders: t.derived,
      prospects: hasCustomerFile ? t.prospects : 0,
    },
    orders: {
      rows: t.rows,
      returns: t.returns,
      netAmount: t.net,
      grossAmount: t.gross,
    },
  };
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

/** Order-level exports have (nearly) unique order ids; order-line exports repeat them (an estimate is enough). */
async function isOrderLevel(db: Db, m: FileMapping, staged: Staged): Promise<boolean> {
  const ref = m.columns.order_id;
  if (ref === undefined) return false;
  const col = ident(`c${resolveColumn(m.file, staged, 'order_id', ref) + 1}`);
  const [r] = await db.query<{ n: number; d: number }>(
    `SELECT count(${col}) AS n, approx_count_distinct(${col}) AS d FROM ${ident(staged.table)}`,
  );
  return !!r && r.n > 0 && r.d >= 0.9 * r.n;
}

async function insertCanonical(db: Db, table: CanonicalTable, chk: string): Promise<void> {
  const from = `FROM ${ident(chk)} WHERE __reason IS NULL`;
  const sql: Record<CanonicalTable, string> = {
    orders: `INSERT INTO orders SELECT order_id, customer_id, order_date, amount, status, quantity, is_return ${from} ORDER BY __line`,
    order_items: `INSERT INTO order_items SELECT order_id, product_id, quantity, amount, cost ${from} ORDER BY __line`,
    customers: `INSERT INTO customers SELECT customer_id, name, CASE WHEN signup_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' THEN signup_date END, region, channel, segment ${from} ORDER BY __line`,
    products: `INSERT INTO products SELECT product_id, name, category, unit_cost ${from} ORDER BY __line`,
  };
  await db.exec(sql[table]);
}
