import { describe, expect, it } from 'vitest';
import { loadFiles, sniffFile, type ImportFile } from '../../src/data/ingest';
import { sharedDb, TODAY } from '../fixtures/ingest/load-fixture';

function bigOrders(rows: number): ImportFile {
  const lines = ['order_id,customer_id,order_date,amount'];
  for (let i = 0; i < rows; i++)
    lines.push(`O${i},C${i % 9000},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 100}.5`);
  return { name: 'big.csv', data: new TextEncoder().encode(lines.join('\n') + '\n') };
}

describe('ingest: running out of memory', () => {
  it('fails with the engine’s out-of-memory message, leaves no ingest table, and the engine loads again', async () => {
    const db = await sharedDb();
    const file = bigOrders(100_000);
    const mapping = { version: 1 as const, files: [(await sniffFile(file)).mapping] };
    const [limit] = await db.query<{ v: string }>(`SELECT current_setting('memory_limit') AS v`);
    // The browser's engine stops near 3 GB; a small limit makes the same failure quick to reach.
    await db.exec(`SET memory_limit = '8MB'`);
    try {
      await expect(loadFiles(db, [file], mapping, { today: TODAY })).rejects.toThrow(
        /^big\.csv: .*out of memory/i,
      );
    } finally {
      await db.exec(`SET memory_limit = '${limit?.v ?? '1GB'}'`);
    }
    const left = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'ingest\\_%' ESCAPE '\\' AND table_name <> 'ingest_derived_customers'`,
    );
    expect(left).toEqual([]);
    const report = await loadFiles(db, [file], mapping, { today: TODAY });
    expect(report.files[0]).toMatchObject({ read: 100_000, loaded: 100_000, rejected: 0 });
    expect(report.orders.rows).toBe(100_000);
  });

  it('compresses the number and date columns of a load from compressMinRows rows, and nothing else changes', async () => {
    const db = await sharedDb();
    const file = bigOrders(5000);
    const mapping = { version: 1 as const, files: [(await sniffFile(file)).mapping] };
    const methods = async () =>
      Object.fromEntries(
        (
          await db.query<{ c: string; m: string[] }>(
            `SELECT column_name AS c, list(DISTINCT compression ORDER BY compression) AS m
             FROM pragma_storage_info('orders') WHERE segment_type <> 'VALIDITY' GROUP BY ALL`,
          )
        ).map((r) => [r.c, [...r.m]]),
      );
    const contents = () =>
      db.query('SELECT * FROM orders ORDER BY order_id, customer_id, order_date, amount');
    const plainPhases = new Set<string>();
    const plain = await loadFiles(db, [file], mapping, {
      today: TODAY,
      onProgress: (p) => plainPhases.add(p.phase),
    });
    expect(plainPhases.has('compress')).toBe(false);
    expect(await methods()).toMatchObject({ amount: ['Uncompressed'] });
    const rows = await contents();
    const phases: string[] = [];
    const compressed = await loadFiles(db, [file], mapping, {
      today: TODAY,
      compressMinRows: 5000,
      onProgress: (p) => phases.push(p.phase),
    });
    // The page says what the load is doing during the checkpoint.
    expect(phases.at(-1)).toBe('compress');
    expect(compressed).toEqual(plain);
    expect(await contents()).toEqual(rows);
    const m = await methods();
    expect(m['amount']).not.toContain('Uncompressed');
    expect(m['order_date']).not.toContain('Uncompressed');
    // Text stays as it was: compressing it cost twice the time for a third more memory.
    expect(m['customer_id']).toEqual(['Uncompressed']);
    expect(await db.query(`SELECT current_setting('disabled_compression_methods') AS v`)).toEqual([
      { v: '' },
    ]);
  });
});
