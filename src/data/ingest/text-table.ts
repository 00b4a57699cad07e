import type { Delimiter } from './types';

const CANDIDATES: Exclude<Delimiter, 'whitespace'>[] = [',', ';', '\t', '|'];

/** Splits text into records and fields; quote-aware; blank lines kept as [] so indexes = lines. */
export function parseRows(
  text: string,
  delimiter: Delimiter,
  quote = '"',
  maxRows = 200,
): string[][] {
  if (delimiter === 'whitespace') {
    return splitLines(text)
      .slice(0, maxRows)
      .map((l) => (l.trim() === '' ? [] : l.trim().split(/[ \t]+/)));
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const ch = text.charAt(i);
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i++;
        } else inQuotes = false;
      } else field += ch;
      continue;
    }
    if (quote !== '' && ch === quote && field.trim() === '') {
      inQuotes = true;
      fieldStarted = true;
      field = '';
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (fieldStarted || field !== '') row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (rows.length < maxRows && (fieldStarted || field !== '')) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function detectNewline(text: string): 'lf' | 'crlf' | 'cr' {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (crlf >= 0 && crlf <= lf) return 'crlf';
  if (lf >= 0) return 'lf';
  return cr >= 0 ? 'cr' : 'lf';
}

/**
 * Picks the separator giving the most rows with the same field count (>1). The sample's last
 * line may be cut, so it is ignored.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = splitLines(text).slice(0, 101);
  if (lines.length > 1) lines.pop();
  const body = lines.join('\n');
  let best: { d: Delimiter; score: number } = { d: ',', score: -1 };
  const consider = (d: Delimiter) => {
    const rows = parseRows(body, d).filter((r) => r.length > 0);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let modal = 0;
    let modalCount = 0;
    for (const [k, v] of counts)
      if (v > modalCount || (v === modalCount && k > modal)) [modal, modalCount] = [k, v];
    if (modal < 2) return;
    // Consistency first, then width: "a;b,c" lines prefer the separator splitting all rows.
    const score = modalCount / Math.max(1, rows.length) + modal / 1000;
    if (score > best.score) best = { d, score };
  };
  CANDIDATES.forEach(consider);
  // Whitespace only when no real separator splits the lines consistently: names with spaces
  // would otherwise split.
  if (best.score >= 0.9) return best.d;
  consider('whitespace');
  return best.d;
}

const NUMBERISH = /^[\s(+-]*[¥￥$€£]?\s*[\d.,\s]+\s*-?\)?\s*(元|RMB|CNY|USD|EUR)?$/i;
const DATEISH = /^\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}/;

function looksLikeData(cell: string): boolean {
  const t = cell.trim();
  return t !== '' && (NUMBERISH.test(t) || DATEISH.test(t));
}

/**
 * Finds title/blank lines above the table and whether the first table line is a header:
 * the table starts at the first line with the modal field count; it is a header when none of
 * its cells looks like a number or date while the lines below have some that do.
 */
export function detectHeader(rows: string[][]): {
  skipRows: number;
  hasHeader: boolean;
  width: number;
} {
  const nonEmpty = (r: string[]) => r.filter((c) => c.trim() !== '').length;
  const counts = new Map<number, number>();
  for (const r of rows) if (nonEmpty(r) > 0) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [k, v] of counts) if (v > best || (v === best && k > width)) [width, best] = [k, v];
  let start = rows.findIndex(
    (r) => r.length >= width && nonEmpty(r) >= Math.max(1, Math.ceil(width / 2)),
  );
  if (start < 0) start = 0;
  const first = rows[start] ?? [];
  const below = rows.slice(start + 1, start + 21).filter((r) => nonEmpty(r) > 0);
  const firstData = first.filter(looksLikeData).length;
  const belowData =
    below.length === 0
      ? 0
      : below.reduce((s, r) => s + r.filter(looksLikeData).length, 0) / below.length;
  const hasHeader =
    firstData === 0
      ? nonEmpty(first) > 0 && (belowData > 0 || below.length === 0 || distinctFrom(first, below))
      : firstData < belowData / 2;
  return { skipRows: start, hasHeader, width: Math.max(width, first.length) };
}

function distinctFrom(first: string[], below: string[][]): boolean {
  return below.every((r) => r.some((c, i) => c !== first[i]));
}

/** Header labels (trimmed; blanks and duplicates made unique) or col1..colN. */
export function columnLabels(header: string[] | null, width: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    let label = header ? (header[i] ?? '').replace(/^\uFEFF/, '').trim() : '';
    if (label === '') label = `col${i + 1}`;
    let unique = label;
    for (let k = 2; seen.has(unique); k++) unique = `${label}_${k}`;
    seen.add(unique);
    out.push(unique);
  }
  return out;
}
