import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import { arrowToRows, type Db } from '../../src/data/db';
import { tableColumns } from '../../src/data/columns';

/** Columns read from the buffers must hold what arrowToRows gives row by row. */
describe('tableColumns', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  async function same(sql: string) {
    const table = await db.queryArrow(sql);
    const rows = arrowToRows(table);
    const cols = tableColumns(table);
    expect(Object.keys(cols)).toEqual(table.schema.fields.map((f) => f.name));
    for (const [name, values] of Object.entries(cols)) {
      expect(values.length).toBe(rows.length);
      expect(Array.from(values)).toEqual(rows.map((r) => r[name]));
    }
    return cols;
  }

  it('numbers, strings, booleans and dates over several chunks, with nulls', async () => {
    const cols = await same(`SELECT i, i * 1.5 AS d, CAST(i AS INTEGER) AS i32,
        CASE WHEN i % 7 = 0 THEN NULL ELSE i / 3 END AS nullable,
        'id' || i AS ascii, CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' || i END AS str_nulls,
        i % 3 = 0 AS flag, CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS flag_nulls,
        DATE '2024-01-01' + CAST(i % 400 AS INTEGER) AS day,
        CAST(i AS DECIMAL(12, 2)) / 4 AS dec
      FROM range(5000) t(i)`);
    expect(cols['i']).toBeInstanceOf(Float64Array);
    expect(cols['nullable']).not.toBeInstanceOf(Float64Array);
    expect(cols['nullable']?.[0]).toBeNull();
  });

  it('strings beyond ASCII, empty strings and an empty result', async () => {
    await same(`SELECT CASE i % 4 WHEN 0 THEN '客户' || i WHEN 1 THEN '' WHEN 2 THEN 'é' || i
        ELSE 'plain' END AS s FROM range(3000) t(i)`);
    await same(`SELECT 'a' AS s, 1 AS n FROM range(3) t(i) WHERE i > 5`);
  });

  it('a filtered, sliced result (chunks that start at an offset)', async () => {
    await same(`SELECT i, 'k' || i AS s FROM range(10000) t(i) WHERE i % 3 = 1 ORDER BY i DESC`);
  });
});
