import type { Db } from '../db';
import { ident } from '../sql-text';
import { keptList, setWarnSql } from './check-sql';
import type { CheckPlan } from './transform';

/** Where a file's rows and their text live while its report is made. */
export interface CheckTables {
  /** Check table: every row typed, with `__rule`, `__w` and (flagged rows) `__raw`. */
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
  const list = cols(t.width).map((c, i) => `__r[${i + 1}] AS ${c}`);
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(t.source)} AS SELECT __line, ${list.join(', ')}
     FROM (SELECT __line, ${keptList} AS __r FROM ${ident(t.chk)} WHERE __raw IS NOT NULL)`,
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
 * SQL hashing a check-table row's typed columns (those not named `__...`): identical text rows
 * have identical typed values, so they hash alike. Rows that differ only where typing does not
 * look (unmapped columns, spacing, number spelling) hash alike too: that only adds candidates,
 * whose text is compared anyway. The window column `__key_rank` and the verdicts are left out
 * (two copies of one row rank differently).
 */
async function typedHash(db: Db, chk: string): Promise<string> {
  const names = await db.query<{ name: string }>({
    sql: `SELECT column_name AS name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? AND NOT starts_with(column_name, '__') ORDER BY column_index`,
    params: [chk],
  });
  return names.length ? `hash(${names.map((n) => ident(n.name)).join(', ')})` : '0';
}

/** Rows per share of the repeated-key search: one share's sort fits what the pass freed. */
export const REPEAT_SHARE_ROWS = 2_500_000;

/**
 * Fills the temp table `into` (k UBIGINT) with the keys that occur twice or more among `keyed`
 * (SQL giving a UBIGINT column k over `rows` rows; a key may be listed more than once). Up to
 * REPEAT_SHARE_ROWS rows it is one aggregate. Beyond, the keys are split by remainder into
 * shares that are each sorted and compared with their neighbour: an aggregate over 10M distinct
 * keys took the wasm heap from 1748 to 2104 MiB, above the pass's own peak; four sorted shares
 * fit in the memory the pass freed (at about 0.6 s more CPU).
 */
export async function repeatedKeys(
  db: Db,
  into: string,
  keyed: string,
  rows: number,
): Promise<void> {
  const shares = Math.ceil(rows / REPEAT_SHARE_ROWS);
  if (shares <= 1) {
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${ident(into)} AS SELECT k FROM (${keyed}) GROUP BY k HAVING count(*) > 1`,
    );
    return;
  }
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(into)} (k UBIGINT)`);
  for (let i = 0; i < shares; i++) {
    await db.exec(
      `INSERT INTO ${ident(into)} SELECT k FROM (SELECT k, lag(k) OVER (ORDER BY k) AS prev FROM (${keyed}) WHERE k % ${shares} = ${i}) WHERE k = prev`,
    );
  }
}

/**
 * Exact duplicates and repeated order ids, over the whole file after the pass. Rows are grouped
 * by a hash of their typed values (typedHash); only rows whose hash occurs twice or more have
 * their text compared column by column (read again for them alone), so a hash collision never
 * makes two different rows duplicates, and a file without repeats costs one aggregate over a
 * hash. In an order-level file that aggregate is over the order id's hash: identical rows share
 * their id, so the few rows with a repeated id hold every duplicate, and the repeated ids are
 * counted from them too. Returns true when that search found no id hash on two rows: then every
 * order id of the file is on one row only (at most one row lacks an id).
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
  const rep = `${t.chk}_rep`;
  const candTable = ident(`${t.chk}_cand`);
  try {
    const byId = orderLevel && plan.rawIndex.order_id !== undefined;
    const h = await typedHash(db, t.chk);
    const [all] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${chk}`);
    let rows = `SELECT __line, ${h} AS __h FROM ${chk}`;
    let n = all?.n ?? 0;
    if (byId) {
      await repeatedKeys(db, rep, `SELECT hash(order_id) AS k FROM ${chk}`, n);
      await db.exec(
        `CREATE OR REPLACE TEMP TABLE ${ids} AS SELECT __line, ${h} AS __h, order_id FROM ${chk} WHERE hash(order_id) IN (SELECT k FROM ${ident(rep)})`,
      );
      rows = `SELECT __line, __h FROM ${ids}`;
      n = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ids}`))[0]?.n ?? 0;
    }
    const uniqueIds = byId && n === 0;
    await repeatedKeys(db, rep, `SELECT __h AS k FROM (${rows})`, n);
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${candTable} AS SELECT __line FROM (${rows}) WHERE __h IN (SELECT k FROM ${ident(rep)})`,
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
          setWarnSql(t.chk, plan.duplicateWarning, `__line IN (SELECT __line FROM ${dupl})`),
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
          setWarnSql(
            t.chk,
            plan.idRepeatWarning,
            `__line IN (SELECT __line FROM ${ids} WHERE order_id IN (${repeated})) AND __line NOT IN (SELECT __line FROM ${dupl})`,
          ),
        );
      }
    }
    return uniqueIds;
  } finally {
    // Also when a statement fails: an aborted load leaves no scratch table behind.
    for (const x of [dupl, ids, candTable, ident(rep)])
      await db.exec(`DROP TABLE IF EXISTS ${x}`).catch(() => undefined);
  }
}
