import { describe, expect, it } from 'vitest';
import {
  bucketedSpend,
  groupRfPatterns,
  groupSpendPatterns,
  packedRf,
  sortedRf,
  sortedSpend,
} from './model-inputs';

const f = (...v: number[]) => new Float64Array(v);

describe('groupRfPatterns / groupSpendPatterns', () => {
  // Rows: two alike, one with T = 0 (left out of BG/NBD), NULL spends (NaN), a NULL t_x sorted
  // last within its x as SQL sorts NULLs and read as 0 as the pattern query's NULL is.
  const inputs = {
    x: f(2, 0, 2, 1, 2, 1),
    t_x: f(3, 0, 3, NaN, 1, 0.5),
    T: f(10, 5, 10, 8, 10, 0),
    m: f(20, NaN, 20, 7, 15, 9),
  };

  it('groups, counts and orders as the pattern queries do', () => {
    expect(groupRfPatterns(inputs)).toEqual({
      x: f(0, 1, 2, 2),
      t_x: f(0, 0, 1, 3),
      T: f(5, 8, 10, 10),
      n: f(1, 1, 1, 2),
    });
    expect(groupSpendPatterns(inputs)).toEqual({
      x: f(1, 1, 2, 2),
      m: f(7, 9, 15, 20),
      n: f(1, 1, 1, 2),
    });
  });

  it('gives empty columns for no rows', () => {
    const none = { x: f(), t_x: f(), T: f(), m: f() };
    expect(groupRfPatterns(none)).toEqual({ x: f(), t_x: f(), T: f(), n: f() });
    expect(groupSpendPatterns(none).n.length).toBe(0);
  });

  it('takes the comparator sort where a figure is not whole days over 7 (NULL t_x)', () => {
    expect(packedRf(inputs)).toBeUndefined();
    expect(groupRfPatterns(inputs)).toEqual(sortedRf(inputs));
  });

  it('packs and buckets as the comparator sort groups, on many rows of whole days', () => {
    // A fixed pseudo-random sequence: repeats and ties on every key.
    let seed = 7;
    const next = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    const n = 5000;
    const c = {
      x: new Float64Array(n),
      t_x: new Float64Array(n),
      T: new Float64Array(n),
      m: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const x = next(6);
      const first = next(40);
      c.x[i] = x;
      c.t_x[i] = x > 0 ? next(40) / 7 : 0;
      c.T[i] = (first + next(3)) / 7;
      c.m[i] = x > 0 && next(4) > 0 ? next(50) / 4 : NaN;
    }
    const fastRf = packedRf(c);
    expect(fastRf).toBeDefined();
    expect(fastRf).toEqual(sortedRf(c));
    expect(bucketedSpend(c)).toEqual(sortedSpend(c));
    expect(Array.from(fastRf?.n ?? []).reduce((s, v) => s + v, 0)).toBe(
      [...c.T].filter((t) => t > 0).length,
    );
  });
});
