import { describe, expect, it } from 'vitest';
import { readKpis, watch } from './harness';
import { useBuiltApp } from './built-app';
import { expectedSampleKpis } from './expected';

const app = useBuiltApp();

describe('the built app', () => {
  it('opens on the English sample and shows its KPIs, offline-clean', async () => {
    const page = await app.browser.newPage({ locale: 'en-US' });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/`);
    const kpis = await readKpis(page);
    const expected = expectedSampleKpis('samples/en/orders.csv');
    expect(kpis['customers']).toBe(expected.customers);
    expect(kpis['orders']).toBe(expected.orders);
    expect(kpis['value']).toBeCloseTo(expected.value, 2);
    expect(kpis['top20Share']).toBeCloseTo(expected.top20Share, 6);
    await expect(page.textContent('[data-testid="dataset-name"]')).resolves.toMatch(
      /Sample retailer/,
    );
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });

  it('opens the Chinese GBK sample for a Chinese browser, with the same figures as the English one', async () => {
    const page = await app.browser.newPage({ locale: 'zh-CN' });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/`);
    const kpis = await readKpis(page);
    const expected = expectedSampleKpis('samples/en/orders.csv');
    expect(kpis['customers']).toBe(expected.customers);
    expect(kpis['value']).toBeCloseTo(expected.value, 2);
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('zh-CN');
    await expect(page.textContent('[data-metric="customers"] .label')).resolves.toBe('客户数');
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });

  it('switches language, keeps it in the URL, and a bad link falls back with a notice', async () => {
    const page = await app.browser.newPage({ locale: 'en-US' });
    await page.goto(`${app.origin}/?v=1&view=nonsense`);
    await expect(page.textContent('[role="status"]')).resolves.toMatch(/view=nonsense/);
    await readKpis(page);
    await page.selectOption('[data-testid="lang-select"]', 'zh');
    await page.waitForFunction(() => location.search.includes('lang=zh'));
    await expect(page.textContent('[data-metric="orders"] .label')).resolves.toBe('订单数');
    await page.close();
  });
});
