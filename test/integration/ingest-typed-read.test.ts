import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import {
  loadFiles,
  rejectsCsv,
  sniffFile,
  suggestMapping,
  type FileReport,
  type ImportMapping,
} from '../../src/data/ingest';
import { TODAY } from '../fixtures/ingest/load-fixture';

/**
 * A file read where it lies has its plain date and number columns typed by DuckDB's CSV reader
 * (typed-read.ts). The same bytes read the text way (decoded and typed by the check pass) must
 * give the same tables, report and rejects download, whatever odd value the file holds past the
 * sample the typed read was chosen on.
 */
describe('ingest: the typed read gives what the text read gives', () => {
  let db: Db;
  /** Check-pass statements that typed a column in the reader, and whether each ran. */
  const typedPasses: { ok: boolean }[] = [];
  beforeAll(async () => {
    const inner = await openNodeDb();
    db = Object.assign(Object.create(inner) as Db, {
      exec: async (sql: string) => {
        const typed =
          /CREATE OR REPLACE TABLE "ingest_chk_\d+"/.test(sql) && /'DOUBLE'|'DATE'/.test(sql);
        try {
          await inner.exec(sql);
          if (typed) typedPasses.push({ ok: true });
        } catch (e) {
          if (typed) typedPasses.push({ ok: false });
          throw e;
        }
      },
      query: (q: Query | string) => inner.query(q),
    });
  });
  afterAll(async () => {
    await db.close();
  });

  const HEADER = 'order_id,customer_id,order_date,amount,status,quantity';
  /** More clean rows than the sample holds, so the odd row lies beyond it. */
  const clean = Array.from(
    { length: 2100 },
    (_, i) =>
      `SO${String(i).padStart(6, '0')},C${i % 37},2024-0${1 + (i % 9)}-1${i % 10},${(i % 50) + 0.5}0,paid,${1 + (i % 4)}`,
  );

  async function loadAs(bytes: Uint8Array, mapping: ImportMapping, registered: boolean) {
    const name = 'orders.csv';
    if (registered) await db.registerBuffer('typed-orders.csv', bytes);
    const file = registered
      ? { name, data: bytes, registeredName: 'typed-orders.csv' }
      : { name, data: bytes };
    typedPasses.length = 0;
    const report = await loadFiles(db, [file], mapping, { today: TODAY });
    const passes = [...typedPasses];
    const f = report.files[0] as FileReport;
    const rejects = await rejectsCsv(db, f);
    const orders = await db.query(
      'SELECT order_id, customer_id, order_date, amount, status, quantity, is_return FROM orders ORDER BY order_id',
    );
    if (registered) await db.dropFile('typed-orders.csv');
    // The one difference: a file read where it lies has its line numbers counted (records).
    return { report: { ...f, lineNumbers: null }, rejects, orders, passes };
  }

  async function both(odd: string[]) {
    const text = `${HEADER}\n${[...clean, ...odd].join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const mapping = suggestMapping([await sniffFile({ name: 'orders.csv', data: bytes })]);
    const typed = await loadAs(bytes, mapping, true);
    const plain = await loadAs(bytes, mapping, false);
    expect(plain.passes).toEqual([]);
    return { typed, plain };
  }

  it('clean rows: the reader types the columns, with the same result', async () => {
    const { typed, plain } = await both([]);
    expect(typed.passes).toEqual([{ ok: true }]);
    expect(typed.report).toEqual(plain.report);
    expect(typed.orders).toEqual(plain.orders);
    expect(typed.orders).toHaveLength(2100);
  });

  // Values the reader takes (the pass stays typed) and values it refuses (the pass runs again
  // the text way); every one must end as the text read ends it.
  const odd: [string, string, boolean][] = [
    ['amount with exponent', 'SO9,C1,2024-03-01,1.5e3,paid,1', true],
    ['amount with underscores', 'SO9,C1,2024-03-01,1_000,paid,1', true],
    ['amount NaN', 'SO9,C1,2024-03-01,nan,paid,1', true],
    ['amount infinity', 'SO9,C1,2024-03-01,-Infinity,paid,1', true],
    ['amount with spaces', 'SO9,C1,2024-03-01, 12.5 ,paid,1', true],
    ['amount blank', 'SO9,C1,2024-03-01,,paid,1', true],
    ['amount only spaces', 'SO9,C1,2024-03-01,  ,paid,1', false],
    ['amount with currency', 'SO9,C1,2024-03-01,¥12.50,paid,1', false],
    ['amount with thousands', 'SO9,C1,2024-03-01,"1,234.50",paid,1', false],
    ['negative amount (a return)', 'SO9,C1,2024-03-01,-12.50,paid,1', true],
    ['date without zeros', 'SO9,C1,2024-3-1,12.50,paid,1', true],
    ['date with spaces', 'SO9,C1, 2024-03-01 ,12.50,paid,1', true],
    ['date with a time', 'SO9,C1,2024-03-01 10:30:00,12.50,paid,1', false],
    ['date with slashes', 'SO9,C1,2024/03/01,12.50,paid,1', false],
    ['date infinity', 'SO9,C1,infinity,12.50,paid,1', true],
    ['date epoch', 'SO9,C1,epoch,12.50,paid,1', true],
    ['date two-digit year', 'SO9,C1,24-03-01,12.50,paid,1', true],
    ['date out of range', 'SO9,C1,1066-10-14,12.50,paid,1', true],
    ['date in the future', 'SO9,C1,2099-01-01,12.50,paid,1', true],
    ['date impossible', 'SO9,C1,2024-02-30,12.50,paid,1', false],
    ['date blank', 'SO9,C1,,12.50,paid,1', true],
    ['missing customer id', 'SO9,,2024-03-01,12.50,paid,1', true],
    ['quantity unreadable', 'SO9,C1,2024-03-01,12.50,paid,a few', false],
    ['quantity with exponent', 'SO9,C1,2024-03-01,12.50,paid,2e0', true],
    ['footer total', 'Total,,,99999.00,,', true],
    ['repeated header', HEADER, false],
    ['too many fields', 'SO9,C1,2024-03-01,12.50,paid,1,extra', false],
    ['short row', 'SO9,C1', true],
  ];
  it.each(odd)('%s', async (_, row, stays) => {
    const { typed, plain } = await both([row, 'SO99,C2,2024-04-01,3.00,paid,1']);
    expect(typed.passes[0]).toEqual({ ok: stays });
    expect(typed.report).toEqual(plain.report);
    expect(typed.rejects).toEqual(plain.rejects);
    expect(typed.orders).toEqual(plain.orders);
  });

  it('rejects the words strptime reads as 1900-01-01, either way', async () => {
    const { typed, plain } = await both(['SO9,C1,infinity,12.50,paid,1', 'SO10,C1,epoch,1,paid,1']);
    for (const r of [typed, plain])
      expect(
        r.report.rejects.map((x) => [x.reason, x.rows, x.examples.map((e) => e.value)]),
      ).toEqual([['unparseable date', 2, ['infinity', 'epoch']]]);
  });

  it('stops at a cancel made while a typed read failed, without reading the file again', async () => {
    const bytes = new TextEncoder().encode(`${HEADER}\n${clean.join('\n')}\n`);
    const mapping = suggestMapping([await sniffFile({ name: 'orders.csv', data: bytes })]);
    await db.registerBuffer('typed-orders.csv', bytes);
    const cancel = new AbortController();
    const passes: string[] = [];
    const failing = Object.assign(Object.create(db) as Db, {
      exec: async (sql: string) => {
        if (!/CREATE OR REPLACE TABLE "ingest_chk_\d+"/.test(sql)) return db.exec(sql);
        passes.push(/'DOUBLE'|'DATE'/.test(sql) ? 'typed' : 'text');
        cancel.abort();
        throw new Error('Conversion Error: CSV Error on Line: 2000');
      },
    });
    const file = { name: 'orders.csv', data: bytes, registeredName: 'typed-orders.csv' };
    await expect(
      loadFiles(failing, [file], mapping, { today: TODAY, signal: cancel.signal }),
    ).rejects.toThrow('import cancelled');
    expect(passes).toEqual(['typed']);
    await db.dropFile('typed-orders.csv');
  });

  it('is not tried when the sample has a row that would be rejected', async () => {
    const rows = [...clean];
    rows[10] = 'SO9,,2024-03-01,12.50,paid,1';
    const bytes = new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`);
    const mapping = suggestMapping([await sniffFile({ name: 'orders.csv', data: bytes })]);
    const typed = await loadAs(bytes, mapping, true);
    expect(typed.passes).toEqual([]);
    expect(typed.report.rejected).toBe(1);
  });
});
