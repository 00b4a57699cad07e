import { describe, expect, it } from 'vitest';
import { groupRows } from './patterns';

describe('groupRows', () => {
  it('gives each distinct row once, ascending by the first column, then the next, with its count', () => {
    const a = [2, 1, 2, 1, 0.5, 2];
    const b = [0, 3, 0, 1, 9, -1];
    const groups = groupRows([a, b]);
    expect(groups.map(({ at, n }) => [a[at], b[at], n])).toEqual([
      [0.5, 9, 1],
      [1, 1, 1],
      [1, 3, 1],
      [2, -1, 1],
      [2, 0, 2],
    ]);
  });

  it('adds the weights of equal rows when given', () => {
    const groups = groupRows([[3, 3, 1]], [2, 5, 7]);
    expect(groups.map((g) => g.n)).toEqual([7, 7]);
    expect(groups.map((g) => [3, 3, 1][g.at])).toEqual([1, 3]);
  });

  it('gives nothing for no rows', () => {
    expect(groupRows([[], []])).toEqual([]);
  });
});
