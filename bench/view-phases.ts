import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db, Query } from '../src/data/db';
import { loadFiles } from '../src/data/ingest/load';
import { sniffFile } from '../src/data/ingest/sniff';
import { firstViewQueries, type PrefetchedView } from '../src/views/first-queries';
import { APP_SCHEMA } from '../src/state/app-schema';
import { defaults } from '../src/state/url-schema';
import { loadKpis, loadOverview } from '../src/state/first-paint';
import type { Dataset } from './datasets';

/*
 * What the profiling scripts (profile-views.ts for time, memory-profile.ts for memory) share: the
 * orders file loaded alone, as a user drops it, and the first queries of each view as the app
 * issues them with default settings.
 */

/** A phase: its name and the work, run against the `Db` given to `viewPhases`. */
export type Phase = [string, () => Promise<unknown>];

/**
 * Registers `ds`'s orders.csv in `engine` and loads it through `via` (the same engine, or a
 * wrapper that times or measures it).
 */
export async function loadOrdersCsv(ds: Dataset, engine: Db, via: Db): Promise<void> {
  // Registered under its own name: native DuckDB (engine-floor.ts) reads registered files from
  // a directory of its own, by plain names.
  const name = basename(ds.files.orders);
  const file = { name, data: await openAsBlob(ds.files.orders), registeredName: name };
  const sniff = await sniffFile(file);
  await engine.registerBuffer(name, readFileSync(ds.files.orders));
  await loadFiles(
    via,
    [file],
    { version: 1, files: [sniff.mapping] },
    { today: new Date().toISOString().slice(0, 10) },
  );
}

/** The Overview's queries after the summary is built. */
export function overviewPhase(db: Db): Phase {
  return [
    'kpi+overview',
    async () => {
      await loadKpis(db, {}, 2);
      await loadOverview(db, {}, {}, 600);
    },
  ];
}

/**
 * The Pareto, Tiers and Lifecycle views' first statements with default settings, as the page
 * plans them (Churn differs between the scripts).
 */
export function viewPhases(db: Db): Phase[] {
  const plan = firstViewQueries(defaults(APP_SCHEMA), {});
  return (Object.entries(plan) as [PrefetchedView, Query[]][]).map(([view, queries]) => [
    view,
    async () => {
      for (const q of queries) await db.query(q);
    },
  ]);
}
