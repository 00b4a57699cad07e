import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadFiles, rejectsCsv, suggestMapping, type ImportFile } from '../../src/data/ingest';
import { inlineParser } from '../../src/data/ingest/inline-parser';
import type { IngestParser } from '../../src/data/ingest/parser';
import { WorkerParser, type WorkerLike } from '../../src/workers/ingest-client';
import { serveRequest, type IngestRequest } from '../../src/workers/ingest-serve';
import { fixture, sharedDb, tableRows, TODAY } from '../fixtures/ingest/load-fixture';

/**
 * The worker's message protocol over a real MessageChannel (structured clone and transfer as in
 * the browser); the "worker" side is the same serveRequest the ingest worker runs.
 */
function channelParser(): { parser: WorkerParser; started: () => number } {
  let started = 0;
  const parser = new WorkerParser(() => {
    started++;
    const { port1, port2 } = new MessageChannel();
    port2.on('message', (req: IngestRequest) => {
      void serveRequest(req, {
        postMessage: (msg, transfer) =>
          port2.postMessage(msg, transfer as unknown as ArrayBuffer[]),
      });
    });
    const client: WorkerLike = {
      postMessage: (msg) => port1.postMessage(msg),
      addEventListener: (type: string, fn: (e: never) => void) => {
        if (type === 'message')
          port1.on('message', (data: unknown) => (fn as (e: { data: unknown }) => void)({ data }));
      },
      terminate: () => {
        port1.close();
        port2.close();
      },
    };
    return client;
  });
  return { parser, started: () => started };
}

async function load(files: ImportFile[], parser: IngestParser, chunkBytes?: number) {
  const db = await sharedDb();
  const sniffs = await Promise.all(files.map((f) => parser.sniff(f)));
  const mapping = suggestMapping(sniffs);
  const progress: string[] = [];
  const report = await loadFiles(db, files, mapping, {
    today: TODAY,
    parser,
    onProgress: (p) => progress.push(p.phase),
    ...(chunkBytes ? { chunkBytes } : {}),
  });
  const rows: Record<string, unknown[]> = {};
  for (const t of ['orders', 'customers']) rows[t] = await tableRows(db, t);
  const rejects = await Promise.all(report.files.map((f) => rejectsCsv(db, f)));
  return { sniffs, report, rows, rejects, progress };
}

describe('ingest: parsing in a worker', () => {
  it.each([
    [['orders-gbk.csv'], 64],
    [['orders.xlsx'], undefined],
    [['orders.parquet'], undefined],
    [['orders.csv.gz'], 100],
    [['orders-whitespace.txt', 'customers-cp1252.csv'], 50],
  ])(
    '%s: the worker protocol gives what the inline parser gives (sniff, rows, report, rejects)',
    async (names, chunkBytes) => {
      const inline = await load(names.map(fixture), inlineParser, chunkBytes);
      const { parser } = channelParser();
      const viaWorker = await load(names.map(fixture), parser, chunkBytes);
      expect(viaWorker.sniffs).toEqual(inline.sniffs);
      expect(viaWorker.rows).toEqual(inline.rows);
      expect(viaWorker.report).toEqual(inline.report);
      expect(viaWorker.rejects).toEqual(inline.rejects);
      expect(viaWorker.progress).toEqual(inline.progress);
      expect(viaWorker.progress).toContain('read');
    },
  );

  it('reads a Blob (a dropped File) in the worker', async () => {
    const f = fixture('orders-gbk.csv');
    const blob = { name: f.name, data: new Blob([new Uint8Array(f.data)]) };
    const { parser } = channelParser();
    const viaWorker = await load([blob], parser, 32);
    const inline = await load([f], inlineParser);
    expect(viaWorker.rows).toEqual(inline.rows);
    expect(viaWorker.report).toEqual(inline.report);
  });

  it('cancels a decode mid-way: the load fails as cancelled and the next one works', async () => {
    const db = await sharedDb();
    const f = fixture('orders-gbk.csv');
    const { parser, started } = channelParser();
    const mapping = suggestMapping([await parser.sniff(f)]);
    const abort = new AbortController();
    let reads = 0;
    const failed = loadFiles(db, [f], mapping, {
      today: TODAY,
      parser,
      chunkBytes: 16,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'read' && ++reads === 2) abort.abort();
      },
    });
    await expect(failed).rejects.toMatchObject({ name: 'AbortError' });
    expect(reads).toBeLessThan(Math.ceil(f.data.length / 16));
    const report = await loadFiles(db, [f], mapping, { today: TODAY, parser });
    expect(started()).toBe(2);
    expect(report.files[0]?.read).toBe(
      (report.files[0]?.loaded ?? 0) + (report.files[0]?.rejected ?? 0),
    );
    expect(report.files[0]?.loaded).toBeGreaterThan(0);
  });

  it('a worker error fails the request with its message', async () => {
    const { parser } = channelParser();
    const bad = { name: 'broken.xlsx', data: new TextEncoder().encode('PK\u0003\u0004 not a zip') };
    await expect(parser.sniff(bad)).rejects.toThrow(/./);
    // The worker survives a failed request.
    await expect(parser.sniff(fixture('orders-basic.csv'))).resolves.toMatchObject({
      format: 'csv',
    });
  });

  it('warm starts the worker before a file comes, and the file then uses that worker', async () => {
    const { parser, started } = channelParser();
    parser.warm();
    expect(started()).toBe(1);
    parser.warm();
    expect(started()).toBe(1);
    await expect(parser.sniff(fixture('orders-basic.csv'))).resolves.toMatchObject({
      format: 'csv',
    });
    expect(started()).toBe(1);
  });
});
