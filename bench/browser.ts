import { measureRedraws, type RedrawFigure } from './browser-redraw';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, launch, serveDir, watch } from '../test/e2e/harness';
import { RendererMemory } from './proc-memory';
import { WARMUP_MARK } from '../src/state/warmup-marks';
import { log, median, round } from './stats';

/** Overridable so that several people can benchmark their own builds side by side. */
export const BUILD_DIR = resolve(process.env.CLIENTELE_BENCH_DIST ?? '/tmp/clientele-bench-dist');

export interface BundleFigures {
  /** gzip KiB of the JS files the page requested before the KPI strip / first chart. */
  jsGzipKiB: number;
  /** The same plus the DuckDB worker script(s). */
  jsWithWorkerGzipKiB: number;
  wasmGzipKiB: number;
  files: { file: string; gzipKiB: number; kind: 'main' | 'worker' | 'wasm' }[];
}

/** Milestones of opening the default page (the English sample), ms from navigation. */
export interface OpenPhases {
  /** The DuckDB wasm response finished (download; compiling follows). */
  wasmMs: number | null;
  /** The header names the loaded sample (fetch + ingest done). */
  datasetMs: number;
  /** The KPI strip is rendered. */
  kpiMs: number;
  /**
   * The Pareto view, opened as soon as the default view's chart is drawn, has drawn its own:
   * the sample's first view is answered from its recording, this one needs the started engine.
   */
  nextViewMs: number | null;
}

export interface OpenFigures {
  cold: OpenPhases;
  /** Second navigation in the same profile (HTTP cache / service worker warm). */
  warm: OpenPhases;
  /**
   * Third navigation: Chromium keeps V8's compiled wasm only from a response it has seen before
   * (the service worker's copy, from the second visit on), so this is a returning user's open.
   */
  returning: OpenPhases;
  /** First chart (svg in a .plot-figure) on the default view, returning visit; null when none. */
  firstChartMs: number | null;
  runs: number;
}

export interface ImportFigures {
  file: string;
  sizeMiB: number;
  ok: boolean;
  error?: string;
  /** setInputFiles -> confirm button visible (sniffing and mapping step). */
  sniffMs?: number;
  /** click confirm -> import finished (header shows the file). */
  loadMs?: number;
  /** click overview -> KPI strip shows the new data. */
  kpiMs?: number;
  /** setInputFiles -> KPI strip shows the new data. */
  totalMs?: number;
  /** Then each analysis view in turn: nav click -> its charts drawn and nothing loading. */
  viewsMs?: Partial<Record<(typeof ANALYSIS_VIEWS)[number], number>>;
  /** setInputFiles -> the last of those views rendered (totalMs plus the views' times). */
  allViewsMs?: number;
  peakRendererMiB?: number;
  mainJsHeapMiB?: number;
  /** Redraw latency per control on this dataset (one import of the focus size only). */
  redraw?: RedrawFigure[];
  /** Milliseconds on the Data view before the file was set (`PICK_FILE_MS`). */
  pickFileMs?: number;
  /** How the engine's warm-up stood when the file was set, per run ('done', 'running', ...). */
  warmUpAtDrop?: string[];
  runs: number;
}

export interface BrowserResult {
  bundle: BundleFigures | null;
  open: OpenFigures | null;
  imports: ImportFigures[];
  notes: string[];
}

export function buildApp(): void {
  log(`vite build -> ${BUILD_DIR}`);
  const snap = spawnSync('npx', ['tsx', 'scripts/sample-snapshot.ts'], { stdio: 'inherit' });
  if (snap.status !== 0) throw new Error(`sample snapshot failed (exit ${snap.status})`);
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', BUILD_DIR, '--emptyOutDir', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

export const KPI = '[data-testid="kpi-strip"] [data-metric]';

/**
 * Time on the Data view before the file is set: a user choosing a file in the file dialog or
 * dragging one over from a folder takes at least this long, and the page puts it to use (the
 * engine's warm-up, src/state/engine-warmup.ts). Imports were timed with the file set at once
 * until the warm-up came; `CLIENTELE_PICK_FILE_MS=0` times them so again.
 */
export const PICK_FILE_MS = Number(process.env.CLIENTELE_PICK_FILE_MS ?? 3000);

/** The warm-up's end mark in the page ('done', 'stopped', 'failed'), or 'not ended' (running or not begun). */
export function warmUpState(page: Page): Promise<string> {
  return page.evaluate((marks) => {
    const ended = Object.entries(marks).find(([, m]) => performance.getEntriesByName(m).length);
    return ended ? ended[0] : 'not ended';
  }, WARMUP_MARK);
}
/** The views a user opens after a load, in the navigation's order (Overview is timed as KPI). */
const ANALYSIS_VIEWS = ['pareto', 'tiers', 'lifecycle', 'churn'] as const;

/** Opens `view` and waits until it has drawn a chart and no panel is loading any more. */
export async function renderView(page: Page, view: string): Promise<number> {
  const t0 = performance.now();
  await page.click(`nav button[data-view="${view}"]`);
  await page.waitForFunction(
    () => {
      const main = document.querySelector('main');
      const err = document.querySelector('[role="alert"]');
      if (err?.textContent) throw new Error(err.textContent);
      return !!main?.querySelector('.plot-figure svg') && !main.querySelector('[aria-busy="true"]');
    },
    null,
    { timeout: 600_000, polling: 20 },
  );
  return performance.now() - t0;
}
const CHART = '.plot-figure svg';

function gzipKiB(file: string): number {
  return round(gzipSync(readFileSync(file), { level: 9 }).length / 1024);
}

async function openDefault(
  page: Page,
  origin: string,
  nextView = true,
): Promise<OpenPhases & { chartMs: number | null }> {
  let wasmMs: number | null = null;
  const t0 = performance.now();
  const onDone = (r: { url(): string }) => {
    if (r.url().endsWith('.wasm')) wasmMs ??= performance.now() - t0;
  };
  page.context().on('requestfinished', onDone);
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="dataset-name"]')?.textContent ?? '').trim() !== '',
      null,
      { timeout: 120_000, polling: 50 },
    );
    const datasetMs = performance.now() - t0;
    await page.waitForSelector(KPI, { timeout: 120_000 });
    const kpiMs = performance.now() - t0;
    let chartMs: number | null = null;
    try {
      await page.waitForSelector(CHART, { timeout: 3_000 });
      chartMs = performance.now() - t0;
    } catch {
      chartMs = null;
    }
    let nextViewMs: number | null = null;
    if (nextView) {
      await renderView(page, 'pareto');
      nextViewMs = performance.now() - t0;
    }
    return { wasmMs, datasetMs, kpiMs, chartMs, nextViewMs };
  } finally {
    page.context().off('requestfinished', onDone);
  }
}

async function measureBundle(browser: Browser, origin: string): Promise<BundleFigures> {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  const urls = new Set<string>();
  let open = true;
  // What the page and its workers request until the first chart is drawn. The page goes on
  // loading in the background afterwards (the engine's worker and wasm, the churn fit's code once
  // the engine is up), and closing the context takes long enough for some of that to be requested
  // before it closes. The service worker's requests fill the offline cache with every asset, none
  // of which runs on the page: they are left out.
  ctx.on('request', (r) => {
    if (open && !r.serviceWorker()) urls.add(r.url());
  });
  await openDefault(page, origin, false);
  open = false;
  await ctx.close();
  const files: BundleFigures['files'] = [];
  for (const u of urls) {
    const path = new URL(u).pathname;
    if (!/\.(m?js|wasm)$/.test(path)) continue;
    const file = basename(path);
    // The DuckDB worker and the offline service worker (sw.js) load beside the page's own JS.
    const kind = file.endsWith('.wasm')
      ? 'wasm'
      : /worker|^sw\.js$/i.test(file)
        ? 'worker'
        : 'main';
    files.push({ file, gzipKiB: gzipKiB(join(BUILD_DIR, decodeURIComponent(path))), kind });
  }
  const sum = (k: string[]) =>
    round(files.filter((f) => k.includes(f.kind)).reduce((s, f) => s + f.gzipKiB, 0));
  return {
    jsGzipKiB: sum(['main']),
    jsWithWorkerGzipKiB: sum(['main', 'worker']),
    wasmGzipKiB: sum(['wasm']),
    files,
  };
}

function medianPhases(xs: OpenPhases[]): OpenPhases {
  const w = xs.map((x) => x.wasmMs).filter((v): v is number => v !== null);
  return {
    wasmMs: w.length ? round(median(w)) : null,
    datasetMs: round(median(xs.map((x) => x.datasetMs))),
    kpiMs: round(median(xs.map((x) => x.kpiMs))),
    nextViewMs: round(median(xs.map((x) => x.nextViewMs ?? NaN))),
  };
}

async function measureOpen(origin: string, runs: number): Promise<OpenFigures> {
  const visits: [OpenPhases[], OpenPhases[], OpenPhases[]] = [[], [], []];
  const chart: number[] = [];
  for (let r = 0; r < runs; r++) {
    // A profile on disk, as a user's browser has: the compiled-wasm cache lives there.
    const dir = mkdtempSync(join(tmpdir(), 'clientele-open-'));
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      locale: 'en-US',
    });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      for (const [i, list] of visits.entries()) {
        const v = await openDefault(page, origin);
        list.push(v);
        if (i === 2 && v.chartMs !== null) chart.push(v.chartMs);
        // Lets the engine finish optimising and Chromium write its caches, as between real visits.
        await page.waitForTimeout(2_000);
      }
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    cold: medianPhases(visits[0]),
    warm: medianPhases(visits[1]),
    returning: medianPhases(visits[2]),
    firstChartMs: chart.length ? round(median(chart)) : null,
    runs,
  };
}

/** The steps of an import as a user makes it, in order (`importThroughDataView`). */
export type ImportStep = 'sniff' | 'load' | 'overview';

/**
 * From the Data view: sets `files` on the file input, confirms the mapping, waits for the header
 * to name the file, opens the Overview and waits for its orders count to show the new data
 * (`expectOrders`, or any value but `before` when null). `step` is told as each step starts; an
 * alert in the page fails the import with its text.
 */
export async function importThroughDataView(
  page: Page,
  files: string[],
  want: { expectOrders: number | null; before: string | null },
  step: (s: ImportStep) => unknown = () => undefined,
): Promise<void> {
  await step('sniff');
  await page.setInputFiles('[data-testid="file-input"]', files);
  await page.waitForSelector('[data-testid="import-confirm"]:not([disabled])', {
    timeout: 300_000,
  });
  await step('load');
  await page.click('[data-testid="import-confirm"]');
  await page.waitForFunction(
    (n) => {
      const err = document.querySelector('[role="alert"]');
      if (err?.textContent) throw new Error(err.textContent);
      return document.querySelector('[data-testid="dataset-name"]')?.textContent?.includes(n);
    },
    basename(files[0] ?? ''),
    { timeout: 600_000, polling: 50 },
  );
  await step('overview');
  await page.click('nav button[data-view="overview"]');
  await page.waitForFunction(
    ({ exp, prev }) => {
      const v = document.querySelector('[data-metric="orders"]')?.getAttribute('data-value');
      return (
        v !== null && v !== undefined && v !== '' && (exp === null ? v !== prev : Number(v) === exp)
      );
    },
    { exp: want.expectOrders, prev: want.before },
    { timeout: 600_000, polling: 50 },
  );
}

/** Sets `files` on the Data view's input, confirms, and waits for the KPI strip to show `expectOrders`. */
async function importOnce(
  browser: Browser,
  origin: string,
  files: string[],
  expectOrders: number | null,
  redrawReps = 0,
) {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  const w = watch(page, origin);
  const mem = new RendererMemory();
  try {
    await page.goto(`${origin}/`);
    await page.waitForSelector(KPI, { timeout: 120_000 });
    const before = await page.getAttribute('[data-metric="orders"]', 'data-value');
    // The sample's first view is drawn before the engine has started; the import is timed from a
    // started engine, as before that change (a view that needs the engine shows it is up).
    await renderView(page, 'pareto');
    await page.click('nav button[data-view="data"]');
    mem.start();
    await page.waitForTimeout(PICK_FILE_MS);
    const warmUp = await warmUpState(page);
    const at: Partial<Record<ImportStep, number>> = {};
    await importThroughDataView(page, files, { expectOrders, before }, (step) => {
      at[step] = performance.now();
    });
    const { sniff: t0 = 0, load: t1 = 0, overview: t2 = 0 } = at;
    const t3 = performance.now();
    const heap = await page.evaluate(
      () =>
        (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? 0,
    );
    const viewsMs: NonNullable<ImportFigures['viewsMs']> = {};
    for (const v of ANALYSIS_VIEWS) viewsMs[v] = await renderView(page, v);
    const t4 = performance.now();
    const peak = mem.stop();
    const redraw = redrawReps > 0 ? await measureRedraws(page, redrawReps) : undefined;
    if (w.consoleErrors.length) log(`console errors: ${w.consoleErrors.slice(0, 3).join(' | ')}`);
    return {
      sniffMs: t1 - t0,
      loadMs: t2 - t1,
      kpiMs: t3 - t2,
      totalMs: t3 - t0,
      viewsMs,
      allViewsMs: t4 - t0,
      warmUp,
      peak,
      heapMiB: heap / 2 ** 20,
      redraw,
    };
  } finally {
    mem.stop();
    await ctx.close();
  }
}

export async function benchBrowser(opts: {
  imports: {
    label: string;
    files: string[];
    expectOrders: number | null;
    runs: number;
    /** Slider moves per control after the last run (0: none). */
    redrawReps?: number;
  }[];
  openRuns: number;
}): Promise<BrowserResult> {
  const out: BrowserResult = { bundle: null, open: null, imports: [], notes: [] };
  const served = await serveDir(BUILD_DIR);
  const browser = await launch();
  try {
    out.bundle = await measureBundle(browser, served.origin);
    out.open = await measureOpen(served.origin, opts.openRuns);
    if (out.open.firstChartMs === null)
      out.notes.push(
        'the default view shows no chart (.plot-figure svg) yet: "first chart" is timed to the KPI strip',
      );
    for (const imp of opts.imports) {
      const sizeMiB = round(imp.files.reduce((s, f) => s + statSync(f).size, 0) / 2 ** 20);
      const fig: ImportFigures = { file: imp.label, sizeMiB, ok: false, runs: imp.runs };
      const runs: Awaited<ReturnType<typeof importOnce>>[] = [];
      try {
        for (let r = 0; r < imp.runs; r++) {
          log(`browser import ${imp.label} run ${r + 1}/${imp.runs}`);
          const reps = r === imp.runs - 1 ? (imp.redrawReps ?? 0) : 0;
          const last = await importOnce(browser, served.origin, imp.files, imp.expectOrders, reps);
          if (last.redraw) fig.redraw = last.redraw;
          runs.push(last);
          log(
            `  total ${round(last?.totalMs ?? NaN)} ms, renderer peak ${last?.peak} MiB, warm-up at the drop: ${last.warmUp}`,
          );
        }
        const m = (k: 'sniffMs' | 'loadMs' | 'kpiMs' | 'totalMs' | 'allViewsMs') =>
          round(median(runs.map((x) => x[k])));
        Object.assign(fig, {
          ok: true,
          sniffMs: m('sniffMs'),
          loadMs: m('loadMs'),
          kpiMs: m('kpiMs'),
          totalMs: m('totalMs'),
          allViewsMs: m('allViewsMs'),
          viewsMs: Object.fromEntries(
            ANALYSIS_VIEWS.map((v) => [v, round(median(runs.map((x) => x.viewsMs[v] ?? NaN)))]),
          ),
          pickFileMs: PICK_FILE_MS,
          warmUpAtDrop: runs.map((x) => x.warmUp),
          peakRendererMiB: Math.max(...runs.map((x) => x.peak)),
          mainJsHeapMiB: round(Math.max(...runs.map((x) => x.heapMiB))),
        });
      } catch (e) {
        fig.error = (e as Error).message.split('\n').slice(0, 3).join(' ');
        log(`browser import ${imp.label} failed: ${fig.error}`);
      }
      out.imports.push(fig);
    }
  } finally {
    await browser.close();
    await served.close();
  }
  return out;
}
