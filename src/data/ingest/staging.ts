import { tableFromIPC } from 'apache-arrow';
import type { Db } from '../db';
import { readHead } from './file-bytes';
import { ingestParser, type ParseOptions } from './parser';
import { ident, sqlString } from '../sql-text';
import { columnLabels, parseRows } from './text-table';
import type { FileMapping, ImportFile, LoadOptions } from './types';

/** A file copied into an all-VARCHAR table: `__line` (source line/row) and c1..cN. */
export interface Staged {
  table: string;
  /** Source column labels (header text or col1..), index i is staging column c{i+1}. */
  labels: string[];
  width: number;
  /** Columns the header declared; fields beyond it are "too many fields". */
  declared: number;
  read: number;
  blankLines: number;
  /** False when line numbers were derived by counting (registered files). */
  exactLines: boolean;
}

/** UTF-8 byte inputs above this go straight to read_csv (line numbers then counted, not traced). */
const DIRECT_BYTES = 16 << 20;

/** Not gzip, and lines end in LF or CRLF (DuckDB's reader does not take bare CR). */
function directable(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1 << 16);
  return !(head[0] === 0x1f && head[1] === 0x8b) && head.includes(0x0a);
}

export async function stageFile(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  table: string,
  opts: LoadOptions,
): Promise<Staged> {
  if (m.format === 'csv') {
    const utf8Text =
      (m.encoding ?? 'utf-8') === 'utf-8' &&
      m.delimiter !== 'whitespace' &&
      !/\.gz$/i.test(file.name);
    if (utf8Text && file.registeredName !== undefined)
      return stageRegistered(db, file, m, table, opts);
    if (
      utf8Text &&
      file.data instanceof Uint8Array &&
      file.data.length > DIRECT_BYTES &&
      directable(file.data)
    ) {
      // Big UTF-8 bytes: DuckDB reads them as they are, skipping the line-by-line pass in JS.
      const name = `${table}.raw.csv`;
      await db.registerBuffer(name, file.data);
      try {
        return await stageRegistered(db, { ...file, registeredName: name }, m, table, opts);
      } finally {
        await db.dropFile(name);
      }
    }
    return stageDecoded(db, file, m, table, opts);
  }
  const parser = opts.parser ?? (await ingestParser());
  const sheet = await parser.sheetTable(
    { name: file.name, ...(file.data ? { data: file.data } : {}) },
    m,
    parseOptions(opts),
  );
  // The rows arrive as one Arrow buffer: the page decodes no cell (tableFromIPC is zero-copy).
  await db.loadArrow(table, tableFromIPC(sheet.ipc));
  return {
    table,
    labels: sheet.labels,
    width: sheet.width,
    declared: sheet.declared,
    read: sheet.read,
    blankLines: sheet.blankLines,
    exactLines: true,
  };
}

function csvOptions(m: FileMapping, width: number, withLine: boolean): string {
  const delim = m.delimiter === 'whitespace' ? '\t' : (m.delimiter ?? ',');
  const quote = m.delimiter === 'whitespace' ? '' : (m.quote ?? '"');
  const cols = [
    ...(withLine ? ['__line'] : []),
    ...Array.from({ length: width }, (_, i) => `c${i + 1}`),
  ];
  const spec = cols.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
  return `delim = ${sqlString(delim)}, quote = ${sqlString(quote)}, escape = ${sqlString(quote)}, header = false, auto_detect = false, null_padding = true, strict_mode = true, columns = {${spec}}`;
}

/** Runs a CREATE ... read_csv, widening the column list when a later line has more fields. */
async function createFromCsv(
  db: Db,
  build: (width: number) => string,
  width: number,
  name: string,
): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await db.exec(build(width));
      return width;
    } catch (e) {
      const msg = (e as Error).message;
      const m = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
      if (!m) throw new Error(`${name}: ${msg.split('\n').slice(0, 2).join(' ')}`);
      const extra = Number(m[2]) - Number(m[1]);
      width += Math.max(1, extra);
    }
  }
  throw new Error(`${name}: rows have too many fields to read`);
}

async function stageRegistered(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  table: string,
  opts: LoadOptions,
): Promise<Staged> {
  const registered = file.registeredName ?? file.name;
  if (!file.data) throw new Error(`${file.name}: the header needs a sample of the file (data)`);
  const head = new TextDecoder('utf-8').decode(await readHead(file.data, 1 << 18));
  const rows = parseRows(head, m.delimiter ?? ',', m.quote ?? '"', m.skipRows + 50);
  const skip = m.skipRows + (m.hasHeader ? 1 : 0);
  const width0 = Math.max(1, ...rows.slice(m.skipRows).map((r) => r.length));
  const labels = columnLabels(m.hasHeader ? (rows[m.skipRows] ?? null) : null, width0);
  opts.onProgress?.({ file: file.name, phase: 'stage' });
  const width = await createFromCsv(
    db,
    (w) =>
      `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT CAST(row_number() OVER () + ${skip} AS INTEGER) AS __line, * FROM read_csv(${sqlString(registered)}, skip = ${skip}, ${csvOptions(m, w, false)})`,
    width0,
    file.name,
  );
  const n = await stagedRows(db, table, file.name, opts);
  return {
    table,
    labels: padLabels(labels, width),
    width,
    declared: m.hasHeader ? labels.length : width,
    read: n,
    blankLines: 0,
    exactLines: false,
  };
}

function padLabels(labels: string[], width: number): string[] {
  return [
    ...labels,
    ...Array.from({ length: Math.max(0, width - labels.length) }, (_, i) => `extra${i + 1}`),
  ];
}

/**
 * Text that needs decoding (any encoding, gzip, whitespace-separated, or bytes without a
 * registered name): the parser turns it into line-numbered UTF-8 parts (see decodeText), each
 * registered as a file as it arrives, and read_csv reads them together.
 */
async function stageDecoded(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  table: string,
  opts: LoadOptions,
): Promise<Staged> {
  const parser = opts.parser ?? (await ingestParser());
  const parts: string[] = [];
  try {
    const decoded = await parser.decodeText(
      { name: file.name, ...(file.data ? { data: file.data } : {}) },
      m,
      parseOptions(opts),
      async (bytes) => {
        const name = `${table}.part${String(parts.length).padStart(4, '0')}.csv`;
        parts.push(name);
        await db.registerBuffer(name, bytes);
      },
    );
    const { header } = decoded;
    const width0 = Math.max(1, header ? header.length : decoded.firstWidth);
    const labels = columnLabels(header, width0);
    opts.onProgress?.({ file: file.name, phase: 'stage' });
    let width = width0;
    if (parts.length === 0) {
      const cols = Array.from(
        { length: width },
        (_, i) => `CAST(NULL AS VARCHAR) AS c${i + 1}`,
      ).join(', ');
      await db.exec(
        `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT CAST(NULL AS INTEGER) AS __line, ${cols} LIMIT 0`,
      );
    } else {
      const list = `[${parts.map(sqlString).join(', ')}]`;
      width = await createFromCsv(
        db,
        (w) =>
          `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT CAST(__line AS INTEGER) AS __line, * EXCLUDE (__line) FROM read_csv(${list}, ${csvOptions(m, w, true)})`,
        width0,
        file.name,
      );
    }
    const n = await stagedRows(db, table, file.name, opts);
    return {
      table,
      labels: padLabels(labels, width),
      width,
      declared: header ? labels.length : width,
      read: n,
      blankLines: decoded.blankLines,
      exactLines: true,
    };
  } finally {
    for (const p of parts) await db.dropFile(p);
  }
}

function parseOptions(opts: LoadOptions): ParseOptions {
  return {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.chunkBytes !== undefined ? { chunkBytes: opts.chunkBytes } : {}),
  };
}

/** Rows now in a staging table, reported as progress. */
async function stagedRows(db: Db, table: string, file: string, opts: LoadOptions): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  const n = row?.n ?? 0;
  opts.onProgress?.({ file, phase: 'stage', rows: n });
  return n;
}
