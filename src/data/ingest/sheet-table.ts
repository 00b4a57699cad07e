import { Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { ParseOptions } from './decode-text';
import { isGzip, readAll } from './file-bytes';
import { gunzip, parquetRows, xlsxRows } from './sources';
import { columnLabels } from './text-table';
import type { FileMapping, ImportFile } from './types';

/** A spreadsheet or Parquet file as an Arrow IPC stream, with the shape the staging needs. */
export interface SheetTable {
  /** `__line` (source row) plus c1..cN, all text; blank cells NULL. */
  ipc: Uint8Array;
  labels: string[];
  width: number;
  /** Columns the header declared. */
  declared: number;
  read: number;
  blankLines: number;
}

/**
 * Parses a whole XLSX sheet or Parquet file into the same shape text files get from read_csv,
 * serialised as Arrow IPC so it crosses from the ingest worker as one buffer and the page never
 * touches the rows. Pure JS: it runs inline in Node and in the ingest worker in the browser.
 */
export async function sheetTable(
  file: ImportFile,
  m: FileMapping,
  opts: ParseOptions,
): Promise<SheetTable> {
  if (!file.data) throw new Error(`${file.name}: no data`);
  let bytes = await readAll(file.data);
  if (isGzip(file.name, bytes)) bytes = gunzip(bytes);
  opts.onProgress?.({
    file: file.name,
    phase: 'read',
    bytes: bytes.length,
    totalBytes: bytes.length,
  });
  let rows: string[][];
  if (m.format === 'xlsx') rows = await xlsxRows(bytes, m.sheet);
  else {
    const p = await parquetRows(bytes);
    rows = [p.header, ...p.rows];
  }
  if (opts.signal?.aborted) throw new DOMException(`${file.name}: import cancelled`, 'AbortError');
  const start = m.skipRows + (m.hasHeader ? 1 : 0);
  const header = m.hasHeader ? (rows[m.skipRows] ?? []) : null;
  const body: { line: number; cells: string[] }[] = [];
  let blank = 0;
  for (let i = start; i < rows.length; i++) {
    const r = rows[i] ?? [];
    if (r.every((c) => c.trim() === '')) blank++;
    else body.push({ line: i + 1, cells: r });
  }
  // A loop, not Math.max(...): spreading a million rows overflows the call stack.
  let width = Math.max(1, header?.length ?? 0);
  for (const b of body) if (b.cells.length > width) width = b.cells.length;
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
  return {
    ipc: tableToIPC(new Table(columns), 'stream'),
    labels: columnLabels(header, width),
    width,
    declared: header ? header.length : width,
    read: body.length,
    blankLines: blank,
  };
}
