import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { openNodeDb } from './db-node';
import { PrimedDb, resultKey } from './primed-db';

describe('PrimedDb', () => {
  let engine: Db;
  beforeAll(async () => {
    engine = await openNodeDb();
  }, 60_000);
  afterAll(() => engine.close());

  // A recording that differs from what the engine says, so each answer shows where it came from.
  const recorded = { [resultKey({ sql: 'SELECT ? AS x', params: [1] })]: [{ x: 'recorded' }] };

  it('answers recorded statements before the engine is ready, all else once it is', async () => {
    let start: (db: Db) => void = () => undefined;
    const db = new PrimedDb(recorded, new Promise<Db>((r) => (start = r)));
    expect(await db.query({ sql: 'SELECT ? AS x', params: [1] })).toEqual([{ x: 'recorded' }]);
    // Same text, other values: not the recorded statement, so it waits for the engine.
    let other: unknown;
    const pending = db.query({ sql: 'SELECT ? AS x', params: [2] }).then((r) => (other = r));
    await new Promise((r) => setTimeout(r, 20));
    expect(other).toBeUndefined();
    start(engine);
    await pending;
    expect(other).toEqual([{ x: 2 }]);
    // From now on the engine answers everything: the tables may since have been changed.
    expect(await db.query({ sql: 'SELECT ? AS x', params: [1] })).toEqual([{ x: 1 }]);
  });

  it('hands out copies of recorded rows', async () => {
    const db = new PrimedDb(recorded, new Promise<Db>(() => undefined));
    const [first] = await db.query<{ x: string }>({ sql: 'SELECT ? AS x', params: [1] });
    if (first) first.x = 'edited';
    expect(first).toEqual({ x: 'edited' });
    expect(await db.query({ sql: 'SELECT ? AS x', params: [1] })).toEqual([{ x: 'recorded' }]);
  });

  it("passes the engine's failure on to whatever waits for it", async () => {
    const db = new PrimedDb(recorded, Promise.reject(new Error('engine failed to start')));
    await expect(db.query('SELECT 1')).rejects.toThrow('engine failed to start');
    await expect(db.exec('SELECT 1')).rejects.toThrow('engine failed to start');
  });
});
