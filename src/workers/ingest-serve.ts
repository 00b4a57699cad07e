import { inlineParser } from '../data/ingest/inline-parser';
import type { SniffOptions } from '../data/ingest/inspect';
import type { IngestParser } from '../data/ingest/parser';
import type { FileMapping, ImportFile, LoadOptions } from '../data/ingest/types';

/** A file as it crosses to the worker: a File/Blob is a cheap reference; bytes are cloned. */
export type WireFile = Pick<ImportFile, 'name' | 'data'>;

export type IngestRequest =
  | { id: number; op: 'sniff'; file: WireFile; opts: SniffOptions }
  | { id: number; op: 'decode'; file: WireFile; m: FileMapping; chunkBytes?: number }
  | { id: number; op: 'sheet'; file: WireFile; m: FileMapping };

export type Progress = Parameters<NonNullable<LoadOptions['onProgress']>>[0];

export type IngestReply =
  | { id: number; type: 'progress'; p: Progress }
  | { id: number; type: 'part'; bytes: Uint8Array }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; name: string; message: string };

export interface ReplyPort {
  postMessage(msg: IngestReply, transfer: Transferable[]): void;
}

/**
 * Runs one request with the inline parser and posts progress, parts and the result back. Big
 * buffers (decoded parts, the Arrow IPC of a sheet) are transferred, not copied. Cancellation is
 * the client terminating the worker: a parse in progress stops at once, wherever it is.
 */
export async function serveRequest(
  req: IngestRequest,
  port: ReplyPort,
  parser: IngestParser = inlineParser,
): Promise<void> {
  const { id } = req;
  const onProgress = (p: Progress) => port.postMessage({ id, type: 'progress', p }, []);
  try {
    if (req.op === 'sniff') {
      port.postMessage({ id, type: 'done', result: await parser.sniff(req.file, req.opts) }, []);
    } else if (req.op === 'decode') {
      const opts = { onProgress, ...(req.chunkBytes ? { chunkBytes: req.chunkBytes } : {}) };
      const result = await parser.decodeText(req.file, req.m, opts, async (bytes) => {
        port.postMessage({ id, type: 'part', bytes }, [bytes.buffer]);
      });
      port.postMessage({ id, type: 'done', result }, []);
    } else {
      const result = await parser.sheetTable(req.file, req.m, { onProgress });
      port.postMessage({ id, type: 'done', result }, [result.ipc.buffer]);
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id, type: 'error', name: err.name, message: err.message }, []);
  }
}
