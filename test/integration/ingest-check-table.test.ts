import { describe, expect, it } from 'vitest';
import { loadFiles, rejectsCsv, sniffFile, suggestMapping } from '../../src/data/ingest';
import { checkFile } from '../../src/data/ingest/check-file';
import { REPEAT_SHARE_ROWS, repeatedKeys } from '../../src/data/ingest/duplicates';
import { stageFile } from '../../src/data/ingest/staging';
import { CANONICAL_DDL } from '../../src/data/schema';
import type { Db } from '../../src/data/db';
import { rejectCounts, sharedDb, TODAY, warningCounts } from '../fixtures/ingest/load-fixture';

/**
 * The check table holds every row of a file at the peak of its load, so it carries no per-row
 * column it can do without: warnings are bits of one column, the kept text is one VARCHAR, and
 * the duplicate search hashes the typed columns after the pass instead of a stored text hash.
 */

const enc = (s: string) => new TextEncoder().encode(s);

async function load(db: Db, files: Record<string, string>) {
  const list = Object.entries(files).map(([name, text]) => ({ name, data: enc(text) }));
  const mapping = suggestMapping(await Promise.all(list.map((f) => sniffFile(f))));
  return loadFiles(db, list, mapping, { today: TODAY });
}

const unique = Array.from(
  { length: 40 },
  (_, i) => `u${i},c${i},2024-02-${String((i % 28) + 1).padStart(2, '0')},${i + 1},m`,
);

describe('ingest: the check table', () => {
  it('has one warnings column, the flagged text as one VARCHAR, and no row hash', async () => {
    const db = await sharedDb();
    await db.exec(CANONICAL_DDL.orders);
    const text = `order_id,customer_id,order_date,amount
o1,a,2024-01-02,40
o2,,2024-01-03,"1,5"
o3,b,2099-01-01,7
`;
    const file = { name: 'layout.csv', data: enc(text) };
    const m = (await sniffFile(file)).mapping;
    const src = await stageFile(db, file, m, 'layout', {});
    try {
      await checkFile(db, file.name, m, src, 7, { today: TODAY }, false);
    } finally {
      await src.close();
    }
    const cols = await db.query<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
       WHERE table_name = 'ingest_chk_7' AND starts_with(column_name, '__') ORDER BY column_index`,
    );
    expect(cols).toEqual([
      { name: '__line', type: 'INTEGER' },
      { name: '__rule', type: 'UTINYINT' },
      { name: '__w', type: 'UTINYINT' },
      { name: '__raw', type: 'VARCHAR' },
    ]);
    const flags = await db.query<{ line: number; w: number; kept: boolean }>(
      `SELECT __line AS line, __w AS w, __raw IS NOT NULL AS kept FROM ingest_chk_7 ORDER BY __line`,
    );
    // Line 4's date lies after TODAY: warning 0 (date in the future) is its first bit.
    expect(flags).toEqual([
      { line: 2, w: 0, kept: false },
      { line: 3, w: 0, kept: true },
      { line: 4, w: 1, kept: true },
    ]);
    for (const t of ['ingest_chk_7', 'ingest_stg_7']) await db.exec(`DROP TABLE IF EXISTS ${t}`);
  });

  it('gives back a flagged row’s text exactly: quotes, commas, empty cells and the word NULL', async () => {
    const db = await sharedDb();
    const report = await load(db, {
      'orders.csv': `order_id,customer_id,order_date,amount,memo
o1,a,2024-01-02,40,ok
NULL,,2024-01-03,5,"say ""hi"", [then] 'bye'"
o3,,2024-01-04,6,
`,
    });
    expect(rejectCounts(report, 'orders.csv')).toEqual({ 'missing customer id': 2 });
    expect((await rejectsCsv(db, report, 'orders.csv')).split('\r\n').slice(1, 3)).toEqual([
      `3,missing customer id,customer_id,NULL,,2024-01-03,5,"say ""hi"", [then] 'bye'"`,
      '4,missing customer id,customer_id,o3,,2024-01-04,6,',
    ]);
  });

  it('finds exact duplicates by text: rows alike once typed but written differently are not', async () => {
    const db = await sharedDb();
    const report = await load(db, {
      'orders.csv': [
        'order_id,customer_id,order_date,amount,memo',
        ...unique,
        'd1,c1,2024-01-01,10,x',
        'd1,c1,2024-01-01,10,x',
        // Same typed values as each other, different text: an amount spelled twice, a memo.
        'd2,c1,2024-01-01,10,x',
        'd2,c1,2024-01-01,10.00,x',
        'd3,c2,2024-01-02,5,x',
        'd3,c2,2024-01-02,5,y',
        '',
      ].join('\n'),
    });
    expect(rejectCounts(report, 'orders.csv')).toEqual({ 'exact duplicate row': 1 });
    expect(report.files[0]?.rejects[0]?.examples.map((e) => e.line)).toEqual([43]);
    expect(warningCounts(report, 'orders.csv')).toEqual({
      'order id seen twice with different content': 4,
    });
  });

  it('does the same in a file whose ids repeat (order lines)', async () => {
    const db = await sharedDb();
    const report = await load(db, {
      'order_items.csv': `order_id,product_id,quantity,revenue
o1,p1,1,10
o1,p1,1,10
o1,p1,1,10.0
o1,p1, 1,10
o2,p1,1,10
`,
    });
    expect(rejectCounts(report, 'order_items.csv')).toEqual({ 'exact duplicate row': 1 });
    expect(report.files[0]?.rejects[0]?.examples.map((e) => e.line)).toEqual([3]);
  });

  it('finds the same repeated keys in shares as in one aggregate', async () => {
    const db = await sharedDb();
    const keyed = `SELECT CAST(hash(i % 37) AS UBIGINT) AS k FROM range(40) r(i) UNION ALL SELECT 7 AS k`;
    const sets: number[][] = [];
    for (const rows of [40, 3 * REPEAT_SHARE_ROWS]) {
      await repeatedKeys(db, 'rep_test', keyed, rows);
      const got = await db.query<{ k: number }>(
        `SELECT DISTINCT CAST(k % 1000000 AS INTEGER) AS k FROM rep_test ORDER BY k`,
      );
      sets.push(got.map((r) => r.k));
    }
    expect(sets[0]).toHaveLength(3);
    expect(sets[1]).toEqual(sets[0]);
    await db.exec('DROP TABLE rep_test');
  });
});
