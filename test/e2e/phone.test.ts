import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBuiltApp } from './built-app';
import { makeDropFiles } from './fixtures';

const app = useBuiltApp();

const PHONE = { width: 390, height: 844 };
const LOAD = 120_000;

/** How far the page itself scrolls sideways (0 when everything fits or scrolls in its panel). */
async function sideways(page: Page): Promise<number> {
  // Let queries settle and charts draw at their final width first.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, {
    timeout: LOAD,
  });
  await page.waitForTimeout(300);
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

async function show(page: Page, view: string, ready: string): Promise<void> {
  await page.click(`nav button[data-view="${view}"]`);
  await page.waitForSelector(ready, { timeout: LOAD });
}

describe('at phone width (390 × 844) no view makes the page scroll sideways', () => {
  it('overview, pareto, tiers, lifecycle, churn, drill-down, notebook, data, presentation', async () => {
    const page = await app.browser.newPage({ viewport: PHONE, locale: 'en-US' });
    await page.goto(`${app.origin}/?v=1`);
    const found: Record<string, number> = {};

    await page.waitForSelector('[data-testid="headlines"]', { timeout: LOAD });
    found['overview'] = await sideways(page);
    await show(page, 'pareto', '[data-testid="pareto-chart"] svg');
    await page.click('[data-testid="pareto-band-2"]');
    await page.waitForSelector('[data-testid="pareto-band-list"] tbody tr', { timeout: LOAD });
    found['pareto'] = await sideways(page);
    await show(page, 'tiers', '[data-testid="migration-chart"] svg');
    await page.waitForSelector('[data-testid="matrix-chart"] svg', { timeout: LOAD });
    found['tiers'] = await sideways(page);
    await show(page, 'lifecycle', '[data-testid="retention-table"] tbody tr');
    await page.waitForSelector('[data-testid="cohort-chart"] svg', { timeout: LOAD });
    found['lifecycle'] = await sideways(page);
    await show(page, 'churn', '[data-testid="churn-list"] tbody tr');
    found['churn'] = await sideways(page);
    await page.click('[data-testid="churn-list"] tbody tr:first-child button.pick');
    await page.waitForSelector('[data-testid="tier-history"] tbody tr', { timeout: LOAD });
    found['drill-down'] = await sideways(page);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="customer-drill"]', { state: 'detached' });
    await show(page, 'notebook', '[data-testid="notebook-add"]');
    await page.click('[data-testid="notebook-add"]');
    await page.fill(
      'textarea',
      'SELECT customer_id, region, channel, segment, value, orders, first_order, last_order FROM customer_summary ORDER BY value DESC LIMIT 20',
    );
    await page.click('[data-testid="notebook-run"]');
    await page.waitForSelector('[data-testid="notebook-cell"] tbody tr', { timeout: LOAD });
    found['notebook'] = await sideways(page);
    await show(page, 'data', '[data-testid="import-report"]');
    found['data'] = await sideways(page);
    await show(page, 'overview', '[data-testid="headlines"]');
    await page.click('[data-testid="present"]');
    for (let i = 1; i <= 5; i++) {
      await page.waitForSelector('[data-testid="presentation"] svg', { timeout: LOAD });
      found[`slide ${i}`] = await sideways(page);
      await page.keyboard.press('ArrowRight');
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, 0])));
    expect(Object.keys(found)).toHaveLength(13);
    await page.close();
  });

  it('the import: mapping step and validation report', async () => {
    const files = await makeDropFiles();
    const page = await app.browser.newPage({ viewport: PHONE, locale: 'zh-CN' });
    await page.goto(`${app.origin}/?v=1&view=data`);
    await page.setInputFiles('[data-testid="file-input"]', files.orders);
    await page.waitForSelector('[data-testid="import-confirm"]', { timeout: LOAD });
    expect(await sideways(page)).toBe(0);
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-report"] tr[data-file="订单.csv"]', {
      timeout: LOAD,
    });
    expect(await sideways(page)).toBe(0);
    await page.close();
  });
});
