import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Orders: a GBK Chinese export; customers: an XLSX sheet whose names include hostile markup. */
export async function makeDropFiles(): Promise<{
  orders: string;
  customers: string;
  expected: { customers: number; value: number; orders: number };
}> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-e2e-'));
  const lines = [
    '订单编号,客户编号,下单时间,实付金额,订单状态',
    'A1,K1,2024/1/5,"￥1,200.00",已完成',
    'A2,K1,2024/2/9,￥300.50,已完成',
    'A3,K2,2024/3/1,￥99.00,已完成',
    'A4,K3,2024/3/15,"￥2,000.00",已完成',
    'A5,K3,2024/3/20,-￥500.00,退款',
    'A6,,2024/3/21,￥10.00,已完成',
  ];
  const orders = join(dir, '订单.csv');
  writeFileSync(orders, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
  const customers = join(dir, 'customers.xlsx');
  const sheet = [
    ['客户编号', '客户名称', '地区'],
    ['K1', '张三', '华东'],
    ['K2', HOSTILE, '华南'],
    ['K3', '李四', '华东'],
    ['K4', '王五', '华北'],
  ].map((r) => r.map((value) => ({ value })));
  await writeXlsxFile(sheet).toFile(customers);
  // K1..K3 bought (K4 is a prospect); the row without a customer id is rejected, not counted.
  return {
    orders,
    customers,
    expected: { customers: 3, value: 1200 + 300.5 + 99 + 2000 - 500, orders: 4 },
  };
}
