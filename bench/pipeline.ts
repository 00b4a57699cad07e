import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../src/data/db';
import { sniffFile } from '../src/data/ingest/sniff';
import { loadFiles } from '../src/data/ingest/load';
import type { ImportFile, ImportMapping } from '../src/data/ingest/types';
import {
  buildAbcQuery,
  buildAsOfQuery,
  buildCustomerDaysQueries,
  buildCohortQuery,
  buildFunnelQuery,
  buildKpiQuery,
  buildRfmQuery,
  buildSummaryBaseQuery,
  buildSummaryQuery,
  uniqueOrderIdsQuery,
  customerDaysOptions,
  parseAbc,
  parseCohorts,
  parseFunnel,
  parseKpis,
  parseRfm,
} from '../src/analysis/index';
import { buildParetoViewQuery, parseParetoView } from '../src/analysis/pareto-view';
import { LORENZ_MAX_POINTS } from '../src/charts/lorenz';
import { TABLE_FILES, type Dataset } from './datasets';

/** The analyses of the engine comparison, in the order the app's first screen needs them. */
export const ANALYSIS_STEPS = [
  'days',
  'asOf',
  'summary',
  'kpi',
  'pareto',
  'abc',
  'rfm',
  'funnel',
  'cohorts',
] as const;
export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

/**
 * How the engine sees the files. `registered`: the file's bytes are registered under its
 * absolute path and read_csv reads it directly (the browser's path, registerFileHandle). Native
 * DuckDB reads the same absolute path from disk, so the generated SQL is identical.
 */
export async function importFiles(ds: Dataset): Promise<ImportFile[]> {
  return Promise.all(
    TABLE_FILES.map(async (t) => ({
      name: basename(ds.files[t]),
      data: await openAsBlob(ds.files[t]),
      registeredName: ds.files[t],
    })),
  );
}

const mappingCache = new Map<string, { mapping: ImportMapping; ms: number }>();

/** Sniffs every file once per data set (the mapping step the user confirms). */
export async function sniffMapping(
  ds: Dataset,
  files: ImportFile[],
): Promise<{ mapping: ImportMapping; ms: number }> {
  const hit = mappingCache.get(ds.dir);
  if (hit) return hit;
  const t0 = performance.now();
  const sniffs = await Promise.all(files.map((f) => sniffFile(f)));
  const r = {
    mapping: { version: 1 as const, files: sniffs.map((s) => s.mapping) },
    ms: performance.now() - t0,
  };
  mappingCache.set(ds.dir, r);
  return r;
}

export const TODAY = new Date().toISOString().slice(0, 10);

export interface IngestResult {
  registerMs: number;
  loadMs: number;
  rows: Record<string, number>;
}

/** Registers (wasm only) and loads all four files through loadFiles. */
export async function ingest(
  db: Db,
  ds: Dataset,
  opts: { register: boolean },
): Promise<IngestResult> {
  const files = await importFiles(ds);
  const { mapping } = await sniffMapping(ds, files);
  const t0 = performance.now();
  if (opts.register) {
    for (const t of TABLE_FILES) await db.registerBuffer(ds.files[t], readFileSync(ds.files[t]));
  }
  const t1 = performance.now();
  const report = await loadFiles(db, files, mapping, { today: TODAY });
  const t2 = performance.now();
  const rows: Record<string, number> = {};
  for (const f of report.files) rows[f.table] = (rows[f.table] ?? 0) + f.loaded;
  return { registerMs: t1 - t0, loadMs: t2 - t1, rows };
}

/** Runs each analysis once (query + parse), returning ms per step and the KPIs as a check. */
export async function runAnalyses(
  db: Db,
): Promise<{ ms: Record<AnalysisStep, number>; kpis: ReturnType<typeof parseKpis> }> {
  const ms = {} as Record<AnalysisStep, number>;
  let kpis: ReturnType<typeof parseKpis> | undefined;
  const step = async (name: AnalysisStep, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    ms[name] = performance.now() - t0;
  };
  await step('days', async () => {
    // As rebuildSummary does: the ingest's mark on orders picks the build.
    const [mark] = await db.query(uniqueOrderIdsQuery());
    for (const q of buildCustomerDaysQueries(customerDaysOptions(mark))) await db.query(q);
  });
  await step('asOf', () => db.query(buildAsOfQuery()));
  await step('summary', async () => {
    await db.query(buildSummaryBaseQuery());
    await db.query(buildSummaryQuery());
  });
  await step('kpi', async () => {
    // As the KPI strip does: read the customer_summary just built.
    kpis = parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
  });
  // As the Pareto view asks for it: the drawn points and the top-10 table, not a row per customer.
  await step('pareto', async () =>
    parseParetoView(await db.query(buildParetoViewQuery({}, { maxPoints: LORENZ_MAX_POINTS }))),
  );
  await step('abc', async () => parseAbc(await db.query(buildAbcQuery())));
  await step('rfm', async () => parseRfm(await db.query(buildRfmQuery())));
  await step('funnel', async () => parseFunnel(await db.query(buildFunnelQuery())));
  await step('cohorts', async () => parseCohorts(await db.query(buildCohortQuery())));
  if (!kpis) throw new Error('KPI query returned nothing');
  return { ms, kpis };
}
