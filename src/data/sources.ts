import type { Db } from './db';
import type { ImportMapping, ImportReport } from './ingest/types';
import { describeLoaded, loadFetched } from './sources-core';
import { parseSnapshotMeta, restoreSnapshot, SNAPSHOT_TABLES } from './snapshot';

export interface LoadedDataset {
  title: string;
  sampleId?: 'en' | 'zh';
  customers: number;
  orders: number;
  currency?: string;
  report?: ImportReport;
  /** Rejected rows per file as CSV, when they come ready-made (the samples' snapshots). */
  rejects?: Record<string, string>;
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

/**
 * Loads a data source named in the URL into the canonical tables: a bundled sample, or files
 * at http(s) addresses (read by this browser directly; the optional mapping comes with the link).
 */
export async function openSource(
  db: Db,
  source: string,
  fetchFn: Fetch,
  today = new Date().toISOString().slice(0, 10),
  mapping?: ImportMapping,
): Promise<LoadedDataset> {
  if (source.startsWith('url:')) {
    const urls = source.slice(4).split(' ');
    const files = await Promise.all(
      urls.map(async (url) => ({
        name: decodeURIComponent(new URL(url).pathname.split('/').pop() || 'data.csv'),
        data: await fetchBytes(fetchFn, url),
      })),
    );
    const report = await loadFetched(db, files, today, mapping);
    return { ...(await describeLoaded(db)), title: files.map((f) => f.name).join(', '), report };
  }
  const m = /^sample:(en|zh)$/.exec(source);
  if (!m) throw new Error(`Unknown data source: ${source}`);
  const id = m[1] as 'en' | 'zh';
  const base = sampleBase(id);
  const metaRes = await fetchFn(`${base}meta.json`);
  if (!metaRes.ok) throw new Error(`The ${id} sample is not bundled with this build`);
  const meta = parseSnapshotMeta(await metaRes.json(), `${base}meta.json`);
  const parts = await Promise.all(
    SNAPSHOT_TABLES.map(async (table) => ({
      table,
      ipc: await fetchBytes(fetchFn, `${base}${table}.arrow`),
    })),
  );
  await restoreSnapshot(db, parts);
  return {
    ...(await describeLoaded(db)),
    title: source,
    sampleId: id,
    currency: SAMPLE_CURRENCY[id],
    report: meta.report,
    rejects: meta.rejects,
  };
}
