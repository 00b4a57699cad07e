import type { Query, SqlValue } from '../data/db';
import { DEFAULT_ACTIVE_DAYS, resolveParams, type AnalysisParams } from './params';
import { abcTierSql, type AbcCutoffs, type AbcTier } from './abc';
import type { BgnbdParams } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';
import { classifyChurn, scoreChurn } from './churn-score';
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

/**
 * What the Churn view reads, per active customer only (one row of nulls when there is none),
 * largest value at risk first, with `buyers` (customers with a purchase) and `lapsed` (those
 * among them that are not active) on every row: `buildChurnQuery`'s rows without the lapsed
 * customers' rows, which the view only counts, and without the columns it does not show.
 */
export function buildChurnViewQuery(o: ChurnRuleOptions = {}, params: AnalysisParams = {}): Query {
  const rule = churnRuleSql(o, resolveParams(params).activeDays);
  const tier = abcTierSql(o.cutoffs);
  return {
    sql: `WITH ${rule.cte},
c AS (
  SELECT customer_id, ${tier.sql} AS tier, last_order, recency_days, x, t_x, "T", repeat_spend,
    value_12m, ${rule.columns}
  FROM ${SUMMARY_TABLE} WHERE purchase_days > 0
),
l AS (SELECT count(*) AS buyers, count(*) FILTER (WHERE NOT active) AS lapsed FROM c)
SELECT l.buyers, l.lapsed, a.* EXCLUDE (active)
FROM l LEFT JOIN (SELECT * FROM c WHERE active) a ON true
ORDER BY a.value_12m DESC, a.customer_id`,
    params: [...tier.params, ...rule.params],
  };
}

export {
  classifyChurn,
  classifyChurnSteps,
  finish,
  scoreChurn,
  scoreChurnColumns,
  scoreChurnSteps,
  type ChurnColumns,
  type ChurnScores,
  type ScoredCustomer,
} from './churn-score';

/** Rows of `buildChurnQuery`: lapsed ones are counted, active ones checked for both reasons. */
export function parseChurn(
  rows: readonly Record<string, unknown>[],
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: ChurnOptions = {},
): ChurnResult {
  return classifyChurn(scoreChurn(rows, models, options), options.pAliveThreshold ?? 0.5);
}
