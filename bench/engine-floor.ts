/**
 * How much engine work a dropped orders file asks for before every view is drawn: the app's own
 * statements (load, summary, the Overview's and each view's first queries, the churn models'
 * inputs and the Churn view's query) timed on native DuckDB with one and two threads and on
 * DuckDB-WASM in Node, each on a fresh database. Only statement time counts (the rows the three
 * largest results carry are counted in the engine, not handed to JavaScript). The page runs the
 * same statements on DuckDB-WASM's single thread, so one-thread native DuckDB is what the
 * engine part of the 4 s target would take with the fastest engine of this stack's SQL.
 * `npx tsx bench/engine-floor.ts [1m|100k] [reps]` (after `npm run bench` has installed native
 * DuckDB).
 */
import { openNodeDb } from '../src/data/db-node';
import type { Db, Query } from '../src/data/db';
import { buildChurnViewQuery, rebuildSummary } from '../src/analysis/index';
import { buildModelInputsQuery } from '../src/analysis/model-inputs';
import { openNativeDb } from './native-db';
import { TimedDb } from './timed-db';
import { ensureDataset } from './datasets';
import { loadOrdersCsv, overviewPhase, viewPhases, type Phase } from './view-phases';

const size = (process.argv[2] ?? '1m') as '1m';
const reps = Number(process.argv[3] ?? 3);
const ds = ensureDataset(size);

/** A large result counted where it is computed. */
const counted = (q: Query): Query => ({
  sql: `SELECT count(*) AS n FROM (${q.sql})`,
  params: q.params ?? [],
});

async function floor(label: string, db: Db): Promise<void> {
  // Statements only: the file is registered with the engine itself, untimed.
  const via = new TimedDb(db);
  const phases: Phase[] = [
    ['load', () => loadOrdersCsv(ds, db, via)],
    ['summary', () => rebuildSummary(via, {})],
    overviewPhase(via),
    ...viewPhases(via),
    [
      'churn',
      async () => {
        // The models' inputs as the page reads them up to 250k customers (1M orders: 74k).
        await via.query(counted(buildModelInputsQuery()));
        await via.query(counted(buildChurnViewQuery({ cutoffs: {}, overdueFactor: 2 }, {})));
      },
    ],
  ];
  const parts: string[] = [];
  let total = 0;
  for (const [name, run] of phases) {
    via.reset();
    await run();
    const spent = via.top(Infinity).reduce((sum, t) => sum + t.ms, 0);
    total += spent;
    parts.push(`${name} ${spent.toFixed(0)}`);
  }
  console.log(`${label.padEnd(18)} ${total.toFixed(0).padStart(5)} ms | ${parts.join(' | ')}`);
  await db.close();
}

for (let r = 0; r < reps; r++) {
  await floor('native, 1 thread', await openNativeDb({ threads: 1 }));
  await floor('native, 2 threads', await openNativeDb({ threads: 2 }));
  await floor('DuckDB-WASM, Node', await openNodeDb());
}
