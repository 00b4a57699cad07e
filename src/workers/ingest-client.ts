import type { SniffOptions } from '../data/ingest/inspect';
import type { DecodedText, IngestParser, ParseOptions, SheetTable } from '../data/ingest/parser';
import type { FileMapping, FileSniff, ImportFile } from '../data/ingest/types';
import type { IngestReply, IngestRequest, Progress, WireFile } from './ingest-serve';

/** The part of a Worker the client uses (a test can stand in a MessageChannel port). */
export interface WorkerLike {
  postMessage(msg: IngestRequest): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<IngestReply>) => void): void;
  addEventListener(type: 'error', fn: (e: Event) => void): void;
  terminate(): void;
}

interface Pending {
  onProgress: ((p: Progress) => void) | undefined;
  onPart: ((bytes: Uint8Array) => Promise<void>) | undefined;
  /** Parts are handed on one after another; the result waits for the last. */
  chain: Promise<void>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

type Body =
  | { op: 'sniff'; file: WireFile; opts: SniffOptions }
  | { op: 'decode'; file: WireFile; m: FileMapping; chunkBytes?: number }
  | { op: 'sheet'; file: WireFile; m: FileMapping };

function cancelled(): DOMException {
  return new DOMException('import cancelled', 'AbortError');
}

function wire(file: ImportFile): WireFile {
  return { name: file.name, ...(file.data ? { data: file.data } : {}) };
}

/**
 * The ingest parser of the browser: the same functions as the inline parser, run in a worker.
 * Cancelling terminates the worker (an XLSX parse cannot be interrupted any other way); the next
 * request starts a fresh one.
 */
export class WorkerParser implements IngestParser {
  private worker: WorkerLike | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly create: () => WorkerLike) {}

  sniff(file: ImportFile, opts: SniffOptions = {}): Promise<FileSniff> {
    return this.request({ op: 'sniff', file: wire(file), opts }, {}) as Promise<FileSniff>;
  }

  decodeText(
    file: ImportFile,
    m: FileMapping,
    opts: ParseOptions,
    onPart: (bytes: Uint8Array) => Promise<void>,
  ): Promise<DecodedText> {
    const body: Body = {
      op: 'decode',
      file: wire(file),
      m,
      ...(opts.chunkBytes !== undefined ? { chunkBytes: opts.chunkBytes } : {}),
    };
    return this.request(body, opts, onPart) as Promise<DecodedText>;
  }

  sheetTable(file: ImportFile, m: FileMapping, opts: ParseOptions): Promise<SheetTable> {
    return this.request({ op: 'sheet', file: wire(file), m }, opts) as Promise<SheetTable>;
  }

  /**
   * Starts the worker before a file comes (the Data view shown, a file dragged over the page):
   * started by the drop, it took 40 ms of the sniff to load and compile its module.
   */
  warm(): void {
    this.start();
  }

  private start(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.create();
    w.addEventListener('message', (e) => this.receive(e.data));
    w.addEventListener('error', (e) => {
      const message = (e as ErrorEvent).message || 'the ingest worker failed';
      if (this.worker === w) this.stop(new Error(message));
    });
    this.worker = w;
    return w;
  }

  /** Ends the worker and fails every request still running on it. */
  private stop(err: unknown): void {
    this.worker?.terminate();
    this.worker = undefined;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(err);
  }

  private request(
    body: Body,
    opts: ParseOptions,
    onPart?: (bytes: Uint8Array) => Promise<void>,
  ): Promise<unknown> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = ++this.nextId;
    const worker = this.start();
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => this.stop(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        onProgress: opts.onProgress,
        onPart,
        chain: Promise.resolve(),
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      worker.postMessage({ id, ...body } as IngestRequest);
    });
  }

  private receive(msg: IngestReply): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') p.onProgress?.(msg.p);
    else if (msg.type === 'part') {
      const { bytes } = msg;
      p.chain = p.chain.then(() => p.onPart?.(bytes));
      // A part the engine cannot take (out of memory) stops the decode too.
      p.chain.catch((e: unknown) => {
        if (this.pending.get(msg.id) === p) this.stop(e);
      });
    } else if (msg.type === 'done') {
      const { result } = msg;
      p.chain.then(
        () => {
          this.pending.delete(msg.id);
          p.resolve(result);
        },
        () => undefined,
      );
    } else {
      this.pending.delete(msg.id);
      p.reject(
        msg.name === 'AbortError'
          ? new DOMException(msg.message, 'AbortError')
          : new Error(msg.message),
      );
    }
  }
}

/** The browser's parser: a module worker that Vite bundles with the parsing libraries. */
export function browserIngestParser(): IngestParser {
  return new WorkerParser(
    () =>
      new Worker(new URL('./ingest.worker.ts', import.meta.url), {
        type: 'module',
        name: 'ingest',
      }) as unknown as WorkerLike,
  );
}
