import type { Query } from '../data/db';
import type { RfPatternColumns } from './bgnbd';
import type { SpendPatternColumns } from './gamma-gamma';
import { SUMMARY_TABLE } from './summary-tables';

/*
 * Both models' patterns from one read of the buyers, grouped in JavaScript (in the fit's worker)
 * instead of by the two pattern queries: at 1M orders the queries took 70 ms of engine time in
 * Node against 16 ms for the read, and they ran between the views a user opens after a load.
 * The groups, their order and their counts are those of `buildBgnbdPatternsQuery` and
 * `buildSpendPatternsQuery` exactly, so the fits are the same to the last bit.
 */

/** Every buyer's x, t_x, T and repeat spend (m), one row each, in no particular order. */
export function buildModelInputsQuery(): Query {
  return {
    sql: `SELECT x, t_x, "T", repeat_spend AS m FROM ${SUMMARY_TABLE} WHERE x IS NOT NULL`,
  };
}

/** The columns of `buildModelInputsQuery`, NULL read as NaN. */
export interface ModelInputColumns {
  x: Float64Array;
  t_x: Float64Array;
  T: Float64Array;
  m: Float64Array;
}

/** SQL's ascending order of DOUBLE values, NULL (NaN here) last. */
function compare(u: number, v: number): number {
  if (u < v) return -1;
  if (u > v) return 1;
  if (u === v) return 0;
  return Number.isNaN(u) ? (Number.isNaN(v) ? 0 : 1) : -1;
}

/** Rows `keep` selects, grouped on the columns `keys` and counted, in SQL's ascending order. */
function groupCount(
  keys: readonly Float64Array[],
  keep: (i: number) => boolean,
): { keys: Float64Array[]; n: Float64Array } {
  const rows: number[] = [];
  const len = keys[0]?.length ?? 0;
  for (let i = 0; i < len; i++) if (keep(i)) rows.push(i);
  rows.sort((a, b) => {
    for (const k of keys) {
      const c = compare(k[a] as number, k[b] as number);
      if (c !== 0) return c;
    }
    return 0;
  });
  const outKeys = keys.map(() => new Float64Array(rows.length));
  const n = new Float64Array(rows.length);
  let groups = 0;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as number;
    const prev = j > 0 ? (rows[j - 1] as number) : -1;
    const same = prev >= 0 && keys.every((k) => compare(k[row] as number, k[prev] as number) === 0);
    if (!same) {
      // The pattern query's NULL reaches the fit as 0 (see model-fit's numberColumns).
      keys.forEach((k, c) => {
        const v = k[row] as number;
        (outKeys[c] as Float64Array)[groups] = Number.isNaN(v) ? 0 : v;
      });
      groups++;
    }
    n[groups - 1] = (n[groups - 1] ?? 0) + 1;
  }
  return { keys: outKeys.map((k) => k.slice(0, groups)), n: n.slice(0, groups) };
}

/** Bits of each packed field: counts of purchase days below 2^19, day spans below 2^17 (359 years). */
const X_LIMIT = 2 ** 19;
const DAY_LIMIT = 2 ** 17;

/** Whole days `d` with d / 7 exactly `v` (how the summary makes t_x and T), or -1. */
function days(v: number): number {
  const d = Math.round(v * 7);
  return d >= 0 && d < DAY_LIMIT && d / 7 === v && !Object.is(v, -0) ? d : -1;
}

/**
 * `groupRfPatterns` by sorting packed numbers natively (about 5 ms for 74k buyers, where sorting
 * row numbers with a comparator took 40-55 ms of the fit's worker), when every x is a whole
 * count and every t_x and T whole days over 7, as the summary makes them; undefined otherwise.
 */
export function packedRf(c: ModelInputColumns): RfPatternColumns | undefined {
  const keys: number[] = [];
  for (let i = 0; i < c.x.length; i++) {
    const T = c.T[i] as number;
    if (!(T > 0)) continue;
    const x = c.x[i] as number;
    const dt = days(c.t_x[i] as number);
    const dT = days(T);
    if (!Number.isInteger(x) || x < 0 || x >= X_LIMIT || dt < 0 || dT < 0) return undefined;
    keys.push((x * DAY_LIMIT + dt) * DAY_LIMIT + dT);
  }
  const sorted = Float64Array.from(keys).sort();
  const out = { x: [] as number[], t_x: [] as number[], T: [] as number[], n: [] as number[] };
  for (let j = 0; j < sorted.length; j++) {
    const k = sorted[j] as number;
    if (j > 0 && k === sorted[j - 1]) {
      out.n[out.n.length - 1] = (out.n[out.n.length - 1] ?? 0) + 1;
      continue;
    }
    out.x.push(Math.floor(k / DAY_LIMIT / DAY_LIMIT));
    out.t_x.push((Math.floor(k / DAY_LIMIT) % DAY_LIMIT) / 7);
    out.T.push((k % DAY_LIMIT) / 7);
    out.n.push(1);
  }
  return {
    x: Float64Array.from(out.x),
    t_x: Float64Array.from(out.t_x),
    T: Float64Array.from(out.T),
    n: Float64Array.from(out.n),
  };
}

/**
 * `groupSpendPatterns` by a count of rows per x and a native sort of each x's spends, when every
 * x is a whole count (it is a number of purchase days); undefined otherwise.
 */
export function bucketedSpend(c: ModelInputColumns): SpendPatternColumns | undefined {
  const rows: number[] = [];
  let top = -1;
  for (let i = 0; i < c.x.length; i++) {
    const x = c.x[i] as number;
    if (!(x > 0 && (c.m[i] as number) > 0)) continue;
    if (!Number.isInteger(x) || x >= X_LIMIT) return undefined;
    rows.push(i);
    top = Math.max(top, x);
  }
  const start = new Int32Array(top + 2);
  for (const i of rows) (start[(c.x[i] as number) + 1] as number)++;
  for (let x = 1; x < start.length; x++) start[x] = (start[x] ?? 0) + (start[x - 1] ?? 0);
  const at = start.slice();
  const m = new Float64Array(rows.length);
  for (const i of rows) {
    const x = c.x[i] as number;
    m[at[x] as number] = c.m[i] as number;
    at[x] = (at[x] ?? 0) + 1;
  }
  const out = { x: [] as number[], m: [] as number[], n: [] as number[] };
  for (let x = 0; x <= top; x++) {
    const spends = m.subarray(start[x], start[x + 1]).sort();
    for (let j = 0; j < spends.length; j++) {
      if (j > 0 && spends[j] === spends[j - 1]) {
        out.n[out.n.length - 1] = (out.n[out.n.length - 1] ?? 0) + 1;
        continue;
      }
      out.x.push(x);
      out.m.push(spends[j] as number);
      out.n.push(1);
    }
  }
  return { x: Float64Array.from(out.x), m: Float64Array.from(out.m), n: Float64Array.from(out.n) };
}

/** `groupRfPatterns` for any doubles, by a comparator sort of the row numbers. */
export function sortedRf(c: ModelInputColumns): RfPatternColumns {
  const g = groupCount([c.x, c.t_x, c.T], (i) => (c.T[i] as number) > 0);
  const [x, t_x, T] = g.keys as [Float64Array, Float64Array, Float64Array];
  return { x, t_x, T, n: g.n };
}

/** `buildBgnbdPatternsQuery`'s rows from the buyers' columns: distinct (x, t_x, T) with T > 0. */
export function groupRfPatterns(c: ModelInputColumns): RfPatternColumns {
  return packedRf(c) ?? sortedRf(c);
}

/** `groupSpendPatterns` for any doubles, by a comparator sort of the row numbers. */
export function sortedSpend(c: ModelInputColumns): SpendPatternColumns {
  const g = groupCount([c.x, c.m], (i) => (c.x[i] as number) > 0 && (c.m[i] as number) > 0);
  const [x, m] = g.keys as [Float64Array, Float64Array];
  return { x, m, n: g.n };
}

/** `buildSpendPatternsQuery`'s rows from the buyers' columns: distinct (x, m), x > 0, m > 0. */
export function groupSpendPatterns(c: ModelInputColumns): SpendPatternColumns {
  return bucketedSpend(c) ?? sortedSpend(c);
}
