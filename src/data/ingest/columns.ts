import type { CanonicalTable } from '../schema';
import { dateLikeHeader, dateShare } from './dates';
import { numberShare } from './amounts';
import type { KindScore, MappedField } from './types';

/** Header synonyms, compared after lower-casing and removing spaces, _ - . and brackets. */
const SYNONYMS: Record<MappedField, string[]> = {
  customer_id: [
    'customerid',
    'custid',
    'custno',
    'customerno',
    'customernumber',
    'customer',
    'clientid',
    'memberid',
    'userid',
    'buyerid',
    'buyer',
    '客户编号',
    '客户id',
    '客户号',
    '会员编号',
    '会员id',
    '会员号',
    '买家昵称',
    '买家id',
    '买家',
    '用户id',
    '顾客编号',
    '客户代码',
  ],
  name: [
    'name',
    'customername',
    'fullname',
    'clientname',
    'productname',
    'description',
    '客户名称',
    '姓名',
    '名称',
    '客户姓名',
    '商品名称',
    '产品名称',
  ],
  signup_date: [
    'signupdate',
    'signup',
    'registrationdate',
    'registerdate',
    'registered',
    'joindate',
    'createdat',
    'firstseen',
    '注册日期',
    '注册时间',
    '开户日期',
    '入会日期',
  ],
  region: [
    'region',
    'country',
    'province',
    'state',
    'city',
    'area',
    '地区',
    '省份',
    '国家',
    '城市',
    '区域',
    '所在地',
  ],
  channel: ['channel', 'source', 'acquisitionchannel', '渠道', '来源', '获客渠道'],
  segment: [
    'segment',
    'customertype',
    'customersegment',
    'type',
    'tier',
    '客户类型',
    '客户分类',
    '会员等级',
    '客户等级',
  ],
  order_id: [
    'orderid',
    'orderno',
    'ordernumber',
    'invoiceno',
    'invoice',
    'invoiceid',
    'invoicenumber',
    'transactionid',
    '订单编号',
    '订单号',
    '订单id',
    '单号',
    '交易号',
  ],
  order_date: [
    'orderdate',
    'date',
    'invoicedate',
    'purchasedate',
    'transactiondate',
    'orderdatetime',
    'ordertime',
    'createdate',
    '订单日期',
    '下单时间',
    '下单日期',
    '付款日期',
    '付款时间',
    '交易日期',
    '交易时间',
    '日期',
    '成交时间',
  ],
  amount: [
    'amount',
    'total',
    'grandtotal',
    'revenue',
    'sales',
    'ordertotal',
    'orderamount',
    'orderrevenue',
    'value',
    'dollarvalue',
    'totalamount',
    'netamount',
    'paid',
    '金额',
    '实付金额',
    '订单金额',
    '销售额',
    '总金额',
    '实收金额',
    '支付金额',
    '成交金额',
    '合计金额',
  ],
  quantity: ['quantity', 'qty', 'units', 'numberofcds', 'count', '数量', '购买数量', '件数'],
  unit_price: ['unitprice', 'price', 'saleprice', '单价', '价格', '销售单价'],
  status: [
    'status',
    'orderstatus',
    'transactionstatus',
    'state',
    '订单状态',
    '交易状态',
    '状态',
    '退款状态',
  ],
  product_id: [
    'productid',
    'sku',
    'stockcode',
    'itemid',
    'productcode',
    'itemcode',
    'product',
    '商品编号',
    '商品id',
    '产品编号',
    '产品id',
    '货号',
    '商品编码',
  ],
  category: [
    'category',
    'productcategory',
    'group',
    'productgroup',
    '品类',
    '类别',
    '商品类别',
    '分类',
    '产品类别',
  ],
  cost: ['cost', 'linecost', 'totalcost', 'cogs', '成本', '总成本'],
  unit_cost: [
    'unitcost',
    'cost',
    'costprice',
    'purchaseprice',
    '单位成本',
    '成本价',
    '进价',
    '成本',
  ],
  revenue: [
    'revenue',
    'linetotal',
    'amount',
    'total',
    'sales',
    'lineamount',
    '金额',
    '销售额',
    '小计',
    '实付金额',
  ],
};

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
