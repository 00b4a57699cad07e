/**
 * Times every statement the app runs after a load of orders.csv, phase by phase (summary build,
 * KPI strip and Overview, then the Pareto, Tiers, Lifecycle and Churn views' first queries), on
 * DuckDB-WASM in Node. `npx tsx bench/profile-views.ts [1m|100k] [reps]`. Each phase gives its
 * wall time and the process's CPU time: Node's wasm engine runs on this thread, so on a busy
 * machine the CPU time is the steadier figure.
 */
import { openNodeDb } from '../src/data/db-node';
import {
  buildBgnbdPatternsQuery,
  buildChurnViewQuery,
  buildSpendPatternsQuery,
  fitBgnbd,
  fitGammaGamma,
  parseRfPatterns,
  parseSpendPatterns,
  rebuildSummary,
} from '../src/analysis/index';
import { scoreChurnColumns, type ChurnColumns } from '../src/analysis/churn';
import { tableColumns } from '../src/data/columns';
import { TimedDb } from './timed-db';
import { ensureDataset } from './datasets';
import { loadOrdersCsv, overviewPhase, viewPhases, type Phase } from './view-phases';

const size = (process.argv[2] ?? '1m') as '1m';
const reps = Number(process.argv[3] ?? 2);
const ds = ensureDataset(size);
const db = new TimedDb(await openNodeDb());
await loadOrdersCsv(ds, db.inner, db.inner);

const phases: Phase[] = [
  ['summary', () => rebuildSummary(db, {})],
  overviewPhase(db),
  ...viewPhases(db),
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
