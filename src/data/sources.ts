import type { Db } from './db';
import type { ImportMapping, ImportReport } from './ingest/types';
import { describeLoaded, loadFetched } from './sources-core';
import { PrimedDb } from './primed-db';
import {
  parseSnapshotMeta,
  restoreSnapshot,
  SNAPSHOT_TABLES,
  type DerivedTables,
  type SnapshotMeta,
  type SnapshotPart,
} from './snapshot';

export interface LoadedDataset {
  title: string;
  sampleId?: 'en' | 'zh';
  customers: number;
  orders: number;
  currency?: string;
  report?: ImportReport;
  /** Rejected rows per file as CSV, when they come ready-made (the samples' snapshots). */
  rejects?: Record<string, string>;
  /** Analysis tables that came ready-made with the data (the samples' snapshots). */
  derived?: DerivedTables;
}

type Fetch = (url: string) => Promise<Response>;

/** Where scripts/sample-snapshot.ts puts each sample's snapshot (served from public/). */
function sampleBase(id: string): string {
  return `${import.meta.env.BASE_URL}sample-data/${id}/`;
}

const SAMPLE_CURRENCY = { en: 'USD', zh: 'CNY' } as const;

async function fetchBytes(fetchFn: Fetch, url: string): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A source's bytes, fetched; loading them needs the engine, fetching them does not. */
export type FetchedSource =
  | { kind: 'url'; files: { name: string; data: Uint8Array }[] }
  | {
      kind: 'sample';
      id: 'en' | 'zh';
      meta: SnapshotMeta;
      /** Fetched on first call: the first view can be drawn from `meta` alone (`openSource`). */
      parts: () => Promise<SnapshotPart[]>;
    };

/**
 * Fetches a data source named in the URL: a bundled sample, or files at http(s) addresses (read
 * by this browser directly). Runs while the engine starts.
 */
export async function fetchSource(source: string, fetchFn: Fetch): Promise<FetchedSource> {
  if (source.startsWith('url:')) {
    const urls = source.slice(4).split(' ');
    const files = await Promise.all(
      urls.map(async (url) => ({
        name: decodeURIComponent(new URL(url).pathname.split('/').pop() || 'data.csv'),
        data: await fetchBytes(fetchFn, url),
      })),
    );
    return { kind: 'url', files };
  }
  const m = /^sample:(en|zh)$/.exec(source);
  if (!m) throw new Error(`Unknown data source: ${source}`);
  const id = m[1] as 'en' | 'zh';
  const base = sampleBase(id);
  const metaRes = await fetchFn(`${base}meta.json`);
  if (!metaRes.ok) throw new Error(`The ${id} sample is not bundled with this build`);
  const meta = parseSnapshotMeta(await metaRes.json(), `${base}meta.json`);
  let parts: Promise<SnapshotPart[]> | undefined;
  const fetchParts = () =>
    (parts ??= Promise.all(
      [...SNAPSHOT_TABLES, ...(meta.derived?.tables ?? [])].map(async (table) => ({
        table,
        ipc: await fetchBytes(fetchFn, `${base}${table}.arrow`),
        ...(meta.derived?.columns[table] ? { columns: meta.derived.columns[table] } : {}),
      })),
    ));
  return { kind: 'sample', id, meta, parts: fetchParts };
}

/** Loads a fetched source into the canonical tables (the optional mapping comes with the link). */
export async function loadSource(
  db: Db,
  fetched: FetchedSource,
  today = new Date().toISOString().slice(0, 10),
  mapping?: ImportMapping,
): Promise<LoadedDataset> {
  if (fetched.kind === 'url') {
    const report = await loadFetched(db, fetched.files, today, mapping);
    const title = fetched.files.map((f) => f.name).join(', ');
    return { ...(await describeLoaded(db, report)), title, report };
  }
  await restoreSnapshot(db, await fetched.parts());
  return describeSample(db, fetched);
}

type FetchedSample = Extract<FetchedSource, { kind: 'sample' }>;

async function describeSample(db: Db, { id, meta }: FetchedSample): Promise<LoadedDataset> {
  return {
    ...(await describeLoaded(db)),
    title: `sample:${id}`,
    sampleId: id,
    currency: SAMPLE_CURRENCY[id],
    report: meta.report,
    rejects: meta.rejects,
    ...(meta.derived ? { derived: meta.derived } : {}),
  };
}

/**
 * Loads a fetched source into the engine once it has started. A sample that carries the results
 * of its first view's queries is described at once, on a stand-in that answers those from the
 * recording until the engine has started and restored the tables, so that a link on it draws its
 * first chart without waiting for the engine. `ready` settles when the engine holds the data.
 */
export async function openSource(
  engine: Promise<Db>,
  fetched: FetchedSource,
  today: string,
  mapping?: ImportMapping,
): Promise<{ db: Db; loaded: LoadedDataset; ready: Promise<unknown> }> {
  if (fetched.kind === 'sample' && fetched.meta.firstPaint) {
    // The tables are fetched once the engine has started, not alongside: reading 13 MB of
    // response bodies on the main thread while the worker compiles held the first chart back
    // by a second or more on two cores, and the engine has nothing to put them in before then.
    const ready = engine.then(async (db) => {
      await restoreSnapshot(db, await fetched.parts());
      return db;
    });
    const db = new PrimedDb(fetched.meta.firstPaint, ready);
    return { db, loaded: await describeSample(db, fetched), ready };
  }
  const db = await engine;
  const loaded = await loadSource(db, fetched, today, mapping);
  return { db, loaded, ready: Promise.resolve() };
}
