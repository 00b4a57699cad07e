import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, parseAmount } from '../../src/data/ingest/amounts';
import { detectDates } from '../../src/data/ingest/dates';
import { detectEncoding } from '../../src/data/ingest/encoding';
import {
  columnLabels,
  detectDelimiter,
  detectHeader,
  parseRows,
} from '../../src/data/ingest/text-table';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('detectEncoding', () => {
  it('reads BOMs with full confidence', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({
      encoding: 'utf-8',
      bom: true,
      confidence: 1,
    });
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toMatchObject({
      encoding: 'utf-16le',
      bom: true,
    });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toMatchObject({
      encoding: 'utf-16be',
      bom: true,
    });
  });

  it('tells UTF-16 without BOM from its zero bytes', () => {
    expect(detectEncoding(new Uint8Array(Buffer.from('id,name\n1,a\n', 'utf16le'))).encoding).toBe(
      'utf-16le',
    );
  });

  it('accepts valid UTF-8 even when the sample cuts a character in half', () => {
    const b = bytes('客户编号,金额\n张三,1\n');
    expect(detectEncoding(b.subarray(0, b.length - 5)).encoding).toBe('utf-8');
  });

  it('tells GBK from Windows-1252 and Mac Roman, with alternatives', () => {
    const gbk = detectEncoding(
      new Uint8Array(iconv.encode('订单编号,买家昵称,实付金额\nT1,张三,100\nT2,李四,88\n', 'gbk')),
    );
    expect(gbk.encoding).toBe('gb18030');
    expect(gbk.confidence).toBeGreaterThan(0.8);
    const win = detectEncoding(
      new Uint8Array(iconv.encode('name\nZoë Müller\nJosé Peña\nRené\n', 'win1252')),
    );
    expect(win.encoding).toBe('windows-1252');
    expect(win.alternatives.map((a) => a.encoding)).toContain('macintosh');
    expect(
      detectEncoding(
        new Uint8Array(iconv.encode('name\nAmélie\nJürgen Köhler\nFrançois\n', 'macintosh')),
      ).encoding,
    ).toBe('macintosh');
  });
});

describe('delimiters and headers', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;"2;5";3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['  1   2  3\n  4  5   6\n', 'whitespace'],
    ['name,city\nJohn Smith,New York\nAnn Lee,Paris\n', ','],
  ])('detects the separator of %j', (text, d) => {
    expect(detectDelimiter(text)).toBe(d);
  });

  it('keeps quoted separators and newlines inside a field', () => {
    expect(parseRows('a,"b,1","x\n""y"""\n2,3,4\n', ',')).toEqual([
      ['a', 'b,1', 'x\n"y"'],
      ['2', '3', '4'],
    ]);
  });

  it('finds the header under a title and a blank line, and says when there is none', () => {
    expect(
      detectHeader(
        parseRows('Export 2024\n\nid,date,amount\n1,2024-01-01,5\n2,2024-01-02,6\n', ','),
      ),
    ).toEqual({
      skipRows: 2,
      hasHeader: true,
      width: 3,
    });
    expect(detectHeader(parseRows('1,2024-01-01,5\n2,2024-01-02,6\n', ','))).toMatchObject({
      skipRows: 0,
      hasHeader: false,
    });
  });

  it('names columns col1.. without a header and makes repeated labels unique', () => {
    expect(columnLabels(null, 3)).toEqual(['col1', 'col2', 'col3']);
    expect(columnLabels(['\uFEFFid', 'x', 'x', ''], 4)).toEqual(['id', 'x', 'x_2', 'col4']);
  });
});

describe('detectDates', () => {
  it('decides day-first or month-first from a value above 12', () => {
    expect(detectDates('d', ['5/1/2024', '13/1/2024']).suggestion.formats).toEqual(['%d/%m/%Y']);
    expect(detectDates('d', ['1/5/2024', '1/13/2024 10:00']).suggestion.formats).toEqual([
      '%m/%d/%Y',
    ]);
  });

  it('never guesses silently when no value decides', () => {
    const d = detectDates('d', ['1/5/2024', '2/3/2024']);
    expect(d.ambiguous).toBe(true);
    expect(d.candidates?.map((c) => c.formats[0])).toEqual(['%m/%d/%Y', '%d/%m/%Y']);
  });

  it('recognises ISO, compact, Chinese, dotted, two-digit years and Excel serials', () => {
    const d = detectDates('d', [
      '2024-01-05 10:00:00',
      '20240105',
      '2024年1月5日',
      '45296',
      '5.1.24',
      '15.1.24',
    ]);
    expect(Object.fromEntries(d.matches.map((m) => [m.format, m.count]))).toEqual({
      '%Y-%m-%d': 1,
      '%Y%m%d': 1,
      '%Y年%m月%d日': 1,
      '%d.%m.%y': 2,
    });
    expect(d.excelSerial).toBe(1);
    expect(d.mixed).toBe(true);
    expect(d.ambiguous).toBe(false);
  });
});

describe('amounts', () => {
  it.each([
    ['¥1,234.50', '.', 1234.5],
    ['￥88', '.', 88],
    ['RMB 10.5', '.', 10.5],
    ['5元', '.', 5],
    ['$1,000.00', '.', 1000],
    ['USD 7.25', '.', 7.25],
    ['£3', '.', 3],
    ['1.234,50 €', ',', 1234.5],
    ['(10.00)', '.', -10],
    ['12,5-', ',', -12.5],
    ['-4', '.', -4],
    ['abc', '.', null],
    ['', '.', null],
  ] as const)('reads %j with decimal %j as %j', (raw, dec, want) => {
    expect(parseAmount(raw, dec)).toBe(want);
  });

  it('detects the decimal comma', () => {
    expect(detectDecimalSeparator(['1.234,50', '99,90', '3'])).toBe(',');
    expect(detectDecimalSeparator(['1,234.50', '99.90', '1,000'])).toBe('.');
  });
});
