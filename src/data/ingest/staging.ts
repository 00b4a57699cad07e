import { tableFromIPC } from 'apache-arrow';
import type { Db } from '../db';
import { readHead } from './file-bytes';
import { ingestParser, type ParseOptions } from './parser';
import { ident, sqlString } from '../sql-text';
import { columnLabels, parseRows } from './text-table';
import type { FileMapping, ImportFile, LoadOptions } from './types';

/**
 * A file ready to be read as text rows: `relation(width)` is SQL giving `__line` (source line or
 * row) and c1..c{width}, all VARCHAR. Text files are not copied into a table: the check reads
 * them once with read_csv, and reads them again only for the few rows whose text it needs.
 */
export interface Source {
  relation(width: number): string;
  /** Source column labels (header text or col1..), index i is column c{i+1}. */
  labels: string[];
  width: number;
  /** Columns the header declared (fields beyond it are "too many fields"); null: no header. */
  declared: number | null;
  blankLines: number;
  /** False when line numbers were derived by counting (registered files). */
  exactLines: boolean;
  /** read_csv may find rows wider than the header: the caller retries with a wider list. */
  widens: boolean;
  /** Frees what reading needed (registered parts, a loaded sheet). */
  close(): Promise<void>;
  /** A file read where it lies: its rows with some columns typed by the reader (typed-read.ts). */
  typed?: TypedSource;
}

/** Types the CSV reader can give a column itself. */
export type NativeType = 'DATE' | 'DOUBLE';

export interface TypedSource {
  /** As `relation`, with column i (0-based) read as `types[i]`; dates as YYYY-MM-DD. */
  relation(width: number, types: Record<number, NativeType>): string;
  /** The data rows at the head of the file (after skipped rows and header), whole rows only. */
  sample: string[][];
}

/** Width and labels of a source at a given width (read_csv found wider rows). */
export interface Staged {
  labels: string[];
  width: number;
  declared: number;
}

/** Head of a file read where it lies: its header, width and sample rows come from it. */
const HEAD_BYTES = 1 << 18;
/** Data rows of the head kept as the sample that decides the reader's typing (typed-read.ts). */
const SAMPLE_ROWS = 2000;

/** UTF-8 byte inputs above this go straight to read_csv (line numbers then counted, not traced). */
const DIRECT_BYTES = 16 << 20;

/** Not gzip, and lines end in LF or CRLF (DuckDB's reader does not take bare CR). */
function directable(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1 << 16);
  return !(head[0] === 0x1f && head[1] === 0x8b) && head.includes(0x0a);
}

/** Prepares `file` for reading; `name` prefixes whatever it registers or creates. */
export async function stageFile(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  name: string,
  opts: LoadOptions,
): Promise<Source> {
  if (m.format === 'csv') {
    const utf8Text =
      (m.encoding ?? 'utf-8') === 'utf-8' &&
      m.delimiter !== 'whitespace' &&
      !/\.gz$/i.test(file.name);
    if (utf8Text && file.registeredName !== undefined)
      return stageRegistered(file, file.registeredName, m, async () => undefined);
    if (
      utf8Text &&
      file.data instanceof Uint8Array &&
      file.data.length > DIRECT_BYTES &&
      directable(file.data)
    ) {
      // Big UTF-8 bytes: DuckDB reads them as they are, skipping the line-by-line pass in JS.
      const raw = `${name}.raw.csv`;
      await db.registerBuffer(raw, file.data);
      return stageRegistered(file, raw, m, () => db.dropFile(raw));
    }
    return stageDecoded(db, file, m, name, opts);
  }
  const parser = opts.parser ?? (await ingestParser());
  const sheet = await parser.sheetTable(
    { name: file.name, ...(file.data ? { data: file.data } : {}) },
    m,
    parseOptions(opts),
  );
  // The rows arrive as one Arrow buffer: the page decodes no cell (tableFromIPC is zero-copy).
  const table = `${name}_sheet`;
  await db.loadArrow(table, tableFromIPC(sheet.ipc));
  return {
    relation: () => `SELECT * FROM ${ident(table)}`,
    labels: sheet.labels,
    width: sheet.width,
    declared: sheet.declared,
    blankLines: sheet.blankLines,
    exactLines: true,
    widens: false,
    close: () => db.exec(`DROP TABLE IF EXISTS ${ident(table)}`),
  };
}

function csvOptions(
  m: FileMapping,
  width: number,
  withLine: boolean,
  types: Record<number, NativeType> = {},
): string {
  const delim = m.delimiter === 'whitespace' ? '\t' : (m.delimiter ?? ',');
  const quote = m.delimiter === 'whitespace' ? '' : (m.quote ?? '"');
  const cols = [
    ...(withLine ? ['__line'] : []),
    ...Array.from({ length: width }, (_, i) => `c${i + 1}`),
  ];
  const at = withLine ? -1 : 0;
  const spec = cols.map((c, i) => `${sqlString(c)}: '${types[i + at] ?? 'VARCHAR'}'`).join(', ');
  // strptime's reading of a date, which the text path's ISO format also gives (typed-read.ts).
  const dates = Object.values(types).includes('DATE') ? `dateformat = '%Y-%m-%d', ` : '';
  return `${dates}delim = ${sqlString(delim)}, quote = ${sqlString(quote)}, escape = ${sqlString(quote)}, header = false, auto_detect = false, null_padding = true, strict_mode = true, columns = {${spec}}`;
}

/** The header comes from a sample of the file; read_csv reads the rest where it lies. */
async function stageRegistered(
  file: ImportFile,
  registered: string,
  m: FileMapping,
  close: () => Promise<void>,
): Promise<Source> {
  if (!file.data) throw new Error(`${file.name}: the header needs a sample of the file (data)`);
  const bytes = await readHead(file.data, HEAD_BYTES);
  const head = new TextDecoder('utf-8').decode(bytes);
  const skip = m.skipRows + (m.hasHeader ? 1 : 0);
  const rows = parseRows(head, m.delimiter ?? ',', m.quote ?? '"', skip + SAMPLE_ROWS + 1);
  const width = Math.max(1, ...rows.slice(m.skipRows, m.skipRows + 50).map((r) => r.length));
  const labels = columnLabels(m.hasHeader ? (rows[m.skipRows] ?? null) : null, width);
  // The last row parsed from a cut head may be cut itself.
  const whole = bytes.length < HEAD_BYTES ? rows : rows.slice(0, -1);
  const relation = (w: number, types: Record<number, NativeType> = {}) =>
    `SELECT CAST(row_number() OVER () + ${skip} AS INTEGER) AS __line, * FROM read_csv(${sqlString(registered)}, skip = ${skip}, ${csvOptions(m, w, false, types)})`;
  return {
    relation: (w) => relation(w),
    typed: { relation, sample: whole.slice(skip, skip + SAMPLE_ROWS) },
    labels,
    width,
    declared: m.hasHeader ? labels.length : null,
    blankLines: 0,
    exactLines: false,
    widens: true,
    close,
  };
}

/**
 * Text that needs decoding (any encoding, gzip, whitespace-separated, or bytes without a
 * registered name): the parser turns it into line-numbered UTF-8 parts (see decodeText), each
 * registered as a file as it arrives; read_csv reads them together until the file is done.
 */
async function stageDecoded(
  db: Db,
  file: ImportFile,
  m: FileMapping,
  name: string,
  opts: LoadOptions,
): Promise<Source> {
  const parser = opts.parser ?? (await ingestParser());
  const parts: string[] = [];
  const close = async () => {
    for (const p of parts.splice(0)) await db.dropFile(p);
  };
  try {
    const decoded = await parser.decodeText(
      { name: file.name, ...(file.data ? { data: file.data } : {}) },
      m,
      parseOptions(opts),
      async (bytes) => {
        const part = `${name}.part${String(parts.length).padStart(4, '0')}.csv`;
        parts.push(part);
        await db.registerBuffer(part, bytes);
      },
    );
    const { header } = decoded;
    const width = Math.max(1, header ? header.length : decoded.firstWidth);
    const labels = columnLabels(header, width);
    const list = `[${parts.map(sqlString).join(', ')}]`;
    return {
      relation: (w) =>
        parts.length === 0
          ? `SELECT CAST(NULL AS INTEGER) AS __line, ${Array.from({ length: w }, (_, i) => `CAST(NULL AS VARCHAR) AS c${i + 1}`).join(', ')} LIMIT 0`
          : `SELECT CAST(__line AS INTEGER) AS __line, * EXCLUDE (__line) FROM read_csv(${list}, ${csvOptions(m, w, true)})`,
      labels,
      width,
      declared: header ? labels.length : null,
      blankLines: decoded.blankLines,
      exactLines: true,
      widens: parts.length > 0,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

function parseOptions(opts: LoadOptions): ParseOptions {
  return {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.chunkBytes !== undefined ? { chunkBytes: opts.chunkBytes } : {}),
  };
}

/** The source at `width` columns: labels padded for fields beyond the header. */
export function atWidth(src: Source, width: number): Staged {
  return {
    labels: [
      ...src.labels,
      ...Array.from({ length: Math.max(0, width - src.labels.length) }, (_, i) => `extra${i + 1}`),
    ],
    width,
    declared: src.declared ?? width,
  };
}
