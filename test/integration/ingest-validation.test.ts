import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFiles, rejectsCsv, sniffFile, suggestMapping } from '../../src/data/ingest';
import {
  FIXTURES,
  TODAY,
  fixture,
  loadFixtures,
  rejectCounts,
  sharedDb,
  tableRows,
  warningCounts,
  must,
} from '../fixtures/ingest/load-fixture';

describe('ingest: validation report', () => {
  it('rejects each bad row of orders-basic.csv with its reason, line, column and raw value', async () => {
    const { db, report } = await loadFixtures(['orders-basic.csv']);
    const f = must(report.files[0]);
    expect(f).toMatchObject({ read: 11, loaded: 4, rejected: 7 });
    expect(
      f.rejects.map((r) => [
        r.reason,
        r.rows,
        r.examples[0]?.line,
        r.examples[0]?.column,
        r.examples[0]?.value,
      ]),
    ).toEqual([
      ['repeated header', 1, 9, null, null],
      ['footer total', 1, 12, null, null],
      ['missing customer id', 1, 4, 'customer_id', null],
      ['unparseable date', 1, 5, 'order_date', '2024-13-45'],
      ['missing amount', 1, 6, 'amount', null],
      ['unparseable amount', 1, 7, 'amount', 'abc'],
      ['exact duplicate row', 1, 8, null, null],
    ]);
    // Revenue affected: 50 (no customer) + 70 (bad date) + 100 (duplicate); the 合计/Total line is not revenue.
    expect(f.rejectedAmount).toBe(220);
    expect(warningCounts(report, 'orders-basic.csv')).toEqual({ 'date in the future': 1 });
    expect(f.warnings[0]?.examples[0]).toEqual({
      file: 'orders-basic.csv',
      line: 10,
      column: 'order_date',
      value: '2030-02-01',
    });
    expect((await tableRows(db, 'orders')).map((o) => [o.order_id, o.amount, o.is_return])).toEqual(
      [
        ['1001', 100, false],
        ['1002', 1250.5, false],
        ['1007', 80, false],
        ['1008', -40, true],
      ],
    );
    expect(report.orders).toEqual({ rows: 4, returns: 1, netAmount: 1390.5, grossAmount: 1430.5 });
  });

  it('downloads the rejected rows as CSV with line, reason, column and the original columns', async () => {
    const { db, report } = await loadFixtures(['orders-basic.csv']);
    const csv = await rejectsCsv(db, report, 'orders-basic.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('line,reason,column,order_id,customer_id,order_date,amount,status');
    expect(lines.slice(1)).toEqual([
      '4,missing customer id,customer_id,1003,,2024-01-07,50,paid',
      '5,unparseable date,order_date,1004,C3,2024-13-45,70,paid',
      '6,missing amount,amount,1005,C3,2024-01-08,,paid',
      '7,unparseable amount,amount,1006,C4,2024-01-09,abc,paid',
      '8,exact duplicate row,,1001,C1,2024-01-05,100.00,paid',
      '9,repeated header,,order_id,customer_id,order_date,amount,status',
      '12,footer total,,Total,,,1510.50,',
    ]);
    expect(await rejectsCsv(db, must(report.files[0]))).toBe(csv);
  });

  it('keeps an order-line file’s amount = quantity × unit price, flags C-invoices, rejects a missing price', async () => {
    const { db, report } = await loadFixtures(['orders-lines.csv']);
    expect(
      (await tableRows(db, 'orders')).map((o) => [
        o.order_id,
        o.order_date,
        o.quantity,
        o.amount,
        o.is_return,
      ]),
    ).toEqual([
      ['500001', '2024-01-14', 2, 7, false],
      ['500001', '2024-01-14', 1, 10, false],
      ['C500002', '2024-01-15', -1, -3.5, true],
      ['500003', '2024-01-16', 3, 30, false],
    ]);
    expect(rejectCounts(report, 'orders-lines.csv')).toEqual({ 'missing amount': 1 });
    expect(report.files[0]?.rejects[0]?.examples[0]).toMatchObject({
      line: 6,
      column: 'UnitPrice',
    });
  });

  it('holds loaded + rejected == read, and loaded == rows in the table, for every fixture', async () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.(csv|tsv|txt|gz|xlsx|parquet)$/.test(n));
    expect(names.length).toBeGreaterThanOrEqual(20);
    const db = await sharedDb();
    for (const name of names) {
      const file = fixture(name);
      const report = await loadFiles(db, [file], suggestMapping([await sniffFile(file)]), {
        today: TODAY,
      });
      const f = must(report.files[0]);
      const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${f.table}`)) as [
        { n: number },
      ];
      expect({ name, sum: f.loaded + f.rejected, inTable: n }).toEqual({
        name,
        sum: f.read,
        inTable: f.loaded,
      });
      expect(f.rejects.reduce((s, r) => s + r.rows, 0)).toBe(f.rejected);
      expect(f.read).toBeGreaterThan(0);
    }
  });
});

describe('ingest: dates', () => {
  it('parses each value of a mixed column with its own format and reports the mix', async () => {
    const { db, report } = await loadFixtures(['orders-mixed-dates.csv']);
    expect((await tableRows(db, 'orders')).map((o) => o.order_date)).toEqual([
      '2024-01-05',
      '2024-01-06',
      '2024-01-08',
      '2024-01-09',
      '2024-01-10',
      '2024-01-13',
    ]);
    const formats = Object.fromEntries(
      must(report.files[0]).dateFormats.map((d) => [d.format, d.rows]),
    );
    expect(formats).toEqual({
      '%Y-%m-%d': 2,
      '%Y%m%d': 1,
      'excel-serial': 1,
      '%Y年%m月%d日': 1,
      '%m/%d/%y': 1,
    });
    expect(warningCounts(report, 'orders-mixed-dates.csv')).toEqual({ 'mixed date formats': 4 });
  });

  it('says when day/month order is ambiguous, offers both readings, and loads the one chosen', async () => {
    const sniff = await sniffFile(fixture('orders-ambiguous.csv'));
    const d = must(sniff.dates.find((x) => x.column === 'order_date'));
    expect(d.ambiguous).toBe(true);
    expect(d.candidates?.map((c) => c.formats)).toEqual([['%m/%d/%Y'], ['%d/%m/%Y']]);
    expect(sniff.notes.join(' ')).toMatch(/day\/month order/);
    const mapping = suggestMapping([sniff]);
    must(mapping.files[0]).dates = { order_date: must(d.candidates?.[1]) };
    const db = await sharedDb();
    await loadFiles(db, [fixture('orders-ambiguous.csv')], mapping, { today: TODAY });
    expect((await tableRows(db, 'orders')).map((o) => o.order_date)).toEqual([
      '2024-05-01',
      '2024-03-02',
      '2024-12-11',
    ]);
  });
});
