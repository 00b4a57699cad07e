import { describe, expect, it } from 'vitest';
import { cohortChart, type CohortCell } from './cohort';
import { migrationChart, type MigrationCell } from './migration';
import { rfmChart, type RfmCell } from './rfm';
import { tierProductChart, type TierProductCell } from './tier-product';
import { markElements, plotSvg, renderChart, snapshotMarkup } from './testing/render';

const hostile = '<img src=x onerror=alert(1)>';

describe('rfmChart', () => {
  const cells: RfmCell[] = [];
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) cells.push({ r, f, customers: r * 10 + f, value: r * f * 100 });
  }

  it('draws a labelled 5×5 grid with frequent customers at the top', async () => {
    const el = renderChart(
      rfmChart(
        { cells },
        { width: 560, locale: 'en', xLabel: 'Recency', yLabel: 'Frequency', title: 'RFM' },
      ),
    );
    const rects = markElements(el, 'heat-cell', 'rect');
    expect(rects).toHaveLength(25);
    const labels = markElements(el, 'heat-label', 'text').map((t) => t.textContent);
    expect(labels).toContain('55');
    expect(labels).toContain('11');
    const y = (label: string): number => {
      const t = markElements(el, 'heat-label', 'text').find((n) => n.textContent === label);
      return Number(/translate\([^,]+,([^)]+)\)/.exec(t?.getAttribute('transform') ?? '')?.[1]);
    };
    expect(y('15')).toBeLessThan(y('11'));
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/rfm.svg');
  });

  it('keeps the full grid axes when cells are missing', () => {
    const el = renderChart(
      rfmChart({ cells: cells.slice(0, 3) }, { width: 560, xLabel: 'R', yLabel: 'F' }),
    );
    expect(markElements(el, 'heat-cell', 'rect')).toHaveLength(3);
    const ticks = [...el.querySelectorAll('g[aria-label="x-axis tick label"] text')];
    expect(ticks.map((t) => t.textContent)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('tierProductChart', () => {
  const cells: TierProductCell[] = [
    {
      tier: 'A',
      productClass: 'High margin',
      revenue: 1000,
      margin: 400,
      customers: 20,
      serviceLevel: 'Platinum',
    },
    {
      tier: 'A',
      productClass: 'Low margin',
      revenue: 800,
      margin: 40,
      customers: 18,
      serviceLevel: 'Gold',
    },
    {
      tier: 'B',
      productClass: 'High margin',
      revenue: 500,
      margin: 150,
      customers: 60,
      serviceLevel: 'Gold',
    },
    {
      tier: 'B',
      productClass: 'Low margin',
      revenue: 600,
      margin: -60,
      customers: 70,
      serviceLevel: 'Review',
    },
    {
      tier: 'C',
      productClass: 'High margin',
      revenue: 0,
      margin: 0,
      customers: 0,
      serviceLevel: hostile,
    },
  ];

  it('colours by margin rate and prints the service level', async () => {
    const el = renderChart(
      tierProductChart(
        { cells },
        {
          width: 640,
          locale: 'en',
          tierOrder: ['A', 'B', 'C'],
          title: 'Tier × product',
          legendLabel: 'Margin rate',
        },
      ),
    );
    expect(markElements(el, 'heat-cell', 'rect')).toHaveLength(4);
    // Zero revenue has no margin rate: a neutral cell, not a 0% one.
    expect(markElements(el, 'heat-blank', 'rect')).toHaveLength(1);
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(hostile);
    expect(el.textContent).toContain('Platinum');
    expect(el.textContent).toContain('-10%');
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/tier-product.svg');
  });
});

describe('migrationChart', () => {
  const tiers = ['A', 'B', 'C'];
  const cells: MigrationCell[] = [
    ...tiers.flatMap((from, i) =>
      [...tiers, 'lost'].map((to, j) => ({
        from,
        to,
        customers: i === j ? 50 : 5 + i + j,
        value: to === 'lost' ? 0 : 1000 * (3 - j),
      })),
    ),
    // New and returning (dormant) customers only arrive; nobody arrives as "lost".
    ...tiers.map((to, j) => ({ from: 'new', to, customers: 20 - j, value: 500 })),
    { from: 'dormant', to: 'C', customers: 4, value: 80 },
  ];
  const ticks = (el: Element, axis: 'x' | 'y'): string[] =>
    [...plotSvg(el).querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)].map(
      (t) => t.textContent ?? '',
    );

  it('starts rows at new and dormant and ends columns at lost, the diagonal emphasised', async () => {
    const el = renderChart(
      migrationChart(
        { cells },
        {
          width: 520,
          locale: 'en',
          xLabel: '2025',
          yLabel: '2024',
          rows: ['A', 'B', 'C', 'new', 'dormant'],
          columns: ['A', 'B', 'C', 'lost'],
        },
      ),
    );
    expect(ticks(el, 'y')).toEqual(['A', 'B', 'C', 'new', 'dormant']);
    expect(ticks(el, 'x')).toEqual(['A', 'B', 'C', 'lost']);
    expect(markElements(el, 'heat-cell', 'rect')).toHaveLength(cells.length);
    expect(el.querySelectorAll('rect[stroke-width="2"], g[stroke-width="2"] rect')).toHaveLength(3);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/migration.svg');
  });

  it('keeps listed states as empty rows and columns, and adds unlisted ones found in the data', () => {
    const el = renderChart(
      migrationChart(
        { cells: cells.filter((c) => c.from !== 'dormant') },
        {
          width: 520,
          xLabel: 'after',
          yLabel: 'before',
          rows: ['A', 'B', 'C', 'new', 'dormant'],
          columns: ['A', 'B', 'C'],
        },
      ),
    );
    expect(ticks(el, 'y')).toEqual(['A', 'B', 'C', 'new', 'dormant']);
    expect(ticks(el, 'x')).toEqual(['A', 'B', 'C', 'lost']);
  });

  it('takes each axis from its own side of the moves when no axes are given', () => {
    const el = renderChart(
      migrationChart(
        { cells },
        { width: 520, xLabel: 'after', yLabel: 'before', tierOrder: tiers },
      ),
    );
    expect(ticks(el, 'y')).toEqual(['A', 'B', 'C', 'new', 'dormant']);
    expect(ticks(el, 'x')).toEqual(['A', 'B', 'C', 'lost']);
  });
});

describe('cohortChart', () => {
  const cohorts = ['2024-01', '2024-02', '2024-03'];
  const cells: CohortCell[] = cohorts.flatMap((cohort, i) =>
    [0, 1, 2].map((period) => ({
      cohort,
      period,
      share: period + i > 2 ? null : period === 0 ? 1 : 0.5 / period,
    })),
  );

  it('leaves future periods blank rather than zero', async () => {
    const el = renderChart(
      cohortChart(
        { cells },
        { width: 480, locale: 'en', xLabel: 'Months since first order', title: 'Retention' },
      ),
    );
    const known = cells.filter((c) => c.share != null).length;
    expect(known).toBe(6);
    expect(markElements(el, 'heat-cell', 'rect')).toHaveLength(known);
    const labels = markElements(el, 'heat-label', 'text').map((t) => t.textContent);
    expect(labels).not.toContain('0%');
    expect(labels.filter((l) => l === '100%')).toHaveLength(3);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/cohort.svg');
  });

  it('keeps a true zero retention as a cell', () => {
    const el = renderChart(
      cohortChart(
        { cells: [{ cohort: '2024-01', period: 1, share: 0 }] },
        { width: 300, locale: 'en', xLabel: 'M' },
      ),
    );
    expect(markElements(el, 'heat-cell', 'rect')).toHaveLength(1);
    expect(el.textContent).toContain('0%');
  });
});

describe('cohortChart density', () => {
  const wide: CohortCell[] = Array.from({ length: 36 }, (_, period) => ({
    cohort: '2023-01',
    period,
    share: 1 / (period + 1),
  }));

  it('drops in-cell percentages when 36 periods leave no room, unless asked', () => {
    const auto = renderChart(cohortChart({ cells: wide }, { width: 640, xLabel: 'M' }));
    expect(markElements(auto, 'heat-cell', 'rect')).toHaveLength(36);
    expect(markElements(auto, 'heat-label', 'text').every((t) => t.textContent === '')).toBe(true);
    const forced = renderChart(
      cohortChart({ cells: wide }, { width: 640, xLabel: 'M', showValues: true }),
    );
    expect(markElements(forced, 'heat-label', 'text').map((t) => t.textContent)).toContain('100%');
  });
});
