import { isoDate, num, numOrNull } from './params';
import { ABC_TIERS, type AbcTier } from './abc';
import { probabilityAlive, weeks, type BgnbdParams } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';
import type { ChurnEntry, ChurnOptions, ChurnResult } from './churn';
import { ListEntry } from './churn-entry';

/*
 * Scoring the churn list once per model fit, and classifying it at a P(alive) threshold; see
 * churn.ts for the rule and the queries.
 */
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
 * Columns of active customers as `scoreChurnColumns` reads them (by the names of
 * `buildChurnQuery`); a row whose customer_id is null is skipped.
 */
export interface ChurnColumns {
  customer_id: ArrayLike<unknown>;
  tier: ArrayLike<unknown>;
  last_order: ArrayLike<unknown>;
  recency_days: ArrayLike<unknown>;
  x: ArrayLike<unknown>;
  t_x: ArrayLike<unknown>;
  T: ArrayLike<unknown>;
  repeat_spend: ArrayLike<unknown>;
  value_12m: ArrayLike<unknown>;
  typical_gap: ArrayLike<unknown>;
  overdue_factor: ArrayLike<unknown>;
  overdue: ArrayLike<unknown>;
}

/**
 * `scoreChurn` of columns (`buildChurnViewQuery`'s, read without a row object per customer):
 * every row is an active customer, `lapsedCustomers` comes counted.
 */
export function scoreChurnColumns(
  c: ChurnColumns,
  lapsedCustomers: number,
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: Pick<ChurnOptions, 'horizonDays'> = {},
): ChurnScores {
  return finish(scoreChurnSteps(c, lapsedCustomers, models, options, Infinity));
}

/** Runs `steps` to its end at once. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `scoreChurnColumns` in steps of `step` customers (a yield after each), for a caller that scores
 * in the background and lets the page draw between steps.
 */
export function* scoreChurnSteps(
  c: ChurnColumns,
  lapsedCustomers: number,
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: Pick<ChurnOptions, 'horizonDays'> = {},
  step = 4096,
): Generator<void, ChurnScores> {
  const active: ScoredCustomer[] = [];
  // Few distinct days: each is formatted once.
  const dates = new Map<unknown, string | null>();
  const n = c.customer_id.length;
  for (let i = 0; i < n; i++) {
    if (i % step === step - 1) yield;
    const id = c.customer_id[i];
    if (id === null || id === undefined) continue;
    const x = num(c.x[i]);
    const t_x = num(c.t_x[i]);
    const T = num(c.T[i]);
    const last = c.last_order[i];
    let lastPurchase = dates.get(last);
    if (lastPurchase === undefined) dates.set(last, (lastPurchase = isoDate(last)));
    active.push({
      customerId: String(id),
      tier: String(c.tier[i]) as AbcTier,
      lastPurchase,
      daysSinceLastPurchase: num(c.recency_days[i]),
      typicalGapDays: numOrNull(c.typical_gap[i]),
      overdueFactor: numOrNull(c.overdue_factor[i]),
      overdue: c.overdue[i] === true,
      pAlive: models.bgnbd ? probabilityAlive(models.bgnbd, x, t_x, T) : null,
      valueAtRisk: num(c.value_12m[i]),
      x,
      t_x,
      T,
      repeatSpend: numOrNull(c.repeat_spend[i]),
    });
  }
  // Already in this order from the engine, so the sort is a single pass; it stays for the
  // tie-break's JS string order.
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

const CHURN_COLUMNS: readonly (keyof ChurnColumns)[] = [
  'customer_id',
  'tier',
  'last_order',
  'recency_days',
  'x',
  't_x',
  'T',
  'repeat_spend',
  'value_12m',
  'typical_gap',
  'overdue_factor',
  'overdue',
];

/**
 * The threshold-independent part of `parseChurn`: P(alive) of every active customer, lapsed
 * customers counted. Moving the P(alive) threshold then only needs `classifyChurn`.
 */
export function scoreChurn(
  rows: readonly Record<string, unknown>[],
  models: { bgnbd: BgnbdParams | null; gammaGamma: GammaGammaParams | null },
  options: Pick<ChurnOptions, 'horizonDays'> = {},
): ChurnScores {
  const act = rows.filter((r) => r['active'] === true);
  const cols = Object.fromEntries(
    CHURN_COLUMNS.map((k) => [k, act.map((r) => r[k])]),
  ) as unknown as ChurnColumns;
  return scoreChurnColumns(cols, rows.length - act.length, models, options);
}

/** The churn list at a P(alive) threshold: at risk = overdue by the rule or P(alive) below it. */
export function classifyChurn(scores: ChurnScores, pAliveThreshold = 0.5): ChurnResult {
  return finish(classifyChurnSteps(scores, pAliveThreshold, Infinity));
}

/** `classifyChurn` in steps of `step` customers, as `scoreChurnSteps`. */
export function* classifyChurnSteps(
  scores: ChurnScores,
  pAliveThreshold = 0.5,
  step = 4096,
): Generator<void, ChurnResult> {
  const { models } = scores;
  const list: ChurnEntry[] = [];
  const { active, entries } = scores;
  for (let i = 0; i < active.length; i++) {
    if (i % step === step - 1) yield;
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
      entry = cached[key] = new ListEntry(s, reasons, cached[model ? 'rule' : 'model'], scores);
    }
    list.push(entry);
  }
  const byTier = new Map<AbcTier, { customers: number; valueAtRisk: number }>(
    ABC_TIERS.map((t) => [t, { customers: 0, valueAtRisk: 0 }]),
  );
  let valueAtRisk = 0;
  for (const e of list) {
    valueAtRisk += e.valueAtRisk;
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
    // Summed when read, as the entries' values are taken (each entry keeps its own).
    get modelValueAtRisk() {
      if (!models.bgnbd || !models.gammaGamma) return null;
      let sum = 0;
      for (const e of list) {
        if (e.modelValue === null) return null;
        sum += e.modelValue;
      }
      return sum;
    },
    byTier: ABC_TIERS.map((tier) => ({
      tier,
      ...(byTier.get(tier) ?? { customers: 0, valueAtRisk: 0 }),
    })),
  };
}
