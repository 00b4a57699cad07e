import { describe, expect, it } from 'vitest';
import { curveBetween, lorenzChart, prepareCurve, valueShareAt, type LorenzData } from './lorenz';
import { markElements, renderChart, snapshotMarkup } from './testing/render';

const overall: LorenzData['series'][number] = {
  segment: 'All',
  points: [
    { customerShare: 0.1, valueShare: 0.55 },
    { customerShare: 0.2, valueShare: 0.8 },
    { customerShare: 0.5, valueShare: 0.95 },
    { customerShare: 1, valueShare: 1 },
  ],
};

const base = {
  width: 640,
  xLabel: 'Share of customers',
  yLabel: 'Share of value',
  tipText: (x: number, y: number) => `top ${Math.round(x * 100)}% -> ${Math.round(y * 100)}%`,
  referenceShare: 0.2,
  title: 'Pareto curve',
  ariaLabel: 'Pareto curve of customer value',
  ariaDescription: 'The top 20% of customers hold 80% of value.',
};

describe('lorenzChart', () => {
  it('renders the curve, diagonal and reference marker', async () => {
    const el = renderChart(lorenzChart({ series: [overall] }, { ...base, locale: 'en' }));
    expect(el.querySelector('h2')?.textContent).toBe('Pareto curve');
    expect(markElements(el, 'curve', 'path')).toHaveLength(1);
    expect(markElements(el, 'reference', 'circle')).toHaveLength(1);
    expect(el.querySelector('svg')?.getAttribute('aria-label')).toBe(base.ariaLabel);
    expect(el.textContent).toContain('20% → 80%');
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/lorenz.svg');
  });

  it('colours several segments and escapes hostile segment names', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const other = {
      segment: hostile,
      points: [
        { customerShare: 0.2, valueShare: 0.5 },
        { customerShare: 1, valueShare: 1 },
      ],
    };
    const el = renderChart(lorenzChart({ series: [overall, other] }, { ...base, locale: 'en' }));
    expect(markElements(el, 'curve', 'path')).toHaveLength(2);
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(hostile);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/lorenz-segments.svg');
  });

  it('omits the reference when referenceShare is null', () => {
    const el = renderChart(lorenzChart({ series: [overall] }, { ...base, referenceShare: null }));
    expect(markElements(el, 'reference', 'circle')).toHaveLength(0);
  });
});

describe('prepareCurve / valueShareAt', () => {
  it('starts at the origin, sorts and thins', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      customerShare: (1000 - i) / 1000,
      valueShare: Math.sqrt((1000 - i) / 1000),
    }));
    const curve = prepareCurve(many, 50);
    expect(curve).toHaveLength(50);
    expect(curve[0]).toEqual({ customerShare: 0, valueShare: 0 });
    expect(curve.at(-1)).toEqual({ customerShare: 1, valueShare: 1 });
    const xs = curve.map((p) => p.customerShare);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('interpolates between points', () => {
    const curve = prepareCurve(overall.points, 100);
    expect(valueShareAt(curve, 0.2)).toBeCloseTo(0.8);
    expect(valueShareAt(curve, 0.35)).toBeCloseTo(0.875);
    expect(valueShareAt(curve, 0.05)).toBeCloseTo(0.275);
  });
});

describe('lorenzChart reference segment', () => {
  it('reads the reference from the named segment', () => {
    const flat = {
      segment: 'Flat',
      points: [
        { customerShare: 0.2, valueShare: 0.2 },
        { customerShare: 1, valueShare: 1 },
      ],
    };
    const el = renderChart(
      lorenzChart({ series: [overall, flat] }, { ...base, locale: 'en', referenceSegment: 'Flat' }),
    );
    expect(el.textContent).toContain('20% → 20%');
    expect(el.textContent).not.toContain('20% → 80%');
  });
});

describe('lorenzChart band highlight', () => {
  it('shades the chosen band and the value under the curve in it', async () => {
    const el = renderChart(
      lorenzChart(
        { series: [overall] },
        { ...base, locale: 'en', band: { from: 0.1, to: 0.2 }, bandLabel: '25%' },
      ),
    );
    const [rect] = markElements(el, 'band', 'rect');
    // Plot area: marginLeft 66 (5.5 em at 12 px) to 640 - 24.
    const x = (share: number): number => 66 + share * (640 - 66 - 24);
    expect(Number(rect?.getAttribute('x'))).toBeCloseTo(x(0.1), 0);
    expect(Number(rect?.getAttribute('width'))).toBeCloseTo(x(0.2) - x(0.1), 0);
    expect(markElements(el, 'band-area', 'path')).toHaveLength(1);
    expect(markElements(el, 'band-label', 'text').map((t) => t.textContent)).toEqual(['25%']);
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/lorenz-band.svg');
  });

  it('draws no band without one, and no shading under several curves', () => {
    const plain = renderChart(lorenzChart({ series: [overall] }, base));
    expect(markElements(plain, 'band', 'rect')).toHaveLength(0);
    const two = { segment: 'Two', points: overall.points };
    const multi = renderChart(
      lorenzChart({ series: [overall, two] }, { ...base, band: { from: 0.5, to: 0.6 } }),
    );
    expect(markElements(multi, 'band', 'rect')).toHaveLength(1);
    expect(markElements(multi, 'band-area', 'path')).toHaveLength(0);
  });

  it('cuts the curve at the band edges by interpolation', () => {
    const part = curveBetween(prepareCurve(overall.points, 100), 0.15, 0.35);
    expect(part.map((p) => p.customerShare)).toEqual([0.15, 0.2, 0.35]);
    expect(part[0]?.valueShare).toBeCloseTo(0.675);
    expect(part[2]?.valueShare).toBeCloseTo(0.875);
  });
});
