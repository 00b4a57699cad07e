import { describe, expect, it } from 'vitest';
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { quoteIdent } from '../../src/analysis/sql';
import { resolveParams } from '../../src/analysis/params';
import { rfmSegment, RFM_SEGMENTS } from '../../src/analysis/rfm';
import {
  downsampleCurve,
  gini,
  paretoCurve,
  resolveParetoOptions,
} from '../../src/analysis/pareto';
import { serviceLevel } from '../../src/analysis/product-matrix';
import { bgnbdLogLikelihood, expectedPurchases, probabilityAlive } from '../../src/analysis/bgnbd';
import { expectedAverageSpend } from '../../src/analysis/gamma-gamma';
import { periodLabel } from '../../src/analysis/cohorts';
import { must } from '../fixtures/analysis/load';
import { resolveCutoffs } from '../../src/analysis/abc';
import { buildParetoQuery } from '../../src/analysis/pareto';
import { buildSummaryQuery } from '../../src/analysis/summary';

describe('quoteIdent and params', () => {
  it('quotes known columns and refuses others', () => {
    expect(quoteIdent('region')).toBe('"region"');
    expect(() => quoteIdent('region"; DROP TABLE orders; --')).toThrow(/Unknown column/);
    expect(quoteIdent('we"ird', { allowUnknown: true })).toBe('"we""ird"');
    expect(() => quoteIdent('')).toThrow();
  });

  it('validates parameters with clear messages', () => {
    expect(() => resolveParams({ asOf: '2024-02-30x' })).toThrow(/asOf must be a date/);
    expect(() => resolveParams({ segmentBy: 'name' as never })).toThrow(/segmentBy must be one of/);
    expect(() => resolveParams({ measure: 'profit' as never })).toThrow(/measure/);
    expect(() => resolveParams({ activeDays: 0 })).toThrow(/activeDays/);
    expect(() => resolveCutoffs({ a: 0.9, b: 0.8 })).toThrow(/cut-offs/);
    expect(() => resolveParetoOptions({ valueShare: 1.5 })).toThrow(/valueShare/);
    expect(resolveParams({}).measure).toBe('net');
    expect(resolveParams({}).activeDays).toBe(365);
  });

  it('binds filter values instead of splicing them', () => {
    const q = buildSummaryQuery({ filters: { region: ["x' OR 1=1 --"] }, asOf: '2024-01-01' });
    expect(q.sql).not.toContain('1=1');
    expect(q.params).toContain("x' OR 1=1 --");
    expect(buildParetoQuery({ segmentBy: 'channel' }).sql).toContain('"channel"');
  });
});

describe('RFM segment map', () => {
  it('maps every R-F pair to the standard segments', () => {
    const grid = [1, 2, 3, 4, 5].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
    expect(grid).toEqual([
      ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLose'],
      ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLose'],
      ['aboutToSleep', 'aboutToSleep', 'needAttention', 'loyal', 'loyal'],
      ['promising', 'potentialLoyalists', 'potentialLoyalists', 'loyal', 'loyal'],
      ['new', 'potentialLoyalists', 'potentialLoyalists', 'champions', 'champions'],
    ]);
    expect(new Set(grid.flat())).toEqual(new Set(RFM_SEGMENTS));
  });
});

describe('Pareto maths', () => {
  it('Gini of equal values is 0 and of one holder approaches 1', () => {
    expect(gini([5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
    expect(gini([])).toBeNull();
    expect(gini([-1, 1])).toBeNull();
  });

  it('curve on values sorted largest first', () => {
    const c = paretoCurve(
      [
        { id: 'a', value: 60 },
        { id: 'b', value: 30 },
        { id: 'c', value: 10 },
      ],
      resolveParetoOptions({ topCustomerShare: 0.34, valueShare: 0.9, topN: 2 }),
    );
    expect(c.points.map((p) => p.valueShare)).toEqual([0, 0.6, 0.9, 1]);
    expect(c.topCount).toBe(1);
    expect(c.topShare).toBeCloseTo(0.6, 12);
    expect(c.customersForValueShare).toBe(2);
    expect(c.top).toHaveLength(2);
  });

  it('downsampling leaves short curves alone', () => {
    const pts = [
      { customerShare: 0, valueShare: 0 },
      { customerShare: 1, valueShare: 1 },
    ];
    expect(downsampleCurve(pts, 500)).toEqual(pts);
  });
});

describe('service levels', () => {
  it('follows the documented table, losses always reprice', () => {
    expect(serviceLevel('A', 1, 10)).toBe('invest');
    expect(serviceLevel('A', 4, 10)).toBe('maintain');
    expect(serviceLevel('B', 4, null)).toBe('cost-down');
    expect(serviceLevel('C', 4, 1)).toBe('reprice');
    expect(serviceLevel('A', 1, -1)).toBe('reprice');
  });
});

describe('BG/NBD and Gamma-Gamma formulas', () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('likelihood matches the paper form with the beta functions written out', () => {
    const x = 3;
    const t_x = 20;
    const T = 35;
    const lead = gammaln(p.r + x) - gammaln(p.r) + p.r * Math.log(p.alpha);
    const l1 = Math.exp(
      betaln(p.a, p.b + x) - betaln(p.a, p.b) + lead - (p.r + x) * Math.log(p.alpha + T),
    );
    const l2 = Math.exp(
      betaln(p.a + 1, p.b + x - 1) - betaln(p.a, p.b) + lead - (p.r + x) * Math.log(p.alpha + t_x),
    );
    expect(bgnbdLogLikelihood(p, x, t_x, T)).toBeCloseTo(Math.log(l1 + l2), 10);
  });

  it('P(alive) is 1 without repeats and falls with time since the last purchase', () => {
    expect(probabilityAlive(p, 0, 0, 30)).toBe(1);
    expect(probabilityAlive(p, 3, 29, 30)).toBeGreaterThan(probabilityAlive(p, 3, 5, 30));
    expect(expectedPurchases(p, 0, 3, 20, 30)).toBe(0);
    expect(expectedPurchases(p, 52, 3, 20, 30)).toBeGreaterThan(
      expectedPurchases(p, 26, 3, 20, 30),
    );
  });

  it('expected spend is a weighted mean of population and own spend', () => {
    const g = { p: 6.25, q: 3.74, v: 15.44 };
    const pop = (g.p * g.v) / (g.q - 1);
    expect(expectedAverageSpend(g, 0, 0)).toBeCloseTo(pop, 12);
    const e = must(expectedAverageSpend(g, 10, 100));
    expect(e).toBeGreaterThan(pop);
    expect(e).toBeLessThan(100);
    expect(expectedAverageSpend({ p: 1, q: 1, v: 1 }, 2, 3)).toBeNull();
  });
});

describe('period labels', () => {
  it('months and quarters', () => {
    expect(periodLabel('month', 2024 * 12)).toBe('2024-01');
    expect(periodLabel('month', 2024 * 12 + 11)).toBe('2024-12');
    expect(periodLabel('quarter', 2024 * 4 + 2)).toBe('2024-Q3');
  });
});
