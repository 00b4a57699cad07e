import { MAX_DATE, MIN_DATE, formatColumn, resolveColumn, text, totalKey } from './check-columns';
import { checkSql, type Rule, type WarnRule } from './check-sql';
import { anyTotalSql, headerRule, tooManyRule } from './common-rules';
import { ident, sqlString } from '../sql-text';
import type { NativeType, Staged } from './staging';
import { fieldSql } from './typed-read';
import type { ColumnRef, FileMapping, MappedField } from './types';

export type { Rule, WarnRule } from './check-sql';

export { resolveColumn } from './check-columns';

export interface CheckPlan {
  sql: string;
  rules: Rule[];
  warnings: WarnRule[];
  /** Text column index (0-based) per mapped field. */
  rawIndex: Partial<Record<MappedField, number>>;
  labels: Partial<Record<MappedField, string>>;
  dateField: 'order_date' | 'signup_date' | null;
  /** SQL over the check table: the date format that read the row's date. */
  dateFormat: string;
  /** Rule and warnings decided after the pass (indexes into rules / warnings), when present. */
  duplicateRule: number | null;
  duplicateWarning: number | null;
  idRepeatWarning: number | null;
  /** Insertion in line order needs a sort (a window in the pass reorders rows). */
  sortOnInsert: boolean;
}

/**
 * Builds the one pass that types every text row and decides, per row, the first reject reason
 * (or none) and the warnings; exact duplicates and repeated order ids are settled after it.
 */
export function planCheck(
  m: FileMapping,
  staged: Staged,
  chk: string,
  relation: string,
  opts: {
    today?: string;
    existingKeys: boolean;
    /** Fields the reader types itself (typed-read.ts): their columns are DATE or DOUBLE. */
    native?: Partial<Record<MappedField, NativeType>>;
  },
): CheckPlan {
  const cols: Partial<Record<MappedField, string>> = {};
  const rawIndex: Partial<Record<MappedField, number>> = {};
  const labels: Partial<Record<MappedField, string>> = {};
  for (const [field, ref] of Object.entries(m.columns) as [MappedField, ColumnRef][]) {
    if (ref === undefined || ref === null) continue;
    const i = resolveColumn(m.file, staged, field, ref);
    cols[field] = ident(`c${i + 1}`);
    rawIndex[field] = i;
    labels[field] = staged.labels[i] ?? `col${i + 1}`;
  }
  const all = Array.from({ length: staged.width }, (_, i) => ident(`c${i + 1}`));
  const c = (f: MappedField) => cols[f] ?? 'CAST(NULL AS VARCHAR)';
  const native = opts.native ?? {};
  const typedCols = new Set(Object.keys(native).map((f) => cols[f as MappedField]));
  const { num, isBlank, date } = fieldSql(c, native, m.decimalSeparator);
  /** Typed columns over the staging row (first layer). */
  const select: string[] = [];
  const rules: Rule[] = [];
  const warnings: WarnRule[] = [];
  /** Columns over typed values (second layer). */
  const outer: string[] = [];
  let dateFormat = 'CAST(NULL AS VARCHAR)';
  let sortOnInsert = false;

  const header = headerRule(m, cols, labels, native);
  if (header) rules.push(header);
  // A total word in a typed column fails the typed read: only text columns can hold one.
  const anyTotal = anyTotalSql(all.filter((x) => !typedCols.has(x)));
  const tooMany = tooManyRule(all, staged);
  const extra = tooMany ? [tooMany] : [];

  const table = m.table;
  let dateField: CheckPlan['dateField'] = null;
  let amountExpr = 'CAST(NULL AS DOUBLE)';
  const keyField: MappedField =
    table === 'orders' || table === 'customers'
      ? 'customer_id'
      : table === 'products'
        ? 'product_id'
        : 'order_id';
  if (!cols[keyField])
    throw new Error(`${m.file}: no column mapped to ${keyField} (needed for ${table})`);

  const qtyPrice = (target: 'amount' | 'revenue') => {
    if (cols[target]) return { expr: num(target), missing: isBlank(target), field: target };
    if (cols.quantity && cols.unit_price) {
      return {
        expr: `(${num('quantity')} * ${num('unit_price')})`,
        missing: `(${isBlank('quantity')} OR ${isBlank('unit_price')})`,
        field: 'unit_price' as MappedField,
      };
    }
    throw new Error(`${m.file}: map an ${target} column, or both quantity and unit_price`);
  };

  if (table === 'orders') {
    dateField = 'order_date';
    if (!cols.order_date) throw new Error(`${m.file}: no column mapped to order_date`);
    const spec = m.dates?.order_date ?? { formats: ['%Y-%m-%d'], excelSerial: false };
    dateFormat = formatColumn(c('order_date'), spec, 'order_date', outer);
    const amt = qtyPrice('amount');
    amountExpr = amt.expr;
    // In the canonical table's column order: the check table can become the table (adoptRows).
    select.push(
      `${text(c('order_id'))} AS order_id`,
      `${text(c('customer_id'))} AS customer_id`,
      `${date('order_date', spec)} AS order_date`,
      `${amountExpr} AS amount`,
      `${text(c('status'))} AS status`,
      `${cols.quantity ? num('quantity') : 'CAST(NULL AS DOUBLE)'} AS quantity`,
    );
    const r = m.returns;
    const ret: string[] = [];
    if (r?.negativeAmount) ret.push('amount < 0');
    if (r?.orderIdPrefix)
      ret.push(
        `starts_with(upper(coalesce(order_id, '')), ${sqlString(r.orderIdPrefix.toUpperCase())})`,
      );
    if (r && r.statusValues.length > 0 && cols.status) {
      ret.push(
        // list_contains, not IN: DuckDB plans a long IN list as a join over the wide rows.
        `list_contains([${r.statusValues.map((s) => sqlString(s.toLowerCase())).join(', ')}], lower(coalesce(status, '')))`,
      );
    }
    rules.push(
      {
        reason: 'footer total',
        cond: `(customer_id IS NULL OR order_date IS NULL OR amount IS NULL OR ${totalKey('customer_id')}) AND (${anyTotal})`,
        field: null,
      },
      ...extra,
      { reason: 'missing customer id', cond: 'customer_id IS NULL', field: 'customer_id' },
      // A blank cell never parses, so the trim only runs on rows whose value did not read.
      {
        reason: 'missing order date',
        cond: `order_date IS NULL AND ${isBlank('order_date')}`,
        field: 'order_date',
      },
      {
        reason: 'unparseable date',
        cond: `order_date IS NULL OR order_date NOT BETWEEN ${MIN_DATE} AND ${MAX_DATE}`,
        field: 'order_date',
      },
      { reason: 'missing amount', cond: `amount IS NULL AND ${amt.missing}`, field: amt.field },
      { reason: 'unparseable amount', cond: 'amount IS NULL', field: amt.field },
    );
    if (m.duplicates !== 'keep') rules.push({ reason: 'exact duplicate row', field: null });
    else warnings.push({ reason: 'duplicate row kept', field: null });
    if (opts.today)
      warnings.push({
        reason: 'date in the future',
        cond: `order_date > DATE ${sqlString(opts.today)}`,
        field: 'order_date',
      });
    if (cols.quantity && cols.amount)
      warnings.push({
        reason: 'unreadable quantity',
        cond: `quantity IS NULL AND NOT ${isBlank('quantity')}`,
        field: 'quantity',
      });
    // Set after the pass, for order-level files only (see duplicates.ts).
    if (cols.order_id)
      warnings.push({ reason: 'order id seen twice with different content', field: 'order_id' });
    select.push(`${ret.length ? `coalesce(${ret.join(' OR ')}, false)` : 'false'} AS is_return`);
  } else if (table === 'order_items') {
    const rev = qtyPrice('revenue');
    amountExpr = rev.expr;
    select.push(
      `${text(c('order_id'))} AS order_id`,
      `${text(c('product_id'))} AS product_id`,
      `${cols.quantity ? num('quantity') : 'CAST(NULL AS DOUBLE)'} AS quantity`,
      `${amountExpr} AS amount`,
      `${cols.cost ? num('cost') : 'CAST(NULL AS DOUBLE)'} AS cost`,
    );
    rules.push(
      {
        reason: 'footer total',
        cond: `(order_id IS NULL OR product_id IS NULL OR amount IS NULL) AND (${anyTotal})`,
        field: null,
      },
      ...extra,
      { reason: 'missing order id', cond: 'order_id IS NULL', field: 'order_id' },
      { reason: 'missing product id', cond: 'product_id IS NULL', field: 'product_id' },
      { reason: 'missing amount', cond: `amount IS NULL AND ${rev.missing}`, field: rev.field },
      { reason: 'unparseable amount', cond: 'amount IS NULL', field: rev.field },
      { reason: 'exact duplicate row', field: null },
    );
    if (cols.cost)
      warnings.push({
        reason: 'unreadable cost',
        cond: `cost IS NULL AND NOT ${isBlank('cost')}`,
        field: 'cost',
      });
  } else {
    const key = table === 'customers' ? 'customer_id' : 'product_id';
    const canon = table;
    select.push(`${text(c(key))} AS ${key}`, `${text(c('name'))} AS name`);
    if (table === 'customers') {
      dateField = 'signup_date';
      const spec = m.dates?.signup_date;
      select.push(
        `${cols.signup_date && spec ? date('signup_date', spec) : 'CAST(NULL AS DATE)'} AS signup_date`,
        `${text(c('region'))} AS region`,
        `${text(c('channel'))} AS channel`,
        `${text(c('segment'))} AS segment`,
      );
      if (cols.signup_date && spec)
        dateFormat = formatColumn(c('signup_date'), spec, 'signup_date', outer);
      if (cols.signup_date) {
        warnings.push({
          reason: 'unreadable signup date',
          cond: `(signup_date IS NULL OR signup_date NOT BETWEEN ${MIN_DATE} AND ${MAX_DATE}) AND NOT ${isBlank('signup_date')}`,
          field: 'signup_date',
        });
      }
    } else {
      select.push(
        `${text(c('category'))} AS category`,
        `${cols.unit_cost ? num('unit_cost') : 'CAST(NULL AS DOUBLE)'} AS unit_cost`,
      );
      if (cols.unit_cost)
        warnings.push({
          reason: 'unreadable unit cost',
          cond: `unit_cost IS NULL AND NOT ${isBlank('unit_cost')}`,
          field: 'unit_cost',
        });
    }
    select.push(`row_number() OVER (PARTITION BY ${text(c(key))} ORDER BY __line) AS __key_rank`);
    // The key window hands rows on in key order, not line order.
    sortOnInsert = true;
    rules.push(
      {
        reason: 'footer total',
        cond: `(${key} IS NULL OR ${totalKey(key)}) AND (${anyTotal})`,
        field: null,
      },
      ...extra,
      {
        reason: `missing ${key === 'customer_id' ? 'customer' : 'product'} id`,
        cond: `${key} IS NULL`,
        field: key,
      },
      { reason: 'exact duplicate row', field: null },
      {
        reason: `duplicate ${key === 'customer_id' ? 'customer' : 'product'} id`,
        cond: `__key_rank > 1${opts.existingKeys ? ` OR ${key} IN (SELECT ${key} FROM ${canon})` : ''}`,
        field: key,
      },
    );
    select.push('CAST(NULL AS DOUBLE) AS amount');
  }

  const sql = checkSql({
    chk,
    relation,
    width: staged.width,
    select,
    outer,
    rules,
    warnings,
    rawIndex,
    labels,
    keepText: typedCols.size === 0,
  });
  const at = (reasons: readonly string[], list: { reason: string }[]) => {
    const i = list.findIndex((r) => reasons.includes(r.reason));
    return i < 0 ? null : i;
  };
  return {
    sql,
    rules,
    warnings,
    rawIndex,
    labels,
    dateField,
    dateFormat,
    duplicateRule: at(['exact duplicate row'], rules),
    duplicateWarning: at(['duplicate row kept'], warnings),
    idRepeatWarning: at(['order id seen twice with different content'], warnings),
    sortOnInsert,
  };
}
