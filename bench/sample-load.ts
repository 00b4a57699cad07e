import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openNodeDb } from '../src/data/db-node';
import { loadFetched } from '../src/data/sources-core';
import { buildKpiQuery, parseKpis, rebuildSummary } from '../src/analysis/index';
import type { ImportFile } from '../src/data/ingest/types';
import { TimedDb, type StatementTime } from './timed-db';
import { TODAY } from './pipeline';
import { median, round } from './stats';

export interface SampleLoadFigures {
  bytes: number;
  /** loadFetched with bytes only (the app's sample path: decoded in JS, then read_csv on parts). */
  decodedMs: number;
  /** The same files registered and read directly by read_csv (the file-input path). */
  registeredMs: number;
  kpiMs: number;
  runs: number;
  slowestDecoded: StatementTime[];
}

/** The committed English sample through both staging paths, in DuckDB-WASM (Node). */
export async function benchSampleLoad(runs: number): Promise<SampleLoadFigures> {
  const dir = resolve('samples/en');
  const names = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const bytes = names.map((n) => readFileSync(join(dir, n)));
  const dec: number[] = [];
  const reg: number[] = [];
  const kpi: number[] = [];
  let slowest: StatementTime[] = [];
  for (let r = 0; r < runs; r++) {
    for (const registered of [false, true]) {
      const db = new TimedDb(await openNodeDb());
      try {
        const files: ImportFile[] = names.map((n, i) => ({
          name: n,
          data: bytes[i] ?? new Uint8Array(0),
          ...(registered ? { registeredName: join(dir, n) } : {}),
        }));
        if (registered)
          for (const [i, n] of names.entries())
            await db.registerBuffer(join(dir, n), bytes[i] ?? new Uint8Array(0));
        const t0 = performance.now();
        await loadFetched(db, files, TODAY);
        const t1 = performance.now();
        (registered ? reg : dec).push(t1 - t0);
        if (!registered) {
          await rebuildSummary(db);
          parseKpis(await db.query(buildKpiQuery({}, {}, { fromSummary: true })));
          kpi.push(performance.now() - t1);
          if (r === 0) slowest = db.top(6).map((s) => ({ ...s, ms: round(s.ms) }));
        }
      } finally {
        await db.close();
      }
    }
  }
  return {
    bytes: bytes.reduce((s, b) => s + b.length, 0),
    decodedMs: round(median(dec)),
    registeredMs: round(median(reg)),
    kpiMs: round(median(kpi)),
    runs,
    slowestDecoded: slowest,
  };
}
