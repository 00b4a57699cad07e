import type { SniffOptions } from './inspect';
import { ingestParser } from './parser';
import type { FileSniff, ImportFile } from './types';

export type { SniffOptions } from './inspect';

/**
 * Looks at the start of a file and proposes how to read it (see inspectFile), through the
 * parser in use: inline in Node, the ingest worker in the browser.
 */
export async function sniffFile(file: ImportFile, opts: SniffOptions = {}): Promise<FileSniff> {
  return (await ingestParser()).sniff(file, opts);
}
