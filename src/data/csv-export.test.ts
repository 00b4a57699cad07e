import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { toCsv } from './csv-export';

describe('toCsv', () => {
  it('defuses spreadsheet formulas but keeps negative numbers numeric', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        { a: '=HYPERLINK("http://x")', b: -5 },
        { a: '+1', b: '@SUM(A1)' },
        { a: '-2+3', b: null },
      ],
    );
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed).toEqual([
      ['a', 'b'],
      ['\'=HYPERLINK("http://x")', '-5'],
      ["'+1", "'@SUM(A1)"],
      ["'-2+3", ''],
    ]);
  });

  it('quotes commas, quotes and line breaks so the text round-trips', () => {
    const rows = [{ name: '张三, "Ltd"\nline2' }];
    const parsed = Papa.parse<string[]>(toCsv(['name'], rows).trim()).data;
    expect(parsed[1]).toEqual(['张三, "Ltd"\nline2']);
  });
});
