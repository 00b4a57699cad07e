import type { Query, SqlValue } from '../data/db';
import {
  DEFAULT_ACTIVE_DAYS,
  isoDate,
  num,
  numOrNull,
  resolveParams,
  type AnalysisParams,
} from './params';
import { abcTierSql, ABC_TIERS, type AbcCutoffs, type AbcTier } from './abc';
import { probabilityAlive, weeks, type BgnbdParams } from './bgnbd';
import { customerValue, type GammaGammaParams } from './gamma-gamma';
import { SUMMARY_TABLE } from './summary';

/**
 * Rule-based churn: a customer is overdue when the days since the last purchase reach
 * `overdueFactor` (default 2) times the typical gap between purchase days: the customer's own
 * median (default) or mean gap, or, for customers with a single purchase day, the median of
 * the repeat customers' own gaps.
 *
 * Only ACTIVE customers (last purchase at most `activeDays` of `AnalysisParams`, default 365,
 * before as-of) can be at risk: the churn list is for customers the business can still keep.
 * Customers with purchases whose last one is older are LAPSED (already lost) and are only
 * counted (`lapsedCustomers`), however overdue or unlikely to be alive they are.
 * - KPI strip (`buildKpiQuery`): at risk = active AND overdue by the rule.
 * - Churn list (`buildChurnQuery` + `parseChurn`, `buildChurnListQuery`): at risk = active AND
 *   (overdue by the rule OR P(alive) below the threshold, when a BG/NBD fit exists).
 */
export interface ChurnRuleOptions {
  gap?: 'median' | 'mean';
  overdueFactor?: number;
  cutoffs?: AbcCutoffs;
}

/**
 * The typical-gap CTE (`pop`) and per-customer columns typical_gap, overdue_factor, overdue and
 * active (has a purchase day at most `activeDays` before as-of) over `customer_summary`. Shared
 * by the churn list and the KPI query.
 */
export function churnRuleSql(
  o: ChurnRuleOptions = {},
  activeDays: number = DEFAULT_ACTIVE_DAYS,
): {
  cte: string;
  columns: string;
  params: SqlValue[];
} {
  const own = o.gap === 'mean' ? 't_x * 7.0 / x' : 'median_gap_days';
  const factor = o.overdueFactor ?? 2;
  if (!(factor > 0)) throw new Error(`overdueFactor must be positive, got ${factor}`);
  const typical = `CASE WHEN purchase_days > 1 THEN ${own} ELSE (SELECT g FROM pop) END`;
  return {
    cte: `pop AS (SELECT median(${own}) AS g FROM ${SUMMARY_TABLE} WHERE purchase_days > 1)`,
    columns: `${typical} AS typical_gap,
      recency_days / NULLIF(${typical}, 0) AS overdue_factor,
      COALESCE(recency_days >= ? * ${typical}, false) AS overdue,
      COALESCE(purchase_days > 0 AND recency_days <= ?, false) AS active`,
    params: [factor, activeDays],
  };
}

/**
 * Every customer with a purchase, with what the churn list needs (`active` from
 * `params.activeDays`; the summary must have been built with the same as-of).
 */
export function buildChurnQuery(o: ChurnRuleOptions = {}, params: AnalysisParams = {}): Query {
  const rule = churnRuleSql(o, resolveParams(params).activeDays);
  const tier = abcTierSql(o.cutoffs);
  return {
    sql: `WITH ${rule.cte}
SELECT customer_id, ${tier.sql} AS tier, last_order, recency_days, purchase_days, x, t_x, "T",
  repeat_spend, value, value_12m, ${rule.columns}
FROM ${SUMMARY_TABLE} WHERE purchase_days > 0`,
    params: [...tier.params, ...rule.params],
  };
}

export interface ChurnOptions {
  /** At risk when P(alive) is below this. Default 0.5. */
  pAliveThreshold?: number;
  /** Horizon of the model value (BG/NBD x Gamma-Gamma), days. Default 365. */
  horizonDays?: number;
}

export interface ChurnEntry {
  customerId: string;
  tier: AbcTier;
  lastPurchase: string | null;
  daysSinceLastPurchase: number;
  typicalGapDays: number | null;
  overdueFactor: number | null;
  overdue: boolean;
  /** Null when no BG/NBD fit is available. */
  pAlive: number | null;
  /** Trailing 12-month value (chosen measure). */
  valueAtRisk: number;
  /** Expected value over the horizon if the models are available. */
  modelValue: number | null;
  reasons: ('model' | 'overdue')[];
}

export interface ChurnResult {
  /** At-risk (active) customers, largest value at risk first (ties by customer_id). */
  list: ChurnEntry[];
  atRiskCustomers: number;
  /** Customers with purchases, none within `activeDays` of as-of: lost, never on the list. */
  lapsedCustomers: number;
  valueAtRisk: number;
  modelValueAtRisk: number | null;
  byTier: { tier: AbcTier; customers: number; valueAtRisk: number }[];
}

/** Rows of `buildChurnQuery`: lapsed ones are counted, active ones checked for both reasons. */
export function parseChurn(
  rows: readonly Record<string, unknown>[],
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: ChurnOptions = {},
): ChurnResult {
  const threshold = options.pAliveThreshold ?? 0.5;
  const horizon = weeks(options.horizonDays ?? 365);
  const list: ChurnEntry[] = [];
  let lapsedCustomers = 0;
  for (const r of rows) {
    if (r['active'] !== true) {
      lapsedCustomers++;
      continue;
    }
    const x = num(r['x']);
    const t_x = num(r['t_x']);
    const T = num(r['T']);
    const pAlive = models.bgnbd ? probabilityAlive(models.bgnbd, x, t_x, T) : null;
    const overdue = r['overdue'] === true;
    const reasons: ChurnEntry['reasons'] = [];
    if (pAlive !== null && pAlive < threshold) reasons.push('model');
    if (overdue) reasons.push('overdue');
    if (reasons.length === 0) continue;
    const modelValue =
      models.bgnbd && models.gammaGamma
        ? customerValue(models.bgnbd, models.gammaGamma, horizon, {
            x,
            t_x,
            T,
            m: numOrNull(r['repeat_spend']),
          })
        : null;
    list.push({
      customerId: String(r['customer_id']),
      tier: String(r['tier']) as AbcTier,
      lastPurchase: isoDate(r['last_order']),
      daysSinceLastPurchase: num(r['recency_days']),
      typicalGapDays: numOrNull(r['typical_gap']),
      overdueFactor: numOrNull(r['overdue_factor']),
      overdue,
      pAlive,
      valueAtRisk: num(r['value_12m']),
      modelValue,
      reasons,
    });
  }
  list.sort((a, b) => b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : 1));
  const hasModel = list.length === 0 || list.every((e) => e.modelValue !== null);
  return {
    list,
    atRiskCustomers: list.length,
    lapsedCustomers,
    valueAtRisk: list.reduce((s, e) => s + e.valueAtRisk, 0),
    modelValueAtRisk:
      models.bgnbd && models.gammaGamma && hasModel
        ? list.reduce((s, e) => s + (e.modelValue ?? 0), 0)
        : null,
    byTier: ABC_TIERS.map((tier) => {
      const mine = list.filter((e) => e.tier === tier);
      return {
        tier,
        customers: mine.length,
        valueAtRisk: mine.reduce((s, e) => s + e.valueAtRisk, 0),
      };
    }),
  };
}
