import type { CanonicalTable } from '../schema';
import { detectDecimalSeparator } from './amounts';
import { TABLE_FIELDS, scoreKinds, suggestColumns } from './columns';
import { dateLikeHeader, dateShare, detectDates } from './dates';
import { detectEncoding } from './encoding';
import { defaultReturnsRule } from './returns';
import { detectFormat, innerName, isGzip, readAll, readHead } from './file-bytes';
import { gunzip, parquetRows, xlsxRows, xlsxSheetNames } from './sources';
import {
  columnLabels,
  detectDelimiter,
  detectHeader,
  detectNewline,
  parseRows,
} from './text-table';
import type {
  DateDetection,
  Delimiter,
  EncodingGuess,
  EncodingName,
  FileMapping,
  FileSniff,
  ImportFile,
  MappedField,
} from './types';

export interface SniffOptions {
  /** Overrides: what the user picked in the UI. */
  encoding?: EncodingName;
  delimiter?: Delimiter;
  sheet?: string;
  table?: CanonicalTable;
  skipRows?: number;
  hasHeader?: boolean;
  /** Bytes of text read for detection (default 512 KiB). */
  sampleBytes?: number;
}

const SAMPLE_ROWS = 300;

/**
 * Looks at the start of a file and proposes how to read it: format, encoding (with confidence),
 * separator, header position, column labels, preview, what table it feeds, a column mapping and
 * the date formats per date column. Reads only a sample of text files. Runs where the parser
 * runs (the ingest worker in the browser); callers use sniffFile.
 */
export async function inspectFile(file: ImportFile, opts: SniffOptions = {}): Promise<FileSniff> {
  if (!file.data) throw new Error(`${file.name}: no data to inspect`);
  const sampleBytes = opts.sampleBytes ?? 1 << 19;
  let head = await readHead(file.data, sampleBytes);
  const gzip = isGzip(file.name, head);
  let name = file.name;
  let complete =
    file.data instanceof Uint8Array
      ? head.length === file.data.length
      : head.length === file.data.size;
  if (gzip) {
    const all = gunzip(await readAll(file.data));
    head = all.subarray(0, sampleBytes);
    complete = head.length === all.length;
    name = innerName(file.name);
  }
  const format = detectFormat(name, head);
  const notes: string[] = [];
  let rows: string[][];
  let encoding: EncodingGuess | undefined;
  let delimiter: Delimiter | undefined;
  let newline: FileSniff['newline'];
  let sheets: string[] | undefined;
  let fixedHeader = false;

  if (format === 'csv') {
    encoding = detectEncoding(head);
    if (opts.encoding && opts.encoding !== encoding.encoding) {
      encoding = { ...encoding, encoding: opts.encoding, confidence: 1 };
      notes.push(`encoding set to ${opts.encoding}`);
    } else if (encoding.confidence < 0.9) {
      notes.push(
        `encoding guessed as ${encoding.encoding} (confidence ${encoding.confidence}); check the preview`,
      );
    }
    let text = new TextDecoder(encoding.encoding).decode(head, { stream: !complete });
    if (!complete)
      text = text.slice(0, Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
    newline = detectNewline(text);
    delimiter = opts.delimiter ?? detectDelimiter(text);
    rows = parseRows(text, delimiter, delimiter === 'whitespace' ? '' : '"', SAMPLE_ROWS);
  } else if (format === 'xlsx') {
    const bytes = gzip ? head : await readAll(file.data);
    sheets = await xlsxSheetNames(bytes);
    rows = (await xlsxRows(bytes, opts.sheet)).slice(0, SAMPLE_ROWS);
    if (sheets.length > 1)
      notes.push(`workbook has ${sheets.length} sheets; reading "${opts.sheet ?? sheets[0]}"`);
  } else {
    const p = await parquetRows(gzip ? head : await readAll(file.data), SAMPLE_ROWS);
    rows = [p.header, ...p.rows];
    fixedHeader = true;
  }

  const detected = fixedHeader
    ? { skipRows: 0, hasHeader: true, width: rows[0]?.length ?? 0 }
    : detectHeader(rows.slice(0, 100));
  const skipRows = opts.skipRows ?? detected.skipRows;
  const hasHeader = opts.hasHeader ?? detected.hasHeader;
  const columns = columnLabels(hasHeader ? (rows[skipRows] ?? null) : null, detected.width);
  const data = rows
    .slice(skipRows + (hasHeader ? 1 : 0))
    .filter((r) => r.some((c) => c.trim() !== ''));
  if (skipRows > 0)
    notes.push(`${skipRows} line(s) above the ${hasHeader ? 'header' : 'data'} skipped`);
  if (!hasHeader) notes.push('no header row: columns named col1, col2, ...');

  // Dates like 5.1.2024 would vote for a decimal dot: only non-date columns are asked.
  const numericCells = columns.flatMap((_, i) => {
    const values = data.map((r) => r[i] ?? '');
    return dateShare(values) < 0.5 ? values : [];
  });
  const decimalSeparator = detectDecimalSeparator(numericCells);
  const suggestions = {} as Record<CanonicalTable, Partial<Record<MappedField, string>>>;
  for (const t of Object.keys(TABLE_FIELDS) as CanonicalTable[])
    suggestions[t] = suggestColumns(t, columns, data, decimalSeparator);
  const kinds = scoreKinds(suggestions);
  const table = opts.table ?? kinds[0]?.table ?? 'orders';
  const mapped = suggestions[table];

  const dates: DateDetection[] = [];
  columns.forEach((c, i) => {
    const values = data.map((r) => r[i] ?? '');
    const serials = dateLikeHeader(c);
    if (dateShare(values, serials) >= 0.6) dates.push(detectDates(c, values, serials));
  });
  const dateSpecs: FileMapping['dates'] = {};
  for (const f of ['order_date', 'signup_date'] as const) {
    const col = mapped[f];
    const d = dates.find((x) => x.column === col);
    if (col === undefined || !d) continue;
    dateSpecs[f] = d.suggestion;
    if (d.ambiguous)
      notes.push(`column "${col}": day/month order cannot be told from the values; please choose`);
    if (d.mixed)
      notes.push(
        `column "${col}": mixed date formats (${d.matches.map((m) => m.format).join(', ')})`,
      );
  }

  const orderIdIdx = mapped.order_id === undefined ? -1 : columns.indexOf(mapped.order_id);
  const orderIds = orderIdIdx < 0 ? [] : data.map((r) => r[orderIdIdx] ?? '');
  const lineLevel = mapped.product_id !== undefined || mapped.unit_price !== undefined;
  const sheetName = opts.sheet ?? sheets?.[0];
  const mapping: FileMapping = {
    file: file.name,
    table,
    format,
    ...(encoding ? { encoding: encoding.encoding } : {}),
    ...(delimiter ? { delimiter, quote: delimiter === 'whitespace' ? '' : '"' } : {}),
    ...(format === 'xlsx' && sheetName !== undefined ? { sheet: sheetName } : {}),
    skipRows,
    hasHeader,
    columns: mapped,
    dates: dateSpecs,
    decimalSeparator,
    ...(table === 'orders' ? { returns: defaultReturnsRule(orderIds) } : {}),
    // Without an order id, identical rows can be two real purchases; with one, a double export.
    duplicates:
      table === 'orders' && (lineLevel || mapped.order_id === undefined) ? 'keep' : 'reject',
  };
  return {
    name: file.name,
    format,
    gzip,
    ...(encoding ? { encoding } : {}),
    ...(delimiter ? { delimiter } : {}),
    ...(newline ? { newline } : {}),
    ...(sheets ? { sheets } : {}),
    skipRows,
    hasHeader,
    columns,
    preview: data.slice(0, 20),
    kinds,
    dates,
    decimalSeparator,
    mapping,
    notes,
  };
}
