import type { Db } from '../db';
import { gunzip, isGzip, parquetRows, readAll, readHead, xlsxRows } from './sources';
import { ident, sqlString } from '../sql-text';
import { columnLabels, parseRows } from './text-table';
import { stageRows } from './staging-rows';
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

const CHUNK_BYTES = 4 << 20;
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
  return stageRows(db, rows, m, table);
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

async function* byteChunks(data: Uint8Array | Blob, size: number): AsyncGenerator<Uint8Array> {
  if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    return;
  }
  const reader = data.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (let i = 0; i < value.length; i += size) yield value.subarray(i, i + size);
  }
}

/**
 * Decodes text in chunks (any encoding, streaming TextDecoder), drops the lines above the data,
 * counts blank lines, and prefixes each record with its source line number so rejects point to
 * the exact line even after blank lines or multi-line quoted cells. Parts of ~8M characters are
 * registered as separate files and read together.
 */
async function stageDecoded(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  table: string,
  opts: LoadOptions,
): Promise<Staged> {
  if (!file.data) throw new Error(`${file.name}: no data`);
  let data: Uint8Array | Blob = file.data;
  if (isGzip(file.name, await readHead(data, 2))) data = gunzip(await readAll(data));
  const total = data instanceof Uint8Array ? data.length : data.size;
  const chunkBytes = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  const decoder = new TextDecoder(m.encoding ?? 'utf-8');
  const whitespace = m.delimiter === 'whitespace';
  const delim = whitespace ? '\t' : (m.delimiter ?? ',');
  const quote = whitespace ? '' : (m.quote ?? '"');
  const skip = m.skipRows + (m.hasHeader ? 1 : 0);
  let header: string[] | null = null;
  let firstWidth = 0;
  let lineNo = 0;
  let inQuote = false;
  let blank = 0;
  let carry = '';
  let buf: string[] = [];
  let bufChars = 0;
  const parts: string[] = [];
  let seen = 0;

  const flush = async () => {
    if (buf.length === 0) return;
    const name = `${table}.part${String(parts.length).padStart(4, '0')}.csv`;
    await db.registerText(name, buf.join('\n') + '\n');
    parts.push(name);
    buf = [];
    bufChars = 0;
  };
  const takeLine = (line: string) => {
    lineNo++;
    if (lineNo <= skip) {
      if (m.hasHeader && lineNo === skip)
        header = parseRows(line, m.delimiter ?? ',', quote, 1)[0] ?? [];
      return;
    }
    const start = !inQuote;
    if (start && line.trim() === '') {
      blank++;
      return;
    }
    let out: string;
    if (whitespace) {
      const fields = line.trim().split(/[ \t]+/);
      if (firstWidth === 0) firstWidth = fields.length;
      out = `${lineNo}\t${fields.join('\t')}`;
    } else {
      if (firstWidth === 0) firstWidth = (parseRows(line, delim, quote, 1)[0] ?? []).length;
      out = start ? `${lineNo}${delim}${line}` : line;
    }
    if (quote !== '') {
      let q = 0;
      for (let i = line.indexOf(quote); i >= 0; i = line.indexOf(quote, i + 1)) q++;
      if (q % 2 === 1) inQuote = !inQuote;
    }
    buf.push(out);
    bufChars += out.length;
  };

  for await (const chunk of byteChunks(data, chunkBytes)) {
    if (opts.signal?.aborted)
      throw new DOMException(`${file.name}: import cancelled`, 'AbortError');
    seen += chunk.length;
    let text = carry + decoder.decode(chunk, { stream: true });
    // A chunk ending in \r may be half of \r\n: keep it for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = text.slice(0, cut).split(/\r\n|\n|\r/);
    carry = (lines.pop() ?? '') + text.slice(cut);
    text = '';
    for (const line of lines) takeLine(line);
    if (bufChars > 2 * chunkBytes && !inQuote) await flush();
    opts.onProgress?.({ file: file.name, phase: 'read', bytes: seen, totalBytes: total });
  }
  // The final line break ends the last line; it does not start an empty one.
  const rest = (carry + decoder.decode()).replace(/(\r\n|\n|\r)$/, '');
  if (rest !== '') for (const line of rest.split(/\r\n|\n|\r/)) takeLine(line);
  await flush();

  const width0 = Math.max(1, header ? (header as string[]).length : firstWidth);
  const labels = columnLabels(header, width0);
  opts.onProgress?.({ file: file.name, phase: 'stage' });
  let width = width0;
  if (parts.length === 0) {
    const cols = Array.from({ length: width }, (_, i) => `CAST(NULL AS VARCHAR) AS c${i + 1}`).join(
      ', ',
    );
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
  for (const p of parts) await db.dropFile(p);
  const n = await stagedRows(db, table, file.name, opts);
  return {
    table,
    labels: padLabels(labels, width),
    width,
    declared: header ? labels.length : width,
    read: n,
    blankLines: blank,
    exactLines: true,
  };
}

/** Spreadsheet / Parquet rows (already text) into the staging table via Arrow. */
/** Rows now in a staging table, reported as progress. */
async function stagedRows(db: Db, table: string, file: string, opts: LoadOptions): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  const n = row?.n ?? 0;
  opts.onProgress?.({ file, phase: 'stage', rows: n });
  return n;
}
