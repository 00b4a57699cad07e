import type { AbcTier } from './abc';
import type { ChurnEntry } from './churn';
import type { ChurnScores, ScoredCustomer } from './churn-score';
import { customerValue } from './gamma-gamma';

/**
 * A customer on the list. The model value is computed when first read (a shown row, an export,
 * a sort by it, the total): at 1M orders the model values of the 26k customers at risk were 35
 * ms of the Churn view's first drawing, which shows 100 rows. The getter is the class's, not a
 * closure per entry: at 10M orders the list holds hundreds of thousands of them. The entry of
 * the customer's other reason set, when there is one, lends its value.
 */
export class ListEntry implements ChurnEntry {
  readonly customerId: string;
  readonly tier: AbcTier;
  readonly lastPurchase: string | null;
  readonly daysSinceLastPurchase: number;
  readonly typicalGapDays: number | null;
  readonly overdueFactor: number | null;
  readonly overdue: boolean;
  readonly pAlive: number | null;
  readonly valueAtRisk: number;
  readonly reasons: ChurnEntry['reasons'];
  #scored: ScoredCustomer | undefined;
  #other: ChurnEntry | undefined;
  #scores: ChurnScores | undefined;
  #value: number | null = null;

  constructor(
    s: ScoredCustomer,
    reasons: ChurnEntry['reasons'],
    other: ChurnEntry | undefined,
    scores: ChurnScores,
  ) {
    this.customerId = s.customerId;
    this.tier = s.tier;
    this.lastPurchase = s.lastPurchase;
    this.daysSinceLastPurchase = s.daysSinceLastPurchase;
    this.typicalGapDays = s.typicalGapDays;
    this.overdueFactor = s.overdueFactor;
    this.overdue = s.overdue;
    this.pAlive = s.pAlive;
    this.valueAtRisk = s.valueAtRisk;
    this.reasons = reasons;
    this.#scored = s;
    this.#other = other;
    this.#scores = scores;
  }

  get modelValue(): number | null {
    const s = this.#scored;
    const scores = this.#scores;
    if (s && scores) {
      const { bgnbd, gammaGamma } = scores.models;
      this.#value =
        this.#other !== undefined
          ? this.#other.modelValue
          : bgnbd && gammaGamma
            ? customerValue(bgnbd, gammaGamma, scores.horizonWeeks, {
                x: s.x,
                t_x: s.t_x,
                T: s.T,
                m: s.repeatSpend,
              })
            : null;
      // Computed once: what it was computed from is let go.
      this.#scored = this.#other = this.#scores = undefined;
    }
    return this.#value;
  }
}
