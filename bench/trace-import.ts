/**
 * Where the time of a 1M import goes in the page: records a Chromium trace while orders.csv is
 * imported and each view opened (as bench/browser.ts does), then sums each thread's busy time
 * (top-level tasks) per phase: the main thread against the DuckDB worker shows which phases wait
 * on the engine and which on drawing; and the main thread's CPU profile per view (self time by
 * function of the minified bundle). `WAIT_MS=1500` waits that long on the Overview before opening
 * the views, as a user reading it would. `npx tsx bench/trace-import.ts [1m|100k]` (builds the
 * app into CLIENTELE_BENCH_DIST when it is missing; the trace is left in /tmp/trace.json for
 * Chromium's performance panel).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDir } from '../test/e2e/harness';
import {
  BUILD_DIR,
  buildApp,
  PICK_FILE_MS,
  importThroughDataView,
  KPI,
  renderView,
  type ImportStep,
} from './browser';
import { ensureDataset } from './datasets';

const size = (process.argv[2] ?? '1m') as '1m';
const ds = ensureDataset(size);
if (!existsSync(join(BUILD_DIR, 'index.html'))) buildApp();
const served = await serveDir(BUILD_DIR);
const browser = await launch();
const page = await browser.newPage({ locale: 'en-US' });
const mark = (name: string) => page.evaluate((n) => performance.mark(n), name);
async function view(v: string) {
  await mark(`open ${v}`);
  await renderView(page, v);
}
await page.goto(`${served.origin}/`);
await page.waitForSelector(KPI, { timeout: 120_000 });
const before = await page.getAttribute('[data-metric="orders"]', 'data-value');
await view('pareto');
await page.click('nav button[data-view="data"]');
// As the benchmark does: the file is set after a user's time to choose it.
await page.waitForTimeout(PICK_FILE_MS);
await browser.startTracing(page, {
  categories: [
    'devtools.timeline',
    'blink.user_timing',
    'v8.execute',
    'disabled-by-default-devtools.timeline',
  ],
});
const PHASE_OF: Record<ImportStep, string> = {
  sniff: 'drop',
  load: 'confirm',
  overview: 'open overview',
};
await importThroughDataView(page, [ds.files.orders], { expectOrders: null, before }, (step) =>
  mark(PHASE_OF[step]),
);
await page.waitForTimeout(Number(process.env.WAIT_MS ?? 0));
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const profiles: [string, unknown][] = [];
for (const v of ['pareto', 'tiers', 'lifecycle', 'churn']) {
  await cdp.send('Profiler.start');
  await view(v);
  profiles.push([v, (await cdp.send('Profiler.stop')).profile]);
}
await mark('end');
const buf = await browser.stopTracing();

await browser.close();
await served.close();
writeFileSync('/tmp/trace.json', buf);
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
for (const [v, prof] of profiles as [string, Profile][]) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const f = byId.get(id);
    if (!f) return;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  });
  console.log(`-- ${v}: main-thread self time`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(`  ${ms.toFixed(0).padStart(5)} ms ${k}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}
const events = (JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
const threadName = new Map<string, string>();
for (const e of events)
  if (e.ph === 'M' && e.name === 'thread_name')
    threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
// performance.mark appears as one event per mark; the phases run from one mark to the next.
const PHASE = /^(drop|confirm|open |end)/;
const bounds: { name: string; ts: number }[] = [];
for (const e of events.filter((x) => PHASE.test(x.name)).sort((a, b) => a.ts - b.ts))
  if (bounds.at(-1)?.name !== e.name) bounds.push({ name: e.name, ts: e.ts });
const phases = bounds.slice(0, -1).map((b, i) => ({
  name: b.name,
  from: b.ts,
  to: bounds[i + 1]?.ts ?? b.ts,
}));
const busy = new Map<string, number[]>();
for (const t of events) {
  if (t.ph !== 'X' || (t.name !== 'RunTask' && t.name !== 'ThreadControllerImpl::RunTask'))
    continue;
  const th = threadName.get(`${t.pid}:${t.tid}`) ?? '';
  if (!/CrRendererMain|DedicatedWorker/.test(th)) continue;
  const key = `${th}#${t.tid}`;
  const per = busy.get(key) ?? phases.map(() => 0);
  phases.forEach((p, i) => {
    const overlap = Math.min(t.ts + (t.dur ?? 0), p.to) - Math.max(t.ts, p.from);
    if (overlap > 0) per[i] = (per[i] ?? 0) + overlap / 1000;
  });
  busy.set(key, per);
}
console.log(['phase', 'wall ms', ...busy.keys()].join('\t'));
phases.forEach((p, i) =>
  console.log(
    [
      p.name,
      ((p.to - p.from) / 1000).toFixed(0),
      ...[...busy.values()].map((per) => (per[i] ?? 0).toFixed(0)),
    ].join('\t'),
  ),
);
