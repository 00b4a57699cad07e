import { overrideDb, toQuery, type Db, type Query, type Row } from '../data/db';
import type { ViewActivity } from './view-activity';

/**
 * The statements the views not yet opened will run first, fetched ahead once a load's views are
 * idle, so that a reader who looks at the Overview first finds the other views ready (1M orders,
 * 1.5 s on the Overview: Tiers drawn in 0.14 s instead of 0.6 s).
 *
 * Entries are kept for the tables as they were (`stamp`, which moves with every rebuild and every
 * statement of the user's, and is null while a rebuild runs) and only for the planned
 * statements, so a view reads one only while it is what the engine would answer now, and nothing
 * else is held. One statement runs at a time and only while no view query runs: a control moved
 * meanwhile waits for the one under way at most.
 */
export class ViewPrefetch {
  private stamp: string | null = null;
  private planned = new Set<string>();
  private entries = new Map<string, Promise<unknown>>();
  /** Settles when the last `start` has run (or dropped) its plan. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly views: ViewActivity,
    private readonly stampOf: () => string | null,
  ) {}

  /**
   * Runs `queries` one by one, each once no view query is running, while the tables are those
   * of `stamp` (given by the rebuild that is ending: the stamp is null until it has ended).
   */
  start(db: Db, queries: readonly Query[], stamp: string): void {
    this.stamp = stamp;
    this.planned = new Set(queries.map(keyOf));
    this.entries = new Map();
    this.done = (async () => {
      for (const q of queries) {
        await this.turn();
        if (this.stampOf() !== stamp) return;
        const key = keyOf(q);
        // A view may have asked for it already (it is then held or under way).
        if (this.entries.has(key)) continue;
        await this.hold(key, () => db.query(q)).catch(() => undefined);
      }
    })();
  }

  /** Planned statements fetched, or being fetched, for the current tables. */
  get held(): number {
    return this.stampOf() === this.stamp ? this.entries.size : 0;
  }

  /** `db`, answering the planned statements from what was fetched ahead. */
  wrap(db: Db): Db {
    return overrideDb(db, {
      query: <T = Row>(q: Query | string) => this.read(q, () => db.query<T>(q)) as Promise<T[]>,
    });
  }

  private read(q: Query | string, run: () => Promise<unknown>): Promise<unknown> {
    if (this.stampOf() !== this.stamp) {
      // The tables moved on (a stamp never comes back): what is held answers nothing any more.
      if (this.entries.size) this.entries = new Map();
      return run();
    }
    const key = keyOf(q);
    if (!this.planned.has(key)) return run();
    return this.entries.get(key) ?? this.hold(key, run);
  }

  private hold(key: string, run: () => Promise<unknown>): Promise<unknown> {
    const p = run();
    this.entries.set(key, p);
    // A failure is reported to whoever asked, not kept for the next.
    p.catch(() => {
      if (this.entries.get(key) === p) this.entries.delete(key);
    });
    return p;
  }

  /** After the views' effects have issued their queries, once none is running. */
  private turn(): Promise<void> {
    return new Promise((resolve) => setTimeout(() => this.views.whenIdle(resolve), 0));
  }
}

function keyOf(q: Query | string): string {
  const { sql, params } = toQuery(q);
  return params?.length ? `${sql}\n${JSON.stringify(params)}` : sql;
}
