import type { Data, Table } from 'apache-arrow';

/**
 * One result column as plain JS values: a Float64Array when the column is numeric without nulls,
 * otherwise an array with null where the engine had NULL.
 */
export type ColumnValues = Float64Array | (number | null)[] | (string | null)[] | unknown[];

// Arrow type ids (apache-arrow's `Type` enum; compared as numbers because the Node engine hands
// back tables of another copy of the library than the app imports).
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const BOOL = 6;

const utf8 = new TextDecoder();

function isNull(d: Data, i: number): boolean {
  const bits = d.nullBitmap;
  if (!bits || d.nullCount === 0) return false;
  const k = d.offset + i;
  return ((bits[k >> 3] ?? 0) & (1 << (k & 7))) === 0;
}

/**
 * Strings of a Utf8 chunk. Decoding each value on its own costs a TextDecoder call per row
 * (about half a second for 74k ids in Chromium); an ASCII buffer (decoded length = byte length)
 * is decoded once and sliced.
 */
function readUtf8(d: Data, out: unknown[], at: number): void {
  const offsets = d.valueOffsets as Int32Array;
  const bytes = d.values as Uint8Array;
  const first = offsets[d.offset] ?? 0;
  const last = offsets[d.offset + d.length] ?? first;
  const slice = bytes.subarray(first, last);
  const text = utf8.decode(slice);
  const ascii = text.length === slice.length;
  for (let i = 0; i < d.length; i++) {
    if (isNull(d, i)) {
      out[at + i] = null;
      continue;
    }
    const a = (offsets[d.offset + i] ?? 0) - first;
    const b = (offsets[d.offset + i + 1] ?? 0) - first;
    out[at + i] = ascii ? text.slice(a, b) : utf8.decode(slice.subarray(a, b));
  }
}

function readChunk(d: Data, out: unknown[], at: number): boolean {
  const typeId = d.type.typeId as number;
  const values = d.values as ArrayLike<number | bigint> & { BYTES_PER_ELEMENT?: number };
  if (typeId === FLOAT || typeId === INT) {
    for (let i = 0; i < d.length; i++) {
      const v = values[d.offset + i];
      out[at + i] = isNull(d, i) || v === undefined ? null : Number(v);
    }
    return true;
  }
  if (typeId === UTF8) {
    readUtf8(d, out, at);
    return true;
  }
  if (typeId === BOOL) {
    const bits = d.values as Uint8Array;
    for (let i = 0; i < d.length; i++) {
      const k = d.offset + i;
      out[at + i] = isNull(d, i) ? null : ((bits[k >> 3] ?? 0) & (1 << (k & 7))) !== 0;
    }
    return true;
  }
  return false;
}

/**
 * The columns of a result table by name, read chunk by chunk without building a row object per
 * row (`arrowToRows`): numbers, strings and booleans straight from the buffers; other types
 * through Arrow's iterator, BigInt turned into number as `arrowToRows` does.
 */
export function tableColumns(table: Table): Record<string, ColumnValues> {
  const out: Record<string, ColumnValues> = {};
  const n = table.numRows;
  table.schema.fields.forEach((field, idx) => {
    const vec = table.getChildAt(idx);
    const chunks = (vec?.data ?? []) as Data[];
    const plainNumbers = chunks.every((d) => {
      const t = d.type.typeId as number;
      return (
        (t === FLOAT || t === INT) && d.nullCount === 0 && !(d.values instanceof BigInt64Array)
      );
    });
    if (vec && plainNumbers) {
      const arr = new Float64Array(n);
      let at = 0;
      for (const d of chunks) {
        const v = d.values as Float64Array | Float32Array | Int32Array | Int16Array | Int8Array;
        arr.set(v.subarray(d.offset, d.offset + d.length), at);
        at += d.length;
      }
      out[field.name] = arr;
      return;
    }
    const values: unknown[] = new Array<unknown>(n);
    let at = 0;
    let direct = !!vec;
    for (const d of vec?.data ?? []) {
      if (!readChunk(d as Data, values, at)) {
        direct = false;
        break;
      }
      at += d.length;
    }
    if (!direct && vec) {
      let i = 0;
      for (const v of vec) values[i++] = typeof v === 'bigint' ? Number(v) : v;
    }
    const numeric = values.every((v) => typeof v === 'number');
    out[field.name] = numeric ? Float64Array.from(values as number[]) : values;
  });
  return out;
}
