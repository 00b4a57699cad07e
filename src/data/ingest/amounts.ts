import { sqlString } from '../sql-text';

/**
 * Guesses the decimal separator from sample values: a comma followed by exactly one or two
 * digits at the end ("1.234,50", "12,5") votes for comma; a dot followed by 1-2 or 4+ digits
 * votes for dot. "1,234" alone is thousands-with-dot-decimal, the common export.
 */
export function detectDecimalSeparator(values: string[]): '.' | ',' {
  let comma = 0;
  let dot = 0;
  for (const raw of values) {
    const v = raw.replace(/[^\d.,]/g, '');
    if (/,\d{1,2}$/.test(v) || /\.\d{3},\d+$/.test(v)) comma++;
    else if (/\.\d{1,2}$/.test(v) || /\.\d{4,}$/.test(v) || /,\d{3}\.\d+$/.test(v)) dot++;
  }
  return comma > dot ? ',' : '.';
}

const CURRENCY = '(?:RMB|CNY|USD|EUR|GBP|元|[¥￥$€£()\\s\\x{00A0}])';

/** Share of non-blank sample values that read as numbers under the separator. */
export function numberShare(values: string[], decimal: '.' | ','): number {
  const nb = values.filter((v) => v.trim() !== '');
  if (nb.length === 0) return 0;
  return nb.filter((v) => parseAmount(v, decimal) !== null).length / nb.length;
}

const DIGITS = '\\d+(?:_\\d+)*';
/** The numbers DuckDB's cast to DOUBLE reads, once trimmed (NaN and infinities aside). */
const DUCKDB_NUMBER = new RegExp(
  `^\\+?-?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);

/** JS twin of amountSql, used on samples (suggestions, kind scores). */
export function parseAmount(raw: string, decimal: '.' | ','): number | null {
  const t = raw.trim();
  if (t === '') return null;
  // What DuckDB's cast reads (see amountSql), "+-1" and "1_000" included; not JS's hex.
  if (decimal === '.' && DUCKDB_NUMBER.test(t)) {
    const n = Number(t.replace(/^\+/, '').replaceAll('_', ''));
    return Number.isFinite(n) ? n : null;
  }
  const neg = /^\(.*\)$/.test(t) || /-\s*$/.test(t);
  let s = t.replace(/(?:RMB|CNY|USD|EUR|GBP|元|[¥￥$€£()\s\u00a0])/gi, '').replace(/-$/, '');
  if (!/^[+-]?[\d.,]+$/.test(s)) return null;
  s = decimal === '.' ? s.replaceAll(',', '') : s.replaceAll('.', '').replace(',', '.');
  const n = Number(s);
  if (!Number.isFinite(n)) return null;
  return neg ? -Math.abs(n) : n;
}

/**
 * SQL: the DOUBLE a staging VARCHAR holds, or NULL. Strips currency words/symbols and spaces,
 * reads "(12.50)" and "12.50-" as negative, and removes thousands separators.
 *
 * Plain numbers ("129.90", "-3", "7") take a fast path: for a value made only of an optional
 * sign, digits and the decimal separator, the full cleanup below leaves it unchanged and ends in
 * the same TRY_CAST, so the result is identical; the cleanup runs only on the other rows. (A
 * CASE, not COALESCE(fast, cleanup): measured, COALESCE cost about as much again as the cast.)
 */
export function amountSql(v: string, decimal: '.' | ','): string {
  const plain = decimal === '.' ? '[+-]?[0-9.]+' : '[+-]?[0-9]+';
  // Any other number DuckDB reads (" 12.5 ", "1.5E+06", "1_000") is read as DuckDB reads it,
  // as its CSV reader does when it types the column itself (typed-read.ts); NaN and the
  // infinities are no amount.
  const cast = `TRY_CAST(${v} AS DOUBLE)`;
  const other =
    decimal === '.'
      ? `CASE WHEN isfinite(${cast}) THEN ${cast} ELSE ${cleanAmountSql(v, decimal)} END`
      : cleanAmountSql(v, decimal);
  return `CASE WHEN regexp_full_match(${v}, '${plain}') THEN ${cast} ELSE ${other} END`;
}

function cleanAmountSql(v: string, decimal: '.' | ','): string {
  const t = `trim(${v})`;
  const stripped = `regexp_replace(regexp_replace(${t}, ${sqlString(CURRENCY)}, '', 'gi'), '-$', '')`;
  const normal =
    decimal === '.'
      ? `replace(${stripped}, ',', '')`
      : `replace(replace(${stripped}, '.', ''), ',', '.')`;
  const neg = `(regexp_full_match(${t}, '\\(.*\\)') OR regexp_matches(${t}, '-\\s*$'))`;
  return `CASE WHEN regexp_full_match(${stripped}, '[+-]?[0-9.,]+') THEN (CASE WHEN ${neg} THEN -abs(TRY_CAST(${normal} AS DOUBLE)) ELSE TRY_CAST(${normal} AS DOUBLE) END) END`;
}
