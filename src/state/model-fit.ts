import type { Db } from '../data/db';
import { tableColumns, type ColumnValues } from '../data/columns';
import { buildBgnbdPatternsQuery } from '../analysis/bgnbd';
import { buildSpendPatternsQuery } from '../analysis/gamma-gamma';
import { buildStoreModelsQuery, type ModelFits } from '../analysis/models';
import type { FitRequest } from '../workers/fit.worker';

let worker: Worker | undefined;
let nextId = 0;

/** Numeric columns as Float64Arrays, NULL read as 0 (as `num` does in parseRfPatterns). */
function numberColumns<K extends string>(
  cols: Record<string, ColumnValues>,
  names: readonly K[],
): Record<K, Float64Array> {
  const out = {} as Record<K, Float64Array>;
  for (const k of names) {
    const c = cols[k] ?? [];
    out[k] = c instanceof Float64Array ? c : Float64Array.from(c, (v) => Number(v ?? 0));
  }
  return out;
}

/**
 * Fits BG/NBD and Gamma-Gamma on the current summary: the engine groups customers into
 * distinct patterns, the optimiser runs in a worker, and the parameters are stored in
 * `model_fit` so SQL (the churn export, the notebook) can use them.
 *
 * Both pattern queries are issued at once, so a query the caller issues right after this call
 * runs while the worker fits instead of between them. The patterns travel to the worker as
 * columns (transferred, not cloned): tens of thousands of pattern objects were decoded on the
 * page and copied for the worker.
 */
export async function fitModelsInWorker(db: Db): Promise<ModelFits> {
  const [rfTable, spendTable] = await Promise.all([
    db.queryArrow(buildBgnbdPatternsQuery()),
    db.queryArrow(buildSpendPatternsQuery()),
  ]);
  const rf = numberColumns(tableColumns(rfTable), ['x', 't_x', 'T', 'n'] as const);
  const spend = numberColumns(tableColumns(spendTable), ['x', 'm', 'n'] as const);
  worker ??= new Worker(new URL('../workers/fit.worker.ts', import.meta.url), { type: 'module' });
  const w = worker;
  const id = ++nextId;
  const fits = await new Promise<ModelFits>((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; fits?: ModelFits; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.fits) resolve(e.data.fits);
      else reject(new Error(e.data.error ?? 'model fit failed'));
    };
    w.addEventListener('message', onMessage);
    const req: FitRequest = { id, rf, spend };
    const buffers = [...Object.values(rf), ...Object.values(spend)].map((a) => a.buffer);
    w.postMessage(req, [...new Set(buffers)]);
  });
  await db.query(buildStoreModelsQuery(fits));
  return fits;
}
