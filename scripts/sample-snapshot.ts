/**
 * Makes public/sample-data/<id>/: each bundled sample loaded through the app's own ingest
 * (sniff + loadFiles, as a dropped file) in DuckDB-WASM, frozen as Arrow IPC plus the import
 * report (src/data/snapshot.ts), with the per-customer analysis tables the app builds first for
 * a link with the default scope. Runs before every build and dev server start; skips a sample
 * whose inputs (its CSV files, the ingest and the analysis code) are unchanged since the last run.
 *
 *   tsx scripts/sample-snapshot.ts [--force]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openNodeDb } from '../src/data/db-node';
import { loadFetched } from '../src/data/sources-core';
import { rejectsCsv } from '../src/data/ingest/load';
import { SNAPSHOT_VERSION, takeSnapshot, type SnapshotMeta } from '../src/data/snapshot';
import { CUSTOMER_DAYS_TABLE } from '../src/analysis/customer-days';
import {
  rebuildSummary,
  SUMMARY_BASE_TABLE,
  SUMMARY_TABLE,
  summaryBaseKey,
} from '../src/analysis/summary';
import { LORENZ_MAX_POINTS } from '../src/charts/lorenz';
import { RecordingDb } from '../src/data/recording-db';
import { APP_SCHEMA } from '../src/state/app-schema';
import { firstPaint } from '../src/state/first-paint';
import { scopeKey, scopeParams } from '../src/state/scope';
import { defaults } from '../src/state/url-schema';

const SAMPLES = ['en', 'zh'] as const;
const OUT = 'public/sample-data';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    })
    .filter((p) => !p.endsWith('.test.ts'))
    .sort();
}

function fingerprint(id: string): string {
  const h = createHash('sha256');
  h.update(`snapshot v${SNAPSHOT_VERSION}\n`);
  // The first view's queries (src/state, the chart's point count) shape what it records.
  const code = [
    ...filesUnder('src/data'),
    ...filesUnder('src/analysis'),
    ...filesUnder('src/state'),
    'src/charts/lorenz.ts',
  ];
  for (const p of [...filesUnder(join('samples', id)), ...code]) {
    h.update(relative('.', p));
    h.update(readFileSync(p));
  }
  return h.digest('hex');
}

function current(id: string, inputs: string): boolean {
  try {
    const meta = JSON.parse(readFileSync(join(OUT, id, 'meta.json'), 'utf8')) as SnapshotMeta;
    return meta.inputs === inputs;
  } catch {
    return false;
  }
}

async function snapshot(id: string, inputs: string): Promise<void> {
  const dir = join('samples', id);
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
  const today = new Date().toISOString().slice(0, 10);
  const db = await openNodeDb();
  try {
    const report = await loadFetched(db, files, today);
    const rejects: Record<string, string> = {};
    for (const f of report.files)
      if (f.rejected > 0) rejects[f.file] = await rejectsCsv(db, report, f.file);
    // The scope of a link that sets none: what the app's first rebuild would otherwise make.
    const state = defaults(APP_SCHEMA);
    const params = scopeParams(state);
    const built = await rebuildSummary(db, params);
    const recording = new RecordingDb(db);
    await firstPaint(recording, state, LORENZ_MAX_POINTS);
    const tables = [CUSTOMER_DAYS_TABLE, SUMMARY_BASE_TABLE, SUMMARY_TABLE];
    const parts = await takeSnapshot(db, tables);
    const columns = Object.fromEntries(
      parts.flatMap((p) => (p.columns ? [[p.table, p.columns]] : [])),
    );
    const derived = {
      tables,
      key: summaryBaseKey(params),
      columns,
      summary: { scope: scopeKey(params), ...built },
    };
    const out = join(OUT, id);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const p of parts) writeFileSync(join(out, `${p.table}.arrow`), p.ipc);
    const meta: SnapshotMeta = {
      version: SNAPSHOT_VERSION,
      today,
      report,
      rejects,
      inputs,
      derived,
      firstPaint: recording.results,
    };
    writeFileSync(join(out, 'meta.json'), JSON.stringify(meta));
  } finally {
    await db.close();
  }
}

const force = process.argv.includes('--force');
for (const id of SAMPLES) {
  const inputs = fingerprint(id);
  if (!force && current(id, inputs)) continue;
  const t0 = performance.now();
  await snapshot(id, inputs);
  console.log(`sample-data/${id}: ${Math.round(performance.now() - t0)} ms`);
}
