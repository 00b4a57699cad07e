import type { Db } from '../data/db';
import { tableColumns, type ColumnValues } from '../data/columns';
import { buildBgnbdPatternsQuery } from '../analysis/bgnbd';
import { buildSpendPatternsQuery } from '../analysis/gamma-gamma';
import { buildStoreModelsQuery, type ModelFits } from '../analysis/models';
import { buildModelInputsQuery, type ModelInputColumns } from '../analysis/model-inputs';
import type { FitRequest } from '../workers/fit.worker';

let worker: Worker | undefined;
let nextId = 0;

/** A numeric result column as a Float64Array, NULL read as `nullAs`. */
function float64(c: ColumnValues | undefined, nullAs: number): Float64Array {
  if (c instanceof Float64Array) return c;
  return Float64Array.from(c ?? [], (v) => (v === null || v === undefined ? nullAs : Number(v)));
}

/** Numeric columns as Float64Arrays, NULL read as 0 (as `num` does in parseRfPatterns). */
export function numberColumns<K extends string>(
  cols: Record<string, ColumnValues>,
  names: readonly K[],
): Record<K, Float64Array> {
  const out = {} as Record<K, Float64Array>;
  for (const k of names) out[k] = float64(cols[k], 0);
  return out;
}

/** The model inputs' columns as Float64Arrays, NULL read as NaN (as `groupRfPatterns` expects). */
export function inputColumns(cols: Record<string, ColumnValues>): ModelInputColumns {
  const [x, t_x, T, m] = (['x', 't_x', 'T', 'm'] as const).map((k) => float64(cols[k], NaN));
  return { x, t_x, T, m } as ModelInputColumns;
}

/**
 * Fits BG/NBD and Gamma-Gamma on the current summary: the engine groups customers into
 * distinct patterns and the optimiser runs in a worker (`ModelFitCache.get` stores the
 * parameters in `model_fit`). With `perCustomer` the engine only reads each buyer's row and the
 * worker groups them (`model-inputs.ts`: one short query instead of two, the same patterns);
 * for data of at most a few hundred thousand customers, as the rows are copied to the worker.
 *
 * Both pattern queries are issued at once, so a query the caller issues right after this call
 * runs while the worker fits instead of between them. The patterns travel to the worker as
 * columns (transferred, not cloned): tens of thousands of pattern objects were decoded on the
 * page and copied for the worker.
 */
export async function fitModelsInWorker(
  db: Db,
  /**
   * For a fit in the background: resolves when a pattern query may be issued, each query then
   * waiting for its own turn instead of both being queued at once.
   */
  turn?: () => Promise<void>,
  perCustomer = false,
): Promise<ModelFits> {
  if (perCustomer) {
    await turn?.();
    const inputs = inputColumns(tableColumns(await db.queryArrow(buildModelInputsQuery())));
    return inWorker({ id: ++nextId, inputs }, Object.values(inputs));
  }
  const [rfTable, spendTable] = turn
    ? [
        await turn().then(() => db.queryArrow(buildBgnbdPatternsQuery())),
        await turn().then(() => db.queryArrow(buildSpendPatternsQuery())),
      ]
    : await Promise.all([
        db.queryArrow(buildBgnbdPatternsQuery()),
        db.queryArrow(buildSpendPatternsQuery()),
      ]);
  const rf = numberColumns(tableColumns(rfTable), ['x', 't_x', 'T', 'n'] as const);
  const spend = numberColumns(tableColumns(spendTable), ['x', 'm', 'n'] as const);
  return inWorker({ id: ++nextId, rf, spend }, [...Object.values(rf), ...Object.values(spend)]);
}

/** Posts `req` to the fit worker, its arrays' buffers transferred, and awaits the fits. */
function inWorker(req: FitRequest, arrays: readonly Float64Array[]): Promise<ModelFits> {
  worker ??= new Worker(new URL('../workers/fit.worker.ts', import.meta.url), { type: 'module' });
  const w = worker;
  return new Promise<ModelFits>((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; fits?: ModelFits; error?: string }>) => {
      if (e.data.id !== req.id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.fits) resolve(e.data.fits);
      else reject(new Error(e.data.error ?? 'model fit failed'));
    };
    w.addEventListener('message', onMessage);
    w.postMessage(req, [...new Set(arrays.map((a) => a.buffer))]);
  });
}

/**
 * The fits of one summary scope (a key naming the data and everything `customer_summary` was
 * built for but the measure: the patterns read x, t_x, T and repeat_spend, which no measure
 * changes, nor the order in which ranking rewrites the rows), so that the churn view's first
 * render can take a fit started in the background after a load, and a change of the churn rule
 * or of the measure fits nothing again. Whoever rewrites the summary tables otherwise calls
 * `clear`.
 */
export class ModelFitCache {
  private held: { key: string; fits: Promise<ModelFits>; wanted: () => void } | undefined;

  constructor(
    private readonly fit: (
      db: Db,
      turn?: () => Promise<void>,
      perCustomer?: boolean,
    ) => Promise<ModelFits> = fitModelsInWorker,
    /** Whether the fits read each buyer's row (see `fitModelsInWorker`), asked at each fit. */
    private readonly perCustomer: () => boolean = () => false,
  ) {}

  /**
   * The fits for `key`, started now unless held; a failed fit is not kept. With `turn` (a fit in
   * the background, see `fitModelsInWorker`) its queries wait for their turns until someone
   * asks for the fits (`get`): then at once, as that caller's own work would.
   */
  start(db: Db, key: string, turn?: () => Promise<void>): Promise<ModelFits> {
    if (this.held?.key === key) return this.held.fits;
    let wanted: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (wanted = resolve));
    const fits = this.fit(db, turn && (() => Promise.race([turn(), asked])), this.perCustomer());
    const held = { key, fits, wanted };
    this.held = held;
    fits.catch(() => {
      if (this.held === held) this.held = undefined;
    });
    return fits;
  }

  /**
   * `start`, then the fits stored in `model_fit` for SQL (the churn export, the notebook):
   * stored by whoever shows them, so a fit of a scope left meanwhile never overwrites them.
   */
  async get(db: Db, key: string): Promise<ModelFits> {
    const fits = this.start(db, key);
    if (this.held?.key === key) this.held.wanted();
    const f = await fits;
    await db.query(buildStoreModelsQuery(f));
    return f;
  }

  clear(): void {
    this.held = undefined;
  }
}
