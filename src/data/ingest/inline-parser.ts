import { decodeText } from './decode-text';
import { inspectFile } from './inspect';
import type { IngestParser } from './parser';
import { sheetTable } from './sheet-table';

/** Runs the parsing functions where it is called: Node, or inside the ingest worker. */
export const inlineParser: IngestParser = {
  sniff: (file, opts = {}) => inspectFile(file, opts),
  decodeText,
  sheetTable,
};
