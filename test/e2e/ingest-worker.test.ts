import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inlineParser } from '../../src/data/ingest/inline-parser';
import { readKpis, watch } from './harness';
import { useBuiltApp } from './built-app';

const app = useBuiltApp();

const ROWS = 500_000;
const CUSTOMERS = 5_000;

/** A Chinese GBK order export big enough that decoding it takes a noticeable time. */
function bigGbkOrders(): { path: string; bytes: Uint8Array; value: number } {
  const lines = ['订单编号,客户编号,下单时间,实付金额,订单状态'];
  let cents = 0;
  for (let i = 0; i < ROWS; i++) {
    const amount = (i % 997) * 100 + 50;
    cents += amount;
    lines.push(
      `D${i},K${i % CUSTOMERS},2024/${1 + (i % 12)}/${1 + (i % 28)},￥${(amount / 100).toFixed(2)},已完成`,
    );
  }
  const bytes = new Uint8Array(iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk'));
  const path = join(mkdtempSync(join(tmpdir(), 'clientele-e2e-')), '大订单.csv');
  writeFileSync(path, bytes);
  return { path, bytes, value: cents / 100 };
}

describe('parsing in the ingest worker', () => {
  it('keeps the page responsive while a large GBK export is decoded and loaded, then shows it', async () => {
    const big = bigGbkOrders();
    // What the page would have spent on its own thread: the same decode, inline.
    const file = { name: '大订单.csv', data: big.bytes };
    const sniff = await inlineParser.sniff(file);
    const t0 = performance.now();
    await inlineParser.decodeText(file, sniff.mapping, {}, async () => undefined);
    const parseMs = performance.now() - t0;

    const page = await app.browser.newPage({ locale: 'en-US' });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/?v=1`);
    await readKpis(page);
    await page.click('nav button[data-view="data"]');
    await page.setInputFiles('[data-testid="file-input"]', big.path);
    await page.waitForSelector('[data-testid="import-confirm"]', { timeout: 60_000 });
    // A heartbeat on the page's thread from the confirm on: the longest gap between ticks is
    // the longest the page froze while the file was decoded and loaded.
    await page.evaluate(() => {
      const hb = { max: 0, last: performance.now(), ticks: 0, on: true };
      (window as unknown as { __hb: typeof hb }).__hb = hb;
      const tick = () => {
        const now = performance.now();
        hb.max = Math.max(hb.max, now - hb.last);
        hb.last = now;
        hb.ticks++;
        if (hb.on) setTimeout(tick, 5);
      };
      setTimeout(tick, 5);
    });
    const start = performance.now();
    await page.click('[data-testid="import-confirm"]');
    // The sample's report is on the page already: wait for this file's row.
    const row = page.locator('[data-testid="import-report"] tr[data-file="大订单.csv"]');
    await row.waitFor({ timeout: 120_000 });
    const loadMs = performance.now() - start;
    const hb = await page.evaluate(() => {
      const h = (window as unknown as { __hb: { max: number; ticks: number; on: boolean } }).__hb;
      h.on = false;
      return { max: h.max, ticks: h.ticks };
    });
    await expect(row.getAttribute('data-loaded')).resolves.toBe(String(ROWS));
    await expect(row.getAttribute('data-rejected')).resolves.toBe('0');

    // The load spans the parse; the page kept ticking throughout, never frozen for long.
    expect(loadMs).toBeGreaterThan(parseMs);
    expect(hb.ticks).toBeGreaterThan(loadMs / 100);
    expect(hb.max).toBeLessThan(parseMs / 3);

    await page.click('nav button[data-view="overview"]');
    // The strip re-queries after the load: wait until it shows this file's orders.
    await page.waitForSelector(`[data-metric="orders"][data-value="${ROWS}"]`, { timeout: 60_000 });
    const kpis = await readKpis(page);
    expect(kpis['customers']).toBe(CUSTOMERS);
    expect(kpis['orders']).toBe(ROWS);
    expect(kpis['value']).toBeCloseTo(big.value, 2);
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    console.log(
      `ingest worker: parse ${Math.round(parseMs)} ms inline, load ${Math.round(loadMs)} ms, longest page gap ${Math.round(hb.max)} ms`,
    );
    await page.close();
  });
});
