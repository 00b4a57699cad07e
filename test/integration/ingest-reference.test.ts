import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadFiles,
  parseImportMapping,
  sniffFile,
  suggestMapping,
  type ImportFile,
} from '../../src/data/ingest';
import { DATASETS, TODAY, must, savedMapping, sharedDb } from '../fixtures/ingest/load-fixture';

const germany = (): ImportFile => ({
  name: 'germany.csv',
  data: new Uint8Array(readFileSync(join(DATASETS, 'online-retail-germany/germany.csv'))),
});
const cdnow = (): ImportFile => ({
  name: 'CDNOW_sample.txt',
  data: new Uint8Array(readFileSync(join(DATASETS, 'cdnow-sample/CDNOW_sample.txt'))),
});

async function figures() {
  const db = await sharedDb();
  const [r] = await db.query<{
    rows: number;
    customers: number;
    net: number;
    returns: number;
    c_rows: number;
  }>(
    `SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, round(sum(amount), 2) AS net,
            count(*) FILTER (WHERE is_return) AS returns,
            count(*) FILTER (WHERE starts_with(order_id, 'C')) AS c_rows FROM orders`,
  );
  const [c] = await db.query<{ n: number }>('SELECT count(*) AS n FROM customers');
  return { ...must(r), customerTable: must(c).n };
}

describe('ingest: reference datasets', () => {
  it('Online Retail Germany with the saved mapping: 9,495 rows, 95 customers, net 221,698.21, 453 cancellations', async () => {
    const db = await sharedDb();
    const mapping = parseImportMapping(
      readFileSync(
        join(process.cwd(), 'test/fixtures/ingest/mappings/online-retail-germany.json'),
        'utf8',
      ),
    );
    const report = await loadFiles(db, [germany()], mapping, { today: TODAY });
    const f = must(report.files[0]);
    expect(f).toMatchObject({ read: 9495, loaded: 9495, rejected: 0 });
    // No row lacks a CustomerID in this file (checked: rejects are empty, not filtered).
    expect(f.rejects).toEqual([]);
    expect(await figures()).toEqual({
      rows: 9495,
      customers: 95,
      net: 221698.21,
      returns: 453,
      c_rows: 453,
      customerTable: 95,
    });
    expect(f.warnings.map((w) => [w.reason, w.rows])).toEqual([['duplicate row kept', 15]]);
  });

  it('Online Retail Germany sniffed without help gives the same figures', async () => {
    const db = await sharedDb();
    const sniff = await sniffFile(germany());
    expect(sniff.encoding).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(sniff.mapping.columns).toEqual({
      order_id: 'InvoiceNo',
      customer_id: 'CustomerID',
      order_date: 'InvoiceDate',
      quantity: 'Quantity',
      unit_price: 'UnitPrice',
    });
    await loadFiles(db, [germany()], suggestMapping([sniff]), { today: TODAY });
    expect(await figures()).toEqual({
      rows: 9495,
      customers: 95,
      net: 221698.21,
      returns: 453,
      c_rows: 453,
      customerTable: 95,
    });
  });

  it('Online Retail Germany through a registered file (the browser File path) gives the same figures and report', async () => {
    const db = await sharedDb();
    const file = germany();
    const mapping = savedMapping('online-retail-germany.json');
    // Read where it lies, its quantities and prices are typed by the reader (typed-read.ts).
    const plain = must((await loadFiles(db, [file], mapping, { today: TODAY })).files[0]);
    await db.registerBuffer('germany-registered.csv', must(file.data as Uint8Array));
    const report = await loadFiles(
      db,
      [{ ...file, registeredName: 'germany-registered.csv' }],
      mapping,
      { today: TODAY },
    );
    expect(must(report.files[0])).toMatchObject({ read: 9495, loaded: 9495 });
    expect({ ...must(report.files[0]), lineNumbers: null }).toEqual({
      ...plain,
      lineNumbers: null,
    });
    expect(await figures()).toEqual({
      rows: 9495,
      customers: 95,
      net: 221698.21,
      returns: 453,
      c_rows: 453,
      customerTable: 95,
    });
    await db.dropFile('germany-registered.csv');
  });

  it('CDNOW with the saved mapping: 6,919 transactions of 2,357 customers', async () => {
    const db = await sharedDb();
    const report = await loadFiles(db, [cdnow()], savedMapping('cdnow.json'), { today: TODAY });
    expect(must(report.files[0])).toMatchObject({ read: 6919, loaded: 6919, rejected: 0 });
    const [r] = await db.query<{ rows: number; customers: number; first: number; last: number }>(
      'SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, min(order_date) AS first, max(order_date) AS last FROM orders',
    );
    expect(r).toEqual({
      rows: 6919,
      customers: 2357,
      first: Date.UTC(1997, 0, 1),
      last: Date.UTC(1998, 5, 30),
    });
  });

  it('CDNOW sniffed without help: whitespace, no header, col1/col3/col5', async () => {
    const db = await sharedDb();
    const sniff = await sniffFile(cdnow());
    expect(sniff).toMatchObject({ delimiter: 'whitespace', hasHeader: false, newline: 'crlf' });
    expect(sniff.mapping.columns).toMatchObject({
      customer_id: 'col1',
      order_date: 'col3',
      amount: 'col5',
    });
    const report = await loadFiles(db, [cdnow()], suggestMapping([sniff]));
    expect(must(report.files[0]).loaded).toBe(6919);
    expect(report.customers.total).toBe(2357);
  });
});
