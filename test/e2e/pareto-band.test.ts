import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { useBuiltApp } from './built-app';

const app = useBuiltApp();

async function open(query: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US', viewport, acceptDownloads: true });
  await page.goto(`${app.origin}/${query}`);
  return page;
}

/** Page coordinates of a customer share on the Lorenz chart's x axis, from Plot's own scale. */
async function chartPoint(page: Page, share: number): Promise<{ x: number; y: number }> {
  return page.evaluate((s) => {
    const fig = document.querySelector('[data-testid="pareto-chart"] .plot-host > *') as Element & {
      scale: (n: string) => { apply: (v: number) => number };
    };
    const svg = fig.tagName.toLowerCase() === 'svg' ? fig : fig.querySelector(':scope > svg');
    const box = (svg as Element).getBoundingClientRect();
    const own = Number((svg as Element).getAttribute('width'));
    const px = fig.scale('x').apply(s);
    const py = fig.scale('y').apply(0.5);
    const k = box.width / own;
    return { x: box.left + px * k, y: box.top + py * k };
  }, share);
}

describe('Pareto: click a region of the curve to list those customers', () => {
  it('clicking at 25 % lists the 20–30 % band, highlighted, in the URL, exportable', async () => {
    const page = await open('?v=1&view=pareto');
    await page.waitForSelector('[data-testid="pareto-chart"] svg', { timeout: 90_000 });
    expect(await page.locator('[data-testid="pareto-band-list"]').count()).toBe(0);
    const p = await chartPoint(page, 0.25);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(() => location.search.includes('band=3'));
    await page.waitForSelector('[data-testid="pareto-band-list"] tbody tr', { timeout: 30_000 });
    await expect(page.getAttribute('[data-testid="pareto-band-3"]', 'aria-pressed')).resolves.toBe(
      'true',
    );
    expect(await page.locator('[data-testid="pareto-chart"] g.band rect').count()).toBe(1);

    // Every listed rank r of N buyers satisfies 20 % < r / N <= 30 %.
    const buyers = Number(
      (await page.textContent('dl.stats div:nth-child(2) dd'))?.replace(/\D/g, ''),
    );
    const total = Number(
      await page.getAttribute('[data-testid="pareto-band-list"] .count', 'data-total'),
    );
    expect(total).toBe(Math.floor(0.3 * buyers) - Math.floor(0.2 * buyers));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="pareto-band-list"] [data-testid="export-csv"]'),
    ]);
    const text = readFileSync((await download.path()) ?? '', 'utf8').replace(/^\ufeff/, '');
    const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    expect(rows).toHaveLength(total);
    for (const r of rows) {
      const rank = Number(r['rank']);
      expect(rank / buyers).toBeGreaterThan(0.2);
      expect(rank / buyers).toBeLessThanOrEqual(0.3);
    }
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'rank',
      'customer_id',
      'value (USD)',
      'share',
      'cumulative_share',
      'orders',
      'last_order',
    ]);

    // The list drills down to the customer, like the other customer lists.
    const first = rows[0]?.['customer_id'] ?? '';
    await page.click('[data-testid="pareto-band-list"] tbody tr:first-child button.pick');
    await page.waitForSelector('[data-testid="customer-drill"] tbody tr', { timeout: 30_000 });
    await expect(page.textContent('#drill-title')).resolves.toContain(first);
    // Its tier history ends at the tier the drill-down shows now.
    await page.waitForSelector('[data-testid="tier-history"] tbody tr', { timeout: 30_000 });
    const lastTier = await page.textContent(
      '[data-testid="tier-history"] tbody tr:last-child td:nth-child(4)',
    );
    const facts = await page.$$eval('[data-testid="customer-drill"] .facts div', (els) =>
      els.map((e) => [e.querySelector('dt')?.textContent, e.querySelector('dd')?.textContent]),
    );
    expect(facts).toContainEqual(['Tier', lastTier?.trim()]);
    await page.close();
  });

  it('reaches the bands by keyboard and reopens the band from the link', async () => {
    const page = await open('?v=1&view=pareto&band=10');
    await page.waitForSelector('[data-testid="pareto-band-list"] tbody tr', { timeout: 90_000 });
    await expect(page.getAttribute('[data-testid="pareto-band-list"]', 'data-band')).resolves.toBe(
      '10',
    );
    await page.focus('[data-testid="pareto-band-1"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => location.search.includes('band=1&') || /band=1$/.test(location.search),
    );
    // The top tenth starts at rank 1 once its rows replace those of the last tenth.
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="pareto-band-list"] tbody tr:first-child td:first-child')
          ?.textContent?.trim() === '1',
      undefined,
      { timeout: 30_000 },
    );
    await expect(page.getAttribute('[data-testid="pareto-band-list"]', 'data-band')).resolves.toBe(
      '1',
    );
    await page.close();
  });

  it('falls back with a notice when the band in the link is unreadable', async () => {
    const page = await open('?v=1&view=pareto&band=12');
    await page.waitForSelector('[data-testid="pareto-chart"] svg', { timeout: 90_000 });
    await expect(page.textContent('.notice')).resolves.toContain('band=12');
    expect(await page.locator('[data-testid="pareto-band-list"]').count()).toBe(0);
    await page.close();
  });
});
