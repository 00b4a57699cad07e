/**
 * Times every statement the app runs after a load of orders.csv, phase by phase (summary build,
 * KPI strip and Overview, then the Pareto, Tiers, Lifecycle and Churn views' first queries), on
 * DuckDB-WASM in Node. `npx tsx bench/profile-views.ts [1m|100k] [reps]`. Each phase gives its
 * wall time and the process's CPU time: Node's wasm engine runs on this thread, so on a busy
 * machine the CPU time is the steadier figure.
 */
import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openNodeDb } from '../src/data/db-node';
import { loadFiles } from '../src/data/ingest/load';
import { sniffFile } from '../src/data/ingest/sniff';
import {
  buildAbcBucketQuery,
  buildBgnbdPatternsQuery,
  buildChurnViewQuery,
  buildCohortQuery,
  buildFunnelQuery,
  buildMigrationBucketQuery,
  buildProductMatrixBucketQuery,
  buildPyramidQuery,
  buildRetentionQuery,
  buildRfmQuery,
  buildSpendPatternsQuery,
  buildStagesQuery,
  fitBgnbd,
  fitGammaGamma,
  parseRfPatterns,
  parseSpendPatterns,
  rebuildSummary,
} from '../src/analysis/index';
import { scoreChurnColumns, type ChurnColumns } from '../src/analysis/churn';
import { tableColumns } from '../src/data/columns';
import { loadKpis, loadOverview } from '../src/state/first-paint';
import { buildParetoViewQuery } from '../src/analysis/pareto-view';
import { TimedDb } from './timed-db';
import { ensureDataset } from './datasets';

const size = (process.argv[2] ?? '1m') as '1m';
const reps = Number(process.argv[3] ?? 2);
const ds = ensureDataset(size);
const db = new TimedDb(await openNodeDb());
const file = {
  name: basename(ds.files.orders),
  data: await openAsBlob(ds.files.orders),
  registeredName: ds.files.orders,
};
const sniff = await sniffFile(file);
await db.inner.registerBuffer(ds.files.orders, readFileSync(ds.files.orders));
await loadFiles(
  db.inner,
  [file],
  { version: 1, files: [sniff.mapping] },
  { today: new Date().toISOString().slice(0, 10) },
);

const phases: [string, () => Promise<unknown>][] = [
  ['summary', () => rebuildSummary(db, {})],
  [
    'kpi+overview',
    async () => {
      await loadKpis(db, {}, 2);
      await loadOverview(db, {}, {}, 600);
    },
  ],
  ['pareto', () => db.query(buildParetoViewQuery({}, { maxPoints: 600, topN: 100 }))],
  [
    'tiers',
    async () => {
      await db.query(buildAbcBucketQuery({}));
      await db.query(buildPyramidQuery({}));
      await db.query(buildRfmQuery({}));
      await db.query(buildProductMatrixBucketQuery({}));
      await db.query(buildMigrationBucketQuery({}, { periodDays: 365 }));
    },
  ],
  [
    'lifecycle',
    async () => {
      await db.query(buildFunnelQuery({}, { cutoffs: {} }));
      await db.query(buildStagesQuery({}));
      await db.query(buildCohortQuery({}, 'month'));
      await db.query(buildRetentionQuery({}, 'month'));
    },
  ],
  [
    'churn',
    async () => {
      const rf = await db.query(buildBgnbdPatternsQuery());
      const sp = await db.query(buildSpendPatternsQuery());
      const t0 = performance.now();
      const models = {
        bgnbd: fitBgnbd(parseRfPatterns(rf)),
        gammaGamma: fitGammaGamma(parseSpendPatterns(sp)),
      };
      const t1 = performance.now();
      const t = await db.queryArrow(buildChurnViewQuery({ cutoffs: {}, overdueFactor: 2 }, {}));
      const cols = tableColumns(t);
      const t2 = performance.now();
      scoreChurnColumns(cols as unknown as ChurnColumns, Number(cols['lapsed']?.[0] ?? 0), models);
      const t3 = performance.now();
      console.log(`    fit ${(t1 - t0).toFixed(0)} ms, score ${(t3 - t2).toFixed(0)} ms`);
    },
  ],
];
for (let r = 0; r < reps; r++) {
  console.log(`rep ${r + 1}`);
  for (const [name, run] of phases) {
    db.reset();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await run();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log(
      `  ${name}: ${ms.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`,
    );
    for (const s of db.top(12))
      console.log(`    ${s.ms.toFixed(0).padStart(6)} ms x${s.calls} ${s.sql}`);
  }
}
await db.close();
