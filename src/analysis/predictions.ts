import type { Query } from '../data/db';
import { num, numOrNull } from './params';
import { expectedPurchases, probabilityAlive, weeks } from './bgnbd';
import { expectedAverageSpend } from './gamma-gamma';
import type { ModelFits } from './models';
import { SUMMARY_TABLE } from './summary';

export interface PredictionOptions {
  /** Horizon for expected purchases and value, days (converted to weeks / 7). Default 90. */
  horizonDays?: number;
}

export interface CustomerPrediction {
  customerId: string;
  x: number;
  t_x: number;
  T: number;
  pAlive: number | null;
  /** Expected repeat purchase days within the horizon (BG/NBD). */
  expectedPurchases: number | null;
  /** Expected spend per purchase day (Gamma-Gamma; population mean for x = 0). */
  expectedSpend: number | null;
  /** expectedPurchases x expectedSpend: undiscounted value over the horizon. */
  expectedValue: number | null;
}

/** Model inputs of every customer with a purchase, by customer_id. */
export function buildPredictionInputQuery(): Query {
  return {
    sql: `SELECT customer_id, x, t_x, "T", repeat_spend FROM ${SUMMARY_TABLE}
      WHERE x IS NOT NULL ORDER BY customer_id`,
  };
}

/** Per-customer P(alive), expected purchases, spend and value from fitted models. */
export function predictCustomers(
  rows: readonly Record<string, unknown>[],
  models: ModelFits,
  options: PredictionOptions = {},
): CustomerPrediction[] {
  const t = weeks(options.horizonDays ?? 90);
  const bg = models.bgnbd;
  const gg = models.gammaGamma;
  return rows.map((r) => {
    const x = num(r['x']);
    const t_x = num(r['t_x']);
    const T = num(r['T']);
    const purchases = bg ? expectedPurchases(bg, t, x, t_x, T) : null;
    const spend = gg ? expectedAverageSpend(gg, x, numOrNull(r['repeat_spend']) ?? 0) : null;
    return {
      customerId: String(r['customer_id']),
      x,
      t_x,
      T,
      pAlive: bg ? probabilityAlive(bg, x, t_x, T) : null,
      expectedPurchases: purchases,
      expectedSpend: spend,
      expectedValue: purchases !== null && spend !== null ? purchases * spend : null,
    };
  });
}
