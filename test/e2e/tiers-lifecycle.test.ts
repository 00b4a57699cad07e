import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watch } from './harness';
import { useBuiltApp } from './built-app';

const app = useBuiltApp();

// The sample takes tens of seconds to load on a busy machine.
const LOAD = 180_000;

/**
 * A-tier size straight from the orders CSV in plain JavaScript: net value per customer, ranked
 * by value (ties by id); a customer is A while the customers above hold less than `a` of the
 * total. An independent reckoning of what the app computes in SQL.
 */
function expectedTierA(ordersCsv: string, a: number): { buyers: number; a: number } {
  const rows = Papa.parse<Record<string, string>>(readFileSync(ordersCsv, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const value = new Map<string, number>();
  for (const r of rows) {
    const id = r['customer_id'] ?? '';
    value.set(id, (value.get(id) ?? 0) + Number(r['amount']));
  }
  const ranked = [...value].sort(([ia, va], [ib, vb]) => vb - va || (ia < ib ? -1 : 1));
  const total = ranked.reduce((s, [, v]) => s + v, 0);
  let above = 0;
  let inA = 0;
  for (const [, v] of ranked) {
    if (v > 0 && above / total < a - 1e-9) inA++;
    above += v;
  }
  return { buyers: ranked.length, a: inA };
}

async function tierCounts(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="abc-counts"] [data-tier]', (els) =>
    Object.fromEntries(
      els.map((e) => [e.getAttribute('data-tier'), Number(e.getAttribute('data-customers'))]),
    ),
  );
}

describe('tiers and lifecycle views', () => {
  it('moves the A cut-off and the ABC counts and chart follow, matching a JS reckoning', async () => {
    const page = await app.browser.newPage({
      locale: 'en-US',
      viewport: { width: 1280, height: 720 },
    });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/?v=1&view=tiers`);
    await page.waitForSelector('[data-testid="abc-chart"] svg', { timeout: LOAD });

    const at80 = expectedTierA('samples/en/orders.csv', 0.8);
    const before = await tierCounts(page);
    expect(before['A']).toBe(at80.a);
    expect((before['A'] ?? 0) + (before['B'] ?? 0) + (before['C'] ?? 0)).toBe(at80.buyers);
    const chartBefore = await page.textContent('[data-testid="abc-chart"]');
    const headlineBefore = await page.textContent('[data-testid="abc-headline"]');

    await page.fill('[data-testid="abc-a-slider"]', '50');
    const at50 = expectedTierA('samples/en/orders.csv', 0.5);
    expect(at50.a).toBeLessThan(at80.a);
    await page.waitForFunction(
      (n) =>
        document
          .querySelector('[data-testid="abc-counts"] [data-tier="A"]')
          ?.getAttribute('data-customers') === String(n),
      at50.a,
      { timeout: 60_000 },
    );
    await page.waitForFunction(() => location.search.includes('abcA=50'));
    expect(await page.textContent('[data-testid="abc-headline"]')).not.toBe(headlineBefore);
    expect(await page.textContent('[data-testid="abc-chart"]')).not.toBe(chartBefore);

    // The sample has order lines, so the profitability matrix shows service levels in words.
    await page.waitForSelector('[data-testid="matrix-chart"] svg', { timeout: LOAD });
    await expect(page.textContent('[data-testid="matrix-chart"]')).resolves.toMatch(/Invest/);
    await page.waitForSelector('[data-testid="migration-chart"] svg', { timeout: LOAD });
    await page.waitForSelector('[data-testid="pyramid-chart"] svg', { timeout: LOAD });
    await page.waitForSelector('[data-testid="rfm-chart"] svg', { timeout: LOAD });
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });

  it('switches the cohort heatmap between customers and revenue', async () => {
    const page = await app.browser.newPage({
      locale: 'en-US',
      viewport: { width: 1280, height: 720 },
    });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/?v=1&view=lifecycle`);
    await page.waitForSelector('[data-testid="cohort-chart"] svg', { timeout: LOAD });
    await page.waitForSelector('[data-testid="funnel-chart"] svg', { timeout: LOAD });
    await page.waitForSelector('[data-testid="stages-chart"] svg', { timeout: LOAD });
    await page.waitForSelector('[data-testid="retention-table"] tbody tr', { timeout: LOAD });

    const chart = '[data-testid="cohort-chart"]';
    const before = await page.innerHTML(chart);
    await expect(page.textContent(chart)).resolves.toMatch(/Share of the cohort buying/);
    await page.check('[data-testid="cohort-by-revenue"]');
    await page.waitForFunction(() => location.search.includes('cohortBy=revenue'));
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes('Revenue vs the first period'),
      chart,
    );
    expect(await page.innerHTML(chart)).not.toBe(before);
    await expect(page.textContent('[data-testid="cohort-headline"]')).resolves.toMatch(
      /first period/,
    );
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });
});
