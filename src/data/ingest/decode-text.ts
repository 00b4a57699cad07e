import { isGzip, readAll, readHead } from './file-bytes';
import { gunzip } from './sources';
import { parseRows } from './text-table';
import type { FileMapping, ImportFile, LoadOptions } from './types';

/** What a parse step needs besides the file: cancellation and progress (never the engine). */
export interface ParseOptions {
  signal?: AbortSignal;
  onProgress?: LoadOptions['onProgress'];
  /** Bytes decoded per step (default 4 MiB); parts hold about twice that in characters. */
  chunkBytes?: number;
}

/** The shape of a decoded text file; its records went out as parts. */
export interface DecodedText {
  /** Header cells (mappings with a header), else null. */
  header: string[] | null;
  /** Fields on the first data record (the width when there is no header). */
  firstWidth: number;
  blankLines: number;
  /** Parts emitted. */
  parts: number;
}

const CHUNK_BYTES = 4 << 20;

async function* byteChunks(data: Uint8Array | Blob, size: number): AsyncGenerator<Uint8Array> {
  if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    return;
  }
  const reader = data.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (let i = 0; i < value.length; i += size) yield value.subarray(i, i + size);
  }
}

/**
 * Decodes a text file in chunks (any encoding, streaming TextDecoder), drops the lines above
 * the data, counts blank lines, and prefixes each record with its source line number so rejects
 * point to the exact line even after blank lines or multi-line quoted cells. Records go out as
 * UTF-8 parts of the same delimited format (about 2 x chunkBytes characters each, cut between
 * records), ready for the engine's CSV reader; `onPart` may keep the bytes (they are not reused).
 * Pure JS: it runs inline in Node and in the ingest worker in the browser.
 */
export async function decodeText(
  file: ImportFile,
  m: FileMapping,
  opts: ParseOptions,
  onPart: (bytes: Uint8Array) => void | Promise<void>,
): Promise<DecodedText> {
  if (!file.data) throw new Error(`${file.name}: no data`);
  let data: Uint8Array | Blob = file.data;
  if (isGzip(file.name, await readHead(data, 2))) data = gunzip(await readAll(data));
  const total = data instanceof Uint8Array ? data.length : data.size;
  const chunkBytes = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  const decoder = new TextDecoder(m.encoding ?? 'utf-8');
  const encoder = new TextEncoder();
  const whitespace = m.delimiter === 'whitespace';
  const delim = whitespace ? '\t' : (m.delimiter ?? ',');
  const quote = whitespace ? '' : (m.quote ?? '"');
  const skip = m.skipRows + (m.hasHeader ? 1 : 0);
  let header: string[] | null = null;
  let firstWidth = 0;
  let lineNo = 0;
  let inQuote = false;
  let blank = 0;
  let carry = '';
  let buf: string[] = [];
  let bufChars = 0;
  let parts = 0;
  let seen = 0;

  const flush = async () => {
    if (buf.length === 0) return;
    const bytes = encoder.encode(buf.join('\n') + '\n');
    buf = [];
    bufChars = 0;
    parts++;
    await onPart(bytes);
  };
  const takeLine = (line: string) => {
    lineNo++;
    if (lineNo <= skip) {
      if (m.hasHeader && lineNo === skip)
        header = parseRows(line, m.delimiter ?? ',', quote, 1)[0] ?? [];
      return;
    }
    const start = !inQuote;
    if (start && line.trim() === '') {
      blank++;
      return;
    }
    let out: string;
    if (whitespace) {
      const fields = line.trim().split(/[ \t]+/);
      if (firstWidth === 0) firstWidth = fields.length;
      out = `${lineNo}\t${fields.join('\t')}`;
    } else {
      if (firstWidth === 0) firstWidth = (parseRows(line, delim, quote, 1)[0] ?? []).length;
      out = start ? `${lineNo}${delim}${line}` : line;
    }
    if (quote !== '') {
      let q = 0;
      for (let i = line.indexOf(quote); i >= 0; i = line.indexOf(quote, i + 1)) q++;
      if (q % 2 === 1) inQuote = !inQuote;
    }
    buf.push(out);
    bufChars += out.length;
  };

  for await (const chunk of byteChunks(data, chunkBytes)) {
    if (opts.signal?.aborted)
      throw new DOMException(`${file.name}: import cancelled`, 'AbortError');
    seen += chunk.length;
    let text = carry + decoder.decode(chunk, { stream: true });
    // A chunk ending in \r may be half of \r\n: keep it for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = text.slice(0, cut).split(/\r\n|\n|\r/);
    carry = (lines.pop() ?? '') + text.slice(cut);
    text = '';
    for (const line of lines) takeLine(line);
    if (bufChars > 2 * chunkBytes && !inQuote) await flush();
    opts.onProgress?.({ file: file.name, phase: 'read', bytes: seen, totalBytes: total });
  }
  // The final line break ends the last line; it does not start an empty one.
  const rest = (carry + decoder.decode()).replace(/(\r\n|\n|\r)$/, '');
  if (rest !== '') for (const line of rest.split(/\r\n|\n|\r/)) takeLine(line);
  await flush();
  return { header, firstWidth, blankLines: blank, parts };
}
