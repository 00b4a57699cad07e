/**
 * Where a browser import reaches its memory peak: imports `orders.csv` through the Data view as
 * bench/browser.ts does, opens each view, and prints the largest resident memory of the renderer
 * (page, DuckDB worker and wasm) sampled every 100 ms during each step, and the page's JS heap
 * after it. `npx tsx bench/memory-steps.ts [10m|1m]` with a build in CLIENTELE_BENCH_DIST (as
 * `npm run bench` leaves it).
 */
import { launch, serveDir } from '../test/e2e/harness';
import { BUILD_DIR, importThroughDataView, KPI, renderView } from './browser';
import { ensureDataset } from './datasets';
import { rendererMemory } from './proc-memory';

const ds = ensureDataset((process.argv[2] ?? '10m') as '10m');
const served = await serveDir(BUILD_DIR);
const browser = await launch();
const page = await browser.newPage({ locale: 'en-US' });
let phase = 'start';
const maxBy = new Map<string, number>();
const timer = setInterval(() => {
  maxBy.set(phase, Math.max(maxBy.get(phase) ?? 0, rendererMemory('VmRSS') / 2 ** 20));
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
async function view(v: string) {
  phase = v;
  await renderView(page, v);
  heaps.push(`${v} heap ${await heap()}`);
}
await page.goto(`${served.origin}/`);
await page.waitForSelector(KPI, { timeout: 120_000 });
const sampleOrders = await page.getAttribute('[data-metric="orders"]', 'data-value');
await page.click('nav button[data-view="data"]');
await importThroughDataView(
  page,
  [ds.files.orders],
  { expectOrders: null, before: sampleOrders },
  (step) => (phase = step === 'overview' ? 'summary+overview' : step),
);
heaps.push(`overview heap ${await heap()}`);
for (const v of ['pareto', 'tiers', 'lifecycle', 'churn']) await view(v);
phase = 'after 5 s';
await page.waitForTimeout(5000);
heaps.push(`after heap ${await heap()}`);
clearInterval(timer);
console.log(`renderer high-water mark ${(rendererMemory('VmHWM') / 2 ** 20).toFixed(0)} MiB`);
for (const [k, v] of maxBy) console.log(k.padEnd(20), v.toFixed(0), 'MiB');
console.log(heaps.join('\n'));
await browser.close();
await served.close();
