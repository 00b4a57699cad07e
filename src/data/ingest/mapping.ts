import { CANONICAL_COLUMNS, type CanonicalTable } from '../schema';
import type { FileMapping, FileSniff, ImportMapping } from './types';

/** The mapping the sniffs propose, one entry per file. */
export function suggestMapping(sniffs: FileSniff[]): ImportMapping {
  return { version: 1, files: sniffs.map((s) => s.mapping) };
}

const TABLES = Object.keys(CANONICAL_COLUMNS) as CanonicalTable[];
const FIELDS = new Set([
  'customer_id',
  'name',
  'signup_date',
  'region',
  'channel',
  'segment',
  'order_id',
  'order_date',
  'amount',
  'status',
  'quantity',
  'unit_price',
  'product_id',
  'revenue',
  'cost',
  'category',
  'unit_cost',
]);

/**
 * Checks a mapping from JSON (a saved file, a shared link) and says precisely what is wrong, so a
 * broken link fails with a message instead of a half-applied mapping.
 */
export function parseImportMapping(json: string | unknown): ImportMapping {
  const v: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const fail = (msg: string): never => {
    throw new Error(`import mapping: ${msg}`);
  };
  if (!v || typeof v !== 'object') fail('not an object');
  const o = v as { version?: unknown; files?: unknown };
  if (o.version !== 1) fail(`unsupported version ${String(o.version)}`);
  if (!Array.isArray(o.files)) fail('"files" must be a list');
  (o.files as unknown[]).forEach((f, i) => {
    const m = f as Partial<FileMapping>;
    const where = `files[${i}]`;
    if (!m || typeof m !== 'object') fail(`${where} is not an object`);
    if (typeof m.file !== 'string') fail(`${where}.file must be the file name`);
    if (!TABLES.includes(m.table as CanonicalTable))
      fail(`${where}.table must be one of ${TABLES.join(', ')}`);
    if (!['csv', 'xlsx', 'parquet'].includes(m.format as string))
      fail(`${where}.format must be csv, xlsx or parquet`);
    if (typeof m.skipRows !== 'number' || m.skipRows < 0)
      fail(`${where}.skipRows must be a number >= 0`);
    if (typeof m.hasHeader !== 'boolean') fail(`${where}.hasHeader must be true or false`);
    if (m.decimalSeparator !== '.' && m.decimalSeparator !== ',')
      fail(`${where}.decimalSeparator must be "." or ","`);
    if (!m.columns || typeof m.columns !== 'object')
      fail(`${where}.columns must map fields to source columns`);
    for (const [k, ref] of Object.entries(m.columns ?? {})) {
      if (!FIELDS.has(k)) fail(`${where}.columns: unknown field "${k}"`);
      if (typeof ref !== 'string' && typeof ref !== 'number')
        fail(`${where}.columns.${k} must be a column name or 1-based position`);
    }
  });
  return v as ImportMapping;
}
