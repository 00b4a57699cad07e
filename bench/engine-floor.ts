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
import { openAsBlob, readFileSync } from 'node:fs';
import { openNodeDb } from '../src/data/db-node';
import type { Db, Query } from '../src/data/db';
import { loadFiles } from '../src/data/ingest/load';
import { sniffFile } from '../src/data/ingest/sniff';
import {
  buildBgnbdPatternsQuery,
  buildChurnViewQuery,
  buildSpendPatternsQuery,
  rebuildSummary,
} from '../src/analysis/index';
import { openNativeDb } from './native-db';
import { ensureDataset } from './datasets';
import { overviewPhase, viewPhases, type Phase } from './view-phases';

const size = (process.argv[2] ?? '1m') as '1m';
const reps = Number(process.argv[3] ?? 3);
const ds = ensureDataset(size);

/** A large result counted where it is computed. */
const counted = (q: Query): Query => ({
  sql: `SELECT count(*) AS n FROM (${q.sql})`,
  params: q.params ?? [],
});

async function floor(label: string, db: Db): Promise<void> {
  let spent = 0;
  const timed =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await f(...a);
      } finally {
        spent += performance.now() - t0;
      }
    };
  const via: Db = Object.assign(Object.create(Object.getPrototypeOf(db) as object) as Db, db, {
    query: timed(db.query.bind(db)),
    queryArrow: timed(db.queryArrow.bind(db)),
    exec: timed(db.exec.bind(db)),
  });
  // A plain name: the native engine reads registered files from its own directory.
  const file = { name: 'orders.csv', data: await openAsBlob(ds.files.orders) };
  const sniff = await sniffFile(file);
  await db.registerBuffer('orders.csv', readFileSync(ds.files.orders));
  const phases: Phase[] = [
    [
      'load',
      () =>
        loadFiles(via, [{ ...file, registeredName: 'orders.csv' }], {
          version: 1,
          files: [sniff.mapping],
        }),
    ],
    ['summary', () => rebuildSummary(via, {})],
    overviewPhase(via),
    ...viewPhases(via),
    [
      'churn',
      async () => {
        await via.query(counted(buildBgnbdPatternsQuery()));
        await via.query(counted(buildSpendPatternsQuery()));
        await via.query(counted(buildChurnViewQuery({ cutoffs: {}, overdueFactor: 2 }, {})));
      },
    ],
  ];
  const parts: string[] = [];
  let total = 0;
  for (const [name, run] of phases) {
    spent = 0;
    await run();
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
