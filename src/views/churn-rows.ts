import type { ChurnEntry } from '../analysis/churn';

/**
 * A row of the churn list's table. Its model value is read from the entry when the row is
 * shown, sorted or exported (see classifyChurnSteps), through the class's getter rather than a
 * closure per row: at 10M orders the list has hundreds of thousands of rows.
 */
class ChurnRow {
  [column: string]: unknown;
  readonly #entry: ChurnEntry;

  constructor(e: ChurnEntry, reasons: string) {
    this.#entry = e;
    this['customer_id'] = e.customerId;
    this['tier'] = e.tier;
    this['last_purchase'] = e.lastPurchase;
    this['days_since'] = e.daysSinceLastPurchase;
    this['typical_gap'] = e.typicalGapDays === null ? null : Math.round(e.typicalGapDays);
    this['days_overdue'] =
      e.typicalGapDays === null
        ? null
        : Math.max(0, Math.round(e.daysSinceLastPurchase - e.typicalGapDays));
    this['p_alive'] = e.pAlive;
    this['value_at_risk'] = e.valueAtRisk;
    this['reasons'] = reasons;
  }

  get model_value(): number | null {
    return this.#entry.modelValue;
  }
}

/** The table row of a churn list entry, `reasons` already in words. */
export function churnRow(e: ChurnEntry, reasons: string): Record<string, unknown> {
  return new ChurnRow(e, reasons);
}
