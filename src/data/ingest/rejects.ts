import type { Db } from '../db';
import { ident } from '../sql-text';
import type { FileReport, ImportReport } from './types';

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The rejected rows of one loaded file as CSV text: source line, reason, the column at fault,
 * then every original column under its original label. Pass a FileReport, or the ImportReport
 * and the file name.
 */
export async function rejectsCsv(
  db: Db,
  from: ImportReport | FileReport,
  file?: string,
): Promise<string> {
  const report = 'files' in from ? from.files.find((f) => f.file === file) : from;
  if (!report) throw new Error(`no import report for file "${file ?? ''}"`);
  const cols = report.columns.map((_, i) => `s.${ident(`c${i + 1}`)}`);
  // Verdicts live in the check table, the source text in the staging table: joined on __line.
  const rows = await db.query<Record<string, unknown>>(
    `SELECT k.__line, k.__reason, k.__bad_column${cols.length ? ', ' + cols.join(', ') : ''}
     FROM ${ident(report.stagingTable)} k JOIN ${ident(report.sourceTable)} s ON s.__line = k.__line
     WHERE k.__reason IS NOT NULL ORDER BY k.__line`,
  );
  const header = ['line', 'reason', 'column', ...report.columns];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    const cells = [
      r.__line,
      r.__reason,
      r.__bad_column,
      ...report.columns.map((_, i) => r[`c${i + 1}`]),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
