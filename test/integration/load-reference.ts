import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from '../../src/data/db';
import { CANONICAL_DDL, type CanonicalTable } from '../../src/data/schema';
import { loadFetched } from '../../src/data/sources-core';

export const DATASETS = resolve(process.cwd(), '../shared/datasets');

/** The bundled English sample's CSV files, loaded as the app loads a fetched source. */
export async function loadEnglishSample(db: Db): Promise<void> {
  const dir = 'samples/en';
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.csv'))
    .map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
  await loadFetched(db, files, '2026-01-01');
}

export async function createCanonicalTables(db: Db): Promise<void> {
  for (const t of Object.keys(CANONICAL_DDL) as CanonicalTable[]) await db.exec(CANONICAL_DDL[t]);
}

/**
 * CDNOW sample: one order per line (whitespace-separated, no header). The customers table stays
 * empty, so customers derive from orders.
 */
export async function loadCdnow(db: Db): Promise<void> {
  await createCanonicalTables(db);
  const bytes = await readFile(resolve(DATASETS, 'cdnow-sample/CDNOW_sample.txt'));
  await db.registerBuffer('cdnow.txt', new Uint8Array(bytes));
  await db.exec(`INSERT INTO orders (order_id, customer_id, order_date, amount, quantity, is_return)
    SELECT CAST(row_number() OVER () AS VARCHAR), f[1], strptime(f[3], '%Y%m%d')::DATE,
      CAST(f[5] AS DOUBLE), CAST(f[4] AS DOUBLE), false
    FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
          FROM read_csv('cdnow.txt', columns = {'line': 'VARCHAR'}, delim = '|', header = false)
          WHERE trim(line) <> '')`);
  // The published summary numbers customers by the file's sample_id, not by customer_id.
  await db.exec(`CREATE OR REPLACE TABLE cdnow_ids AS
    SELECT DISTINCT f[1] AS customer_id, CAST(f[2] AS INTEGER) AS sample_id
    FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS f
          FROM read_csv('cdnow.txt', columns = {'line': 'VARCHAR'}, delim = '|', header = false)
          WHERE trim(line) <> '')`);
  await db.dropFile('cdnow.txt');
}

/** The published per-customer BG/NBD summary of CDNOW, loaded as table `cdnow_ref`. */
export async function loadCdnowReferenceSummary(db: Db): Promise<void> {
  const bytes = await readFile(resolve(DATASETS, 'cdnow-sample/cdnow_customers_summary.csv'));
  await db.registerBuffer('cdnow_summary.csv', new Uint8Array(bytes));
  await db.exec(`CREATE OR REPLACE TABLE cdnow_ref AS
    SELECT * FROM read_csv('cdnow_summary.csv', header = true,
      columns = {'ID': 'INTEGER', 'frequency': 'INTEGER', 'recency': 'DOUBLE', 'T': 'DOUBLE'})`);
  await db.dropFile('cdnow_summary.csv');
}

/**
 * Online Retail (Germany): invoice lines grouped into orders (amount = sum of quantity x unit
 * price); invoices starting with C are returns. Items and products come from the lines.
 */
export async function loadGermany(db: Db): Promise<void> {
  await createCanonicalTables(db);
  const bytes = await readFile(resolve(DATASETS, 'online-retail-germany/germany.csv'));
  await db.registerBuffer('germany.csv', new Uint8Array(bytes));
  await db.exec(`CREATE OR REPLACE TEMP TABLE germany_lines AS
    SELECT InvoiceNo AS invoice, StockCode AS stock, Description AS description,
      Quantity AS quantity, UnitPrice AS price, CAST(CustomerID AS VARCHAR) AS customer_id,
      CAST(strptime(InvoiceDate, '%m/%d/%Y %H:%M') AS DATE) AS day
    FROM read_csv('germany.csv', header = true, all_varchar = false,
      types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Quantity': 'DOUBLE',
               'UnitPrice': 'DOUBLE', 'CustomerID': 'VARCHAR', 'InvoiceDate': 'VARCHAR'})`);
  await db.exec(`INSERT INTO orders (order_id, customer_id, order_date, amount, quantity, is_return)
    SELECT invoice, customer_id, min(day), sum(quantity * price), sum(quantity),
      starts_with(invoice, 'C')
    FROM germany_lines GROUP BY invoice, customer_id`);
  await db.exec(`INSERT INTO order_items (order_id, product_id, quantity, revenue)
    SELECT invoice, stock, quantity, quantity * price FROM germany_lines`);
  await db.exec(`INSERT INTO products (product_id, name)
    SELECT stock, any_value(description) FROM germany_lines GROUP BY stock`);
  await db.exec('DROP TABLE germany_lines');
  await db.dropFile('germany.csv');
}
