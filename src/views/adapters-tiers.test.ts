import { describe, expect, it } from 'vitest';
import { parseAbc } from '../analysis/abc';
import { parsePyramid } from '../analysis/pyramid';
import { parseProductMatrix } from '../analysis/product-matrix';
import { parseStages } from '../analysis/stages';
import { parseFunnel } from '../analysis/funnel';
import { parseCohorts } from '../analysis/cohorts';
import { parseRetention } from '../analysis/retention';
import { parseRfm } from '../analysis/rfm';
import {
  abcChartData,
  cohortCells,
  cohortMeanShare,
  funnelChartData,
  funnelConversion,
  latestRetention,
  matrixChartData,
  matrixClassShare,
  pyramidChartData,
  pyramidActiveShare,
  rfmCells,
  stageChartData,
  tierCustomerShare,
} from './adapters-tiers';

describe('tiers adapters', () => {
  const abc = parseAbc([
    { segment: null, tier: 'A', customers: 2, value: 80 },
    { segment: null, tier: 'B', customers: 3, value: 15 },
    { segment: null, tier: 'C', customers: 5, value: 5 },
  ]);

  it('maps ABC tiers with labels and quotes the customer share of a tier', () => {
    const d = abcChartData(abc, (t) => `tier ${t}`);
    expect(d.tiers.map((t) => [t.key, t.label, t.customers])).toEqual([
      ['A', 'tier A', 2],
      ['B', 'tier B', 3],
      ['C', 'tier C', 5],
    ]);
    expect(d.tiers[0]?.valueShare).toBeCloseTo(0.8);
    expect(tierCustomerShare(abc, 'A')).toBeCloseTo(0.2);
    expect(tierCustomerShare(parseAbc([]), 'A')).toBeNull();
  });

  it('drops empty inactive/prospect rows from the pyramid and gives prospects no value share', () => {
    const rows = [
      { segment: null, level: 'top', customers: 1, value: 50 },
      { segment: null, level: 'big', customers: 4, value: 30 },
      { segment: null, level: 'medium', customers: 15, value: 15 },
      { segment: null, level: 'small', customers: 80, value: 5 },
      { segment: null, level: 'inactive', customers: 0, value: 0 },
      { segment: null, level: 'prospect', customers: 7, value: 0 },
    ];
    const p = parsePyramid(rows);
    const d = pyramidChartData(p, (l) => l);
    expect(d.levels.map((l) => l.key)).toEqual(['top', 'big', 'medium', 'small', 'prospect']);
    expect(d.levels.at(-1)?.valueShare).toBeNull();
    expect(pyramidActiveShare(p, ['top', 'big', 'medium'])).toBeCloseTo(0.95);
    // Inactive buyers' value does not dilute the share among active customers.
    const withInactive = parsePyramid([
      ...rows,
      { segment: null, level: 'inactive', customers: 9, value: 100 },
    ]);
    expect(pyramidActiveShare(withInactive, ['top'])).toBeCloseTo(0.5);
    expect(pyramidChartData(withInactive, (l) => l).levels.map((l) => l.key)).toContain('inactive');
    expect(pyramidActiveShare(parsePyramid([]), ['top'])).toBeNull();
  });

  it('flattens the RFM grid to 25 cells', () => {
    const cells = rfmCells(
      parseRfm([{ segment: null, r: 5, f: 4, customers: 3, value: 9, mean_m: 4 }]),
    );
    expect(cells).toHaveLength(25);
    expect(cells.find((c) => c.r === 5 && c.f === 4)).toEqual({
      r: 5,
      f: 4,
      customers: 3,
      value: 9,
    });
  });

  it('translates service levels and quotes the top-class revenue share of a tier', () => {
    const m = parseProductMatrix([
      { tier: 'A', profit_class: 1, customers: 2, revenue: 60, margin: 20, has_cost: true },
      { tier: 'A', profit_class: 4, customers: 1, revenue: 40, margin: -5, has_cost: true },
    ]);
    const d = matrixChartData(m, (s) => `svc:${s}`);
    expect(d.cells).toHaveLength(12);
    expect(d.cells.find((c) => c.tier === 'A' && c.productClass === '4')?.serviceLevel).toBe(
      'svc:reprice',
    );
    expect(matrixClassShare(m, 'A', 1)).toBeCloseTo(0.6);
    expect(matrixClassShare(m, 'C', 1)).toBeNull();
  });

  it('keeps prospects out of the stage breakdown', () => {
    const s = parseStages([
      { segment: null, stage: 'prospect', customers: 9, value: 0 },
      { segment: null, stage: 'atRisk', customers: 2, value: 40 },
    ]);
    const d = stageChartData(s, (x) => x);
    expect(d.stages.map((x) => x.stage)).toEqual([
      'new',
      'active',
      'reactivated',
      'atRisk',
      'lapsed',
    ]);
    expect(d.stages[3]).toMatchObject({ customers: 2, value: 40 });
  });

  it('labels funnel steps and reads conversions', () => {
    const f = parseFunnel([
      {
        segment: null,
        cohort: '2024-01',
        everyone: 10,
        in_file: 10,
        first_purchase: 8,
        repeat_buyers: 4,
        loyal: 2,
        partners: 1,
      },
    ]);
    expect(funnelChartData(f, (s) => s.toUpperCase()).stages[0]?.label).toBe('PROSPECTS');
    expect(funnelConversion(f, 'repeat')).toBeCloseTo(0.5);
  });
});

describe('lifecycle adapters', () => {
  // Cohort 2024-01 (4 customers) reached 3 periods, 2024-02 (2 customers) only 2.
  const cohorts = parseCohorts(
    [
      { cohort: 24288, size: 4, max_period: 2, period: 0, customers: 4, revenue: 100 },
      { cohort: 24288, size: 4, max_period: 2, period: 1, customers: 2, revenue: 50 },
      { cohort: 24289, size: 2, max_period: 1, period: 0, customers: 2, revenue: 40 },
    ],
    'month',
  );

  it('leaves unreached periods blank and reached periods without buyers at zero', () => {
    const cells = cohortCells(cohorts, 'customers');
    const feb = cells.filter((c) => c.cohort === '2024-02');
    expect(feb.map((c) => c.share)).toEqual([1, 0, null]);
  });

  it('gives revenue relative to the first period', () => {
    const jan = cohortCells(cohorts, 'revenue').filter((c) => c.cohort === '2024-01');
    expect(jan.map((c) => c.share)).toEqual([1, 0.5, 0]);
    expect(cohortMeanShare(cohorts, 'customers', 1)).toBeCloseTo((0.5 + 0) / 2);
    expect(cohortMeanShare(cohorts, 'revenue', 5)).toBeNull();
  });

  it('quotes the last complete period with a retention rate', () => {
    const r = parseRetention(
      [
        { p: 24288, active: 10, retained: 0, new_customers: 10 },
        { p: 24289, active: 8, retained: 5, new_customers: 3 },
        { p: 24290, active: 2, retained: 1, new_customers: 1 },
      ],
      'month',
    );
    expect(latestRetention(r)?.period).toBe('2024-02');
    expect(latestRetention(r)?.retentionRate).toBeCloseTo(0.5);
    expect(latestRetention(parseRetention([], 'month'))).toBeNull();
  });
});
