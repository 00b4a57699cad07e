import { describe, expect, it } from 'vitest';
import type { ChurnEntry } from '../analysis/churn';
import { churnRow } from './churn-rows';

describe('churnRow', () => {
  it('reads the model value from the entry only when the row is read, every column there', () => {
    let reads = 0;
    const entry: ChurnEntry = {
      customerId: 'c1',
      tier: 'A',
      lastPurchase: '2024-03-01',
      daysSinceLastPurchase: 100.4,
      typicalGapDays: 30.6,
      overdueFactor: 3.3,
      overdue: true,
      pAlive: 0.2,
      valueAtRisk: 500,
      get modelValue() {
        reads++;
        return 42;
      },
      reasons: ['model', 'overdue'],
    };
    const row = churnRow(entry, 'model, overdue');
    expect(reads).toBe(0);
    expect(row['model_value']).toBe(42);
    expect(reads).toBe(1);
    expect({ ...row }).toEqual({
      customer_id: 'c1',
      tier: 'A',
      last_purchase: '2024-03-01',
      days_since: 100.4,
      typical_gap: 31,
      days_overdue: 70,
      p_alive: 0.2,
      value_at_risk: 500,
      reasons: 'model, overdue',
    });
  });
});
