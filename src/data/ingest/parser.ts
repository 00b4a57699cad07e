import type { DecodedText, ParseOptions } from './decode-text';
import type { SniffOptions } from './inspect';
import type { SheetTable } from './sheet-table';
import type { FileMapping, FileSniff, ImportFile } from './types';

export type { DecodedText, ParseOptions } from './decode-text';
export type { SheetTable } from './sheet-table';

/**
 * The JavaScript side of ingest: everything that reads file bytes (sniffing, decoding non-UTF-8
 * text, gunzip, XLSX and Parquet). One implementation runs the functions inline (Node: CLI,
 * tests); the browser's runs the same functions in a worker and passes results back as
 * transferred buffers, so the page never blocks on a big file. Same signatures, one code path.
 */
export interface IngestParser {
  sniff(file: ImportFile, opts?: SniffOptions): Promise<FileSniff>;
  /** Text as line-numbered UTF-8 parts, handed to `onPart` in order (see decodeText). */
  decodeText(
    file: ImportFile,
    m: FileMapping,
    opts: ParseOptions,
    onPart: (bytes: Uint8Array) => Promise<void>,
  ): Promise<DecodedText>;
  /** An XLSX sheet or Parquet file as Arrow IPC (see sheetTable). */
  sheetTable(file: ImportFile, m: FileMapping, opts: ParseOptions): Promise<SheetTable>;
  /** Gets ready for a file about to come (the worker parser starts its worker). */
  warm?(): void;
}

let chosen: IngestParser | undefined;

/** The browser installs its worker parser once at start-up; Node keeps the inline one. */
export function setIngestParser(p: IngestParser | undefined): void {
  chosen = p;
}

/**
 * The parser in use. The inline one is imported on demand, so a page that installed the worker
 * parser never loads the XLSX/Parquet/gzip libraries on its main thread.
 */
export async function ingestParser(): Promise<IngestParser> {
  return chosen ?? (await import('./inline-parser')).inlineParser;
}
