import { isDeepStrictEqual } from 'node:util';
import type { Db, Query, Row } from './db';
import { resultKey, type RecordedResults } from './primed-db';

/**
 * Wraps an engine and keeps the results of its queries, for a sample's snapshot to carry (Node,
 * at build time). Only results that come back from JSON exactly as they went in are kept (a Date
 * or NaN would not).
 */
export class RecordingDb implements Db {
  readonly results: RecordedResults = {};

  constructor(private readonly db: Db) {}

  async query<T = Row>(q: Query | string): Promise<T[]> {
    const rows = await this.db.query<T>(q);
    const copy = JSON.parse(JSON.stringify(rows)) as Row[];
    if (isDeepStrictEqual(copy, rows)) this.results[resultKey(q)] = copy;
    return rows;
  }

  queryArrow(q: Query | string) {
    return this.db.queryArrow(q);
  }
  exec(sql: string): Promise<void> {
    return this.db.exec(sql);
  }
  registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    return this.db.registerBuffer(name, bytes);
  }
  registerText(name: string, text: string): Promise<void> {
    return this.db.registerText(name, text);
  }
  dropFile(name: string): Promise<void> {
    return this.db.dropFile(name);
  }
  loadArrow(table: string, data: Parameters<Db['loadArrow']>[1]): Promise<void> {
    return this.db.loadArrow(table, data);
  }
  close(): Promise<void> {
    return this.db.close();
  }
}
