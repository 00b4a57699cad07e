import type { SqlValue } from '../data/db';
import { CANONICAL_COLUMNS } from '../data/schema';
import { ident } from '../data/sql-text';

const SUMMARY_EXTRA = [
  'first_order',
  'last_order',
  'purchase_days',
  'orders',
  'returns',
  'value',
  'gross',
  'margin',
  'tenure_days',
  'recency_days',
  'x',
  't_x',
  'T',
];

/** Every column name the analyses may splice into SQL. */
const KNOWN_COLUMNS = new Set<string>([
  ...Object.values(CANONICAL_COLUMNS).flat(),
  ...SUMMARY_EXTRA,
]);

/**
 * Quotes an identifier for DuckDB. Column names cannot be bound parameters, so this is the one
 * place they enter SQL text; names outside the known canonical/summary columns are refused
 * unless `allowUnknown` is set (for names the code itself generates).
 */
export function quoteIdent(name: string, opts: { allowUnknown?: boolean } = {}): string {
  if (typeof name !== 'string' || name.length === 0) throw new Error('Empty column name');
  if (!opts.allowUnknown && !KNOWN_COLUMNS.has(name)) {
    throw new Error(`Unknown column "${name}"`);
  }
  return ident(name);
}

/** `IN (?, ?, ...)` for a list of values, with the values to bind. */
export function inList(values: readonly SqlValue[]): { sql: string; params: SqlValue[] } {
  return { sql: `IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}
