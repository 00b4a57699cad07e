/**
 * Where a browser import reaches its memory peak: imports `orders.csv` through the Data view as
 * bench/browser.ts does, opens each view, and prints the largest resident memory of the renderer
 * (page, DuckDB worker and wasm) sampled every 100 ms during each step, and the page's JS heap
 * after it. `npx tsx bench/memory-steps.ts [10m|1m]` with a build in CLIENTELE_BENCH_DIST (as
 * `npm run bench` leaves it).
 */
import { readFileSync } from 'node:fs';
import { launch, serveDir } from '../test/e2e/harness';
import { BUILD_DIR } from './browser';
import { ensureDataset } from './datasets';
import { descendants } from './proc-memory';

const ds = ensureDataset((process.argv[2] ?? '10m') as '10m');
const served = await serveDir(BUILD_DIR);
const browser = await launch();
const page = await browser.newPage({ locale: 'en-US' });
let phase = 'start';
const maxBy = new Map<string, number>();
function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended meanwhile
  }
}
const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
const isRenderer = (pid: number) => read(`/proc/${pid}/cmdline`).includes('--type=renderer');
const timer = setInterval(() => {
  let m = 0;
  for (const pid of descendants(process.pid)) if (isRenderer(pid)) m = Math.max(m, rss(pid));
  maxBy.set(phase, Math.max(maxBy.get(phase) ?? 0, m));
}, 100);
const heap = async () =>
  (
    (await page.evaluate(
      () =>
        (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
    )) /
    2 ** 20
  ).toFixed(0);
const heaps: string[] = [];
const KPI = '[data-testid="kpi-strip"] [data-metric]';
async function view(v: string) {
  phase = v;
  await page.click(`nav button[data-view="${v}"]`);
  await page.waitForFunction(
    () => {
      const main = document.querySelector('main');
      return !!main?.querySelector('.plot-figure svg') && !main.querySelector('[aria-busy="true"]');
    },
    null,
    { timeout: 600_000, polling: 50 },
  );
  heaps.push(`${v} heap ${await heap()}`);
}
await page.goto(`${served.origin}/`);
await page.waitForSelector(KPI, { timeout: 120_000 });
const sampleOrders = await page.getAttribute('[data-metric="orders"]', 'data-value');
await page.click('nav button[data-view="data"]');
phase = 'sniff';
await page.setInputFiles('[data-testid="file-input"]', [ds.files.orders]);
await page.waitForSelector('[data-testid="import-confirm"]:not([disabled])', { timeout: 300_000 });
phase = 'load';
await page.click('[data-testid="import-confirm"]');
await page.waitForFunction(
  () => document.querySelector('[data-testid="dataset-name"]')?.textContent?.includes('orders.csv'),
  null,
  { timeout: 600_000, polling: 50 },
);
phase = 'summary+overview';
await page.click('nav button[data-view="overview"]');
await page.waitForFunction(
  (before) => {
    const v = document.querySelector('[data-metric="orders"]')?.getAttribute('data-value');
    return !!v && v !== before;
  },
  sampleOrders,
  { timeout: 600_000, polling: 50 },
);
heaps.push(`overview heap ${await heap()}`);
for (const v of ['pareto', 'tiers', 'lifecycle', 'churn']) await view(v);
phase = 'after 5 s';
await page.waitForTimeout(5000);
heaps.push(`after heap ${await heap()}`);
clearInterval(timer);
let hwm = 0;
for (const pid of descendants(process.pid))
  if (isRenderer(pid))
    hwm = Math.max(
      hwm,
      Number(/VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) / 1024,
    );
console.log(`renderer high-water mark ${hwm.toFixed(0)} MiB`);
for (const [k, v] of maxBy) console.log(k.padEnd(20), v.toFixed(0), 'MiB');
console.log(heaps.join('\n'));
await browser.close();
await served.close();
