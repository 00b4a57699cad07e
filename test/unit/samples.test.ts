import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { generateSamples, type SampleManifest } from '../../scripts/generate-samples';

const SAMPLES = resolve(process.cwd(), 'samples');
const TABLES = ['customers', 'orders', 'order_items', 'products'] as const;
const temps: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'clientele-samples-'));
  temps.push(d);
  return d;
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function parseCsv(text: string): string[][] {
  const res = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(res.errors).toEqual([]);
  return res.data;
}

/** `-￥1,234.50` -> -123450 cents; `1234.50` -> 123450. */
function cents(s: string | undefined): number {
  const m = /^(-?)￥?([\d,]+)\.(\d\d)$/.exec(s ?? '');
  if (!m) throw new Error(`not a money value: ${s}`);
  const v = Number((m[2] ?? '').replaceAll(',', '')) * 100 + Number(m[3]);
  return m[1] ? -v : v;
}

function zhDateToIso(s: string | undefined): string {
  const [y = '', m = '', d = ''] = (s ?? '').split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function row<T>(rows: readonly T[], i: number): T {
  const r = rows[i];
  if (r === undefined) throw new Error(`no row ${i}`);
  return r;
}

/** Loads the English files of `dir` into `schema`, so one engine serves every test here. */
async function loadEn(dir: string, schema: string): Promise<void> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const t of TABLES) {
    const file = `${schema}-${t}.csv`;
    await db.registerBuffer(file, readFileSync(join(dir, 'en', `${t}.csv`)));
    await db.exec(
      `CREATE OR REPLACE TABLE ${schema}.${t} AS SELECT * FROM read_csv('${file}', header = true)`,
    );
  }
  await db.exec(`SET search_path = '${schema}'`);
}

// Starting DuckDB-WASM costs seconds: one instance for the whole file.
let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => {
  await db.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('generateSamples', () => {
  it('writes byte-identical files for the same seed', () => {
    const a = tempDir();
    const b = tempDir();
    generateSamples({ outDir: a, orders: 3000, seed: 7 });
    generateSamples({ outDir: b, orders: 3000, seed: 7 });
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    expect(files).toContain('manifest.json');
    for (const f of files)
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
  });

  it('gives different data for a different seed, and the same English files without zh', () => {
    const both = tempDir();
    const enOnly = tempDir();
    const other = tempDir();
    generateSamples({ outDir: both, orders: 2000, seed: 11 });
    generateSamples({ outDir: enOnly, orders: 2000, seed: 11, variants: ['en'] });
    generateSamples({ outDir: other, orders: 2000, seed: 12, variants: ['en'] });
    for (const t of TABLES) {
      expect(sha256(join(enOnly, 'en', `${t}.csv`))).toBe(sha256(join(both, 'en', `${t}.csv`)));
    }
    expect(sha256(join(other, 'en', 'orders.csv'))).not.toBe(
      sha256(join(both, 'en', 'orders.csv')),
    );
  });
});

describe('generated data is consistent', () => {
  let dir: string;
  let manifest: SampleManifest;

  beforeAll(async () => {
    dir = tempDir();
    manifest = generateSamples({ outDir: dir, orders: 6000, seed: 3 }).manifest;
    await loadEn(dir, 'gen');
  });

  it('order amounts equal the sum of their items, and references resolve', async () => {
    await db.exec(`SET search_path = 'gen'`);
    const r = row(
      await db.query<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM orders o
           LEFT JOIN (SELECT order_id, sum(revenue) s, sum(quantity) q FROM order_items GROUP BY 1) i
           USING (order_id)
         WHERE i.s IS NULL OR abs(o.amount - i.s) > 0.001 OR o.quantity <> i.q) AS bad_amount,
        (SELECT count(*) FROM orders WHERE customer_id NOT IN (SELECT customer_id FROM customers))
          AS orphan_orders,
        (SELECT count(*) FROM order_items WHERE order_id NOT IN (SELECT order_id FROM orders))
          AS orphan_items,
        (SELECT count(*) FROM order_items WHERE product_id NOT IN (SELECT product_id FROM products))
          AS unknown_products,
        (SELECT count(*) FROM orders WHERE (status = 'returned') <> (amount < 0)) AS bad_returns,
        (SELECT count(DISTINCT order_id) = count(*) FROM orders)::INT AS unique_ids,
        (SELECT count(*) FROM orders) AS n`),
      0,
    );
    expect(r).toMatchObject({
      bad_amount: 0,
      orphan_orders: 0,
      orphan_items: 0,
      unknown_products: 0,
      bad_returns: 0,
      unique_ids: 1,
    });
    expect(r.n).toBeGreaterThan(4000);
  });

  it('the manifest row counts match the files', () => {
    for (const v of manifest.variants) {
      for (const f of v.files) {
        const bytes = readFileSync(join(dir, f.path));
        const text = v.id === 'zh' ? new TextDecoder('gb18030').decode(bytes) : bytes.toString();
        expect(parseCsv(text).length - 1, f.path).toBe(f.rows);
      }
    }
  });

  it('the GBK files decode with gb18030 and carry the same numbers as the English files', () => {
    const read = (v: string, t: string): string[][] => {
      const bytes = readFileSync(join(dir, v, `${t}.csv`));
      if (v === 'en') return parseCsv(bytes.toString('utf8'));
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      // iconv-lite writes '?' for characters GBK lacks; none of the data contains one.
      expect(text).not.toContain('?');
      expect(text).toContain('\r\n');
      return parseCsv(text);
    };
    const enOrders = read('en', 'orders');
    const zhOrders = read('zh', 'orders');
    expect(zhOrders[0]).toEqual([
      '订单编号',
      '客户编号',
      '订单日期',
      '实付金额',
      '订单状态',
      '数量',
    ]);
    expect(zhOrders.length).toBe(enOrders.length);
    for (let i = 1; i < enOrders.length; i++) {
      const [eid, ecust, edate, eamt, estatus, eqty] = row(enOrders, i);
      const [zid, zcust, zdate, zamt, zstatus, zqty] = row(zhOrders, i);
      expect([zid, zcust, zqty]).toEqual([eid, ecust, eqty]);
      expect(zhDateToIso(zdate)).toBe(edate);
      expect(zdate).toMatch(/^\d{4}\/[1-9]\d?\/[1-9]\d?$/);
      expect(cents(zamt)).toBe(cents(eamt));
      expect(zstatus).toBe(estatus === 'returned' ? '退款' : '已完成');
    }
    const enItems = read('en', 'order_items');
    const zhItems = read('zh', 'order_items');
    expect(zhItems.length).toBe(enItems.length);
    for (let i = 1; i < enItems.length; i++) {
      const e = row(enItems, i);
      const z = row(zhItems, i);
      expect([z[0], z[1], z[2], cents(z[3]), cents(z[4])]).toEqual([
        e[0],
        e[1],
        e[2],
        cents(e[3]),
        cents(e[4]),
      ]);
    }
    const zhCustomers = read('zh', 'customers');
    expect(zhCustomers[0]).toEqual([
      '客户编号',
      '客户名称',
      '注册日期',
      '地区',
      '渠道',
      '客户类型',
    ]);
    expect(new Set(zhCustomers.slice(1).map((r) => r[3]))).toEqual(
      new Set(['华东', '华南', '华北', '华中', '西南', '西北', '东北']),
    );
    expect(read('zh', 'products')[0]).toEqual(['商品编号', '商品名称', '品类', '单位成本']);
  });

  it('quotes money with thousands separators in the Chinese files', () => {
    const raw = new TextDecoder('gb18030').decode(readFileSync(join(dir, 'zh', 'orders.csv')));
    expect(raw).toMatch(/,"￥\d{1,3},\d{3}\.\d\d",/);
  });
});

describe('committed samples', () => {
  beforeAll(async () => {
    await loadEn(SAMPLES, 'committed');
  });

  it('are what the generator produces with the default seed', () => {
    const fresh = tempDir();
    generateSamples({ outDir: fresh });
    const files = listFiles(fresh);
    expect(listFiles(SAMPLES)).toEqual(files);
    for (const f of files) expect(sha256(join(SAMPLES, f)), f).toBe(sha256(join(fresh, f)));
  });

  it('have the advertised shape: prospects, 80/20, returns, seasonality, margins', async () => {
    await db.exec(`SET search_path = 'committed'`);
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

  it('include customers who stopped buying for a year or more', async () => {
    await db.exec(`SET search_path = 'committed'`);
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
});
