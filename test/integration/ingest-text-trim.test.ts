import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { text } from '../../src/data/ingest/check-columns';
import { sqlString } from '../../src/data/sql-text';

/**
 * text() skips trim for values it can tell need none; whatever it skips, the result must be what
 * trimming every value gives (trim strips Unicode space separators: U+0020, U+00A0, U+3000...).
 */
const VALUES = [
  'C001',
  ' C001',
  'C001 ',
  '  ',
  '',
  '\u00a0C001',
  'C001\u00a0',
  '\u3000张三\u3000',
  '张三',
  '张 三',
  'Zoë',
  ' Zoë ',
  '\tC001',
  'C001\t',
  'a\u2003',
  '\u2003',
  '😀',
  ' 😀',
  'x\u200b',
];

describe('ingest text(): trimmed only when it can matter', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it("gives what NULLIF(trim(v), '') gives for every value", async () => {
    const list = VALUES.map((v, i) => `(${i}, ${sqlString(v)})`).join(', ');
    const rows = await db.query<{ got: string | null; want: string | null }>(
      `SELECT ${text('v')} AS got, NULLIF(trim(v), '') AS want FROM (VALUES ${list}) t(i, v) ORDER BY i`,
    );
    expect(rows).toHaveLength(VALUES.length);
    expect(rows.map((r) => r.got)).toEqual(rows.map((r) => r.want));
    // The cases that do change, so the comparison above is not between two no-ops.
    expect(rows.filter((r) => r.want !== null).map((r) => r.want)).toContain('张三');
    expect(rows.filter((r, i) => r.want !== VALUES[i]).length).toBeGreaterThan(8);
  });
});
