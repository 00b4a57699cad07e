import type { Db } from '../data/db';
import type { MessageKey } from '../i18n/messages';
import { fetchSource, openSource, type LoadedDataset } from '../data/sources';
import { describeLoaded } from '../data/sources-core';
import { getBrowserDb } from '../data/db-browser';
import { rejectsCsv } from '../data/ingest/load';
import type { ImportMapping, ImportReport } from '../data/ingest/types';
import type { ImportFlow } from './import-flow.svelte';
import { loadFetched } from '../data/sources-core';
import { readWorkspace, writeWorkspace, type Workspace } from '../data/workspace';
import { setIngestParser } from '../data/ingest/parser';
import { browserIngestParser } from '../workers/ingest-client';

// In the page, file parsing (sniff, decode, XLSX, Parquet, gzip) runs in a worker; Node keeps it inline.
if (typeof Worker === 'function') setIngestParser(browserIngestParser());

export interface DatasetInfo extends LoadedDataset {
  titleKey?: MessageKey;
}

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The engine and whatever dataset is loaded into it; views re-query when `revision` moves. */
export class Session {
  dataset: DatasetInfo | undefined = $state();
  error: unknown = $state();
  revision = $state(0);
  importReport: ImportReport | undefined = $state();
  /** True once the user loaded files of their own: those cannot travel in a link. */
  localData = $state(false);
  db: Db | undefined;
  private openedSource = '';
  /** The user's own files and their mapping, kept (as File references) for a workspace export. */
  private lastImport: { files: File[]; mapping: ImportMapping } | undefined;
  /** Loads share one engine and its staging tables, so they run one after another. */
  private loading: Promise<unknown> = Promise.resolve();

  /** Told of each load (`onLoad`): background work over the old tables waits for it. */
  private loadStarted: (load: Promise<unknown>) => void = () => undefined;

  onLoad(fn: (load: Promise<unknown>) => void): void {
    this.loadStarted = fn;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.loading.then(fn, fn);
    this.loading = run.catch(() => undefined);
    this.loadStarted(this.loading);
    return run;
  }

  open(source: string, mapping: ImportMapping | undefined, force = false): Promise<void> {
    if (this.localData || (source === this.openedSource && !force)) return Promise.resolve();
    this.openedSource = source;
    return this.exclusive(() => this.openNow(source, mapping));
  }

  private async openNow(source: string, mapping: ImportMapping | undefined): Promise<void> {
    if (this.localData) return;
    this.error = undefined;
    this.dataset = undefined;
    try {
      // The sample's files download while the engine compiles, not after.
      const engine = getBrowserDb();
      engine.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      const fetched = await fetchSource(source, fetch);
      const { db, loaded, ready } = await openSource(engine, fetched, todayIso(), mapping);
      if (source !== this.openedSource) return;
      this.db = db;
      this.importReport = loaded.report;
      const titleKey = loaded.sampleId ? (`sample.${loaded.sampleId}` as MessageKey) : undefined;
      this.dataset = { ...loaded, ...(titleKey ? { titleKey } : {}) };
      this.revision++;
      // A sample's first view may be drawn before the engine holds its tables; the next load
      // waits for them (it would otherwise race the restore).
      await ready;
      // Lets the offline cache pick up the sample files just fetched.
      globalThis.dispatchEvent?.(new Event('clientele:data-loaded'));
    } catch (err) {
      if (source !== this.openedSource) return;
      // Also when the engine failed after a sample's first view was drawn from its recording.
      this.dataset = undefined;
      this.error = err;
    }
  }

  importFiles(flow: ImportFlow): Promise<void> {
    return this.exclusive(() => this.importNow(flow));
  }

  private async importNow(flow: ImportFlow): Promise<void> {
    const db = await getBrowserDb();
    this.db = db;
    const names = flow.pending.map((p) => p.file.name);
    const kept = { files: flow.pending.map((p) => p.file), mapping: flow.mapping };
    const report = await flow.confirm(db, todayIso());
    if (!report) {
      // A load that failed part-way has replaced some tables: show no half-loaded dashboard.
      if (flow.error) {
        this.dataset = undefined;
        this.localData = false;
        this.openedSource = '';
        this.error = new Error(flow.error);
      }
      return;
    }
    this.lastImport = kept;
    this.localData = true;
    this.importReport = report;
    this.dataset = { ...(await describeLoaded(db, report)), title: names.join(', ') };
    this.revision++;
  }

  get canExportWorkspace(): boolean {
    return this.localData && this.lastImport !== undefined;
  }

  /** One zip with the data files, their mapping and the view (`search`), for sending on. */
  async exportWorkspace(search: string): Promise<Uint8Array> {
    const last = this.lastImport;
    if (!last) throw new Error('no files of your own are loaded');
    const files = await Promise.all(
      last.files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    return writeWorkspace({ files, mapping: last.mapping, search });
  }

  /** Loads a workspace file; returns its view state for the caller to apply. */
  openWorkspace(file: File): Promise<Workspace> {
    return this.exclusive(async () => {
      const w = readWorkspace(new Uint8Array(await file.arrayBuffer()), file.name);
      const db = await getBrowserDb();
      this.db = db;
      const report = await loadFetched(
        db,
        w.files.map((f) => ({ name: f.name, data: f.bytes })),
        todayIso(),
        w.mapping,
      );
      this.localData = true;
      this.importReport = report;
      this.lastImport = {
        files: w.files.map((f) => new File([new Uint8Array(f.bytes)], f.name)),
        mapping: w.mapping,
      };
      this.dataset = { ...(await describeLoaded(db)), title: file.name };
      this.revision++;
      return w;
    });
  }

  async rejectsCsv(file: string): Promise<string> {
    if (!this.db || !this.importReport) throw new Error('nothing loaded');
    const ready = this.dataset?.rejects?.[file];
    return ready ?? rejectsCsv(this.db, this.importReport, file);
  }
}
