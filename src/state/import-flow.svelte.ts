import type { Db } from '../data/db';
import type { CanonicalTable } from '../data/schema';
import { sniffFile, type SniffOptions } from '../data/ingest/sniff';
import { ingestParser } from '../data/ingest/parser';
import { loadFiles } from '../data/ingest/load';
import type { FileMapping, FileSniff, ImportMapping, ImportReport } from '../data/ingest/types';

export interface PendingFile {
  file: File;
  sniff: FileSniff;
  mapping: FileMapping;
  /** User overrides carried into a re-sniff (encoding, delimiter, sheet, table). */
  overrides: SniffOptions;
}

export interface Progress {
  file: string;
  phase: string;
  bytes?: number;
  totalBytes?: number;
  rows?: number;
}

/**
 * The import wizard: files are inspected, the proposed mapping is shown for correction, and
 * only an explicit confirm loads them. Nothing here touches the DOM.
 */
export class ImportFlow {
  step: 'idle' | 'inspecting' | 'mapping' | 'loading' | 'done' = $state('idle');
  pending: PendingFile[] = $state([]);
  progress: Progress | undefined = $state();
  report: ImportReport | undefined = $state();
  error: string | undefined = $state();
  private abort: AbortController | undefined;

  constructor(
    /** Told on each `prepare` too (the page's engine warm-up, `EngineWarmUp.start`). */
    private readonly prepared: () => void = () => undefined,
  ) {}

  /** A file may come soon: the parser gets ready for it (see `IngestParser.warm`). */
  prepare(): void {
    void ingestParser().then((p) => p.warm?.());
    this.prepared();
  }

  async add(files: File[]): Promise<void> {
    this.error = undefined;
    this.step = 'inspecting';
    try {
      const sniffed = await Promise.all(
        files.map(async (file) => {
          const sniff = await sniffFile({ name: file.name, data: file });
          return { file, sniff, mapping: sniff.mapping, overrides: {} };
        }),
      );
      this.pending = [...this.pending, ...sniffed];
      this.step = 'mapping';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.step = this.pending.length ? 'mapping' : 'idle';
    }
  }

  /** Re-reads one file with a user override (encoding, delimiter, sheet, table kind). */
  async override(index: number, change: SniffOptions): Promise<void> {
    const p = this.pending[index];
    if (!p) return;
    const overrides = { ...p.overrides, ...change };
    try {
      const sniff = await sniffFile({ name: p.file.name, data: p.file }, overrides);
      this.pending[index] = { ...p, sniff, mapping: sniff.mapping, overrides };
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  setTable(index: number, table: CanonicalTable): Promise<void> {
    return this.override(index, { table });
  }

  updateMapping(index: number, mapping: FileMapping): void {
    const p = this.pending[index];
    if (p) this.pending[index] = { ...p, mapping };
  }

  remove(index: number): void {
    this.pending = this.pending.filter((_, i) => i !== index);
    if (this.pending.length === 0) this.step = 'idle';
  }

  get mapping(): ImportMapping {
    return {
      version: 1,
      files: this.pending.map((p) => $state.snapshot(p.mapping) as FileMapping),
    };
  }

  async confirm(
    db: Db & { registerFileHandle?(name: string, file: File): Promise<void> },
    today: string,
  ): Promise<ImportReport | undefined> {
    this.abort = new AbortController();
    this.step = 'loading';
    this.error = undefined;
    try {
      const files = await Promise.all(
        this.pending.map(async (p, i) => {
          const registeredName = `upload-${i}-${p.file.name}`;
          if (db.registerFileHandle) await db.registerFileHandle(registeredName, p.file);
          return { name: p.file.name, data: p.file, registeredName };
        }),
      );
      const report = await loadFiles(db, files, this.mapping, {
        today,
        signal: this.abort.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.report = report;
      this.pending = [];
      this.step = 'done';
      return report;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.step = 'mapping';
      return undefined;
    } finally {
      this.progress = undefined;
      this.abort = undefined;
    }
  }

  cancel(): void {
    this.abort?.abort();
  }
}
