import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** Build served by the end-to-end tests; CLIENTELE_DIST lets parallel work build elsewhere. */
export const DIST = process.env['CLIENTELE_DIST'] ?? 'dist';

/** Serves a built dist/ on loopback, as any static host would. */
export async function serveDir(dir = resolve(DIST), base = '/'): Promise<Served> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!path.startsWith(base)) {
        res.writeHead(404).end();
        return;
      }
      path = path.slice(base.length - 1);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling out of this closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Watched {
  consoleErrors: string[];
  foreignRequests: string[];
}

/** Records console errors and any request that leaves the page's own origin. */
export function watch(page: Page, origin: string): Watched {
  const w: Watched = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.consoleErrors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      w.foreignRequests.push(u);
    }
  });
  return w;
}

/** Reads every KPI's raw number from its data-value attribute. */
export async function readKpis(page: Page): Promise<Record<string, number>> {
  await page.waitForSelector('[data-testid="kpi-strip"] [data-metric]', { timeout: 60_000 });
  // Figures of a scope being rebuilt stay on screen marked busy: wait for the current ones.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="kpi-strip"]')?.closest('[aria-busy="true"]') === null,
    null,
    { timeout: 120_000, polling: 50 },
  );
  return page.$$eval('[data-metric]', (els) =>
    Object.fromEntries(
      els.map((e) => [e.getAttribute('data-metric'), Number(e.getAttribute('data-value'))]),
    ),
  );
}
