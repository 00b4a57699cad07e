import { overrideDb, type Db, type Query } from '../data/db';
import { loadFiles } from '../data/ingest/load';
import { sniffFile } from '../data/ingest/sniff';
import { warmupOrdersCsv } from '../data/warmup-orders';
import { rebuildSummary } from '../analysis/summary';
import { loadKpis, loadOverview } from './first-paint';
import type { ViewActivity } from './view-activity';
import { WARMUP_MARK } from './warmup-marks';

/** How long the views must have been quiet before the warm-up starts on its own. */
export const WARMUP_QUIET_MS = 1000;

class Stopped extends Error {}

/**
 * The engine compiles its code as it first runs it and optimises what runs often, so the first
 * import into a page ran on code that had never run: a page opened on a sample restores the
 * sample's tables from its snapshot, and the CSV reader, the load's checks, the summary and most
 * views' statements had never been used. In the page a 1M-order import then took 0.7-1.1 s
 * longer to its last view than the same import after a small one. So, once per page and while nothing
 * else needs the engine, the import path runs on a small made-up orders file in a scratch
 * database (`Db.scratch`: the user's tables are not touched): sniff, load, summary, the
 * Overview's and the other views' first statements, and the churn models' fit (which also
 * starts their worker). Each statement waits until no view query or load is running, and a load
 * stops what is left, so a user's own work waits for one statement of it at most.
 */
export class EngineWarmUp {
  private begun = false;
  private stopped = false;
  /** Settles when the warm-up has run, stopped or failed. */
  done: Promise<void> = Promise.resolve();
  /** Why the warm-up failed (nothing depends on it; tests read this). */
  error: unknown;

  constructor(
    private readonly views: ViewActivity,
    /** The views' first statements, as fetched ahead after a load. */
    private readonly plan: () => readonly Query[],
    /** The engine to warm, or undefined when there is nothing to warm (asked at each start). */
    private readonly engine: () => Db | undefined,
    private readonly fit: (db: Db) => Promise<unknown> = (db) =>
      import('./model-fit').then((m) => m.fitModelsInWorker(db, undefined, true)),
  ) {}

  /** Starts once the views have been quiet for `quietMs` (unless begun or stopped by then). */
  later(quietMs = WARMUP_QUIET_MS): void {
    if (this.begun || this.stopped) return;
    this.views.whenQuiet(
      () => this.start(),
      () => this.begun || this.stopped,
      undefined,
      quietMs,
    );
  }

  /** Starts now, once per page, if the engine can open a scratch database. */
  start(): void {
    const db = this.engine();
    if (this.begun || this.stopped || !db?.scratch) return;
    this.begun = true;
    this.done = this.run(db).then(
      () => void performance.mark(WARMUP_MARK.done),
      (e: unknown) => {
        if (e instanceof Stopped) return void performance.mark(WARMUP_MARK.stopped);
        this.error = e;
        performance.mark(WARMUP_MARK.failed);
        console.error('The engine warm-up failed (imports run as before):', e);
      },
    );
  }

  /**
   * A load begins: one under way stops (the load gets the code as warm as it is by then); one
   * not begun may still start after it (`later`, `start`).
   */
  stop(): void {
    if (this.begun) this.stopped = true;
  }

  private async run(db: Db): Promise<void> {
    await this.turn();
    const scratch = await (db.scratch as () => Promise<Db>)();
    const name = 'clientele-warmup.csv';
    const data = new Blob([warmupOrdersCsv()], { type: 'text/csv' });
    try {
      const gated = overrideDb(scratch, {
        query: (q) => this.turn().then(() => scratch.query(q)),
        queryArrow: (q) => this.turn().then(() => scratch.queryArrow(q)),
        exec: (sql) => this.turn().then(() => scratch.exec(sql)),
      });
      // As a dropped file is read in the page: in place, by the engine's file reader.
      const engine = scratch as Db & { registerFileHandle?(n: string, f: File): Promise<void> };
      if (engine.registerFileHandle) await engine.registerFileHandle(name, new File([data], name));
      else await engine.registerBuffer(name, new Uint8Array(await data.arrayBuffer()));
      const sniff = await sniffFile({ name, data });
      const today = new Date().toISOString().slice(0, 10);
      await loadFiles(
        gated,
        [{ name, data, registeredName: name }],
        { version: 1, files: [sniff.mapping] },
        { today },
      );
      await rebuildSummary(gated, {});
      await loadKpis(gated, {}, 2);
      await loadOverview(gated, {}, {}, 600);
      for (const q of this.plan()) await gated.queryArrow(q);
      await this.fit(gated);
    } finally {
      await scratch.dropFile(name).catch(() => undefined);
      await scratch.close();
    }
  }

  /** Resolves when no view query or load runs; rejects once stopped. */
  private turn(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.views.whenIdle(() => (this.stopped ? reject(new Stopped()) : resolve()));
    });
  }
}
