import { describe, expect, it } from 'vitest';
import { loadFiles, sniffFile, suggestMapping, type ImportFile } from '../../src/data/ingest';
import { fixture, must, sharedDb, tableRows, TODAY } from '../fixtures/ingest/load-fixture';

async function loadWith(file: ImportFile, chunkBytes?: number) {
  const db = await sharedDb();
  const mapping = suggestMapping([await sniffFile(file)]);
  const report = await loadFiles(db, [file], mapping, {
    today: TODAY,
    ...(chunkBytes ? { chunkBytes } : {}),
  });
  const f = must(report.files[0]);
  return { rows: await tableRows(db, f.table), report: { ...f, stagingTable: '' } };
}

describe('ingest: streaming decode', () => {
  it.each([
    'orders-gbk.csv',
    'orders-tab.tsv',
    'orders-basic.csv',
    'orders-utf16be.csv',
    'orders-whitespace.txt',
    'orders-eu.csv',
  ])(
    '%s gives the same rows and report when decoded 7 bytes at a time (split characters, CRLF and many parts)',
    async (name) => {
      const whole = await loadWith(fixture(name));
      const tiny = await loadWith(fixture(name), 7);
      expect(tiny).toEqual(whole);
      expect(whole.report.lineNumbers).toBe('exact');
    },
  );

  it('reads a Blob (a dropped File) as well as bytes', async () => {
    const f = fixture('orders-gbk.csv');
    const fromBytes = await loadWith(f);
    const fromBlob = await loadWith({ name: f.name, data: new Blob([new Uint8Array(f.data)]) }, 5);
    expect(fromBlob).toEqual(fromBytes);
  });

  it('keeps a quoted cell with a line break in one row and counts lines exactly after it', async () => {
    const text =
      'order_id,customer_id,order_date,amount\nq1,"multi\nline",2024-01-01,5\n\nq2,k2,2024-01-02,bad\nq3,k3,2024-01-03,7\nq4,k4,2024-01-04,8\n';
    const file = { name: 'quoted.csv', data: new TextEncoder().encode(text) };
    const { rows, report } = await loadWith(file, 3);
    expect(rows.map((r) => r.customer_id)).toEqual(['multi\nline', 'k3', 'k4']);
    expect(report.rejects.map((r) => [r.reason, r.examples[0]?.line])).toEqual([
      ['unparseable amount', 5],
    ]);
    expect(report.blankLines).toBe(1);
  });
});
