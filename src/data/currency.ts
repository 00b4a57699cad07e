import type { Db } from './db';
import type { ImportReport } from './ingest/types';
import { parseAmount } from './ingest/amounts';
import { ident } from './sql-text';

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

/** Rows read from each file to find the currency; a marker is on every row or on none. */
const SAMPLE_ROWS = 2000;

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

/**
 * The currency the imported order (or item, or product) amounts were written in, read from the
 * rows as the files had them (the import's source tables, all text). Null when no column carries
 * a marker, when columns disagree, or when the source tables are gone.
 */
export async function detectDataCurrency(db: Db, report: ImportReport): Promise<string | null> {
  const found = new Set<string>();
  const files = report.files.filter((f) => ['orders', 'order_items', 'products'].includes(f.table));
  for (const f of files) {
    if (f.columns.length === 0) continue;
    const cols = f.columns.map((_, i) => ident(`c${i + 1}`));
    let rows: Record<string, unknown>[];
    try {
      rows = await db.query(
        `SELECT ${cols.join(', ')} FROM ${ident(f.sourceTable)} ORDER BY __line LIMIT ${SAMPLE_ROWS}`,
      );
    } catch {
      continue;
    }
    for (let i = 0; i < f.columns.length; i++) {
      const values = rows.map((r) => {
        const v = r[`c${i + 1}`];
        return typeof v === 'string' ? v : null;
      });
      const code = currencyOfValues(values);
      if (code) found.add(code);
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
