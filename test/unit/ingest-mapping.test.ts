import { describe, expect, it } from 'vitest';
import { scoreKinds, suggestColumns, TABLE_FIELDS } from '../../src/data/ingest/columns';
import { parseImportMapping } from '../../src/data/ingest/mapping';
import type { CanonicalTable } from '../../src/data/schema';

const rows = [
  ['1', 'A', '2024-01-05', '10.5', '2', '5.25', 'paid'],
  ['2', 'B', '2024-01-06', '8', '1', '8', 'paid'],
];

describe('column suggestions', () => {
  it.each([
    [['订单编号', '客户编号', '下单时间', '实付金额', '数量', '单价', '订单状态']],
    [['InvoiceNo', 'CustomerID', 'InvoiceDate', 'revenue', 'Quantity', 'UnitPrice', 'status']],
    [['order id', 'cust_no', 'date', 'grand_total', 'qty', 'unit price', '交易状态']],
    [['订单号', '会员编号', '付款日期', '销售额', '数量', '单价', '交易状态']],
  ])('maps %j for orders', (headers) => {
    expect(suggestColumns('orders', headers, rows, '.')).toEqual({
      order_id: headers[0],
      customer_id: headers[1],
      order_date: headers[2],
      amount: headers[3],
      quantity: headers[4],
      unit_price: headers[5],
      status: headers[6],
    });
  });

  it('does not map a date field to a column whose values are not dates', () => {
    expect(
      suggestColumns(
        'orders',
        ['customer_id', 'date'],
        [
          ['1', 'n/a'],
          ['2', 'soon'],
        ],
        '.',
      ).order_date,
    ).toBeUndefined();
  });

  it('scores a customers file as customers', () => {
    const headers = ['客户ID', '姓名', '注册日期', '省份', '渠道', '客户类型'];
    const data = [['c1', '张三', '2023-01-01', '浙江', '线上', 'VIP']];
    const s = Object.fromEntries(
      (Object.keys(TABLE_FIELDS) as CanonicalTable[]).map((t) => [
        t,
        suggestColumns(t, headers, data, '.'),
      ]),
    ) as Parameters<typeof scoreKinds>[0];
    expect(s.customers).toEqual({
      customer_id: '客户ID',
      name: '姓名',
      signup_date: '注册日期',
      region: '省份',
      channel: '渠道',
      segment: '客户类型',
    });
    expect(scoreKinds(s)[0]?.table).toBe('customers');
  });
});

describe('parseImportMapping', () => {
  const good = {
    version: 1,
    files: [
      {
        file: 'a.csv',
        table: 'orders',
        format: 'csv',
        skipRows: 0,
        hasHeader: true,
        columns: { customer_id: 1 },
        decimalSeparator: '.',
      },
    ],
  };

  it('accepts a valid mapping, from text or object', () => {
    expect(parseImportMapping(JSON.stringify(good))).toEqual(good);
  });

  it.each([
    [{ ...good, version: 2 }, /unsupported version/],
    [{ ...good, files: [{ ...good.files[0], table: 'sales' }] }, /files\[0\]\.table/],
    [{ ...good, files: [{ ...good.files[0], columns: { price: 'x' } }] }, /unknown field "price"/],
    [{ ...good, files: [{ ...good.files[0], decimalSeparator: ';' }] }, /decimalSeparator/],
  ])('explains what is wrong (%#)', (bad, msg) => {
    expect(() => parseImportMapping(bad)).toThrow(msg);
  });
});
