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

/** `buildBgnbdPatternsQuery`'s rows from the buyers' columns: distinct (x, t_x, T) with T > 0. */
export function groupRfPatterns(c: ModelInputColumns): RfPatternColumns {
  const g = groupCount([c.x, c.t_x, c.T], (i) => (c.T[i] as number) > 0);
  const [x, t_x, T] = g.keys as [Float64Array, Float64Array, Float64Array];
  return { x, t_x, T, n: g.n };
}

/** `buildSpendPatternsQuery`'s rows from the buyers' columns: distinct (x, m), x > 0, m > 0. */
export function groupSpendPatterns(c: ModelInputColumns): SpendPatternColumns {
  const g = groupCount([c.x, c.m], (i) => (c.x[i] as number) > 0 && (c.m[i] as number) > 0);
  const [x, m] = g.keys as [Float64Array, Float64Array];
  return { x, m, n: g.n };
}
