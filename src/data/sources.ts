import type { Db } from './db';
import type { ImportMapping, ImportReport } from './ingest/types';
import { describeLoaded, loadFetched } from './sources-core';
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
  | { kind: 'sample'; id: 'en' | 'zh'; meta: SnapshotMeta; parts: SnapshotPart[] };

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
  const parts = await Promise.all(
    [...SNAPSHOT_TABLES, ...(meta.derived?.tables ?? [])].map(async (table) => ({
      table,
      ipc: await fetchBytes(fetchFn, `${base}${table}.arrow`),
      ...(meta.derived?.columns[table] ? { columns: meta.derived.columns[table] } : {}),
    })),
  );
  return { kind: 'sample', id, meta, parts };
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
    return { ...(await describeLoaded(db)), title, report };
  }
  const { id, meta, parts } = fetched;
  await restoreSnapshot(db, parts);
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
