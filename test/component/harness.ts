import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { render } from '@testing-library/svelte';
import { openNodeDb } from '../../src/data/db-node';
import { describeLoaded, loadFetched } from '../../src/data/sources-core';
import { overrideDb, type Db, type Query } from '../../src/data/db';
import type { DatasetInfo } from '../../src/state/session.svelte';
import type { MessageKey } from '../../src/i18n/messages';
import type { AppContext } from '../../src/views/context';
import Harness, { type Mounted } from './Harness.svelte';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Loaded {
  db: Db;
  dataset: DatasetInfo;
}

/** `loaded` with every statement that reaches its engine pushed onto `ran`, in order. */
export function countingStatements(loaded: Loaded, ran: string[]): Loaded {
  const db = loaded.db;
  const sqlOf = (q: Query | string) => (typeof q === 'string' ? q : q.sql);
  const counted = overrideDb(db, {
    query: (q) => (ran.push(sqlOf(q)), db.query(q)),
    queryArrow: (q) => (ran.push(sqlOf(q)), db.queryArrow(q)),
    exec: (sql) => (ran.push(sql), db.exec(sql)),
  });
  return { ...loaded, db: counted };
}

/** A committed sample's CSV files, loaded into Node's DuckDB-WASM by the app's own ingest. */
export async function openSample(id: 'en' | 'zh'): Promise<Loaded> {
  const dir = resolve(ROOT, 'samples', id);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, data: new Uint8Array(await readFile(resolve(dir, name))) })),
  );
  const db = await openNodeDb();
  const report = await loadFetched(db, files, '2025-06-30');
  return {
    db,
    dataset: {
      ...(await describeLoaded(db)),
      title: `sample:${id}`,
      sampleId: id,
      titleKey: `sample.${id}` as MessageKey,
      // The page labels the samples' money like this (src/data/sources.ts).
      currency: id === 'en' ? 'USD' : 'CNY',
      report,
    },
  };
}

/** Files made by a test, loaded through the same sniffing and ingest as a dropped file. */
export async function openFiles(files: Record<string, string>): Promise<Loaded> {
  const db = await openNodeDb();
  const enc = new TextEncoder();
  // Copied into this realm's Uint8Array: jsdom's TextEncoder answers with another realm's, and
  // the ingest tells bytes from File objects with instanceof.
  const list = Object.entries(files).map(([name, text]) => ({
    name,
    data: new Uint8Array(enc.encode(text)),
  }));
  const report = await loadFetched(db, list, '2025-06-30');
  return {
    db,
    dataset: { ...(await describeLoaded(db)), title: Object.keys(files).join(', '), report },
  };
}

export interface Rendered {
  app: AppContext;
  container: HTMLElement;
  /** Waits for summary rebuilds to finish, so the next test's rebuild has the engine alone. */
  settle(): Promise<void>;
  unmount(): void;
}

export function renderViews(
  views: Mounted[],
  options: { data?: Loaded; search?: string; languages?: string[] } = {},
): Rendered {
  let app: AppContext | undefined;
  const { container, unmount } = render(Harness, {
    props: {
      views,
      ...(options.data ?? {}),
      search: options.search ?? '',
      languages: options.languages ?? ['en'],
      onready: (a: AppContext) => (app = a),
    },
  });
  if (!app) throw new Error('harness did not start');
  const ready = app;
  return {
    app: ready,
    container,
    unmount,
    async settle() {
      while (ready.analysis.building) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
