import type { Db } from '../db';
import type { CanonicalTable } from '../schema';
import { ident } from '../sql-text';
import { MAX_DATE, MIN_DATE } from './check-columns';
import { keepFlaggedText, settleDuplicates, type CheckTables } from './duplicates';
import { atWidth, type Source } from './staging';
import { adoptable } from './adopt';
import { summarize } from './summary';
import { planCheck, type CheckPlan } from './transform';
import { FLAGGED } from './check-sql';
import { keepTypedFlaggedText, nativeColumns, nativeFields } from './typed-read';
import type { FileMapping, FileReport, LoadOptions } from './types';

export interface CheckedFile {
  report: FileReport;
  plan: CheckPlan;
  tables: CheckTables;
  /** An orders file whose order ids are each on one row (see settleDuplicates). */
  uniqueOrderIds: boolean;
  /** An orders file whose rows all have an order id, ascending: as many orders as rows. */
  idsAscend: boolean;
  /** The rows are not in the canonical table yet: adoptRows puts them there after the report. */
  adopt: boolean;
}

/** Check and text table names of the i-th file. */
export function tableNames(i: number): { chk: string; source: string } {
  return { chk: `ingest_chk_${i}`, source: `ingest_stg_${i}` };
}

/**
 * Types and checks one file in a single pass over its text, settles duplicates, inserts the
 * rows that pass into the canonical table (unless `adopt`: see adoptRows) and makes the file's
 * report. The check table still holds every row afterwards (cross-file warnings read it) until
 * keepRejected or adoptRows.
 */
export async function checkFile(
  db: Db,
  name: string,
  m: FileMapping,
  src: Source,
  i: number,
  opts: LoadOptions,
  existingKeys: boolean,
): Promise<CheckedFile> {
  const { chk, source } = tableNames(i);
  opts.onProgress?.({ file: name, phase: 'stage' });
  let width = src.width;
  const planOpts = { ...(opts.today ? { today: opts.today } : {}), existingKeys };
  let plan = await typedPass(db, m, src, chk, planOpts);
  const typed = !!plan;
  // A typed read that failed took a read of the file: a cancel meanwhile is not worth another.
  if (!plan && opts.signal?.aborted) throw new DOMException('import cancelled', 'AbortError');
  for (let attempt = 0; attempt < 20 && !plan; attempt++) {
    const p = planCheck(m, atWidth(src, width), chk, src.relation(width), planOpts);
    try {
      await db.exec(p.sql);
      plan = p;
    } catch (e) {
      const msg = (e as Error).message;
      // read_csv met a row wider than the column list: read again with room for it.
      const wide = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
      if (!wide || !src.widens)
        throw new Error(`${name}: ${msg.split('\n').slice(0, 2).join(' ')}`);
      width += Math.max(1, Number(wide[2]) - Number(wide[1]));
    }
  }
  if (!plan) throw new Error(`${name}: rows have too many fields to read`);
  const staged = { ...atWidth(src, width), blankLines: src.blankLines, exactLines: src.exactLines };
  const tables: CheckTables = { chk, source, relation: src.relation(width), width };
  const [n] = await db.query<{ n: number; flagged: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${FLAGGED}) AS flagged FROM ${ident(chk)}`,
  );
  opts.onProgress?.({ file: name, phase: 'validate', rows: n?.n ?? 0 });
  await keepFlaggedText(db, tables);
  if (typed) await keepTypedFlaggedText(db, tables, n?.flagged ?? 0);
  // Order ids set on every row and ascending: none is on two rows, so no row is an exact copy
  // of another either (copies share their id), and there is nothing to settle.
  const ascending =
    m.table === 'orders' &&
    plan.rawIndex.order_id !== undefined &&
    !!n?.n &&
    (await idsAscend(db, chk));
  const orderLevel = !ascending && m.table === 'orders' && (await isOrderLevel(db, chk, plan));
  const uniqueOrderIds = ascending || (await settleDuplicates(db, plan, tables, orderLevel));
  const adopt = adoptable(m.table, !existingKeys, plan);
  if (!adopt) await insertCanonical(db, m.table, chk, plan.sortOnInsert);
  const report = await summarize(db, name, m, staged, plan, tables, opts.examples ?? 5);
  return { report, plan, tables, uniqueOrderIds, idsAscend: ascending, adopt };
}

/**
 * The pass with the columns the reader can type typed by it (typed-read.ts), when the sample
 * allows; undefined when it does not, or when the file turned out to hold a value the reader
 * cannot take (the pass then runs the text way).
 */
async function typedPass(
  db: Db,
  m: FileMapping,
  src: Source,
  chk: string,
  opts: { today?: string; existingKeys: boolean },
): Promise<CheckPlan | undefined> {
  if (!src.typed) return undefined;
  const staged = atWidth(src, src.width);
  const native = nativeFields(m, staged, src.typed.sample);
  const types = nativeColumns(m, staged, native);
  if (Object.keys(types).length === 0) return undefined;
  const plan = planCheck(m, staged, chk, src.typed.relation(src.width, types), {
    ...opts,
    native,
  });
  try {
    await db.exec(plan.sql);
    return plan;
  } catch {
    return undefined;
  }
}

/**
 * SQL, a scalar subquery: whether column `col` of `table` is set on every row and each value is
 * greater than the one before it in table order. Then no value is on two rows (a strict chain
 * holds each value once, whatever the order the scan took), which one scan of the column shows
 * where grouping by it builds a hash table of every value. Any row without a previous value
 * but the first counts as a break, so the answer never leans on the scan's order.
 */
export function strictlyAscendingSql(table: string, col: string): string {
  return `(SELECT count(*) FILTER (WHERE prev IS NULL OR NOT v > prev) <= 1 AND count(v) = count(*)
    FROM (SELECT ${ident(col)} AS v, lag(${ident(col)}) OVER () AS prev FROM ${ident(table)}))`;
}

/**
 * Whether the check table's order ids are all set and ascend (most exports are sorted by id):
 * one scan of the column, where the duplicate search groups the file by id (about 270 ms of a
 * 1M-row load in the page, with the estimate of distinct ids before it).
 */
async function idsAscend(db: Db, chk: string): Promise<boolean> {
  const [r] = await db.query<{ yes: boolean }>(
    `SELECT ${strictlyAscendingSql(chk, 'order_id')} AS yes`,
  );
  return r?.yes === true;
}

/** Order-level exports have (nearly) unique order ids; order-line exports repeat them (an estimate is enough). */
async function isOrderLevel(db: Db, chk: string, plan: CheckPlan): Promise<boolean> {
  if (plan.rawIndex.order_id === undefined) return false;
  const [r] = await db.query<{ n: number; d: number }>(
    `SELECT count(order_id) AS n, approx_count_distinct(order_id) AS d FROM ${ident(chk)}`,
  );
  return !!r && r.n > 0 && r.d >= 0.9 * r.n;
}

/**
 * The pass keeps line order (a projection of read_csv, one row out per row in), so rows go in
 * as they are; only a pass with a window (key ranks) needs the sort back into line order.
 */
async function insertCanonical(
  db: Db,
  table: CanonicalTable,
  chk: string,
  sort: boolean,
): Promise<void> {
  const from = `FROM ${ident(chk)} WHERE __rule IS NULL${sort ? ' ORDER BY __line' : ''}`;
  const sql: Record<CanonicalTable, string> = {
    orders: `INSERT INTO orders SELECT order_id, customer_id, order_date, amount, status, quantity, is_return ${from}`,
    order_items: `INSERT INTO order_items SELECT order_id, product_id, quantity, amount, cost ${from}`,
    customers: `INSERT INTO customers SELECT customer_id, name, CASE WHEN signup_date BETWEEN ${MIN_DATE} AND ${MAX_DATE} THEN signup_date END, region, channel, segment ${from}`,
    products: `INSERT INTO products SELECT product_id, name, category, unit_cost ${from}`,
  };
  await db.exec(sql[table]);
}
