import {
  buildChurnViewQuery,
  classifyChurnSteps,
  finish,
  scoreChurnSteps,
  type ChurnColumns,
  type ChurnRuleOptions,
  type ChurnScores,
} from '../analysis/churn';
import type { ModelFits } from '../analysis/models';
import type { AnalysisParams } from '../analysis/params';
import { tableColumns } from '../data/columns';
import type { Db } from '../data/db';
import type { AppState } from './app-schema';
import { abcCutoffs, scopeKey } from './scope';
import { ScopeFits } from './scope-fits';
import type { ViewActivity } from './view-activity';

/**
 * Most customers whose churn scores are held for the tables shown (and computed ahead after a
 * load): at 1M orders (83k customers) they are about 10 MiB of page heap; at 10M (833k) 176 MiB,
 * which above this only the open Churn view holds.
 */
export const CHURN_AHEAD_MAX_CUSTOMERS = 250_000;

/** How long no view may have queried before the churn scores are computed ahead. */
export const CHURN_AHEAD_QUIET_MS = 300;

/** What the Churn view draws from: the fitted models and every active customer scored. */
export interface ChurnBase {
  models: ModelFits;
  /** Customers with a purchase. */
  buyers: number;
  scores: ChurnScores;
}

/** The churn rule of `app`'s settings (the P(alive) threshold only filters what it scores). */
export function churnRule(app: AppState): ChurnRuleOptions {
  return { cutoffs: abcCutoffs(app), overdueFactor: app.overdue };
}

interface ChurnInputs {
  rule: ChurnRuleOptions;
  params: AnalysisParams;
  models: () => Promise<ModelFits>;
}

/** Runs `steps`, awaiting `pace` between them (none: at once). */
async function paced<T>(steps: Generator<void, T>, pace?: () => Promise<void>): Promise<T> {
  if (!pace) return finish(steps);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pace();
  }
}

/** Lets the page handle what is waiting (drawing a view, input) between steps of scoring. */
const yieldToPage = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The customers queried while the fit runs in its worker and read as columns, which are scored
 * and then let go: held beside the scores they cost about 50 MiB more at 10M orders.
 */
async function fetchChurnBase(
  db: Db,
  o: ChurnInputs,
  pace?: () => Promise<void>,
): Promise<ChurnBase> {
  const fitting = o.models();
  // Awaited below; without a handler now, a failed fit would be reported as unhandled first.
  fitting.catch(() => undefined);
  const cols = tableColumns(await db.queryArrow(buildChurnViewQuery(o.rule, o.params)));
  const lapsed = Number(cols['lapsed']?.[0] ?? 0);
  const models = await fitting;
  return {
    models,
    buyers: Number(cols['buyers']?.[0] ?? 0),
    scores: await paced(scoreChurnSteps(cols as unknown as ChurnColumns, lapsed, models), pace),
  };
}

/**
 * The churn models of the summary's scope (`fitKey`, see `ScopeFits`) and the Churn view's
 * scored customers for the tables shown (`stamp`: moves with every rebuild and statement of the
 * user's, null while a rebuild runs), held for the last rule and scope asked when the data has
 * at most `CHURN_AHEAD_MAX_CUSTOMERS`; after a load (`afterLoad`) the fit starts and such data
 * is scored ahead, so that opening the view only draws.
 */
export class ChurnAhead {
  private held: { key: string; base: Promise<ChurnBase> } | undefined;
  private readonly fits: ScopeFits;
  /** Settles when the last `afterLoad` has scored ahead, or given up. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly stamp: () => string | null,
    private readonly customers: () => number,
    private readonly views: ViewActivity,
    fitKey: () => string,
    private readonly maxCustomers = CHURN_AHEAD_MAX_CUSTOMERS,
  ) {
    // Within the cap the buyers' rows are read whole (one query, grouped in the fit's worker).
    this.fits = new ScopeFits(fitKey, views, () => this.holds);
  }

  /** Whether the Churn view's customers are held for the tables shown (at most the cap). */
  get holds(): boolean {
    return this.customers() <= this.maxCustomers;
  }

  /** BG/NBD and Gamma-Gamma for the current scope, stored in `model_fit` for SQL. */
  models(db: Db): Promise<ModelFits> {
    return this.fits.get(db);
  }

  /** The tables may have changed (a load, the user's SQL): no fit held so far stands for them. */
  clearFits(): void {
    this.fits.clear();
  }

  /** The customers scored with `app`'s rule in `params`' scope. */
  get(db: Db, app: AppState, params: AnalysisParams): Promise<ChurnBase> {
    return this.base(db, { rule: churnRule(app), params, models: () => this.models(db) });
  }

  private base(db: Db, o: ChurnInputs, pace?: () => Promise<void>): Promise<ChurnBase> {
    const stamp = this.stamp();
    const key = JSON.stringify([stamp, scopeKey(o.params), o.rule]);
    if (this.held?.key === key) return this.held.base;
    const base = fetchChurnBase(db, o, pace);
    this.held = stamp !== null && this.holds ? { key, base } : undefined;
    // A failure is reported to whoever asked, not kept for the next.
    base.catch(() => {
      if (this.held?.base === base) this.held = undefined;
    });
    return base;
  }

  /** The tables are being replaced: what is held stands for nothing any more. */
  clear(): void {
    this.held = undefined;
  }

  /**
   * After a load: the fit starts in the background (`ScopeFits.startAfterLoad`). Then, for data
   * within the cap, once the views have been quiet for `CHURN_AHEAD_QUIET_MS` (a reader looking
   * at one), the view's query runs while the models are fitted, and its customers are scored
   * and classified at `pAlive` (model values are taken when a row shows them), in steps that
   * let the page draw meanwhile. Opening the view then only draws: at 1M orders its query and
   * scoring took 0.25-0.4 s. Not while views are opened one after another: there the scoring
   * only took the page's time from drawing them. Dropped when the tables move on from `stamp`
   * (the rebuild's that is ending) first; a failure is left for the view to report.
   */
  afterLoad(db: Db, app: AppState, params: AnalysisParams, stamp: string): void {
    this.fits.startAfterLoad(db);
    if (!this.holds) return;
    const o = { rule: churnRule(app), params, models: () => this.models(db) };
    const pAlive = app.palive / 100;
    const moved = () => this.stamp() !== stamp;
    // Not `models()` before then: asking for the fit makes its queries run at once, ahead of
    // the views being opened, where the background fit waits for its turns.
    this.done = new Promise<boolean>((go) => {
      const stale = () => {
        if (moved()) go(false);
        return moved();
      };
      this.views.whenQuiet(() => go(true), stale, undefined, CHURN_AHEAD_QUIET_MS);
    })
      .then(async (go) => {
        if (!go || moved()) return;
        const base = await this.base(db, o, yieldToPage);
        if (!moved()) await paced(classifyChurnSteps(base.scores, pAlive), yieldToPage);
      })
      .catch(() => undefined);
  }
}
