import { dateFormatSql } from './dates';
import { sqlString } from '../sql-text';
import type { Staged } from './staging';
import type { ColumnRef, DateSpec } from './types';

/** Footer-total words; a row holding one in a key cell and anywhere else is a total line. */
export const TOTAL_RE =
  '^\\s*((合计|总计|小计|共计|总额).*|(total|totals|grand total|sum|subtotal)\\s*[:：]?\\s*)$';
/**
 * The first date a row may carry. DuckDB's strptime (the text path's formats and the typed read
 * alike) reads "infinity", "-infinity" and "epoch" as 1900-01-01 under any ISO format, so that
 * day, also the usual placeholder of a missing date, counts as out of range.
 */
export const MIN_DATE = "DATE '1900-01-02'";
export const MAX_DATE = "DATE '2100-12-31'";

/**
 * First characters a TOTAL_RE match can start with (after lower()): whitespace and below, and
 * G S T g s t 共 合 小 总. Checking them first keeps the regex off nearly every row.
 */
const TOTAL_STARTS = '(71, 83, 84, 103, 115, 116, 20849, 21512, 23567, 24635)';

/**
 * A key cell holding a total word. Checked before the all-columns regex: AND/OR evaluate
 * lazily per row, so the expensive scan only runs on rows already failing a key check.
 */
export function totalKey(col: string): string {
  return `(length(${col}) <= 16 AND (ascii(${col}) <= 32 OR ascii(${col}) IN ${TOTAL_STARTS}) AND regexp_matches(lower(${col}), ${sqlString(TOTAL_RE)}))`;
}

/**
 * Which format read each date, as SQL over the check table. With a single format that is known
 * from the parsed date, so nothing is stored; otherwise the pass adds `__date_format` (`outer`).
 */
export function formatColumn(raw: string, spec: DateSpec, parsed: string, outer: string[]): string {
  const only = spec.formats[0];
  if (only !== undefined && spec.formats.length === 1 && !spec.excelSerial)
    return `CASE WHEN ${parsed} IS NOT NULL THEN ${sqlString(only)} END`;
  outer.push(`${dateFormatSql(raw, spec)} AS __date_format`);
  return '__date_format';
}

/** Finds the text column a mapping entry points to: header text (exact, then loose) or position. */
export function resolveColumn(file: string, staged: Staged, field: string, ref: ColumnRef): number {
  if (typeof ref === 'number') {
    if (Number.isInteger(ref) && ref >= 1 && ref <= staged.width) return ref - 1;
  } else {
    let i = staged.labels.indexOf(ref);
    if (i < 0)
      i = staged.labels.findIndex((l) => l.trim().toLowerCase() === ref.trim().toLowerCase());
    if (i < 0) {
      const m = /^col(\d+)$/i.exec(ref.trim());
      if (m && Number(m[1]) <= staged.width) i = Number(m[1]) - 1;
    }
    if (i >= 0) return i;
  }
  throw new Error(
    `${file}: column "${ref}" mapped to ${field} is not in the file (columns: ${staged.labels.join(', ')})`,
  );
}

export const blank = (c: string) => `(${c} IS NULL OR trim(${c}) = '')`;
/**
 * A text cell trimmed, blank as NULL. trim only strips Unicode space separators (U+0020, U+00A0
 * and up), so an all-ASCII value that neither starts nor ends with a space is returned as it is:
 * most ids and statuses skip the trim, which costs several times the check. The check is byte
 * work only (LIKE on a space prefix or suffix, strlen against length for any non-ASCII
 * character): taking the value's first and last characters, as it did, cost three times as much
 * (1M rows, three columns: about 300 ms of CPU against 100 ms).
 */
export const text = (c: string) =>
  `NULLIF(CASE WHEN ${c} LIKE ' %' OR ${c} LIKE '% ' OR strlen(${c}) <> length(${c}) THEN trim(${c}) ELSE ${c} END, '')`;
