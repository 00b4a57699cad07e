/* Whole-file parsers: in the browser they run in the ingest worker (see parser.ts). */
import { gunzipSync } from 'fflate';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import readXlsxFile, { readSheet } from 'read-excel-file/universal';

export function gunzip(bytes: Uint8Array): Uint8Array {
  return gunzipSync(bytes);
}

/** A spreadsheet/parquet cell as the text a CSV export would have shown. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}

export async function xlsxSheetNames(bytes: Uint8Array): Promise<string[]> {
  const sheets = await readXlsxFile(toArrayBuffer(bytes));
  return sheets.map((s) => s.sheet);
}

/** All rows of one sheet (default: the first) as text cells. */
export async function xlsxRows(bytes: Uint8Array, sheet?: string): Promise<string[][]> {
  const data =
    sheet === undefined
      ? await readSheet(toArrayBuffer(bytes))
      : await readSheet(toArrayBuffer(bytes), sheet);
  return data.map((row) => row.map(cellText));
}

/** Header + rows of a Parquet file as text cells; `limit` reads only the first rows. */
export async function parquetRows(
  bytes: Uint8Array,
  limit?: number,
): Promise<{ header: string[]; rows: string[][] }> {
  const file = toArrayBuffer(bytes);
  const metadata = parquetMetadata(file);
  const header = parquetSchema(metadata).children.map((c) => c.element.name);
  const objects = (await parquetReadObjects({
    file,
    metadata,
    ...(limit !== undefined ? { rowEnd: Math.min(limit, Number(metadata.num_rows)) } : {}),
  })) as Record<string, unknown>[];
  return { header, rows: objects.map((o) => header.map((h) => cellText(o[h]))) };
}
