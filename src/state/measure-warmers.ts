import { VALUE_MEASURES } from '../analysis/summary';
import type { AnalysisParams, ValueMeasure } from '../analysis/params';
import type { Db } from '../data/db';
import { summaryDbOf, type ResultCache } from './result-cache';
import type { ViewActivity } from './view-activity';

/** Computes a view's results for `params` (any measure) through `db` into `results`. */
export type Warmer = (db: Db, params: AnalysisParams) => Promise<unknown>;

/**
 * The views' results for every value measure, computed when the views are idle once all measures
 * are ranked (`AnalysisState.whenIdle`), so that a change of measure redraws from `results`.
 * Each (view, measure) is one step behind anything else queued, and is skipped once the tables
 * it would read have changed (`results` cleared) or the view has gone.
 */
export class MeasureWarmers {
  private warmers: Warmer[] = [];

  constructor(
    private readonly views: ViewActivity,
    private readonly results: ResultCache,
    private readonly enqueue: (job: () => Promise<void>) => void,
    private readonly session: () => { db: Db | undefined; params: AnalysisParams },
    /** The measures ranked for the current scope; none while the ranking is being redone. */
    private readonly ranked: () => readonly ValueMeasure[],
  ) {}

  /** Adds `w`; returns its removal. */
  add(w: Warmer): () => void {
    this.warmers = [...this.warmers, w];
    // Registered after the ranking (a view opened later): its turn comes after the same pause.
    if (this.ranked().length === VALUE_MEASURES.length) this.later([w]);
    return () => {
      this.warmers = this.warmers.filter((x) => x !== w);
    };
  }

  /** Once the views are quiet, as the ranking (the last measure was ranked on demand). */
  later(warmers: readonly Warmer[] = this.warmers): void {
    const epoch = this.results.epoch;
    this.views.whenQuiet(
      () => this.now(warmers, epoch),
      () => epoch !== this.results.epoch,
    );
  }

  now(warmers: readonly Warmer[] = this.warmers, epoch = this.results.epoch): void {
    for (const w of warmers)
      for (const m of VALUE_MEASURES) this.enqueue(() => this.warm(epoch, w, m));
  }

  private async warm(epoch: number, w: Warmer, m: ValueMeasure): Promise<void> {
    const { db, params } = this.session();
    if (!db || epoch !== this.results.epoch || !this.ranked().length || !this.warmers.includes(w))
      return;
    try {
      await w(summaryDbOf(db, m), { ...params, measure: m });
    } catch {
      // Only a head start: the view computes what it shows itself and reports its own errors.
    }
  }
}
