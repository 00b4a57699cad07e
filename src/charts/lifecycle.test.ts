import { describe, expect, it } from 'vitest';
import { churnScatterChart, groupChurnPoints, valueAtRiskChart, type ChurnPoint } from './churn';
import { stageBreakdownChart } from './stages';
import { funnelChart } from './funnel';
import { markElements, plotSvg, renderChart, snapshotMarkup } from './testing/render';

const hostile = '<img src=x onerror=alert(1)>';

describe('funnelChart', () => {
  const stages = [
    { key: 'prospect', label: 'Prospects', customers: 5000, conversion: null },
    { key: 'first', label: 'First purchase', customers: 2000, conversion: 0.4 },
    { key: 'repeat', label: 'Repeat', customers: 800, conversion: 0.4 },
    { key: 'loyal', label: 'Loyal', customers: 200, conversion: 0.25 },
    { key: 'partner', label: hostile, customers: 20, conversion: 0.1 },
  ];

  it('draws one bar per stage, longest first, with conversion labels', async () => {
    const el = renderChart(
      funnelChart({ stages }, { width: 640, locale: 'en', title: 'Lifecycle' }),
    );
    const bars = markElements(el, 'stage', 'rect');
    expect(bars).toHaveLength(5);
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
    expect(el.textContent).toContain('2,000 · 40%');
    expect(el.textContent).toContain('5,000');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(hostile);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/funnel.svg');
  });

  it('uses the caller stage text', () => {
    const el = renderChart(funnelChart({ stages }, { width: 640, stageText: (s) => `${s.key}!` }));
    expect(el.textContent).toContain('loyal!');
  });
});

describe('churnScatterChart', () => {
  const points: ChurnPoint[] = [
    { customerId: 'C1', pAlive: 0.9, valueAtRisk: 120, tier: 'A' },
    { customerId: 'C2', pAlive: 0.2, valueAtRisk: 5400, tier: 'A' },
    { customerId: 'C3', pAlive: 0.5, valueAtRisk: 800, tier: 'B' },
    { customerId: 'C4', pAlive: 0.1, valueAtRisk: 40, tier: hostile },
    { customerId: 'C5', pAlive: 0.7, valueAtRisk: 0, tier: 'B' },
  ];

  it('plots customers on a log value axis with a threshold rule', async () => {
    const el = renderChart(
      churnScatterChart(
        { points },
        {
          width: 640,
          locale: 'en',
          xLabel: 'Value at risk',
          yLabel: 'P(alive)',
          threshold: 0.3,
          tierOrder: ['A', 'B'],
          caption: 'BG/NBD',
          omittedText: (n) => `${n} without value not shown.`,
        },
      ),
    );
    expect(markElements(el, 'customer', 'circle')).toHaveLength(4);
    expect(markElements(el, 'threshold', 'line')).toHaveLength(1);
    expect(el.querySelector('figcaption')?.textContent).toBe('BG/NBD 1 without value not shown.');
    expect(el.querySelector('img')).toBeNull();
    // On a log axis 800 sits at ln(800/40)/ln(5400/40) ≈ 61% of the way from 40 to 5400.
    const [, x5400 = 0, x800 = 0, x40 = 0] = markElements(el, 'customer', 'circle').map((c) =>
      Number(c.getAttribute('cx')),
    );
    expect((x800 - x40) / (x5400 - x40)).toBeCloseTo(Math.log(20) / Math.log(135), 2);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/churn-scatter.svg');
  });

  it('has no threshold rule when threshold is null', () => {
    const el = renderChart(
      churnScatterChart({ points }, { width: 640, xLabel: 'v', yLabel: 'p', threshold: null }),
    );
    expect(markElements(el, 'threshold', 'line')).toHaveLength(0);
    expect(plotSvg(el).querySelectorAll('circle').length).toBeGreaterThan(0);
  });
  describe('many customers', () => {
    // 3,000 customers over three tiers: a deterministic spread of values and P(alive).
    const many: ChurnPoint[] = Array.from({ length: 3000 }, (_, i) => ({
      customerId: `M${i}`,
      pAlive: ((i * 7919) % 1000) / 1000,
      valueAtRisk: i % 97 === 0 ? 0 : 10 * 1.0023 ** ((i * 104729) % 3000),
      tier: ['A', 'B', 'C'][i % 3] ?? 'C',
    }));
    const drawable = many.filter((p) => p.valueAtRisk > 0);

    it('groups every drawable customer exactly once, each group on its members’ side of the threshold', () => {
      const groups = groupChurnPoints(drawable, 0.5);
      expect(groups.reduce((s, g) => s + g.customers, 0)).toBe(drawable.length);
      expect(groups.length).toBeLessThan(drawable.length / 2);
      for (const tier of ['A', 'B', 'C']) {
        expect(groups.filter((g) => g.tier === tier).reduce((s, g) => s + g.customers, 0)).toBe(
          drawable.filter((p) => p.tier === tier).length,
        );
      }
      const below = drawable.filter((p) => p.pAlive < 0.5).length;
      expect(groups.filter((g) => g.pAlive < 0.5).reduce((s, g) => s + g.customers, 0)).toBe(below);
      const [lo, hi] = [
        Math.min(...drawable.map((p) => p.valueAtRisk)),
        Math.max(...drawable.map((p) => p.valueAtRisk)),
      ];
      for (const g of groups) {
        expect(g.valueAtRisk).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
        expect(g.valueAtRisk).toBeLessThanOrEqual(hi * (1 + 1e-12));
      }
    });

    it('draws groups sized by their customers above maxDots, and says so in the caption', async () => {
      const el = renderChart(
        churnScatterChart(
          { points: many },
          {
            width: 640,
            locale: 'en',
            xLabel: 'Value at risk',
            yLabel: 'P(alive)',
            threshold: 0.5,
            tierOrder: ['A', 'B', 'C'],
            maxDots: 2000,
            omittedText: (n) => `${n} without value not shown.`,
            groupedText: (n, dots) => `${n} customers as ${dots} dots.`,
          },
        ),
      );
      const groups = groupChurnPoints(drawable, 0.5);
      expect(markElements(el, 'customer', 'circle')).toHaveLength(0);
      const dots = markElements(el, 'customer-group', 'circle');
      expect(dots).toHaveLength(groups.length);
      const radii = dots.map((d) => Number(d.getAttribute('r')));
      expect(Math.max(...radii)).toBeGreaterThan(Math.min(...radii));
      expect(el.querySelector('figcaption')?.textContent).toBe(
        `${drawable.length} customers as ${groups.length} dots. ${many.length - drawable.length} without value not shown.`,
      );
      await expect(snapshotMarkup(el)).toMatchFileSnapshot(
        '__snapshots__/churn-scatter-grouped.svg',
      );
    });

    it('keeps one dot per customer up to maxDots', () => {
      const el = renderChart(
        churnScatterChart(
          { points: many },
          { width: 640, xLabel: 'v', yLabel: 'p', threshold: 0.5, maxDots: 5000 },
        ),
      );
      expect(markElements(el, 'customer', 'circle')).toHaveLength(drawable.length);
    });
  });
});

describe('valueAtRiskChart / stageBreakdownChart', () => {
  it('draws value at risk per tier', async () => {
    const el = renderChart(
      valueAtRiskChart(
        {
          tiers: [
            { tier: 'A', label: 'A', valueAtRisk: 120000, customers: 40 },
            { tier: 'B', label: 'B', valueAtRisk: 45000, customers: 160 },
            { tier: 'C', label: 'C', valueAtRisk: 8000, customers: 800 },
          ],
        },
        { width: 560, locale: 'en', xLabel: 'Value at risk' },
      ),
    );
    expect(markElements(el, 'tier', 'rect')).toHaveLength(3);
    expect(el.textContent).toContain('120K · 40');
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/value-at-risk.svg');
  });

  it('draws customers per stage, printing a value only where given', () => {
    const el = renderChart(
      stageBreakdownChart(
        {
          stages: [
            { stage: 'active', label: 'Active', customers: 900, value: null },
            { stage: 'at-risk', label: 'At risk', customers: 120, value: 56000 },
          ],
        },
        { width: 560, locale: 'en' },
      ),
    );
    expect(markElements(el, 'stage', 'rect')).toHaveLength(2);
    expect(el.textContent).toContain('120 · 56K');
    expect(el.textContent).toContain('900');
    expect(el.textContent).not.toContain('NaN');
  });
});
