import { describe, expect, it } from 'vitest';
import {
  loadFixtures,
  rejectCounts,
  tableRows,
  warningCounts,
} from '../fixtures/ingest/load-fixture';

const order = (
  order_id: string | null,
  customer_id: string,
  order_date: string,
  amount: number,
  extra: Record<string, unknown> = {},
) => ({
  order_id,
  customer_id,
  order_date,
  amount,
  status: null,
  quantity: null,
  is_return: false,
  ...extra,
});

describe('ingest: formats, separators and encodings', () => {
  it('reads ; with decimal comma, € and negatives in parentheses / trailing minus, day-first dots (UTF-8 BOM, CRLF)', async () => {
    const { db, report } = await loadFixtures(['orders-eu.csv']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('A1', 'K1', '2024-01-05', 1234.5),
      order('A2', 'K2', '2024-01-13', 99.9),
      order('A3', 'K1', '2024-02-02', -10, { is_return: true }),
      order('A4', 'K3', '2024-03-01', -12.5, { is_return: true }),
    ]);
    expect(report.files[0]).toMatchObject({ read: 4, loaded: 4, rejected: 0 });
  });

  it('reads tab-separated text with CR line ends, 2024/1/5 dates, ¥ ￥ RMB 元 amounts', async () => {
    const { db, report } = await loadFixtures(['orders-tab.tsv']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('S1', 'U1', '2024-01-05', 1234.5),
      order('S2', 'U2', '2024-12-31', 88),
      order('S3', 'U1', '2024-02-29', 10.5),
    ]);
    expect(rejectCounts(report, 'orders-tab.tsv')).toEqual({ 'unparseable date': 1 });
    expect(report.files[0]?.rejects[0]?.examples[0]).toEqual({
      file: 'orders-tab.tsv',
      line: 5,
      column: '订单日期',
      value: '2024/2/30',
    });
    expect(report.files[0]?.blankLines).toBe(0);
  });

  it('reads | separated text with M/D/YYYY (decided by 1/13), $ and USD, times after the date, a cancelled status', async () => {
    const { db } = await loadFixtures(['orders-pipe.txt']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('P1', 'X1', '2024-01-13', 1000, { status: 'complete' }),
      order('P2', 'X2', '2024-02-03', 25, { status: 'cancelled', is_return: true }),
      order('P3', 'X1', '2023-12-01', 7.25, { status: 'complete' }),
    ]);
  });

  it('reads whitespace-separated text without a header (CDNOW layout) and counts the blank line', async () => {
    const { db, report, mapping } = await loadFixtures(['orders-whitespace.txt']);
    expect(mapping.files[0]).toMatchObject({ delimiter: 'whitespace', hasHeader: false });
    expect(mapping.files[0]?.columns).toMatchObject({
      customer_id: 'col1',
      order_date: 'col3',
      amount: 'col5',
    });
    expect(await tableRows(db, 'orders')).toEqual([
      order(null, '00001', '1997-01-01', 11.77),
      order(null, '00002', '1997-01-12', 12),
      order(null, '00001', '1997-01-02', 20.76),
    ]);
    expect(report.files[0]).toMatchObject({ read: 3, loaded: 3, blankLines: 1 });
  });

  it('decodes GBK, skips the title and blank line, rejects the repeated header and the 合计 footer', async () => {
    const { db, report, mapping } = await loadFixtures(['orders-gbk.csv']);
    expect(mapping.files[0]).toMatchObject({ encoding: 'gb18030', skipRows: 2, hasHeader: true });
    expect(await tableRows(db, 'orders')).toEqual([
      order('T1', '张三', '2024-01-05', 1280, { status: '交易成功' }),
      order('T2', '李四', '2024-01-06', 88, { status: '交易关闭', is_return: true }),
      order('T3', '张三', '2024-02-01', 200.5, { status: '退款', is_return: true }),
    ]);
    expect(rejectCounts(report, 'orders-gbk.csv')).toEqual({
      'repeated header': 1,
      'footer total': 1,
    });
    const lines = report.files[0]?.rejects.map((r) => r.examples[0]?.line);
    expect(lines).toEqual([7, 8]);
    expect(report.files[0]?.rejectedAmount).toBe(0);
  });

  it.each(['orders-utf16le.csv', 'orders-utf16be.csv'])('decodes %s with BOM', async (name) => {
    const { db, mapping } = await loadFixtures([name]);
    expect(mapping.files[0]?.encoding).toBe(name.includes('le') ? 'utf-16le' : 'utf-16be');
    expect(await tableRows(db, 'orders')).toEqual([
      order('U1', 'Ä1', '2024-03-01', 10),
      order('U2', 'Ö2', '2024-03-02', 20),
    ]);
  });

  it('decodes Windows-1252 and Mac Roman customer files', async () => {
    const win = await loadFixtures(['customers-cp1252.csv']);
    expect(win.mapping.files[0]?.encoding).toBe('windows-1252');
    expect((await tableRows(win.db, 'customers')).map((c) => c.name)).toEqual([
      'Zoë Müller',
      'José Peña',
      'René Çelik',
    ]);
    const mac = await loadFixtures(['customers-macroman.csv']);
    expect(mac.mapping.files[0]?.encoding).toBe('macintosh');
    expect(
      (await tableRows(mac.db, 'customers')).map((c) => `${String(c.name)}/${String(c.region)}`),
    ).toEqual(['Amélie Poulain/Montréal', 'Jürgen Köhler/München', 'François Noël/Besançon']);
  });

  it('reads gzip-compressed CSV', async () => {
    const { db } = await loadFixtures(['orders.csv.gz']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('g1', 'z1', '2024-05-01', 1.5),
      order('g2', 'z2', '2024-05-02', 2.5),
      order('g3', 'z1', '2024-05-03', 3),
    ]);
  });

  it('reads Parquet (timestamp dates, doubles)', async () => {
    const { db } = await loadFixtures(['orders.parquet']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('q1', 'k1', '2024-07-01', 10.25),
      order('q2', 'k2', '2024-07-02', -2, { is_return: true }),
      order('q3', 'k1', '2024-07-03', 30),
    ]);
  });

  it('reads the first XLSX sheet by default and another sheet on request', async () => {
    const first = await loadFixtures(['orders.xlsx']);
    expect(await tableRows(first.db, 'orders')).toEqual([
      order('x1', 'k1', '2024-06-01', 12.5),
      order('x2', 'k2', '2024-06-15', 7),
    ]);
    expect(rejectCounts(first.report, 'orders.xlsx')).toEqual({ 'missing customer id': 1 });
    expect(first.report.files[0]?.rejects[0]?.examples[0]).toMatchObject({
      line: 4,
      column: 'Customer ID',
    });
    const second = await loadFixtures(['orders.xlsx'], { sheet: 'Customers' });
    expect(second.mapping.files[0]).toMatchObject({ table: 'customers', sheet: 'Customers' });
    expect(await tableRows(second.db, 'customers')).toEqual([
      {
        customer_id: 'k1',
        name: '甲公司',
        signup_date: null,
        region: null,
        channel: null,
        segment: 'VIP',
      },
      {
        customer_id: 'k2',
        name: '乙公司',
        signup_date: null,
        region: null,
        channel: null,
        segment: '普通',
      },
      {
        customer_id: 'k3',
        name: '丙公司',
        signup_date: null,
        region: null,
        channel: null,
        segment: '普通',
      },
    ]);
  });

  it('rejects a row with more fields than the header and one missing its amount', async () => {
    const { db, report } = await loadFixtures(['orders-ragged.csv']);
    expect(await tableRows(db, 'orders')).toEqual([
      order('r1', 'k1', '2024-04-01', 10),
      order('r4', 'k1', '2024-04-04', 5),
    ]);
    expect(rejectCounts(report, 'orders-ragged.csv')).toEqual({
      'too many fields': 1,
      'missing amount': 1,
    });
    expect(report.files[0]?.rejects[0]?.examples[0]).toEqual({
      file: 'orders-ragged.csv',
      line: 3,
      column: 'extra1',
      value: 'surprise',
    });
    expect(warningCounts(report, 'orders-ragged.csv')).toEqual({});
  });
});
