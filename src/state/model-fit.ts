import type { Db } from '../data/db';
import { buildBgnbdPatternsQuery, parseRfPatterns } from '../analysis/bgnbd';
import { buildSpendPatternsQuery, parseSpendPatterns } from '../analysis/gamma-gamma';
import { buildStoreModelsQuery, type ModelFits } from '../analysis/models';
import type { FitRequest } from '../workers/fit.worker';

let worker: Worker | undefined;
let nextId = 0;

/**
 * Fits BG/NBD and Gamma-Gamma on the current summary: the engine groups customers into
 * distinct patterns, the optimiser runs in a worker, and the parameters are stored in
 * `model_fit` so SQL (the churn export, the notebook) can use them.
 */
export async function fitModelsInWorker(db: Db): Promise<ModelFits> {
  const rf = parseRfPatterns(await db.query(buildBgnbdPatternsQuery()));
  const spend = parseSpendPatterns(await db.query(buildSpendPatternsQuery()));
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
    w.postMessage(req);
  });
  await db.query(buildStoreModelsQuery(fits));
  return fits;
}
