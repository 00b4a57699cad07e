import type { ValueMeasure } from '../analysis/params';
import { summaryOf } from '../analysis/summary-of';
import type { Db, Query } from '../data/db';

/**
 * Results of queries over the summary tables, by a key naming everything the query reads
 * besides those tables. Whoever rewrites the tables (a load, a scope change, a measure ranked, a
 * notebook statement) calls `clear`, so an entry is only ever served for the tables it was
 * computed from.
 */
export class ResultCache {
  private entries = new Map<string, Promise<unknown>>();
  /** Moves on each `clear`: work planned for the tables as they were can tell it is stale. */
  epoch = 0;

  constructor(private readonly limit = 24) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const p = compute();
    this.entries.set(key, p);
    // A failure is reported to this caller, not kept for the next.
    p.catch(() => {
      if (this.entries.get(key) === p) this.entries.delete(key);
    });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return p;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries.clear();
    this.epoch++;
  }
}

/**
 * `db` with every query's `customer_summary` read as measure `m`'s (`summaryOf`): for computing
 * the results of a measure not shown. Only reads go through it.
 */
export function summaryDbOf(db: Db, m: ValueMeasure): Db {
  const of = (q: Query | string): Query => summaryOf(typeof q === 'string' ? { sql: q } : q, m);
  const readOnly = (): Promise<never> =>
    Promise.reject(new Error('summaryDbOf: only queries can be run'));
  return {
    query: (q) => db.query(of(q)),
    queryArrow: (q) => db.queryArrow(of(q)),
    exec: readOnly,
    registerBuffer: readOnly,
    registerText: readOnly,
    dropFile: readOnly,
    loadArrow: readOnly,
    close: readOnly,
  };
}
