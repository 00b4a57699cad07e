import type { Db } from './db';
import type { ImportMapping, ImportReport } from './ingest/types';
import { describeLoaded, loadFetched } from './sources-core';

export interface LoadedDataset {
  title: string;
  sampleId?: 'en' | 'zh';
  customers: number;
  orders: number;
  currency?: string;
  report?: ImportReport;
}

type Fetch = (url: string) => Promise<Response>;

// Vite turns each committed sample file into a self-hosted asset URL at build time.
const SAMPLE_URLS = import.meta.glob('../../samples/*/*.csv', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

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
  const prefix = `../../samples/${id}/`;
  const entries = Object.entries(SAMPLE_URLS).filter(([path]) => path.startsWith(prefix));
  if (entries.length === 0) throw new Error(`The ${id} sample is not bundled with this build`);
  const files = await Promise.all(
    entries.map(async ([path, url]) => ({
      name: path.slice(prefix.length),
      data: await fetchBytes(fetchFn, url),
    })),
  );
  const report = await loadFetched(db, files, today);
  return {
    ...(await describeLoaded(db)),
    title: source,
    sampleId: id,
    currency: SAMPLE_CURRENCY[id],
    report,
  };
}
