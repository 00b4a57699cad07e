import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { openNodeEngine } from './db-node';
import type { SqlValue } from './db';
import { inlineParams, sqlLiteral } from './sql-literal';

/**
 * A literal must be what the engine makes of the same value bound to a placeholder: here each
 * value goes both ways through the engine's own prepared statements (not the app's adapter,
 * which inlines), and the type and value that come back must be the same, alone and in the
 * contexts the app's queries put values in.
 */
describe('sqlLiteral', () => {
  let db: DuckDBBindings;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    ({ db, conn } = await openNodeEngine());
    conn.query(`CREATE TABLE t AS SELECT * FROM (VALUES
      (DATE '2024-01-05', 'north', 1.5, 3, true),
      (DATE '2024-03-01', 'o''brien', -2.25, 7, false),
      (DATE '2025-12-31', NULL, 1e300, 2147483648, NULL)) v(d, s, x, i, b)`);
  });
  afterAll(() => {
    conn.close();
    db.reset();
  });

  /** Rows of `sql` run with `params` bound, and run with them inlined. */
  function bothWays(sql: string, params: SqlValue[]): [unknown[], unknown[]] {
    const stmt = conn.prepare(sql);
    try {
      const bound = stmt
        .query(...params)
        .toArray()
        .map((r) => ({ ...r }));
      const inlined = conn
        .query(inlineParams(sql, params))
        .toArray()
        .map((r) => ({ ...r }));
      return [bound, inlined];
    } finally {
      stmt.close();
    }
  }

  const values: SqlValue[] = [
    0,
    -0,
    7,
    -7,
    2147483647,
    2147483648,
    -2147483648,
    -2147483649,
    9007199254740991,
    0.8,
    -0.1,
    0.1 + 0.2,
    1 / 3,
    1e-9,
    5e-324,
    1.7976931348623157e308,
    1e21,
    -1e21,
    123456789.123,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    'north',
    "o'brien",
    "''",
    '?',
    "'; DROP TABLE t; --",
    'a\\b',
    '中文 客户',
    '2024-03-01',
    true,
    false,
    null,
    new Date(Date.UTC(2024, 0, 5)),
    new Date(Number.NaN),
  ];

  it('has the type and value of the bound value', () => {
    for (const v of values) {
      const [bound, inlined] = bothWays('SELECT ? AS v, typeof(?) AS t', [v, v]);
      const label = `${String(v)} -> ${sqlLiteral(v)}`;
      // Bound alone in a SELECT, a NULL is typed VARCHAR; NULL stays untyped (see sqlLiteral).
      if ((bound[0] as { v: unknown }).v === null)
        expect(inlined, label).toEqual([{ v: null, t: '"NULL"' }]);
      else expect(inlined, label).toEqual(bound);
    }
  });

  it('compares, computes and filters as the bound value does', () => {
    const cases: [string, SqlValue[]][] = [
      ['SELECT * FROM t WHERE d <= ? ORDER BY d', ['2024-03-01']],
      [
        'SELECT * FROM t WHERE d BETWEEN CAST(? AS DATE) AND ? ORDER BY d',
        ['2024-01-01', '2025-01-01'],
      ],
      ['SELECT * FROM t WHERE s IN (?, ?) ORDER BY d', ['north', "o'brien"]],
      [
        'SELECT x * ? AS y, round(? * i) AS z, i > ? AS w FROM t ORDER BY d',
        [0.8, 0.15, 2147483647],
      ],
      ['SELECT CASE WHEN x < ? - 1e-9 THEN ? ELSE ? END AS c FROM t ORDER BY d', [1.5, 'A', 'B']],
      [
        'SELECT d - CAST(? AS INTEGER) AS e, d + CAST(? * 2 AS INTEGER) AS f FROM t ORDER BY d',
        [365, 7],
      ],
      ['SELECT i * ? AS p, i + ? AS q, x / ? AS r FROM t ORDER BY d', [2, 0.5, 3]],
      [
        'SELECT coalesce(x, ?) AS a, coalesce(s, ?) AS b, coalesce(d, ?) AS c FROM t ORDER BY d',
        [null, null, null],
      ],
      ['SELECT coalesce(s, ?) AS s, b = ? AS same FROM t ORDER BY d', ['none', true]],
      ['SELECT ? IS NULL AS n, coalesce(?, 4) AS c', [null, null]],
      ['SELECT list_contains([?, ?], s) AS l FROM t ORDER BY d', ['north', 'south']],
    ];
    for (const [sql, params] of cases) {
      const [bound, inlined] = bothWays(sql, params);
      expect(bound.length).toBeGreaterThan(0);
      expect(inlined, sql).toEqual(bound);
    }
  });
});

describe('inlineParams', () => {
  it('replaces placeholders outside strings, quoted names and comments', () => {
    expect(
      inlineParams(
        `SELECT '?', 'it''s ?', "col?" , ? -- why ?\n, /* ? */ ? FROM "a""?" WHERE x = ?`,
        [1, 'b', 0.5],
      ),
    ).toBe(
      `SELECT '?', 'it''s ?', "col?" , CAST('1' AS DOUBLE) -- why ?\n, /* ? */ 'b' FROM "a""?" WHERE x = CAST('0.5' AS DOUBLE)`,
    );
  });

  it('throws when values and placeholders differ in number', () => {
    expect(() => inlineParams('SELECT ?, ?', [1])).toThrow(/placeholders/);
    expect(() => inlineParams('SELECT ?', [1, 2])).toThrow(/2 values for 1 placeholders/);
    expect(inlineParams("SELECT 'no placeholder'", [])).toBe("SELECT 'no placeholder'");
    expect(inlineParams('SELECT ?, ?', [null, true])).toBe('SELECT NULL, TRUE');
  });
});
