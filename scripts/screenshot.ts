/**
 * Screenshots of the built app in headless Chromium, for the README and for looking at a view:
 *   npx tsx scripts/screenshot.ts OUT.png "?v=1&view=pareto" [width] [height] [locale]
 */
import { DIST, launch, serveDir } from '../test/e2e/harness';

const [out = 'docs/screenshot.png', query = '', w = '1280', h = '900', locale = 'en-US'] =
  process.argv.slice(2);
const served = await serveDir(DIST);
const browser = await launch();
try {
  const page = await browser.newPage({
    viewport: { width: Number(w), height: Number(h) },
    locale,
    deviceScaleFactor: 1,
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('console:', m.text());
  });
  const t0 = Date.now();
  await page.goto(`${served.origin}/${query}`);
  await page.waitForSelector(
    '[data-testid="kpi-strip"], figure, svg, [data-testid="notebook-cell"], [data-testid="import-report"]',
    { timeout: 120_000 },
  );
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
  console.log(`first content after ${Date.now() - t0} ms`);
  await page.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
  await served.close();
}
