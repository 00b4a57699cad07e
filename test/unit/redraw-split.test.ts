import { describe, expect, it } from 'vitest';
import {
  paretoCurve,
  parsePareto,
  resolveParetoOptions,
  topShareOf,
} from '../../src/analysis/pareto';
import { classifyChurn, parseChurn, scoreChurn, type ChurnEntry } from '../../src/analysis/churn';
import { probabilityAlive } from '../../src/analysis/bgnbd';
import { customerValue } from '../../src/analysis/gamma-gamma';
import { ABC_TIERS } from '../../src/analysis/abc';

/** Deterministic pseudo-random numbers (xorshift), so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('topShareOf: the slider share read off the curve', () => {
  const r = rng(7);
  // Skewed values with ties, zeros and returns (negative), largest first as the query sorts them.
  const rows = Array.from({ length: 997 }, (_, i) => {
    const u = r();
    const value =
      u < 0.05 ? 0 : u < 0.08 ? -Math.round(r() * 50) : Math.round(1 / (r() + 0.01)) * 7.3;
    return { id: `c${i}`, value };
  }).sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : 1));

  it('equals paretoCurve’s own topCount and topShare for every whole percent', () => {
    const base = paretoCurve(rows, resolveParetoOptions({}));
    for (let pct = 1; pct <= 99; pct++) {
      const direct = paretoCurve(rows, resolveParetoOptions({ topCustomerShare: pct / 100 }));
      expect(topShareOf(base, pct / 100)).toEqual({
        topCount: direct.topCount,
        topShare: direct.topShare,
      });
    }
  });

  it('keeps the edge cases: one customer, none, and a total that is not positive', () => {
    const one = paretoCurve([{ id: 'a', value: 5 }], resolveParetoOptions({}));
    expect(topShareOf(one, 0.01)).toEqual({ topCount: 1, topShare: 1 });
    const none = parsePareto([]).overall;
    expect(topShareOf(none, 0.2)).toEqual({ topCount: 0, topShare: null });
    const negative = paretoCurve(
      [
        { id: 'a', value: 0 },
        { id: 'b', value: -3 },
      ],
      resolveParetoOptions({}),
    );
    expect(topShareOf(negative, 0.5)).toEqual({ topCount: 1, topShare: null });
    expect(() => topShareOf(one, 0)).toThrow(/share/);
  });
});

describe('scoreChurn + classifyChurn: score once, move the threshold', () => {
  const models = {
    bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
  };
  const r = rng(11);
  const rows = Array.from({ length: 600 }, (_, i) => {
    const T = 10 + Math.floor(r() * 70);
    const x = Math.floor(r() * 6);
    const t_x = x === 0 ? 0 : Math.floor(r() * T);
    return {
      customer_id: `k${String(i).padStart(4, '0')}`,
      tier: ABC_TIERS[Math.floor(r() * 3)],
      last_order: new Date(Date.UTC(2024, 0, 1 + Math.floor(r() * 300))),
      recency_days: Math.floor(r() * 500),
      purchase_days: x + 1,
      x,
      t_x,
      T,
      repeat_spend: x > 0 ? 20 + r() * 80 : null,
      // Ties in value at risk check the customer_id tie-break.
      value_12m: Math.round(r() * 20) * 10,
      typical_gap: x > 0 ? 30 + r() * 60 : null,
      overdue_factor: r() * 4,
      overdue: r() < 0.2,
      active: r() < 0.85,
    };
  });

  /** The list as the churn rule defines it, reckoned directly from the rows. */
  function reckon(threshold: number): { ids: string[]; reasons: string[][]; lapsed: number } {
    const atRisk = rows
      .filter((row) => row.active)
      .map((row) => {
        const p = probabilityAlive(models.bgnbd, row.x, row.t_x, row.T);
        const reasons = [...(p < threshold ? ['model'] : []), ...(row.overdue ? ['overdue'] : [])];
        return { id: row.customer_id, v: row.value_12m, reasons };
      })
      .filter((e) => e.reasons.length > 0)
      .sort((a, b) => b.v - a.v || (a.id < b.id ? -1 : 1));
    return {
      ids: atRisk.map((e) => e.id),
      reasons: atRisk.map((e) => e.reasons),
      lapsed: rows.filter((row) => !row.active).length,
    };
  }

  it('gives the reckoned list at every threshold, moved up and down on one set of scores', () => {
    const scores = scoreChurn(rows, models);
    for (const t of [0.5, 0.9, 0.2, 0.99, 0.5, 0.01, 0.7]) {
      const res = classifyChurn(scores, t);
      const want = reckon(t);
      expect(res.list.map((e) => e.customerId)).toEqual(want.ids);
      expect(res.list.map((e) => e.reasons)).toEqual(want.reasons);
      expect(res.lapsedCustomers).toBe(want.lapsed);
      // Reused scores give exactly what a fresh parse gives.
      expect(res).toEqual(parseChurn(rows, models, { pAliveThreshold: t }));
      const sum = (xs: ChurnEntry[]) => xs.reduce((s, e) => s + e.valueAtRisk, 0);
      expect(res.valueAtRisk).toBe(sum(res.list));
      for (const tier of res.byTier) {
        const mine = res.list.filter((e) => e.tier === tier.tier);
        expect(tier).toEqual({ tier: tier.tier, customers: mine.length, valueAtRisk: sum(mine) });
      }
    }
  });

  it('gives each customer’s model value when read, and their sum as the value at risk', () => {
    const scores = scoreChurn(rows, models);
    const res = classifyChurn(scores, 0.5);
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    const want = res.list.map((e) => {
      const row = byId.get(e.customerId);
      if (!row) throw new Error(`no row for ${e.customerId}`);
      const { x, t_x, T, repeat_spend: m } = row;
      return customerValue(models.bgnbd, models.gammaGamma, scores.horizonWeeks, { x, t_x, T, m });
    });
    expect(res.list.map((e) => e.modelValue)).toEqual(want);
    expect(want.every((v) => v !== null)).toBe(true);
    expect(res.modelValueAtRisk).toBe(want.reduce((s: number, v) => s + (v ?? 0), 0));
  });

  it('hands back the same entry object while a customer’s reasons stay the same', () => {
    const scores = scoreChurn(rows, models);
    const a = classifyChurn(scores, 0.5);
    const b = classifyChurn(scores, 0.6);
    const before = new Map(a.list.map((e) => [e.customerId, e]));
    for (const e of b.list) {
      const old = before.get(e.customerId);
      if (old && old.reasons.join() === e.reasons.join()) expect(e).toBe(old);
    }
  });

  it('without a model fit only the overdue rule lists customers', () => {
    const res = classifyChurn(scoreChurn(rows, { bgnbd: null, gammaGamma: null }), 0.99);
    expect(res.list.every((e) => e.reasons.join() === 'overdue' && e.pAlive === null)).toBe(true);
    expect(res.modelValueAtRisk).toBeNull();
  });
});
