import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WARMUP_MARK } from '../../src/state/warmup-marks';
import { readKpis, watch } from './harness';
import { useBuiltApp } from './built-app';

const app = useBuiltApp();

describe("the engine's warm-up in the page", () => {
  it('runs once the Data view opens, and the import after it loads and shows the file', async () => {
    const rows = 400;
    const lines = ['order_id,customer_id,order_date,amount'];
    let cents = 0;
    for (let i = 0; i < rows; i++) {
      const amount = 1000 + ((i * 37) % 5000);
      cents += amount;
      lines.push(
        `O${i},K${i % 40},2025-${String(1 + (i % 12)).padStart(2, '0')}-15,${(amount / 100).toFixed(2)}`,
      );
    }
    const path = join(mkdtempSync(join(tmpdir(), 'clientele-e2e-')), 'after-warm-up.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);

    const page = await app.browser.newPage({ locale: 'en-US' });
    const w = watch(page, app.origin);
    await page.goto(`${app.origin}/?v=1`);
    await readKpis(page);
    await page.click('nav button[data-view="data"]');
    const ended = await page.waitForFunction(
      (marks) => {
        const hit = Object.values(marks).find((m) => performance.getEntriesByName(m).length > 0);
        return hit ?? false;
      },
      WARMUP_MARK,
      { timeout: 60_000, polling: 100 },
    );
    expect(await ended.jsonValue()).toBe(WARMUP_MARK.done);

    await page.setInputFiles('[data-testid="file-input"]', path);
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-report"] tr[data-file="after-warm-up.csv"]', {
      timeout: 60_000,
    });
    await page.click('nav button[data-view="overview"]');
    await page.waitForSelector(`[data-metric="orders"][data-value="${rows}"]`, { timeout: 60_000 });
    const kpis = await readKpis(page);
    expect(kpis['customers']).toBe(40);
    expect(kpis['value']).toBeCloseTo(cents / 100, 2);
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });
});
