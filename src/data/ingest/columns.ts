import type { CanonicalTable } from '../schema';
import { dateLikeHeader, dateShare } from './dates';
import { numberShare } from './amounts';
import { SYNONYMS } from './synonyms';
import type { KindScore, MappedField } from './types';

export const TABLE_FIELDS: Record<CanonicalTable, MappedField[]> = {
  customers: ['customer_id', 'name', 'signup_date', 'region', 'channel', 'segment'],
  orders: ['order_id', 'customer_id', 'order_date', 'amount', 'quantity', 'unit_price', 'status'],
  order_items: ['order_id', 'product_id', 'quantity', 'unit_price', 'revenue', 'cost'],
  products: ['product_id', 'name', 'category', 'unit_cost'],
};

const DATE_FIELDS = new Set<MappedField>(['order_date', 'signup_date']);
const NUMBER_FIELDS = new Set<MappedField>([
  'amount',
  'quantity',
  'unit_price',
  'revenue',
  'cost',
  'unit_cost',
]);

export function normalizeHeader(h: string): string {
  return h.toLowerCase().replace(/[\s_\-.()（）[\]/:：]+/g, '');
}

function headerScore(field: MappedField, header: string): number {
  const h = normalizeHeader(header);
  if (h === '') return 0;
  const syn = SYNONYMS[field];
  const i = syn.indexOf(h);
  if (i >= 0) return 1 - i * 0.005;
  for (const s of syn)
    if (s.length >= 2 && (h.includes(s) || (h.length >= 3 && s.includes(h)))) return 0.5;
  return 0;
}

/**
 * Suggests source columns for a table's fields: header synonyms first (checked against the
 * values: a date field needs mostly dates, a number field mostly numbers), then, for orders
 * without usable headers, the content alone (first id-like, date and decimal columns).
 */
export function suggestColumns(
  table: CanonicalTable,
  columns: string[],
  values: string[][],
  decimal: '.' | ',',
): Partial<Record<MappedField, string>> {
  const colValues = columns.map((_, i) => values.map((r) => r[i] ?? ''));
  const fits = (f: MappedField, i: number) => {
    const v = colValues[i] ?? [];
    if (DATE_FIELDS.has(f)) return dateShare(v, dateLikeHeader(columns[i] ?? '')) >= 0.6;
    // Lenient: a named cost column with a few bad cells is still the cost column (bad cells are reported).
    if (NUMBER_FIELDS.has(f)) return numberShare(v, decimal) >= 0.6;
    return true;
  };
  const pairs: { f: MappedField; i: number; s: number }[] = [];
  for (const f of TABLE_FIELDS[table]) {
    columns.forEach((c, i) => {
      const s = headerScore(f, c);
      if (s > 0 && fits(f, i)) pairs.push({ f, i, s });
    });
  }
  pairs.sort((a, b) => b.s - a.s);
  const out: Partial<Record<MappedField, string>> = {};
  const used = new Set<number>();
  for (const p of pairs) {
    if (out[p.f] !== undefined || used.has(p.i)) continue;
    out[p.f] = columns[p.i] ?? '';
    used.add(p.i);
  }
  if (table === 'orders') contentFallback(out, columns, colValues, used, decimal);
  return out;
}

function contentFallback(
  out: Partial<Record<MappedField, string>>,
  columns: string[],
  colValues: string[][],
  used: Set<number>,
  decimal: '.' | ',',
): void {
  const free = () => columns.map((_, i) => i).filter((i) => !used.has(i));
  const take = (f: MappedField, i: number | undefined) => {
    if (i === undefined) return;
    out[f] = columns[i] ?? '';
    used.add(i);
  };
  if (!out.order_date)
    take(
      'order_date',
      free().find((i) => dateShare(colValues[i] ?? []) >= 0.9),
    );
  if (!out.amount && !(out.quantity && out.unit_price)) {
    const decimals = free().filter(
      (i) =>
        numberShare(colValues[i] ?? [], decimal) >= 0.95 &&
        (colValues[i] ?? []).some((v) => /[.,]\d{1,2}\s*$/.test(v)),
    );
    take('amount', decimals[decimals.length - 1]);
  }
  if (!out.customer_id)
    take(
      'customer_id',
      free().find((i) => (colValues[i] ?? []).every((v) => v.trim() !== '')),
    );
}

/** How well a suggested mapping fits each table (0..1), best first. */
export function scoreKinds(
  suggestions: Record<CanonicalTable, Partial<Record<MappedField, string>>>,
): KindScore[] {
  const has = (t: CanonicalTable, f: MappedField) => suggestions[t][f] !== undefined;
  const frac = (t: CanonicalTable, fs: MappedField[]) =>
    fs.filter((f) => has(t, f)).length / fs.length;
  const orderAmount =
    has('orders', 'amount') || (has('orders', 'quantity') && has('orders', 'unit_price'));
  const itemRevenue =
    has('order_items', 'revenue') ||
    (has('order_items', 'quantity') && has('order_items', 'unit_price'));
  const scores: KindScore[] = [
    {
      table: 'orders',
      score:
        (has('orders', 'customer_id') && has('orders', 'order_date') && orderAmount
          ? 0.7
          : 0.2 * frac('orders', ['customer_id', 'order_date'])) +
        0.3 * frac('orders', ['order_id', 'status', 'quantity']),
    },
    {
      table: 'order_items',
      score:
        (has('order_items', 'order_id') && has('order_items', 'product_id') && itemRevenue
          ? 0.6
          : 0) +
        (has('orders', 'customer_id') || has('orders', 'order_date') ? 0 : 0.3) +
        0.1 * frac('order_items', ['quantity', 'cost']),
    },
    {
      table: 'customers',
      score:
        (has('customers', 'customer_id') ? 0.5 : 0) +
        0.4 * frac('customers', ['name', 'signup_date', 'region', 'channel', 'segment']) +
        (has('orders', 'order_date') && orderAmount ? -0.4 : 0.1),
    },
    {
      table: 'products',
      score:
        (has('products', 'product_id') ? 0.5 : 0) +
        0.3 * frac('products', ['name', 'category', 'unit_cost']) +
        (has('orders', 'order_id') || has('orders', 'customer_id') ? -0.3 : 0.2),
    },
  ];
  for (const s of scores) s.score = Math.max(0, Math.min(1, Number(s.score.toFixed(3))));
  return scores.sort((a, b) => b.score - a.score);
}
