import type { Db } from '../db';
import { CANONICAL_COLUMNS, type CanonicalTable } from '../schema';
import { ident } from '../sql-text';
import type { CheckTables } from './duplicates';
import { keepRejected } from './summary';
import type { CheckPlan } from './transform';

/** Tables a check table can become: no key to keep unique, columns typed as the pass types them. */
const ADOPTABLE: Partial<Record<CanonicalTable, Record<string, string>>> = {
  orders: {},
  order_items: { amount: 'revenue' },
};

/** Whether adoptRows may turn this file's check table into `table` (its first file, kept in line order). */
export function adoptable(table: CanonicalTable, firstFile: boolean, plan: CheckPlan): boolean {
  return ADOPTABLE[table] !== undefined && firstFile && !plan.sortOnInsert;
}

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  dflt: string | null;
}

/**
 * The table's columns from `pragma_table_info`, which looks up the one table: `duckdb_columns()`
 * lists every column of the catalog first (33 and 7 ms for the two calls of a 1M-order load in
 * Node, 52 and 12 ms in the page, against about 10 ms each).
 */
async function columns(db: Db, table: string): Promise<Column[]> {
  return db.query<Column>({
    sql: `SELECT name, type, NOT "notnull" AS nullable, dflt_value AS dflt
      FROM pragma_table_info(?) ORDER BY cid`,
    params: [table],
  });
}

/**
 * Puts the loaded rows of the first file of `table` (still empty) into it without copying them:
 * the rejected rows go to a new check table (as keepRejected leaves them), the check table
 * drops them and every column but the canonical ones, takes the canonical constraints and
 * defaults, and is renamed to `table`. A 10M-row file was held twice (check table and canonical
 * copy) at the peak of its load. When the columns do not come out as the canonical table's
 * (names, order and types), the rows are inserted instead.
 */
export async function adoptRows(
  db: Db,
  table: CanonicalTable,
  plan: CheckPlan,
  tables: CheckTables,
): Promise<void> {
  const chk = tables.chk;
  const rejected = `${chk}_rej`;
  const renames = ADOPTABLE[table] ?? {};
  const target = await columns(db, table);
  const have = await columns(db, chk);
  const canon = CANONICAL_COLUMNS[table];
  const kept = have
    .map((c) => ({ ...c, to: renames[c.name] ?? c.name }))
    .filter((c) => canon.includes(c.to));
  const fits =
    kept.length === target.length &&
    kept.every((c, i) => c.to === target[i]?.name && c.type === target[i]?.type);
  if (!fits) {
    await db.exec(
      `INSERT INTO ${ident(table)} (${kept.map((c) => ident(c.to)).join(', ')}) SELECT ${kept.map((c) => ident(c.name)).join(', ')} FROM ${ident(chk)} WHERE __rule IS NULL`,
    );
    await keepRejected(db, plan, tables);
    return;
  }
  await keepRejected(db, plan, tables, rejected);
  await db.exec(`DELETE FROM ${ident(chk)} WHERE __rule IS NOT NULL`);
  const keep = new Set(kept.map((c) => c.name));
  for (const c of have)
    if (!keep.has(c.name)) await db.exec(`ALTER TABLE ${ident(chk)} DROP COLUMN ${ident(c.name)}`);
  for (const c of kept)
    if (c.to !== c.name)
      await db.exec(`ALTER TABLE ${ident(chk)} RENAME COLUMN ${ident(c.name)} TO ${ident(c.to)}`);
  for (const t of target) {
    if (!t.nullable)
      await db.exec(`ALTER TABLE ${ident(chk)} ALTER COLUMN ${ident(t.name)} SET NOT NULL`);
    if (t.dflt !== null)
      await db.exec(
        `ALTER TABLE ${ident(chk)} ALTER COLUMN ${ident(t.name)} SET DEFAULT ${t.dflt}`,
      );
  }
  await db.exec(`DROP TABLE ${ident(table)}`);
  await db.exec(`ALTER TABLE ${ident(chk)} RENAME TO ${ident(table)}`);
  await db.exec(`ALTER TABLE ${ident(rejected)} RENAME TO ${ident(chk)}`);
}
