import type { Table } from 'apache-arrow';
import { toQuery, type Db, type Query, type Row } from '../src/data/db';

export interface StatementTime {
  /** First line of the statement, whitespace collapsed, 120 characters. */
  sql: string;
  ms: number;
  calls: number;
}

/**
 * Wraps a Db and records the time of every exec/query call by statement text, to find which SQL
 * dominates a phase without touching src/.
 */
export class TimedDb implements Db {
  private readonly times = new Map<string, StatementTime>();
  /** The statement running or last run: names the culprit when an engine fails. */
  last = '';

  constructor(readonly inner: Db) {}

  reset(): void {
    this.times.clear();
  }

  /** Slowest statements first. */
  top(n = 8): StatementTime[] {
    return [...this.times.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
  }

  private async timed<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    this.last = sql.replace(/\s+/g, ' ').trim().slice(0, 120);
    try {
      return await fn();
    } finally {
      const key = sql.replace(/\s+/g, ' ').trim().slice(0, 120);
      const e = this.times.get(key) ?? { sql: key, ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls++;
      this.times.set(key, e);
    }
  }

  query<T = Row>(q: Query | string): Promise<T[]> {
    return this.timed(toQuery(q).sql, () => this.inner.query<T>(q));
  }
  queryArrow(q: Query | string): Promise<Table> {
    return this.timed(toQuery(q).sql, () => this.inner.queryArrow(q));
  }
  exec(sql: string): Promise<void> {
    return this.timed(sql, () => this.inner.exec(sql));
  }
  registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    return this.timed(`registerBuffer ${name}`, () => this.inner.registerBuffer(name, bytes));
  }
  registerText(name: string, text: string): Promise<void> {
    return this.timed('registerText (decoded part)', () => this.inner.registerText(name, text));
  }
  dropFile(name: string): Promise<void> {
    return this.inner.dropFile(name);
  }
  loadArrow(table: string, data: Table | Uint8Array): Promise<void> {
    return this.timed(`loadArrow ${table}`, () => this.inner.loadArrow(table, data));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
