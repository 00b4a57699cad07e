import type { Db } from '../db';
import { ident } from '../sql-text';
import type { CheckPlan } from './transform';

/** Where a file's rows and their text live while its report is made. */
export interface CheckTables {
  /** Check table: every row typed, with `__rule`, `__w0..`, `__h` and (flagged rows) `__raw`. */
  chk: string;
  /** Text table: `__line`, c1..cN for the rows whose text is needed (sparse). */
  source: string;
  /** SQL giving every row's text again (the file read once more). */
  relation: string;
  width: number;
}

const cols = (width: number) => Array.from({ length: width }, (_, i) => ident(`c${i + 1}`));

/** Starts the text table from the rows the pass kept text for (rejected or warned). */
export async function keepFlaggedText(db: Db, t: CheckTables): Promise<void> {
  const list = cols(t.width).map((c, i) => `__raw[${i + 1}] AS ${c}`);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(t.source)} AS SELECT __line, ${list.join(', ')} FROM ${ident(t.chk)} WHERE __raw IS NOT NULL`,
  );
}

/**
 * Adds the text of the rows `lines` (SQL giving __line) that the text table lacks, by reading
 * the file again; nothing is read when none is missing (the common case).
 */
export async function ensureText(db: Db, t: CheckTables, lines: string): Promise<void> {
  const missing = `SELECT __line FROM (${lines}) WHERE __line NOT IN (SELECT __line FROM ${ident(t.source)})`;
  const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (${missing})`);
  if (!r?.n) return;
  await db.exec(
    `INSERT INTO ${ident(t.source)} SELECT __line, ${cols(t.width).join(', ')} FROM (${t.relation}) WHERE __line IN (${missing})`,
  );
}

/**
 * Exact duplicates and repeated order ids, over the whole file after the pass. Rows are grouped
 * by the hash of their text; only rows whose hash occurs twice or more have their text compared
 * column by column (read again for them alone), so a hash collision never makes two different
 * rows duplicates, and a file without repeats costs one aggregate over an integer column. In an
 * order-level file that aggregate is over the order id's hash: identical rows share their id,
 * so the few rows with a repeated id hold every duplicate, and the repeated ids are counted
 * from them too. Returns true when that search found no id hash on two rows: then every order
 * id of the file is on one row only (at most one row lacks an id).
 */
export async function settleDuplicates(
  db: Db,
  plan: CheckPlan,
  t: CheckTables,
  orderLevel: boolean,
): Promise<boolean> {
  const chk = ident(t.chk);
  const dupl = ident(`${t.chk}_dups`);
  const ids = ident(`${t.chk}_ids`);
  const byId = orderLevel && plan.rawIndex.order_id !== undefined;
  let rows = chk;
  if (byId) {
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${ids} AS SELECT __line, __h, order_id FROM ${chk} WHERE hash(order_id) IN (SELECT hash(order_id) FROM ${chk} GROUP BY 1 HAVING count(*) > 1)`,
    );
    rows = ids;
  }
  const [idRows] = byId ? await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ids}`) : [];
  const uniqueIds = byId && idRows?.n === 0;
  const candTable = ident(`${t.chk}_cand`);
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${candTable} AS SELECT __line FROM ${rows} WHERE __h IN (SELECT __h FROM ${rows} GROUP BY __h HAVING count(*) > 1)`,
  );
  const cand = `SELECT __line FROM ${candTable}`;
  const [multi] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${candTable}`);
  if (multi?.n) {
    await ensureText(db, t, cand);
    const keys = cols(t.width).join(', ');
    // A row's rank among identical rows (1 = first copy); later copies are the duplicates.
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${dupl} AS SELECT __line FROM
      (SELECT __line, row_number() OVER (PARTITION BY ${keys} ORDER BY __line) AS d
       FROM ${ident(t.source)} WHERE __line IN (${cand})) WHERE d > 1`);
  } else {
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${dupl} (__line INTEGER)`);
  }
  const [dups] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${dupl}`);
  if (dups?.n) {
    if (plan.duplicateRule !== null) {
      // First matching rule wins: a duplicate keeps an earlier rule, and replaces a later one.
      await db.exec(
        `UPDATE ${chk} SET __rule = ${plan.duplicateRule} WHERE __line IN (SELECT __line FROM ${dupl}) AND (__rule IS NULL OR __rule > ${plan.duplicateRule})`,
      );
    }
    if (plan.duplicateWarning !== null) {
      await db.exec(
        `UPDATE ${chk} SET __w${plan.duplicateWarning} = true WHERE __line IN (SELECT __line FROM ${dupl})`,
      );
    }
  }
  if (byId && plan.idRepeatWarning !== null) {
    // An id on two or more distinct rows: its rows minus its later exact copies.
    const repeated = `SELECT order_id FROM (
        SELECT order_id, count(*) AS n, count(*) FILTER (WHERE __line IN (SELECT __line FROM ${dupl})) AS k
        FROM ${ids} GROUP BY order_id) WHERE order_id IS NOT NULL AND n - k > 1`;
    const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (${repeated})`);
    if (r?.n) {
      await db.exec(
        `UPDATE ${chk} SET __w${plan.idRepeatWarning} = true WHERE __line IN (SELECT __line FROM ${ids} WHERE order_id IN (${repeated})) AND __line NOT IN (SELECT __line FROM ${dupl})`,
      );
    }
  }
  for (const x of [dupl, ids, candTable]) await db.exec(`DROP TABLE IF EXISTS ${x}`);
  return uniqueIds;
}
