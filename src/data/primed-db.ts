import { toQuery, type Db, type Query, type Row } from './db';

/** Query results recorded ahead, by `resultKey`. */
export type RecordedResults = Record<string, Row[]>;

/** SQL text and bound values together: the same key means the same statement. */
export function resultKey(q: Query | string): string {
  const { sql, params } = toQuery(q);
  return JSON.stringify([sql, params ?? []]);
}

/**
 * Stands in for the engine while it starts: answers the queries recorded with a sample's
 * snapshot at once (the sample link's first view needs no engine), and sends everything else to
 * the engine once it is ready. Once it is, every query goes to it, so nothing the user changes
 * (a notebook cell editing a table) can be answered from the recording.
 */
export class PrimedDb implements Db {
  private engine: Db | undefined;
  private readonly recorded: Map<string, Row[]>;

  constructor(
    recorded: RecordedResults,
    private readonly ready: Promise<Db>,
  ) {
    this.recorded = new Map(Object.entries(recorded));
    ready.then(
      (db) => {
        this.engine = db;
        this.recorded.clear();
      },
      () => undefined,
    );
  }

  async query<T = Row>(q: Query | string): Promise<T[]> {
    const hit = this.engine ? undefined : this.recorded.get(resultKey(q));
    // A copy: callers may sort or annotate what they get, as they may with the engine's rows.
    if (hit) return structuredClone(hit) as T[];
    return (await this.ready).query<T>(q);
  }

  async queryArrow(q: Query | string) {
    return (await this.ready).queryArrow(q);
  }

  async exec(sql: string): Promise<void> {
    return (await this.ready).exec(sql);
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    return (await this.ready).registerBuffer(name, bytes);
  }

  async registerText(name: string, text: string): Promise<void> {
    return (await this.ready).registerText(name, text);
  }

  async dropFile(name: string): Promise<void> {
    return (await this.ready).dropFile(name);
  }

  async loadArrow(table: string, data: Parameters<Db['loadArrow']>[1]): Promise<void> {
    return (await this.ready).loadArrow(table, data);
  }

  async close(): Promise<void> {
    return (await this.ready).close();
  }

  async scratch(): Promise<Db> {
    const engine = await this.ready;
    if (!engine.scratch) throw new Error('this engine opens no scratch database');
    return engine.scratch();
  }
}
