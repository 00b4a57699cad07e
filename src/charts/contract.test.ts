import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { abcChart } from './abc';
import { churnScatterChart, valueAtRiskChart } from './churn';
import { stageBreakdownChart } from './stages';
import { cohortChart } from './cohort';
import type { ChartFrame } from './common';
import { funnelChart } from './funnel';
import { lorenzChart } from './lorenz';
import { migrationChart } from './migration';
import { pyramidChart } from './pyramid';
import { quickChart } from './quick-chart';
import { rfmChart } from './rfm';
import { tierProductChart } from './tier-product';
import { plotSvg, renderChart } from './testing/render';

const frame: ChartFrame = {
  width: 800,
  title: 'T <b>1</b>',
  subtitle: 'S',
  caption: 'C',
  ariaLabel: 'A',
  ariaDescription: 'D',
  fontSize: 20,
  locale: 'zh-CN',
};

const builders: Record<string, (f: ChartFrame) => PlotOptions | null> = {
  lorenz: (f) =>
    lorenzChart(
      { series: [{ segment: 's', points: [{ customerShare: 1, valueShare: 1 }] }] },
      { ...f, xLabel: 'x', yLabel: 'y', tipText: () => 't', referenceShare: 0.2 },
    ),
  pyramid: (f) =>
    pyramidChart({ levels: [{ key: 'top', label: 'Top', customers: 1, valueShare: 1 }] }, f),
  abc: (f) =>
    abcChart(
      { tiers: [{ key: 'A', label: 'A', customers: 1, valueShare: 1 }] },
      { ...f, customerShareLabel: 'c', valueShareLabel: 'v' },
    ),
  rfm: (f) =>
    rfmChart(
      { cells: [{ r: 1, f: 1, customers: 1, value: 1 }] },
      { ...f, xLabel: 'R', yLabel: 'F' },
    ),
  tierProduct: (f) =>
    tierProductChart(
      {
        cells: [
          { tier: 'A', productClass: 'p', revenue: 1, margin: 1, customers: 1, serviceLevel: 'x' },
        ],
      },
      f,
    ),
  migration: (f) =>
    migrationChart(
      { cells: [{ from: 'A', to: 'A', customers: 1, value: 1 }] },
      { ...f, xLabel: 'to', yLabel: 'from' },
    ),
  funnel: (f) =>
    funnelChart({ stages: [{ key: 'a', label: 'a', customers: 1, conversion: null }] }, f),
  cohort: (f) =>
    cohortChart({ cells: [{ cohort: 'c', period: 0, share: 1 }] }, { ...f, xLabel: 'm' }),
  churn: (f) =>
    churnScatterChart(
      { points: [{ customerId: 'c', pAlive: 0.5, valueAtRisk: 10, tier: 'A' }] },
      { ...f, xLabel: 'v', yLabel: 'p', threshold: 0.3 },
    ),
  valueAtRisk: (f) =>
    valueAtRiskChart({ tiers: [{ tier: 'A', label: 'A', valueAtRisk: 1, customers: 1 }] }, f),
  stages: (f) => stageBreakdownChart({ stages: [{ stage: 'a', label: 'a', customers: 1 }] }, f),
  quick: (f) =>
    quickChart(
      {
        columns: [
          { name: 'k', kind: 'text' },
          { name: 'v', kind: 'number' },
        ],
        rows: [{ k: 'a', v: 1 }],
      },
      f,
    ),
};

describe.each(Object.entries(builders))('%s chart frame contract', (_, build) => {
  it('carries title, subtitle, caption, accessibility text, size and font size', () => {
    const options = build(frame);
    expect(options).not.toBeNull();
    const el = renderChart(options ?? {});
    expect(el.querySelector('h2')?.textContent).toBe('T <b>1</b>');
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('h3')?.textContent).toBe('S');
    expect(el.querySelector('figcaption')?.textContent).toBe('C');
    const svg = plotSvg(el);
    expect(svg.getAttribute('aria-label')).toBe('A');
    expect(svg.getAttribute('aria-description')).toBe('D');
    expect(svg.getAttribute('width')).toBe('800');
    expect(svg.getAttribute('style')).toContain('font-size: 20px');
    // Only the system font stack: no web font is ever referenced.
    expect(el.outerHTML).not.toMatch(/@font-face|url\(/);
  });

  it('renders without optional frame text', () => {
    const el = renderChart(build({ width: 400 }) ?? {});
    expect(el.querySelector('h2')).toBeNull();
    expect(plotSvg(el).getAttribute('width')).toBe('400');
  });
});
