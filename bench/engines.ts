import type { Db } from '../src/data/db';
import { openNodeDb } from '../src/data/db-node';
import type { Dataset } from './datasets';
import { openNativeDb } from './native-db';
import { ANALYSIS_STEPS, ingest, runAnalyses } from './pipeline';
import { miniFromRow, miniSql, papaBaseline, type MiniResult } from './baseline-js';
import { TimedDb, type StatementTime } from './timed-db';
import { peakRssMiB, resetPeakRss } from './memory';
import { gc, log, medianRecord, round } from './stats';

export type EngineName = 'native' | 'native1' | 'wasm';
export const ENGINE_LABEL: Record<EngineName | 'js', string> = {
  native: 'native DuckDB (default threads)',
  native1: 'native DuckDB (1 thread)',
  wasm: 'DuckDB-WASM (Node, blocking)',
  js: 'PapaParse + JS',
};

export interface EngineFigures {
  /** Median ms per phase: register, load, each analysis step, analysis, ingestAnalysis, mini. */
  ms: Record<string, number>;
  peakRssMiB: number | null;
  /** `SELECT version()` of the engine. */
  version?: string;
  /** Slowest statements of the first run (wasm and native only). */
  slowest: StatementTime[];
  rows?: Record<string, number>;
  kpis?: Record<string, number>;
  mini?: MiniResult;
}

export interface EnginesResult {
  size: string;
  runs: number;
  bytes: number;
  engines: Partial<Record<EngineName | 'js', EngineFigures>>;
  /** Engines that failed, with the error and the statement running. */
  failures: Partial<Record<EngineName, string>>;
  /** Result agreement between engines (top-20% share from KPI and from the mini task). */
  checks: string[];
}

async function open(engine: EngineName): Promise<Db> {
  if (engine === 'wasm') return openNodeDb();
  return openNativeDb(engine === 'native1' ? { threads: 1 } : {});
}

async function engineRun(engine: EngineName, ds: Dataset, profile: boolean) {
  gc();
  resetPeakRss();
  const inner = await open(engine);
  const db = new TimedDb(inner);
  try {
    return await measured(engine, ds, db, profile);
  } catch (e) {
    throw new Error(`${(e as Error).message.split('\n')[0]} (during: ${db.last})`);
  } finally {
    await db.close();
  }
}

async function measured(engine: EngineName, ds: Dataset, db: TimedDb, profile: boolean) {
  const ing = await ingest(db, ds, { register: engine === 'wasm' });
  const an = await runAnalyses(db);
  const analysis = ANALYSIS_STEPS.reduce((s, k) => s + an.ms[k], 0);
  // wasm has the file registered under its absolute path; native reads that path from disk.
  const t0 = performance.now();
  const [row] = await db.query(miniSql(ds.files.orders));
  const miniMs = performance.now() - t0;
  const ms: Record<string, number> = {
    register: ing.registerMs,
    load: ing.loadMs,
    ingest: ing.registerMs + ing.loadMs,
    ...an.ms,
    analysis,
    ingestAnalysis: ing.registerMs + ing.loadMs + analysis,
    mini: miniMs,
  };
  const [v] = await db.query<{ v: string }>('SELECT version() AS v');
  return {
    ms,
    version: v?.v ?? 'unknown',
    peak: peakRssMiB(),
    slowest: profile ? db.top(10) : [],
    rows: ing.rows,
    kpis: an.kpis as unknown as Record<string, number>,
    mini: miniFromRow(row ?? {}),
  };
}

/** Ingest + analyses on native and wasm DuckDB, and the PapaParse baseline, `runs` times each. */
export async function benchEngines(
  ds: Dataset,
  runs: number,
  engines: EngineName[],
): Promise<EnginesResult> {
  const out: EnginesResult = {
    size: ds.size,
    runs,
    bytes: ds.bytes,
    engines: {},
    failures: {},
    checks: [],
  };
  for (const engine of engines) {
    const all: Record<string, number>[] = [];
    let first: Awaited<ReturnType<typeof engineRun>> | undefined;
    let peak = 0;
    for (let r = 0; r < runs; r++) {
      log(`${ds.size} ${ENGINE_LABEL[engine]} run ${r + 1}/${runs}`);
      let res: Awaited<ReturnType<typeof engineRun>>;
      try {
        res = await engineRun(engine, ds, r === 0);
      } catch (e) {
        out.failures[engine] = (e as Error).message;
        log(`  failed: ${out.failures[engine]}`);
        break;
      }
      first ??= res;
      all.push(res.ms);
      peak = Math.max(peak, res.peak ?? 0);
      log(
        `  ingest ${round(res.ms['ingest'] ?? NaN)} ms, analysis ${round(res.ms['analysis'] ?? NaN)} ms, peak RSS ${res.peak} MiB`,
      );
    }
    if (!first) continue;
    out.engines[engine] = {
      ms: medianRecord(all),
      peakRssMiB: peak || null,
      version: first.version,
      slowest: first.slowest.map((s) => ({ ...s, ms: round(s.ms) })),
      rows: first.rows,
      kpis: first.kpis,
      mini: first.mini,
    };
  }
  const js: Record<string, number>[] = [];
  let mini: MiniResult | undefined;
  let jsPeak = 0;
  for (let r = 0; r < runs; r++) {
    gc();
    resetPeakRss();
    log(`${ds.size} PapaParse baseline run ${r + 1}/${runs}`);
    const b = await papaBaseline(ds.files.orders);
    js.push({ parse: b.parseMs, aggregate: b.aggMs, mini: b.parseMs + b.aggMs });
    mini = b.result;
    jsPeak = Math.max(jsPeak, peakRssMiB() ?? 0);
  }
  out.engines.js = {
    ms: medianRecord(js),
    peakRssMiB: jsPeak || null,
    slowest: [],
    ...(mini ? { mini } : {}),
  };
  out.checks = agreement(out);
  return out;
}

function agreement(r: EnginesResult): string[] {
  const notes: string[] = [];
  const ref = r.engines.native ?? r.engines.wasm;
  for (const [name, e] of Object.entries(r.engines)) {
    if (!e || !ref || e === ref) continue;
    if (e.mini && ref.mini && Math.abs(e.mini.top20Share - ref.mini.top20Share) > 1e-9) {
      notes.push(
        `${name}: mini top-20% share ${e.mini.top20Share} differs from ${ref.mini.top20Share}`,
      );
    }
    if (e.mini && ref.mini && JSON.stringify(e.mini.abc) !== JSON.stringify(ref.mini.abc)) {
      notes.push(
        `${name}: mini ABC ${JSON.stringify(e.mini.abc)} differs from ${JSON.stringify(ref.mini.abc)}`,
      );
    }
    const a = e.kpis?.['top20Share'];
    const b = ref.kpis?.['top20Share'];
    if (a !== undefined && b !== undefined && Math.abs(a - b) > 1e-9) {
      notes.push(`${name}: KPI top-20% share ${a} differs from ${b}`);
    }
  }
  if (notes.length === 0) notes.push('all engines agree on KPI and mini-task results');
  return notes;
}
