import { DataType } from 'apache-arrow';
import { arrowToRows, type Db } from './db';

export interface CatalogTable {
  name: string;
  columns: { name: string; type: string }[];
}

/** Tables and columns the user can query, for the notebook's reference panel. */
export async function listTables(db: Db): Promise<CatalogTable[]> {
  const rows = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main'
       AND table_name NOT LIKE 'staging%'
     ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, CatalogTable>();
  for (const r of rows) {
    let t = byTable.get(r.table_name);
    if (!t) byTable.set(r.table_name, (t = { name: r.table_name, columns: [] }));
    t.columns.push({ name: r.column_name, type: r.data_type });
  }
  return [...byTable.values()];
}

export type ColumnKind = 'text' | 'date' | 'number' | 'other';

export interface CellResult {
  columns: { name: string; type: string; kind: ColumnKind }[];
  rows: Record<string, unknown>[];
  totalRows: number;
  ms: number;
}

/** Runs a notebook cell as written (it is the user's own SQL) and keeps the first rows. */
export async function runCell(db: Db, sql: string, keep = 1000): Promise<CellResult> {
  const t0 = performance.now();
  const table = await db.queryArrow(sql);
  const ms = performance.now() - t0;
  const columns = table.schema.fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    kind: kindOf(f.type),
  }));
  const head = table.numRows > keep ? table.slice(0, keep) : table;
  const rows = arrowToRows(head);
  return { columns, rows, totalRows: table.numRows, ms };
}

export type AttributeValues = Record<'region' | 'channel' | 'segment', string[]>;

/** Distinct values of each customer attribute, for the filter menus. */
export async function attributeValues(db: Db): Promise<AttributeValues> {
  const rows = await db.query<{ attr: string; v: string }>(
    `SELECT 'region' AS attr, region AS v FROM customers WHERE region IS NOT NULL GROUP BY ALL
     UNION ALL SELECT 'channel', channel FROM customers WHERE channel IS NOT NULL GROUP BY ALL
     UNION ALL SELECT 'segment', segment FROM customers WHERE segment IS NOT NULL GROUP BY ALL
     ORDER BY 1, 2`,
  );
  const out: AttributeValues = { region: [], channel: [], segment: [] };
  for (const r of rows) out[r.attr as keyof AttributeValues].push(r.v);
  return out;
}

function kindOf(t: DataType): ColumnKind {
  if (DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t)) return 'number';
  if (DataType.isDate(t) || DataType.isTimestamp(t)) return 'date';
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isDictionary(t)) return 'text';
  return 'other';
}
