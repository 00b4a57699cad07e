import { ident, sqlString } from '../sql-text';
import { TOTAL_RE, blank } from './check-columns';
import type { Rule } from './check-sql';
import type { Staged } from './staging';
import type { FileMapping, MappedField } from './types';

/** Fields typed as trimmed text (the pass names the typed column after the field). */
const TEXT_FIELDS: Record<FileMapping['table'], readonly MappedField[]> = {
  orders: ['order_id', 'customer_id', 'status'],
  order_items: ['order_id', 'product_id'],
  customers: ['customer_id', 'name', 'region', 'channel', 'segment'],
  products: ['product_id', 'name', 'category'],
};

/**
 * A copy of the header inside the data: every mapped cell equals its column's label. A column
 * the reader typed never does (its label is not a value of the type: typed-read.ts), so a pass
 * with one has no such row.
 */
export function headerRule(
  m: FileMapping,
  cols: Partial<Record<MappedField, string>>,
  labels: Partial<Record<MappedField, string>>,
  typed: Partial<Record<MappedField, unknown>> = {},
): Rule | null {
  const fields = Object.keys(cols) as MappedField[];
  if (!m.hasHeader || fields.length === 0 || fields.some((f) => typed[f])) return null;
  // Text fields compare their typed (already trimmed) value, and first: most rows fail there.
  const typedText = TEXT_FIELDS[m.table];
  const same = fields
    .sort((a, b) => Number(typedText.includes(b)) - Number(typedText.includes(a)))
    .map((f) => {
      const v = typedText.includes(f) ? f : `trim(${cols[f] ?? ''})`;
      return `lower(coalesce(${v}, '')) = ${sqlString((labels[f] ?? '').toLowerCase())}`;
    });
  return { reason: 'repeated header', cond: same.join(' AND '), field: null };
}

/** Any text cell of the row holding a total word (合计, Total:, ...). */
export function anyTotalSql(all: string[]): string {
  return all
    .map((x) => `regexp_matches(lower(coalesce(${x}, '')), ${sqlString(TOTAL_RE)})`)
    .join(' OR ');
}

/** Fields beyond the columns the header declared; null when the row width is the header's. */
export function tooManyRule(all: string[], staged: Staged): Rule | null {
  const extraAt = Array.from(
    { length: Math.max(0, all.length - staged.declared) },
    (_, k) => staged.declared + k,
  );
  if (extraAt.length === 0) return null;
  return {
    reason: 'too many fields',
    cond: extraAt.map((i) => `NOT ${blank(ident(`c${i + 1}`))}`).join(' OR '),
    field: null,
    example: (raw) => ({
      column: `CASE ${extraAt.map((i) => `WHEN NOT ${blank(raw(i))} THEN ${sqlString(staged.labels[i] ?? '')}`).join(' ')} END`,
      value: `coalesce(${extraAt.map(raw).join(', ')})`,
    }),
  };
}
