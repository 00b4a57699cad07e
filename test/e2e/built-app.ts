import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launch, serveDir, type Served } from './harness';

/** The built app served on loopback and one Chromium, for the tests of one file. */
export interface BuiltApp {
  readonly browser: Browser;
  readonly origin: string;
}

/** Starts the server and browser before the file's tests and stops them after. */
export function useBuiltApp(): BuiltApp {
  let served: Served | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    served = await serveDir(DIST);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not started (outside a test?)');
      return browser;
    },
    get origin() {
      if (!served) throw new Error('the app is not served (outside a test?)');
      return served.origin;
    },
  };
}
