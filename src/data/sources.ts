import type { Db } from './db';
import { CANONICAL_DDL, type CanonicalTable } from './schema';

export interface LoadedDataset {
  title: string;
  sampleId?: 'en' | 'zh';
  customers: number;
  orders: number;
  currency?: string;
}

type Fetch = (url: string) => Promise<Response>;

// Vite turns each committed sample file into a self-hosted asset URL at build time.
const SAMPLE_URLS = import.meta.glob('../../samples/*/*.csv', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const SAMPLE_CURRENCY = { en: 'USD', zh: 'CNY' } as const;

function sampleUrl(id: string, table: CanonicalTable): string | undefined {
  return SAMPLE_URLS[`../../samples/${id}/${table}.csv`];
}

/** Loads a data source named in the URL (`sample:en`, `sample:zh`) into the canonical tables. */
export async function openSource(db: Db, source: string, fetchFn: Fetch): Promise<LoadedDataset> {
  const m = /^sample:(en|zh)$/.exec(source);
  if (!m) throw new Error(`Unknown data source: ${source}`);
  const id = m[1] as 'en' | 'zh';
  for (const table of Object.keys(CANONICAL_DDL) as CanonicalTable[]) {
    await db.exec(CANONICAL_DDL[table]);
    const url = sampleUrl(id, table);
    if (!url) continue;
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const name = `sample-${id}-${table}.csv`;
    await db.registerBuffer(name, bytes);
    await db.exec(`INSERT INTO ${table} BY NAME SELECT * FROM read_csv('${name}', header = true)`);
    await db.dropFile(name);
  }
  const [counts] = await db.query<{ customers: number; orders: number }>(
    `SELECT (SELECT count(*) FROM customers) AS customers,
            (SELECT count(DISTINCT order_id) FROM orders) AS orders`,
  );
  return {
    title: source,
    sampleId: id,
    customers: counts?.customers ?? 0,
    orders: counts?.orders ?? 0,
    currency: SAMPLE_CURRENCY[id],
  };
}
