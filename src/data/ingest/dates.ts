import type { DateDetection, DateSpec } from './types';
import { sqlString } from '../sql-text';

const TIME_SUFFIX = /(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?(?:\s*[AaPp][Mm])?.*)$/;
/** The same suffix for DuckDB's RE2 (no lookarounds used, so identical semantics). */
const TIME_SUFFIX_SQL = '(?:[T ]\\s*\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d*)?)?(?:\\s*[AaPp][Mm])?.*)$';

export const EXCEL_SERIAL = 'excel-serial';

interface Reading {
  formats: string[];
  /** For d/m ambiguity: the first and second number, the separator and year width. */
  pair?: { a: number; b: number; sep: string; yy: boolean };
}

function readValue(raw: string, serials = true): Reading | 'serial' | null {
  const v = raw.trim().replace(TIME_SUFFIX, '');
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(v);
  if (m) return { formats: [`%Y${m[2]}%m${m[2]}%d`] };
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(v);
  if (m) return { formats: [v.endsWith('日') ? '%Y年%m月%d日' : '%Y年%m月%d'] };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (
    m &&
    Number(m[1]) >= 1900 &&
    Number(m[1]) <= 2100 &&
    Number(m[2]) >= 1 &&
    Number(m[2]) <= 12 &&
    Number(m[3]) >= 1 &&
    Number(m[3]) <= 31
  ) {
    return { formats: ['%Y%m%d'] };
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/.exec(v);
  if (m) {
    const sep = m[2] ?? '/';
    const yy = (m[4] ?? '').length === 2 ? 'y' : 'Y';
    return {
      formats: [`%m${sep}%d${sep}%${yy}`, `%d${sep}%m${sep}%${yy}`],
      pair: { a: Number(m[1]), b: Number(m[3]), sep, yy: yy === 'y' },
    };
  }
  if (serials && /^\d{5}(\.\d+)?$/.test(v) && +v >= 20000 && +v <= 80000) return 'serial';
  return null;
}

/**
 * Detects the date format(s) of a column from sample values. Day/month order is decided by any
 * value whose first (or second) number exceeds 12; otherwise the result is `ambiguous` with both
 * readings, and the suggestion follows the separator's usual convention ('.' day-first).
 */
export function detectDates(column: string, values: string[], serials = true): DateDetection {
  const counts = new Map<string, number>();
  let serial = 0;
  let unparsed = 0;
  const pairs = new Map<
    string,
    { mdy: boolean; dmy: boolean; n: number; sep: string; yy: boolean }
  >();
  for (const raw of values) {
    if (raw.trim() === '') continue;
    const r = readValue(raw, serials);
    if (r === 'serial') serial++;
    else if (r === null) unparsed++;
    else if (r.pair) {
      const key = `${r.pair.sep}${r.pair.yy}`;
      const p = pairs.get(key) ?? { mdy: false, dmy: false, n: 0, sep: r.pair.sep, yy: r.pair.yy };
      p.n++;
      if (r.pair.a > 12) p.dmy = true;
      if (r.pair.b > 12) p.mdy = true;
      pairs.set(key, p);
    } else {
      const f = r.formats[0] ?? '';
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
  }
  let ambiguous = false;
  let candidates: [DateSpec, DateSpec] | undefined;
  const fixed = [...counts.keys()];
  for (const p of pairs.values()) {
    const y = p.yy ? 'y' : 'Y';
    const mdy = `%m${p.sep}%d${p.sep}%${y}`;
    const dmy = `%d${p.sep}%m${p.sep}%${y}`;
    if (p.mdy && !p.dmy) counts.set(mdy, p.n);
    else if (p.dmy && !p.mdy) counts.set(dmy, p.n);
    else if (p.mdy && p.dmy) {
      // Both orders occur: genuinely mixed; each value parses with the reading that fits.
      counts.set(mdy, p.n);
      counts.set(dmy, 0);
    } else {
      ambiguous = true;
      const dayFirst = p.sep === '.';
      counts.set(dayFirst ? dmy : mdy, p.n);
      candidates = [
        { formats: [...fixed, mdy], excelSerial: serial > 0 },
        { formats: [...fixed, dmy], excelSerial: serial > 0 },
      ];
    }
  }
  const matches = [...counts.entries()]
    .map(([format, count]) => ({ format, count }))
    .sort((x, y) => y.count - x.count);
  const suggestion: DateSpec = { formats: matches.map((m) => m.format), excelSerial: serial > 0 };
  const kinds = matches.filter((m) => m.count > 0).length + (serial > 0 ? 1 : 0);
  return {
    column,
    matches,
    excelSerial: serial,
    unparsed,
    ambiguous,
    ...(candidates ? { candidates } : {}),
    suggestion,
    mixed: kinds > 1,
  };
}

/**
 * Share of non-blank values that read as dates. Five-digit numbers count as Excel serials only
 * when asked (a date-like header): product codes look the same.
 */
export function dateShare(values: string[], serials = false): number {
  const nb = values.filter((v) => v.trim() !== '');
  if (nb.length === 0) return 0;
  return nb.filter((v) => readValue(v, serials) !== null).length / nb.length;
}

/** Headers that announce a date or time (so numbers in them may be Excel serials). */
export function dateLikeHeader(label: string): boolean {
  return /date|time|day|日期|时间|日|created|signup|registered/i.test(label);
}

/** The time suffix needs a colon, so values without one skip the regex (same result). */
function dateOnly(v: string): string {
  return `CASE WHEN contains(${v}, ':') THEN regexp_replace(trim(${v}), ${sqlString(TIME_SUFFIX_SQL)}, '') ELSE trim(${v}) END`;
}

/**
 * For ISO dates: a plain YYYY-MM-DD value casts directly, giving the date try_strptime would;
 * anything else (times, spaces, other shapes) still goes through the formats.
 */
function isoFast(v: string): string {
  return `CASE WHEN ${v} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN TRY_CAST(${v} AS DATE) END`;
}

function serialCond(v: string): string {
  return `(regexp_full_match(trim(${v}), '\\d{5}(\\.\\d+)?') AND TRY_CAST(trim(${v}) AS DOUBLE) BETWEEN 20000 AND 80000)`;
}

/** SQL: the DATE a staging VARCHAR holds under `spec`, or NULL (callers bound it to 1900..2100). */
export function dateSql(v: string, spec: DateSpec): string {
  const d = dateOnly(v);
  const tries = spec.formats.map((f) => `CAST(try_strptime(${d}, ${sqlString(f)}) AS DATE)`);
  if (spec.formats[0] === '%Y-%m-%d') tries.unshift(isoFast(v));
  const parsed =
    tries.length === 0
      ? 'NULL::DATE'
      : tries.length === 1
        ? (tries[0] ?? '')
        : `COALESCE(${tries.join(', ')})`;
  const serial = spec.excelSerial
    ? `WHEN ${serialCond(v)} THEN DATE '1899-12-30' + CAST(floor(TRY_CAST(trim(${v}) AS DOUBLE)) AS INTEGER) `
    : '';
  return serial ? `CASE ${serial}ELSE ${parsed} END` : parsed;
}

/** SQL: which format of `spec` read the value (for the mixed-format report). */
export function dateFormatSql(v: string, spec: DateSpec): string {
  const d = dateOnly(v);
  const serial = spec.excelSerial ? `WHEN ${serialCond(v)} THEN ${sqlString(EXCEL_SERIAL)} ` : '';
  const arms = spec.formats
    .map((f) => `WHEN try_strptime(${d}, ${sqlString(f)}) IS NOT NULL THEN ${sqlString(f)}`)
    .join(' ');
  return serial || arms ? `CASE ${serial}${arms} END` : 'CAST(NULL AS VARCHAR)';
}
