import { describe, expect, it } from 'vitest';
import {
  decodeState,
  encodeState,
  enumField,
  isoDateField,
  numberField,
  stringListField,
  type Schema,
} from './url-schema';

interface S {
  view: 'a' | 'b';
  top: number;
  asOf: string;
}
const schema: Schema<S> = {
  view: enumField(['a', 'b'] as const, 'a'),
  top: numberField(1, 99, 20),
  asOf: isoDateField(),
};

describe('url state', () => {
  it('round-trips and writes only non-default values', () => {
    const s: S = { view: 'b', top: 20, asOf: '2024-03-01' };
    const q = encodeState(s, schema);
    expect(q).toBe('v=1&view=b&asOf=2024-03-01');
    expect(decodeState(q, schema)).toEqual({ state: s, problems: [] });
  });

  it('falls back per field and names what it could not read', () => {
    const d = decodeState('v=1&view=zzz&top=150&asOf=2024-02-30&extra=1', schema);
    expect(d.state).toEqual({ view: 'a', top: 20, asOf: '' });
    expect(d.problems).toEqual(['view=zzz', 'top=150', 'asOf=2024-02-30', 'extra']);
  });

  it('ignores a link from an unknown version entirely', () => {
    const d = decodeState('v=9&view=b', schema);
    expect(d.state.view).toBe('a');
    expect(d.problems).toEqual(['v=9']);
  });
});

describe('string list field', () => {
  const cells = { cells: stringListField(3) };
  it('round-trips SQL with quotes, newlines and Chinese', () => {
    const state = { cells: ['SELECT \'客户\' AS "x"\nFROM orders -- a&b=c', 'SELECT 1'] };
    expect(decodeState(encodeState(state, cells), cells)).toEqual({ state, problems: [] });
  });
  it('rejects damaged or oversized lists', () => {
    expect(decodeState('v=1&cells=%%%', cells).problems).toEqual(['cells=%%%']);
    const four = encodeState({ cells: ['a', 'b', 'c', 'd'] }, { cells: stringListField(9) });
    expect(decodeState(four, cells).state.cells).toEqual([]);
  });
});
