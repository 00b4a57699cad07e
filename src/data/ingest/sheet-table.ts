import { Int32, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { Db } from '../db';
import type { Staged } from './staging';
import { columnLabels } from './text-table';
import type { FileMapping } from './types';

/**
 * Stages rows already parsed in JS (XLSX, Parquet) through Arrow, with the same shape as text
 * files get from read_csv: `__line` plus c1..cN, all VARCHAR.
 */
export async function stageRows(
  db: Db,
  rows: string[][],
  m: FileMapping,
  table: string,
): Promise<Staged> {
  const start = m.skipRows + (m.hasHeader ? 1 : 0);
  const header = m.hasHeader ? (rows[m.skipRows] ?? []) : null;
  const body: { line: number; cells: string[] }[] = [];
  let blank = 0;
  for (let i = start; i < rows.length; i++) {
    const r = rows[i] ?? [];
    if (r.every((c) => c.trim() === '')) blank++;
    else body.push({ line: i + 1, cells: r });
  }
  const width = Math.max(1, header?.length ?? 0, ...body.map((b) => b.cells.length));
  const labels = columnLabels(header, width);
  const columns: Record<string, Vector> = {
    __line: vectorFromArray(
      body.map((b) => b.line),
      new Int32(),
    ),
  };
  for (let c = 0; c < width; c++) {
    columns[`c${c + 1}`] = vectorFromArray(
      body.map((b) => (b.cells[c] === undefined || b.cells[c] === '' ? null : b.cells[c])),
      new Utf8(),
    );
  }
  await db.loadArrow(table, new Table(columns));
  return {
    table,
    labels,
    width,
    declared: header ? header.length : width,
    read: body.length,
    blankLines: blank,
    exactLines: true,
  };
}
