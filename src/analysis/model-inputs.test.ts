import { describe, expect, it } from 'vitest';
import { groupRfPatterns, groupSpendPatterns } from './model-inputs';

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
});
