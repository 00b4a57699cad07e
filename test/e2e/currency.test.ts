import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readKpis } from './harness';
import { useBuiltApp } from './built-app';
import { makeDropFiles } from './fixtures';

const app = useBuiltApp();

async function open(query: string): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US' });
  await page.goto(`${app.origin}/${query}`);
  return page;
}

const kpiText = (page: Page, metric: string) =>
  page.textContent(`[data-metric="${metric}"] .value`).then((t) => t?.trim() ?? '');

describe('currency: from the data or chosen by the user', () => {
  it('shows the sample’s dollars, then the currency picked, in the link; numbers unchanged', async () => {
    const page = await open('?v=1');
    const kpis = await readKpis(page);
    expect(await kpiText(page, 'value')).toMatch(/^\$[\d,]+$/);
    await expect(
      page.locator('[data-testid="currency"] option[value="auto"]').textContent(),
    ).resolves.toContain('USD');

    await page.selectOption('[data-testid="currency"]', 'EUR');
    await page.waitForFunction(() => location.search.includes('currency=EUR'));
    await page.waitForFunction(() =>
      document.querySelector('[data-metric="value"] .value')?.textContent?.includes('€'),
    );
    expect(await kpiText(page, 'valueAtRisk')).toMatch(/^€/);
    expect((await readKpis(page))['value']).toBe(kpis['value']);

    await page.selectOption('[data-testid="currency"]', 'none');
    await page.waitForFunction(() =>
      /^[\d,]+$/.test(
        document.querySelector('[data-metric="value"] .value')?.textContent?.trim() ?? '',
      ),
    );
    await page.close();
  });

  it('opens a link with a currency in it, and charts and tables follow', async () => {
    const page = await open('?v=1&view=churn&currency=GBP');
    await page.waitForSelector('[data-testid="churn-list"] tbody tr', { timeout: 120_000 });
    const cells = await page.$$eval('[data-testid="churn-list"] tbody tr:first-child td', (tds) =>
      tds.map((td) => td.textContent?.trim() ?? ''),
    );
    expect(cells.some((c) => c.startsWith('£'))).toBe(true);
    await page.waitForSelector('[data-testid="churn-by-tier"] svg');
    await expect(
      page.locator('[data-testid="churn-by-tier"] svg').textContent(),
    ).resolves.toContain('£');
    await page.close();
  });

  it('reads ￥ from the amounts of dropped files when left on “from the data”', async () => {
    const files = await makeDropFiles();
    const page = await open('?v=1&view=data');
    await page.setInputFiles('[data-testid="file-input"]', files.orders);
    await page.click('[data-testid="import-confirm"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="import-report"] tr[data-file="订单.csv"]', {
      timeout: 60_000,
    });
    await page.click('nav button[data-view="overview"]');
    await readKpis(page);
    await page.waitForFunction(
      () => document.querySelector('[data-metric="value"] .value')?.textContent?.includes('¥'),
      undefined,
      { timeout: 30_000 },
    );
    await expect(
      page.locator('[data-testid="currency"] option[value="auto"]').textContent(),
    ).resolves.toContain('CNY');
    await page.close();
  });
});
