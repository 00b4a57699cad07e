import type { ColumnRef, FileMapping, FileSniff } from './ingest/types';
import { parseAmount } from './ingest/amounts';

/**
 * The currency markers the importer strips from amounts (see ingest/amounts.ts), and the ISO
 * 4217 code each one stands for. ¥ and ￥ are read as yuan: the app's Chinese exports use them
 * that way; yen can be chosen in the currency menu.
 */
const MARKERS: readonly [RegExp, string][] = [
  [/RMB|CNY|元|[¥￥]/i, 'CNY'],
  [/USD|\$/i, 'USD'],
  [/EUR|€/i, 'EUR'],
  [/GBP|£/i, 'GBP'],
];

/**
 * The currency most values of one column are written in: a value counts when it reads as an
 * amount once its marker is stripped and carries exactly one kind of marker. The column speaks
 * for a currency when at least half its non-blank values do and none names another; else null.
 */
export function currencyOfValues(values: readonly (string | null | undefined)[]): string | null {
  const votes = new Map<string, number>();
  let nonBlank = 0;
  for (const raw of values) {
    const v = raw?.trim() ?? '';
    if (v === '') continue;
    nonBlank++;
    if (parseAmount(v, '.') === null && parseAmount(v, ',') === null) continue;
    const codes = new Set(MARKERS.filter(([re]) => re.test(v)).map(([, code]) => code));
    if (codes.size !== 1) continue;
    const [code] = codes;
    if (code) votes.set(code, (votes.get(code) ?? 0) + 1);
  }
  if (votes.size !== 1) return null;
  const [[code, n] = ['', 0]] = [...votes];
  return n * 2 >= nonBlank ? code : null;
}

/** Mapped fields that hold money, in the tables whose money the dashboard shows. */
const MONEY_FIELDS = ['amount', 'unit_price', 'revenue', 'cost', 'unit_cost'] as const;
const MONEY_TABLES = new Set(['orders', 'order_items', 'products']);

/** Index of a mapped column among the sniffed labels (header text, position, or colN). */
function columnIndex(labels: readonly string[], ref: ColumnRef): number {
  if (typeof ref === 'number') return Number.isInteger(ref) && ref >= 1 ? ref - 1 : -1;
  let i = labels.indexOf(ref);
  if (i < 0) i = labels.findIndex((l) => l.trim().toLowerCase() === ref.trim().toLowerCase());
  const m = /^col(\d+)$/i.exec(ref.trim());
  return i < 0 && m ? Number(m[1]) - 1 : i;
}

/**
 * The currency the money columns of files about to be imported are written in, read from the
 * rows the importer previewed (as text, as in the file) in the columns the mapping makes
 * amounts, prices, revenue or costs. Null when none carries a marker or they disagree.
 */
export function currencyOfFiles(
  files: readonly { sniff: FileSniff; mapping: FileMapping }[],
): string | null {
  const found = new Set<string>();
  for (const { sniff, mapping } of files) {
    if (!MONEY_TABLES.has(mapping.table)) continue;
    for (const field of MONEY_FIELDS) {
      const ref = mapping.columns[field];
      if (ref === undefined) continue;
      const i = columnIndex(sniff.columns, ref);
      if (i < 0) continue;
      const code = currencyOfValues(sniff.preview.map((row) => row[i]));
      if (code) found.add(code);
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
