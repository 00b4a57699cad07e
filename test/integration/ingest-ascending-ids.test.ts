import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import { loadFiles, sniffFile, suggestMapping } from '../../src/data/ingest';
import { uniqueOrderIdsQuery } from '../../src/analysis/customer-days';
import { describeLoaded } from '../../src/data/sources-core';
import { rejectCounts, TODAY, warningCounts } from '../fixtures/ingest/load-fixture';

/**
 * An orders file whose order ids are set on every row and ascend has no id on two rows, so the
 * ingest skips the search for repeated ids and exact copies, and its report gives the order count
 * (`distinct`: the rows loaded, which the header shows without counting). Any file that breaks
 * the ascent, however little, still gets the search, finds what it finds today, and leaves the
 * count to `describeLoaded`.
 */
describe('ingest: order ids that ascend', () => {
  let db: Db;
  const seen: string[] = [];
  beforeAll(async () => {
    const inner = await openNodeDb();
    const log = (sql: string) => seen.push(sql);
    db = Object.assign(Object.create(inner) as Db, {
      query: (q: Query | string) => {
        log(typeof q === 'string' ? q : q.sql);
        return inner.query(q);
      },
      exec: (sql: string) => {
        log(sql);
        return inner.exec(sql);
      },
    });
  });
  afterAll(async () => {
    await db.close();
  });

  const load = async (rows: string[]) => {
    const file = {
      name: 'orders.csv',
      data: new TextEncoder().encode(
        `order_id,customer_id,order_date,amount,status\n${rows.join('\n')}\n`,
      ),
    };
    const mapping = suggestMapping([await sniffFile(file)]);
    seen.length = 0;
    const report = await loadFiles(db, [file], mapping, { today: TODAY });
    const searched = seen.some((s) => /_ids\b/.test(s));
    const [m] = await db.query<{ unique_ids: boolean }>(uniqueOrderIdsQuery());
    const counted = await describeLoaded(db);
    if (report.orders.distinct !== undefined)
      expect(await describeLoaded(db, report)).toEqual(counted);
    return { report, searched, marked: m?.unique_ids, known: report.orders.distinct, counted };
  };
  // Enough rows for the ingest's estimate of distinct ids to call the file order-level; one
  // unreadable date (rejected) and one in the future (warned) among them.
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `O${1000 + i},c${i % 7},${i === 20 ? 'someday' : i === 30 ? '2099-01-01' : `2024-02-0${1 + (i % 5)}`},${i + 1}.50,paid`,
  );

  it('loads ascending ids without searching for repeats, and marks them unique', async () => {
    const { report, searched, marked, known, counted } = await load(rows);
    expect(searched).toBe(false);
    expect(marked).toBe(true);
    expect(known).toBe(59);
    expect(counted.orders).toBe(59);
    expect(rejectCounts(report, 'orders.csv')).toEqual({ 'unparseable date': 1 });
    expect(warningCounts(report, 'orders.csv')).toEqual({ 'date in the future': 1 });
    expect(report.orders.rows).toBe(59);
  });

  it('searches when an exact copy sits next to its row', async () => {
    const copy = [...rows.slice(0, 10), rows[9] ?? '', ...rows.slice(10)];
    const { report, searched, marked, known } = await load(copy);
    expect(searched).toBe(true);
    expect(marked).toBe(false);
    expect(known).toBeUndefined();
    expect(rejectCounts(report, 'orders.csv')).toEqual({
      'unparseable date': 1,
      'exact duplicate row': 1,
    });
    expect(report.orders.rows).toBe(59);
  });

  it('searches when an id repeats next to itself with other content', async () => {
    const again = [...rows.slice(0, 10), 'O1009,c3,2024-02-03,7.00,paid', ...rows.slice(10)];
    const { report, searched, marked, known, counted } = await load(again);
    expect(searched).toBe(true);
    expect(marked).toBe(false);
    expect(known).toBeUndefined();
    expect(counted.orders).toBe(59);
    expect(warningCounts(report, 'orders.csv')).toEqual({
      'date in the future': 1,
      'order id seen twice with different content': 2,
    });
  });

  it('searches when a row has no id, and then marks the ids unique as before', async () => {
    const { searched, marked, known, counted } = await load([...rows, ',c1,2024-02-03,7.00,paid']);
    expect(searched).toBe(true);
    expect(marked).toBe(true);
    expect(known).toBeUndefined();
    expect(counted.orders).toBe(60);
  });

  it('leaves the count to describeLoaded when the ids do not ascend', async () => {
    const { searched, known, counted } = await load([...rows.slice(30), ...rows.slice(0, 30)]);
    expect(searched).toBe(true);
    expect(known).toBeUndefined();
    expect(counted.orders).toBe(59);
  });
});
