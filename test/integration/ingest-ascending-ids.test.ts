import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Query } from '../../src/data/db';
import { loadFiles, sniffFile, suggestMapping } from '../../src/data/ingest';
import { uniqueOrderIdsQuery } from '../../src/analysis/customer-days';
import { rejectCounts, TODAY, warningCounts } from '../fixtures/ingest/load-fixture';

/**
 * An orders file whose order ids are set on every row and ascend has no id on two rows, so the
 * ingest skips the search for repeated ids and exact copies. Any file that breaks the ascent,
 * however little, still gets the search, and finds what it finds today.
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
    return { report, searched, marked: m?.unique_ids };
  };
  // Enough rows for the ingest's estimate of distinct ids to call the file order-level; one
  // unreadable date (rejected) and one in the future (warned) among them.
  const rows = Array.from(
    { length: 60 },
    (_, i) =>
      `O${1000 + i},c${i % 7},${i === 20 ? 'someday' : i === 30 ? '2099-01-01' : `2024-02-0${1 + (i % 5)}`},${i + 1}.50,paid`,
  );

  it('loads ascending ids without searching for repeats, and marks them unique', async () => {
    const { report, searched, marked } = await load(rows);
    expect(searched).toBe(false);
    expect(marked).toBe(true);
    expect(rejectCounts(report, 'orders.csv')).toEqual({ 'unparseable date': 1 });
    expect(warningCounts(report, 'orders.csv')).toEqual({ 'date in the future': 1 });
    expect(report.orders.rows).toBe(59);
  });

  it('searches when an exact copy sits next to its row', async () => {
    const copy = [...rows.slice(0, 10), rows[9] ?? '', ...rows.slice(10)];
    const { report, searched, marked } = await load(copy);
    expect(searched).toBe(true);
    expect(marked).toBe(false);
    expect(rejectCounts(report, 'orders.csv')).toEqual({
      'unparseable date': 1,
      'exact duplicate row': 1,
    });
    expect(report.orders.rows).toBe(59);
  });

  it('searches when an id repeats next to itself with other content', async () => {
    const again = [...rows.slice(0, 10), 'O1009,c3,2024-02-03,7.00,paid', ...rows.slice(10)];
    const { report, searched, marked } = await load(again);
    expect(searched).toBe(true);
    expect(marked).toBe(false);
    expect(warningCounts(report, 'orders.csv')).toEqual({
      'date in the future': 1,
      'order id seen twice with different content': 2,
    });
  });

  it('searches when a row has no id, and then marks the ids unique as before', async () => {
    const { searched, marked } = await load([...rows, ',c1,2024-02-03,7.00,paid']);
    expect(searched).toBe(true);
    expect(marked).toBe(true);
  });
});
