import type { FileFormat } from './types';

/** Bytes of a whole input (a File/Blob is read; bytes pass through). */
export async function readAll(data: Uint8Array | Blob): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

export async function readHead(data: Uint8Array | Blob, n: number): Promise<Uint8Array> {
  return data instanceof Uint8Array
    ? data.subarray(0, n)
    : new Uint8Array(await data.slice(0, n).arrayBuffer());
}

export function isGzip(name: string, head: Uint8Array): boolean {
  return /\.gz$/i.test(name) || (head[0] === 0x1f && head[1] === 0x8b);
}

/** The name without a trailing .gz. */
export function innerName(name: string): string {
  return name.replace(/\.gz$/i, '');
}

export function detectFormat(name: string, head: Uint8Array): FileFormat {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)
    return 'parquet';
  if (/\.xlsx$/i.test(name)) return 'xlsx';
  if (/\.parquet$/i.test(name)) return 'parquet';
  return 'csv';
}
