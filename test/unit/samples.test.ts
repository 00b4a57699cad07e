import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { generateSamples, type SampleManifest } from '../../scripts/generate-samples';
import { SAMPLE_TABLES, TempDirs, listFiles, loadEnglish, row, sha256 } from './samples-helpers';

const temps = new TempDirs();
// Starting DuckDB-WASM costs seconds: one instance for the whole file.
let db: Db;
// Hook timeout as long as the test timeout: DuckDB-WASM start-up is slow on a busy machine.
beforeAll(async () => {
  db = await openNodeDb();
}, 60_000);
afterAll(async () => {
  await db.close();
  temps.removeAll();
});

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

describe('generateSamples', () => {
  it('writes byte-identical files for the same seed', () => {
    const a = temps.make();
    const b = temps.make();
    generateSamples({ outDir: a, orders: 3000, seed: 7 });
    generateSamples({ outDir: b, orders: 3000, seed: 7 });
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    expect(files).toContain('manifest.json');
    for (const f of files)
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
  });

  it('gives different data for a different seed, and the same English files without zh', () => {
    const both = temps.make();
    const enOnly = temps.make();
    const other = temps.make();
    generateSamples({ outDir: both, orders: 2000, seed: 11 });
    generateSamples({ outDir: enOnly, orders: 2000, seed: 11, variants: ['en'] });
    generateSamples({ outDir: other, orders: 2000, seed: 12, variants: ['en'] });
    for (const t of SAMPLE_TABLES) {
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
    dir = temps.make();
    manifest = generateSamples({ outDir: dir, orders: 6000, seed: 3 }).manifest;
    await loadEnglish(db, dir);
  }, 60_000);

  it('order amounts equal the sum of their items, and references resolve', async () => {
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
