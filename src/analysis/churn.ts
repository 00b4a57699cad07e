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

/**
 * An active customer scored once per model fit: what the churn list shows, without the
 * threshold-dependent reasons. `classifyChurn` turns these into a `ChurnResult` for a threshold.
 */
export interface ScoredCustomer extends Omit<ChurnEntry, 'modelValue' | 'reasons'> {
  x: number;
  t_x: number;
  T: number;
  repeatSpend: number | null;
}

export interface ChurnScores {
  /** Active customers, largest value at risk first (ties by customer_id), as the list is sorted. */
  active: ScoredCustomer[];
  lapsedCustomers: number;
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null };
  horizonWeeks: number;
  /**
   * List entries built so far, per position in `active` and reason set, so that moving the threshold hands
   * back the same objects for customers whose reasons did not change (and computes each model
   * value once).
   */
  entries: ({ model?: ChurnEntry; rule?: ChurnEntry } | undefined)[];
}

const byValueAtRisk = (
  a: { valueAtRisk: number; customerId: string },
  b: { valueAtRisk: number; customerId: string },
): number => b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : 1);

/**
 * The threshold-independent part of `parseChurn`: P(alive) of every active customer, lapsed
 * customers counted. Moving the P(alive) threshold then only needs `classifyChurn`.
 */
export function scoreChurn(
  rows: readonly Record<string, unknown>[],
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: Pick<ChurnOptions, 'horizonDays'> = {},
): ChurnScores {
  const active: ScoredCustomer[] = [];
  let lapsedCustomers = 0;
  for (const r of rows) {
    if (r['active'] !== true) {
      lapsedCustomers++;
      continue;
    }
    const x = num(r['x']);
    const t_x = num(r['t_x']);
    const T = num(r['T']);
    active.push({
      customerId: String(r['customer_id']),
      tier: String(r['tier']) as AbcTier,
      lastPurchase: isoDate(r['last_order']),
      daysSinceLastPurchase: num(r['recency_days']),
      typicalGapDays: numOrNull(r['typical_gap']),
      overdueFactor: numOrNull(r['overdue_factor']),
      overdue: r['overdue'] === true,
      pAlive: models.bgnbd ? probabilityAlive(models.bgnbd, x, t_x, T) : null,
      valueAtRisk: num(r['value_12m']),
      x,
      t_x,
      T,
      repeatSpend: numOrNull(r['repeat_spend']),
    });
  }
  active.sort(byValueAtRisk);
  return {
    active,
    lapsedCustomers,
    models,
    horizonWeeks: weeks(options.horizonDays ?? 365),
    // Filled up front: assigning far past the end of an empty array makes V8 fall back to a
    // slow dictionary for the whole array.
    entries: active.map(() => undefined),
  };
}

/** The churn list at a P(alive) threshold: at risk = overdue by the rule or P(alive) below it. */
export function classifyChurn(scores: ChurnScores, pAliveThreshold = 0.5): ChurnResult {
  const { models } = scores;
  const list: ChurnEntry[] = [];
  const { active, entries } = scores;
  for (let i = 0; i < active.length; i++) {
    const s = active[i];
    if (!s) continue;
    const model = s.pAlive !== null && s.pAlive < pAliveThreshold;
    if (!model && !s.overdue) continue;
    let cached = entries[i];
    if (!cached) entries[i] = cached = {};
    const key = model ? 'model' : 'rule';
    let entry = cached[key];
    if (!entry) {
      const reasons: ChurnEntry['reasons'] = [];
      if (model) reasons.push('model');
      if (s.overdue) reasons.push('overdue');
      const other = cached[model ? 'rule' : 'model'];
      entry = cached[key] = {
        customerId: s.customerId,
        tier: s.tier,
        lastPurchase: s.lastPurchase,
        daysSinceLastPurchase: s.daysSinceLastPurchase,
        typicalGapDays: s.typicalGapDays,
        overdueFactor: s.overdueFactor,
        overdue: s.overdue,
        pAlive: s.pAlive,
        valueAtRisk: s.valueAtRisk,
        modelValue:
          other !== undefined
            ? other.modelValue
            : models.bgnbd && models.gammaGamma
              ? customerValue(models.bgnbd, models.gammaGamma, scores.horizonWeeks, {
                  x: s.x,
                  t_x: s.t_x,
                  T: s.T,
                  m: s.repeatSpend,
                })
              : null,
        reasons,
      };
    }
    list.push(entry);
  }
  const hasModel = list.length === 0 || list.every((e) => e.modelValue !== null);
  const byTier = new Map<AbcTier, { customers: number; valueAtRisk: number }>(
    ABC_TIERS.map((t) => [t, { customers: 0, valueAtRisk: 0 }]),
  );
  let valueAtRisk = 0;
  let modelValueAtRisk = 0;
  for (const e of list) {
    valueAtRisk += e.valueAtRisk;
    modelValueAtRisk += e.modelValue ?? 0;
    const t = byTier.get(e.tier);
    if (t) {
      t.customers++;
      t.valueAtRisk += e.valueAtRisk;
    }
  }
  return {
    list,
    atRiskCustomers: list.length,
    lapsedCustomers: scores.lapsedCustomers,
    valueAtRisk,
    modelValueAtRisk: models.bgnbd && models.gammaGamma && hasModel ? modelValueAtRisk : null,
    byTier: ABC_TIERS.map((tier) => ({
      tier,
      ...(byTier.get(tier) ?? { customers: 0, valueAtRisk: 0 }),
    })),
  };
}

/** Rows of `buildChurnQuery`: lapsed ones are counted, active ones checked for both reasons. */
export function parseChurn(
  rows: readonly Record<string, unknown>[],
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: ChurnOptions = {},
): ChurnResult {
  return classifyChurn(scoreChurn(rows, models, options), options.pAliveThreshold ?? 0.5);
}
