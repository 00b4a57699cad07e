import type { Db, Query } from '../data/db';
import { buildBgnbdPatternsQuery, fitBgnbd, parseRfPatterns, type BgnbdFit } from './bgnbd';
import {
  buildSpendPatternsQuery,
  fitGammaGamma,
  parseSpendPatterns,
  type GammaGammaFit,
} from './gamma-gamma';

/** Table the fitted parameters are stored in, so SQL (e.g. the churn list export) can use them. */
export const MODEL_TABLE = 'model_fit';

export interface ModelFits {
  bgnbd: BgnbdFit | null;
  gammaGamma: GammaGammaFit | null;
}

/** Fits BG/NBD and Gamma-Gamma on the current `customer_summary` (two small GROUP BY reads). */
export async function fitModels(db: Db): Promise<ModelFits> {
  const bgnbd = fitBgnbd(parseRfPatterns(await db.query(buildBgnbdPatternsQuery())));
  const gammaGamma = fitGammaGamma(parseSpendPatterns(await db.query(buildSpendPatternsQuery())));
  return { bgnbd, gammaGamma };
}

/** `CREATE OR REPLACE TABLE model_fit` with one row of parameters (nulls when a fit failed). */
export function buildStoreModelsQuery(m: ModelFits): Query {
  return {
    sql: `CREATE OR REPLACE TABLE ${MODEL_TABLE} AS SELECT
      CAST(? AS DOUBLE) AS r, CAST(? AS DOUBLE) AS alpha, CAST(? AS DOUBLE) AS a,
      CAST(? AS DOUBLE) AS b, CAST(? AS DOUBLE) AS p, CAST(? AS DOUBLE) AS q,
      CAST(? AS DOUBLE) AS v`,
    params: [
      m.bgnbd?.r ?? null,
      m.bgnbd?.alpha ?? null,
      m.bgnbd?.a ?? null,
      m.bgnbd?.b ?? null,
      m.gammaGamma?.p ?? null,
      m.gammaGamma?.q ?? null,
      m.gammaGamma?.v ?? null,
    ],
  };
}
