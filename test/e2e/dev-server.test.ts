/**
 * `npm start` serves the app from Vite's dev server, where the engine's files have other
 * addresses than in the build (`/node_modules/...`): a view that needs the engine must work there
 * too. (The first view of a sample is drawn from its recorded results, so it proves nothing.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launch, readKpis, watch } from './harness';

let server: ViteDevServer;
let browser: Browser;
let origin = '';

beforeAll(async () => {
  server = await createServer({
    configFile: 'vite.config.ts',
    server: { host: '127.0.0.1', port: 0 },
    logLevel: 'error',
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('dev server has no address');
  origin = url.replace(/\/$/, '');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('the dev server runs the engine: a view that needs it is drawn', async () => {
  const page = await browser.newPage({ locale: 'en-US' });
  const w = watch(page, origin);
  await page.goto(`${origin}/`);
  expect((await readKpis(page))['customers']).toBeGreaterThan(0);
  await page.click('nav button[data-view="pareto"]');
  await page.waitForFunction(
    () => {
      const err = document.querySelector('[role="alert"]');
      if (err?.textContent) throw new Error(err.textContent);
      return (
        !!document.querySelector('main .plot-figure svg') &&
        !document.querySelector('main [aria-busy="true"]')
      );
    },
    null,
    { timeout: 90_000, polling: 50 },
  );
  expect(w.consoleErrors).toEqual([]);
  await page.close();
});
