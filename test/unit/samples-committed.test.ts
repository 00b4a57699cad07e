import { readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { generateSamples, parseArgs } from '../../scripts/generate-samples';
import { TempDirs, listFiles, loadEnglish, row, sha256 } from './samples-helpers';

const SAMPLES = resolve(process.cwd(), 'samples');
const temps = new TempDirs();
let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await loadEnglish(db, SAMPLES);
}, 60_000);
afterAll(async () => {
  await db.close();
  temps.removeAll();
});

describe('committed samples', () => {
  it('are what the generator produces with the default seed', () => {
    const fresh = temps.make();
    generateSamples({ outDir: fresh });
    const files = listFiles(fresh);
    expect(listFiles(SAMPLES)).toEqual(files);
    for (const f of files) expect(sha256(join(SAMPLES, f)), f).toBe(sha256(join(fresh, f)));
  });

  it('have the advertised shape: prospects, 80/20, returns, seasonality, margins', async () => {
    const r = row(
      await db.query<Record<string, number>>(`
        WITH value AS (
          SELECT c.customer_id, coalesce(sum(o.amount), 0) AS v, count(o.order_id) AS n
          FROM customers c LEFT JOIN orders o USING (customer_id) GROUP BY 1),
        ranked AS (SELECT v, n, row_number() OVER (ORDER BY v DESC) AS rk, count(*) OVER () AS total
          FROM value),
        months AS (SELECT month(order_date) AS m, sum(amount) AS rev FROM orders GROUP BY 1),
        days AS (SELECT order_date, count(*) AS n FROM orders GROUP BY 1),
        cats AS (SELECT p.category, 1 - sum(i.cost) / sum(i.revenue) AS margin
          FROM order_items i JOIN products p USING (product_id) GROUP BY 1)
        SELECT
          (SELECT count(*) FROM customers) AS customers,
          (SELECT count(*) FROM products) AS products,
          (SELECT count(DISTINCT category) FROM products) AS categories,
          (SELECT count(*) FROM orders) AS orders,
          (SELECT avg((n = 0)::INT) FROM value) AS prospect_share,
          (SELECT sum(v) FILTER (WHERE rk <= total * 0.2) / sum(v) FROM ranked) AS top20,
          (SELECT avg((status = 'returned')::INT) FROM orders) AS return_share,
          (SELECT avg(rev) FILTER (WHERE m >= 11) / avg(rev) FROM months) AS holiday_lift,
          (SELECT avg(n) FILTER (WHERE month(order_date) = 11 AND day(order_date) = 11)
             / median(n) FROM days) AS singles_day_lift,
          (SELECT min(margin) FROM cats) AS min_margin,
          (SELECT max(margin) FROM cats) AS max_margin,
          (SELECT min(signup_date) < DATE '2022-01-01' AND max(signup_date) > DATE '2024-06-30'
             FROM customers)::INT AS signups_spread,
          (SELECT min(order_date) >= DATE '2022-01-01' AND max(order_date) <= DATE '2024-12-31'
             FROM orders)::INT AS orders_in_period`),
      0,
    );
    expect(r).toMatchObject({
      customers: 5000,
      products: 200,
      categories: 8,
      signups_spread: 1,
      orders_in_period: 1,
    });
    expect(r.orders).toBeGreaterThan(54_000);
    expect(r.orders).toBeLessThan(66_000);
    expect(r.prospect_share).toBeGreaterThanOrEqual(0.1);
    expect(r.prospect_share).toBeLessThanOrEqual(0.15);
    expect(r.top20).toBeGreaterThanOrEqual(0.65);
    expect(r.top20).toBeLessThanOrEqual(0.8);
    expect(r.return_share).toBeGreaterThanOrEqual(0.01);
    expect(r.return_share).toBeLessThanOrEqual(0.02);
    expect(r.holiday_lift).toBeGreaterThan(1.2);
    expect(r.singles_day_lift).toBeGreaterThan(3);
    expect(r.min_margin).toBeLessThan(0.2);
    expect(r.max_margin).toBeGreaterThan(0.45);
  });

  it('include lapsed customers and customers who came back after a long gap', async () => {
    const r = row(
      await db.query<{ lapsed: number; reactivated: number; buyers: number }>(`
        WITH o AS (SELECT customer_id, order_date,
            order_date - lag(order_date) OVER (PARTITION BY customer_id ORDER BY order_date) AS gap
          FROM orders WHERE status = 'completed')
        SELECT
          count(DISTINCT customer_id) AS buyers,
          (SELECT count(*) FROM (SELECT customer_id FROM o GROUP BY 1
             HAVING max(order_date) < DATE '2024-01-01')) AS lapsed,
          count(DISTINCT customer_id) FILTER (WHERE gap > 270) AS reactivated
        FROM o`),
      0,
    );
    expect(r.lapsed / r.buyers).toBeGreaterThan(0.2);
    expect(r.reactivated).toBeGreaterThan(20);
  });

  it('use only characters GBK can hold (iconv-lite would have written "?")', () => {
    for (const t of ['customers', 'orders', 'order_items', 'products']) {
      const bytes = readFileSync(join(SAMPLES, 'zh', `${t}.csv`));
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      expect(text.includes('?'), t).toBe(false);
    }
  });
});

describe('generate-samples command line', () => {
  it('defaults to both variants in samples/, and to English for a sized run', () => {
    expect(parseArgs([])).toMatchObject({ variants: ['en', 'zh'], orders: undefined });
    expect(parseArgs([])).toMatchObject({ outDir: SAMPLES });
    expect(parseArgs(['--orders', '1_000_000', '--out', 'bench/data/1m'])).toMatchObject({
      orders: 1_000_000,
      variants: ['en'],
      outDir: resolve('bench/data/1m'),
    });
    expect(
      parseArgs(['--orders', '10', '--out', 'x', '--variant', 'both', '--seed', '0']),
    ).toMatchObject({ variants: ['en', 'zh'], seed: 0 });
  });

  it('rejects bad flags with a message naming them', () => {
    expect(() => parseArgs(['--orders', '1000'])).toThrow(/--orders needs --out/);
    expect(() => parseArgs(['--variant', 'fr'])).toThrow(
      /--variant must be en, zh or both, got "fr"/,
    );
    expect(() => parseArgs(['--orders', '1e3x', '--out', 'x'])).toThrow(
      /--orders must be a whole number/,
    );
    expect(() => parseArgs(['--rows', '5'])).toThrow(/unknown argument: --rows/);
    expect(() => parseArgs(['--seed'])).toThrow(/--seed needs a value/);
  });
});
