/**
 * `npm run bench`: engine comparison (native DuckDB vs DuckDB-WASM vs PapaParse), churn-model
 * fit, parameter-change latency and the built app in headless Chromium. Writes
 * bench/results/latest.{json,md}. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openNodeDb } from '../src/data/db-node';
import { rebuildSummary } from '../src/analysis/index';
import { parseArgs, type SizeName } from './args';
import { describeMachine } from './machine';
import { ensureDataset, type Dataset } from './datasets';
import { benchEngines, type EngineName } from './engines';
import { openNativeDb } from './native-db';
import { ingest } from './pipeline';
import { benchModels } from './models';
import { benchParamChanges } from './params-latency';
import { benchSampleLoad } from './sample-load';
import { benchBrowser, buildApp } from './browser';
import { renderMarkdown, type BenchResults } from './report';
import { mergeResults, readPrevious } from './merge';
import { log } from './stats';

const RESULTS = resolve('bench/results');

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const results: BenchResults = {
    machine: describeMachine(),
    options: { ...o },
    engines: [],
    sample: null,
    models: null,
    params: null,
    browser: null,
    errors: [],
  };
  const previous = o.merge ? readPrevious() : null;
  const view = () => (previous ? mergeResults(previous, results) : results);
  const save = () => {
    if (!o.write) return;
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(view(), null, 2)}\n`);
    writeFileSync(join(RESULTS, 'latest.md'), `${renderMarkdown(view())}\n`);
  };
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      const msg = `${what}: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`;
      log(`FAILED ${msg}`);
      results.errors.push(msg);
    }
    save();
  };

  const data = new Map<SizeName, Dataset>();
  for (const s of o.sizes) data.set(s, ensureDataset(s));
  const runsFor = (s: SizeName) => (s === '10m' ? Math.min(o.runs, o.runs10m) : o.runs);

  if (o.parts.includes('engines')) {
    for (const [size, ds] of data) {
      const engines: EngineName[] =
        size === '10m' ? ['native', 'wasm'] : ['native', 'native1', 'wasm'];
      await attempt(`engines ${size}`, async () => {
        results.engines.push(await benchEngines(ds, runsFor(size), engines));
      });
    }
  }

  if (o.parts.includes('sample')) {
    await attempt('sample load', async () => {
      log('committed English sample: decoded vs registered staging');
      results.sample = await benchSampleLoad(o.runs);
    });
  }

  const focus = data.get(o.focus) ?? ensureDataset(o.focus);
  if (o.parts.includes('models') || o.parts.includes('params')) {
    await attempt(`models/params ${o.focus}`, async () => {
      log(`${o.focus}: loading into DuckDB-WASM for models and parameter changes`);
      const db = await openNodeDb();
      try {
        await ingest(db, focus, { register: true });
        const { asOf } = await rebuildSummary(db);
        if (o.parts.includes('models')) {
          log('BG/NBD + Gamma-Gamma fits');
          results.models = { size: o.focus, figures: await benchModels(db, runsFor(o.focus)) };
          save();
        }
        if (o.parts.includes('params')) {
          log(`parameter changes x${o.reps}`);
          results.params = {
            size: o.focus,
            figures: await benchParamChanges(db, asOf ?? '2024-12-31', o.reps),
          };
        }
      } finally {
        await db.close();
      }
      if (results.params) {
        const params = results.params;
        for (const [engine, threads] of [
          ['native', undefined],
          ['native1', 1],
        ] as const) {
          log(`parameter changes x${o.reps} on ${engine}`);
          const ndb = await openNativeDb(threads ? { threads } : {});
          try {
            await ingest(ndb, focus, { register: false });
            const { asOf } = await rebuildSummary(ndb);
            params.native = {
              ...params.native,
              [engine]: await benchParamChanges(ndb, asOf ?? '2024-12-31', o.reps),
            };
          } finally {
            await ndb.close();
          }
        }
        save();
      }
    });
  }

  if (o.parts.includes('browser')) {
    await attempt('browser', async () => {
      if (!o.noBuild) buildApp();
      const expectOrders = (s: SizeName) =>
        results.engines.find((e) => e.size === s)?.engines.wasm?.kpis?.['orders'] ?? null;
      const imports: Parameters<typeof benchBrowser>[0]['imports'] = [...data.values()].map(
        (ds) => ({
          label: `${ds.size} orders.csv`,
          files: [ds.files.orders],
          expectOrders: expectOrders(ds.size),
          runs: runsFor(ds.size),
          redrawReps: ds.size === focus.size ? o.reps : 0,
        }),
      );
      // All four files at 10M would mostly measure order_items; the orders file is the target.
      if (focus.size !== '10m')
        imports.push({
          label: `${focus.size} all four files`,
          files: [
            focus.files.customers,
            focus.files.products,
            focus.files.orders,
            focus.files.order_items,
          ],
          expectOrders: expectOrders(focus.size),
          runs: 1,
        });
      results.browser = { size: o.focus, ...(await benchBrowser({ imports, openRuns: o.runs })) };
    });
  }

  save();
  process.stdout.write(`${renderMarkdown(view())}\n`);
  if (o.write) log(`wrote ${join(RESULTS, 'latest.json')} and latest.md`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
