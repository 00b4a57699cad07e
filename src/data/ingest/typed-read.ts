import type { Db } from '../db';
import { ident } from '../sql-text';
import { amountSql } from './amounts';
import { blank, resolveColumn } from './check-columns';
import { FLAGGED } from './check-sql';
import { dateSql } from './dates';
import { ensureText, type CheckTables } from './duplicates';
import type { NativeType, Staged } from './staging';
import type { DateSpec, FileMapping, MappedField } from './types';

/**
 * The typed read: a file read where it lies can have its date and number columns typed by
 * DuckDB's CSV reader itself instead of read as text and typed by the check pass. At 1M orders
 * that pass took 1.1-1.6 s in Node and the typed one 0.85-0.95 s: the reader parses a number or
 * a date in place, where text is first copied into a string per cell and then cast.
 *
 * It must not change what a row means, so it is taken only where the reader and the text path
 * agree (test/integration/ingest-typed-read.test.ts holds them to it, value by value):
 * - numbers with a decimal point: the reader accepts exactly what DuckDB's cast accepts, and the
 *   text path tries that cast before its own cleanup (amounts.ts); NaN and infinities are
 *   unparseable in both;
 * - dates in the ISO format alone, read with `dateformat` (strptime, as the text path does).
 * The first value the reader cannot take (`¥12`, `1,234.50`, `2024/1/5`, a repeated header, a
 * total line) fails the whole statement, and the pass runs again the text way. So the typed
 * read is tried only when the sample at the head shows every such column in the plain form.
 */

/** Fields the check pass reads as numbers, and as dates. */
const NUMBER_FIELDS: readonly MappedField[] = [
  'amount',
  'revenue',
  'quantity',
  'unit_price',
  'cost',
  'unit_cost',
];
const DATE_FIELDS = ['order_date', 'signup_date'] as const;

/** Fields a row cannot load without (a blank one in the sample: the typed read is not tried). */
function required(m: FileMapping): MappedField[] {
  const mapped = (f: MappedField) => m.columns[f] !== undefined && m.columns[f] !== null;
  const value = (f: MappedField): MappedField[] => (mapped(f) ? [f] : ['quantity', 'unit_price']);
  if (m.table === 'orders') return ['customer_id', 'order_date', ...value('amount')];
  if (m.table === 'order_items') return ['order_id', 'product_id', ...value('revenue')];
  return [m.table === 'customers' ? 'customer_id' : 'product_id'];
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The mapped fields the reader may type, by field; none when the sample has a row that would be
 * rejected. Such a row's text has to be read again after a typed read (the reader keeps no text),
 * and reading 1M rows as text again (about 0.6 s in Node) costs more than the typed read saves.
 */
export function nativeFields(
  m: FileMapping,
  staged: Staged,
  sample: readonly string[][],
): Partial<Record<MappedField, NativeType>> {
  const at = (f: MappedField): number | undefined => {
    const ref = m.columns[f];
    return ref === undefined || ref === null ? undefined : resolveColumn(m.file, staged, f, ref);
  };
  const empty = (v: string | undefined) => v === undefined || v.trim() === '';
  for (const f of required(m)) {
    const i = at(f);
    if (i !== undefined && sample.some((r) => empty(r[i]))) return {};
  }
  // A sample row wider than the header: "too many fields" rows are rejected.
  if (sample.some((r) => r.length > staged.declared)) return {};
  // A label that reads as the type would let a repeated header through the reader (headerRule).
  const plain = (i: number, re: RegExp, label: string) =>
    !re.test(label.trim()) &&
    sample.some((r) => !empty(r[i])) &&
    sample.every((r) => empty(r[i]) || re.test(r[i] ?? ''));
  const out: Partial<Record<MappedField, NativeType>> = {};
  if (m.decimalSeparator === '.')
    for (const f of NUMBER_FIELDS) {
      const i = at(f);
      if (i !== undefined && plain(i, PLAIN_NUMBER, staged.labels[i] ?? '')) out[f] = 'DOUBLE';
    }
  for (const f of DATE_FIELDS) {
    const i = at(f);
    const spec =
      m.dates?.[f] ??
      (f === 'order_date' ? { formats: ['%Y-%m-%d'], excelSerial: false } : undefined);
    const iso = spec?.formats.length === 1 && spec.formats[0] === '%Y-%m-%d';
    if (i !== undefined && iso && !spec.excelSerial && plain(i, PLAIN_DATE, staged.labels[i] ?? ''))
      out[f] = 'DATE';
  }
  return out;
}

/**
 * SQL of a field's value, blank test and date in the check pass, for a column the reader typed
 * (`native`) or a text column. `c`: the field's column.
 */
export function fieldSql(
  c: (f: MappedField) => string,
  native: Partial<Record<MappedField, NativeType>>,
  decimal: '.' | ',',
) {
  return {
    /** NaN and infinities read by the reader are unparseable, as they are read from text. */
    num: (f: MappedField) =>
      native[f] ? `CASE WHEN isfinite(${c(f)}) THEN ${c(f)} END` : amountSql(c(f), decimal),
    /** A typed column is NULL for an empty cell only: spaces alone fail the typed read. */
    isBlank: (f: MappedField) => (native[f] ? `(${c(f)} IS NULL)` : blank(c(f))),
    date: (f: 'order_date' | 'signup_date', spec: DateSpec) =>
      native[f] ? c(f) : dateSql(c(f), spec),
  };
}

/** The reader's type per text column index, from the fields' types. */
export function nativeColumns(
  m: FileMapping,
  staged: Staged,
  fields: Partial<Record<MappedField, NativeType>>,
): Record<number, NativeType> {
  const out: Record<number, NativeType> = {};
  for (const [f, t] of Object.entries(fields) as [MappedField, NativeType][]) {
    const ref = m.columns[f];
    if (ref !== undefined && ref !== null) out[resolveColumn(m.file, staged, f, ref)] = t;
  }
  return out;
}

/**
 * After a typed pass: the text of the rows it rejected or warned about, read from the file
 * again (as the text pass would have kept it), so their examples and the rejects download show
 * the file's own spelling ("2578.30", not 2578.3). Nothing is read when no row is flagged.
 */
export async function keepTypedFlaggedText(db: Db, t: CheckTables, flagged: number): Promise<void> {
  if (flagged === 0) return;
  await ensureText(db, t, `SELECT __line FROM ${ident(t.chk)} WHERE ${FLAGGED}`);
  const cols = Array.from({ length: t.width }, (_, i) => `s.${ident(`c${i + 1}`)}`);
  await db.exec(
    `UPDATE ${ident(t.chk)} AS k SET __raw = CAST(list_value(${cols.join(', ')}) AS VARCHAR)
     FROM ${ident(t.source)} AS s WHERE s.__line = k.__line AND ${FLAGGED}`,
  );
}
