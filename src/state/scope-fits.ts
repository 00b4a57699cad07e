import type { Db } from '../data/db';
import type { ModelFits } from '../analysis/models';
import type { ModelFitCache } from './model-fit';
import type { ViewActivity } from './view-activity';

/**
 * The churn models of the summary's current scope (`key`: everything the summary was built for
 * but the measure, see `ModelFitCache`), fitted in the background after a load so that the churn
 * view finds them done or under way. The cache is imported on first use: it brings the fit
 * worker's client and the pattern queries, which the JS before the first chart does without
 * (the bundle's 300 KB target). Calls made in order act in order, as each waits on that import.
 */
export class ScopeFits {
  private loaded: Promise<ModelFitCache> | undefined;

  constructor(
    private readonly key: () => string,
    private readonly views: ViewActivity,
    /** Whether the fits read each buyer's row rather than patterns (`fitModelsInWorker`). */
    private readonly perCustomer: () => boolean = () => false,
    private readonly load: () => Promise<{ ModelFitCache: typeof ModelFitCache }> = () =>
      import('./model-fit'),
  ) {}

  /** BG/NBD and Gamma-Gamma for the current scope, stored in `model_fit` for SQL. */
  get(db: Db): Promise<ModelFits> {
    const key = this.key();
    return this.cache().then((f) => f.get(db, key));
  }

  /** The tables changed: no fit held so far stands for them. */
  clear(): void {
    void this.loaded?.then(
      (f) => f.clear(),
      () => undefined,
    );
  }

  /**
   * Starts the fit after a load: its two pattern queries (20-150 ms each at 1M orders) are all
   * it takes of the engine, each issued only once no view is querying, so a view opened
   * meanwhile waits for one of them at most; the optimiser (150-400 ms in the page) then runs in
   * its own worker while the user looks at or opens other views.
   */
  startAfterLoad(db: Db): void {
    const key = this.key();
    // Each query after the views' effects have issued theirs (for the new summary, at first).
    // Rebuilds and ranking meanwhile keep the columns the patterns read unless the key moves,
    // and then no one asks for this fit.
    const turn = () =>
      new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          this.views.whenIdle(() => {
            if (this.key() !== key) reject(new Error('summary changed'));
            else resolve();
          });
        }, 0);
      });
    // A failure here (the fit's chunk not fetched, a fit that fails) is reported by `get`, which
    // the churn view awaits: the background start has no one to tell.
    void this.cache()
      .then((f) => f.start(db, key, turn))
      .catch(() => undefined);
  }

  private cache(): Promise<ModelFitCache> {
    // A chunk that failed to arrive (offline before the service worker cached it) is asked for
    // again on the next call rather than failing every call after.
    this.loaded ??= this.load().then(
      (m) => new m.ModelFitCache(undefined, this.perCustomer),
      (e: unknown) => {
        this.loaded = undefined;
        throw e;
      },
    );
    return this.loaded;
  }
}
