import {
  rankNextMeasure,
  rebuildSummary,
  SUMMARY_BASE_TABLE,
  SUMMARY_TABLE,
  summaryBaseKey,
  summaryRankedKey,
  VALUE_MEASURES,
  type AsOfResult,
  type BaseScope,
} from '../analysis/summary';
import { CUSTOMER_DAYS_TABLE } from '../analysis/customer-days';
import { resolveParams, type AnalysisParams, type ValueMeasure } from '../analysis/params';
import type { AppState } from './app-schema';
import type { Session } from './session.svelte';
import type { Db } from '../data/db';
import { QueryState, type Ready } from './query.svelte';
import { OverviewModel } from './overview-model';
import { ResultCache } from './result-cache';
import { MeasureWarmers, type Warmer } from './measure-warmers';
import { scopeKey, scopeParams } from './scope';
import { ViewActivity } from './view-activity';
import { ViewPrefetch, type PlannedQuery } from './view-prefetch';
import { ChurnAhead } from './churn-ahead';
import { EngineWarmUp } from './engine-warmup';

export { abcCutoffs, scopeParams } from './scope';

/**
 * Idle time (no view querying) before the measures not shown are ranked too (a change of
 * measure then only switches a view). Long enough that a control being moved, or views opened
 * one after another after a load, do not queue behind it.
 */
const RANK_OTHERS_AFTER_MS = 2000;

/**
 * Rebuilds `customer_summary` whenever the data or the scope changes, then bumps `revision`.
 * Views query the small summary table, so moving a slider re-runs only cheap queries.
 */
export class AnalysisState {
  revision = $state(0);
  error: unknown = $state();
  asOf: string | null = $state(null);
  excludedAfterAsOf = $state(0);
  building = $state(false);
  private generation = 0;
  /** Session revision `customer_days` was last built for. */
  private daysFor = -1;
  /**
   * What `customer_base` holds: built for `key` (data revision and `summaryBaseKey`), with the
   * as-of result it was built for (unknown when restored from a snapshot) and its `scope`, which
   * a new as-of date updates instead of rebuilding (null: not known; see `rebuildSummary`).
   */
  private baseHolds:
    { rev: number; key: string; asOf?: AsOfResult; scope: BaseScope | null } | undefined;
  /** Data revision and `summaryRankedKey` of `customer_ranked`, and the measures it ranks. */
  private rankedFor = '';
  private ranked: ValueMeasure[] = [];
  /**
   * Views' results over the summary tables; cleared whenever those are rewritten, and filled for
   * every measure when idle (`whenIdle`), so that a change of measure redraws from here.
   */
  readonly results = new ResultCache();
  /** The views' queries (`query`): the other measures are ranked once these are quiet. */
  private readonly views = new ViewActivity(RANK_OTHERS_AFTER_MS);
  private readonly warmers = new MeasureWarmers(
    this.views,
    this.results,
    (job) => (this.queue = this.queue.then(job)),
    () => ({ db: this.session.db, params: this.params }),
    () => (this.rankedFor ? this.ranked : []),
  );
  /**
   * The Overview's figures computed in the page for any scope (`query`'s `now`), fetched once
   * the views are quiet after a load: the Overview then redraws without waiting for a rebuild.
   */
  readonly model = new OverviewModel(() => this.session.revision);
  /** Moves with the tables the views read (`tablesStamp`); null while a rebuild runs. */
  private readonly stamp = (): string | null => (this.building ? null : this.tablesStamp());
  /** The other views' first statements, fetched ahead after a load (`prefetch`). */
  readonly ahead = new ViewPrefetch(this.views, this.stamp);
  private firstQueries: ((o: { churn: boolean }) => PlannedQuery[]) | undefined;
  private userStatements = 0;
  /** Data revision the model was last fetched (or dropped) for. */
  private modelFor = -1;
  /**
   * The churn models of the summary's scope (keyed by the data and all but the measure) and the
   * Churn view's customers scored, held for the tables shown and computed ahead.
   */
  readonly churn = new ChurnAhead(
    this.stamp,
    () => this.session.dataset?.customers ?? Infinity,
    this.views,
    () => `${this.session.revision}:${summaryRankedKey(this.params)}`,
  );
  /** The import path run once on a small file while the engine is idle (also on `ImportFlow.prepare`). */
  readonly warmUp = new EngineWarmUp(
    this.views,
    () => this.firstQueries?.({ churn: true }) ?? [],
    // Not after the user's own import: the engine's code has run by then.
    () => (this.options.warmUp && !this.session.localData ? this.session.db : undefined),
  );

  constructor(
    private readonly session: Session,
    private readonly state: () => AppState,
    /** `warmUp` in the page's own (App): tests' engines are closed when a test ends. */
    private readonly options: { warmUp?: boolean } = {},
  ) {
    // A load's statements share the engine: background work (ranking, the as-of model, fits,
    // statements fetched ahead) for the tables it replaces would only delay it.
    session.onLoad((load) => {
      this.warmUp.stop();
      void this.views.track(load);
    });
    // Before the views' query effects: a scope change marks the summary as being rebuilt first,
    // so the views wait for it instead of querying the old one (0.3-1.3 s at 1M orders).
    $effect.pre(() => {
      void session.revision;
      const params = scopeParams(this.state());
      if (!session.dataset || !session.db) return;
      this.rebuild(params, session.revision);
    });
  }

  /**
   * A query over the summary: re-runs when the summary is rebuilt or when reactive values read
   * synchronously inside `run` (sliders, thresholds) change. Call during component setup. `now`
   * (reading its inputs as `run` does) answers without the engine when it can, rebuild or not.
   */
  query<T>(run: (db: Db) => Promise<T>, now?: () => T | undefined): QueryState<T> {
    return new QueryState((): Promise<T> | Ready<T> => {
      void this.revision;
      if (this.error !== undefined) return Promise.reject(this.error);
      const ready = now?.();
      if (ready !== undefined) return { ready };
      const db = this.session.db;
      // Stays loading until the first summary exists, and while a new one is being built (views
      // keep their figures marked stale instead of showing the old scope as current); the next
      // revision re-runs this.
      if (this.revision === 0 || this.building || !db) return new Promise<T>(() => undefined);
      return this.views.track(run(this.ahead.wrap(db)));
    });
  }

  /**
   * `w` runs for each measure (a `db` reading the summary as that measure's) once all are ranked
   * for the scope, one step each, behind anything else queued. Returns its removal.
   */
  whenIdle(w: Warmer): () => void {
    return this.warmers.add(w);
  }

  /** Moves whenever the tables the views read may have changed (a rebuild, the user's SQL). */
  private tablesStamp(): string {
    return `${this.revision}:${this.userStatements}`;
  }

  /**
   * After each load, `plan`'s statements are fetched ahead once the views are idle; `churn`
   * says whether the Churn view's customers are held for these tables (`ChurnAhead.holds`), and
   * so whether its query is worth fetching.
   */
  prefetch(plan: (o: { churn: boolean }) => PlannedQuery[]): void {
    this.firstQueries = plan;
  }

  get params(): AnalysisParams {
    return scopeParams(this.state());
  }

  /** The user's SQL may have changed the tables: results and fits computed from them go. */
  tablesChanged(): void {
    this.userStatements++;
    this.results.clear();
    this.churn.clearFits();
    this.model.clear();
    // Fetched again from the tables as the user's SQL left them, once the views are quiet.
    const db = this.session.db;
    if (db && this.modelFor === this.session.revision) this.fetchModelLater(db);
  }

  private fetchModelLater(db: Db): void {
    this.model.fetchLater(this.views, (job) => (this.queue = this.queue.then(job)), db);
  }

  /** Rebuilds run one after another; tables they skip rebuilding must be those of the last one. */
  private queue: Promise<void> = Promise.resolve();

  private rebuild(params: AnalysisParams, dataRevision: number): void {
    const gen = ++this.generation;
    if (this.modelFor !== dataRevision) this.model.clear();
    this.building = true;
    this.queue = this.queue.then(() => this.run(params, dataRevision, gen));
  }

  /**
   * Tables that came built with the data (a sample's snapshot) count as built here. Returns what
   * building the summary returned when the snapshot's summary is the one `params` needs.
   */
  private adoptDerived(dataRevision: number, params: AnalysisParams): AsOfResult | undefined {
    const d = this.session.dataset?.derived;
    if (this.daysFor === dataRevision || !d || this.session.revision !== dataRevision) return;
    if (!d.tables.includes(CUSTOMER_DAYS_TABLE)) return;
    this.daysFor = dataRevision;
    if (d.tables.includes(SUMMARY_BASE_TABLE)) {
      this.baseHolds = { rev: dataRevision, key: `${dataRevision}:${d.key}`, scope: null };
    }
    const s = d.summary;
    if (s && d.tables.includes(SUMMARY_TABLE) && s.scope === scopeKey(params)) return s;
    return undefined;
  }

  private async run(params: AnalysisParams, dataRevision: number, gen: number): Promise<void> {
    const db = this.session.db;
    // A newer request is queued behind this one (a slider being dragged): skip to it.
    if (!db || gen !== this.generation) return;
    try {
      const adopted = this.adoptDerived(dataRevision, params);
      const afterLoad = this.daysFor !== dataRevision;
      const baseKey = `${dataRevision}:${summaryBaseKey(params)}`;
      const held = this.baseHolds;
      const base = afterLoad || held?.key !== baseKey;
      const rankedKey = `${dataRevision}:${summaryRankedKey(params)}`;
      const ranked = !base && this.rankedFor === rankedKey ? this.ranked : [];
      const viewOnly = !adopted && !afterLoad && ranked.includes(resolveParams(params).measure);
      if (!viewOnly) this.results.clear();
      if (afterLoad) this.churn.clearFits();
      this.churn.clear();
      // Invalidate first: if this rebuild fails midway, the next one must redo the base.
      this.baseHolds = undefined;
      this.rankedFor = '';
      // The snapshot's summary is a table standing where the view goes; `customer_ranked` is not
      // in it, so the first change of measure ranks from `customer_base`.
      const built = adopted
        ? { ...adopted, ranked: [], base: null }
        : await rebuildSummary(db, params, {
            afterLoad,
            base,
            ranked,
            ...(!base && held?.asOf ? { asOf: held.asOf } : {}),
            prior: held?.rev === dataRevision ? held.scope : null,
          });
      this.daysFor = dataRevision;
      this.rankedFor = adopted ? '' : rankedKey;
      this.ranked = built.ranked;
      this.baseHolds = {
        rev: dataRevision,
        key: baseKey,
        asOf: { asOf: built.asOf, excludedAfterAsOf: built.excludedAfterAsOf },
        scope: built.base,
      };
      if (gen !== this.generation) return;
      this.asOf = built.asOf;
      this.excludedAfterAsOf = built.excludedAfterAsOf;
      this.error = undefined;
      this.revision++;
      // Through the statements fetched ahead: the Churn view's query is among them.
      if (afterLoad && !adopted)
        this.churn.afterLoad(this.ahead.wrap(db), this.state(), params, this.tablesStamp());
      const plan = afterLoad ? this.firstQueries?.({ churn: this.churn.holds }) : undefined;
      if (plan) this.ahead.start(db, plan, this.tablesStamp());
      if (this.modelFor !== dataRevision) {
        this.modelFor = dataRevision;
        this.fetchModelLater(db);
      }
      this.warmUp.later();
      if (!adopted && built.ranked.length < VALUE_MEASURES.length) this.rankOthersLater(gen);
      else if (!adopted && !viewOnly) this.warmers.later();
    } catch (e) {
      this.results.clear();
      if (gen === this.generation) this.error = e;
    } finally {
      if (gen === this.generation) this.building = false;
    }
  }

  private rankOthersLater(gen: number): void {
    this.views.whenQuiet(
      () => {
        this.queue = this.queue.then(() => this.rankOthers(gen));
      },
      () => gen !== this.generation,
    );
  }

  /**
   * Ranks the other measures of the current scope, one per step so that a change made meanwhile
   * waits for one step at most; views keep reading the same figures.
   */
  private async rankOthers(gen: number): Promise<void> {
    const db = this.session.db;
    const key = this.rankedFor;
    if (!db || gen !== this.generation || !key) return;
    this.rankedFor = '';
    this.results.clear();
    try {
      this.ranked = await rankNextMeasure(db, this.ranked);
      this.rankedFor = key;
    } catch {
      // Nothing shown depends on it: with the key cleared, the next change of measure re-ranks
      // from the stored base and reports its own error if the engine fails again.
      return;
    }
    if (this.ranked.length === VALUE_MEASURES.length) {
      // Not tied to `gen`: a change of measure meanwhile leaves the tables, and these, valid.
      this.warmers.now();
      return;
    }
    // Still idle: the next measure at once; otherwise once the views are quiet again.
    if (this.views.quietIn() === 0) this.queue = this.queue.then(() => this.rankOthers(gen));
    else this.rankOthersLater(gen);
  }
}
