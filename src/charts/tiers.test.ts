import { describe, expect, it } from 'vitest';
import { abcChart } from './abc';
import { pyramidChart, type PyramidLevel } from './pyramid';
import { markElements, renderChart, snapshotMarkup } from './testing/render';

const levels: PyramidLevel[] = [
  { key: 'top', label: 'Top', customers: 12, valueShare: 0.31 },
  { key: 'big', label: 'Big', customers: 48, valueShare: 0.29 },
  { key: 'medium', label: 'Medium', customers: 180, valueShare: 0.25 },
  { key: 'small', label: 'Small', customers: 960, valueShare: 0.15 },
  { key: 'inactive', label: 'Inactive', customers: 400, valueShare: 0 },
  { key: 'prospects', label: 'Prospects', customers: 2500, valueShare: null },
];

describe('pyramidChart', () => {
  it('draws one centred bar per level, narrow at the top', async () => {
    const el = renderChart(
      pyramidChart({ levels }, { width: 720, locale: 'en', title: 'Customer pyramid' }),
    );
    const bars = markElements(el, 'level', 'rect');
    expect(bars).toHaveLength(6);
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(widths).toEqual([...widths].sort((a, b) => a - b));
    // Centred: every bar has the same midpoint.
    const mids = bars.map((b) => Number(b.getAttribute('x')) + Number(b.getAttribute('width')) / 2);
    for (const m of mids) expect(m).toBeCloseTo(mids[0] ?? 0, 5);
    expect(el.textContent).toContain('12 · 31%');
    expect(el.textContent).toContain('2,500');
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/pyramid.svg');
  });

  it('scales widths by √customers in sqrt mode', () => {
    const el = renderChart(pyramidChart({ levels }, { width: 720, widthMode: 'sqrt' }));
    const widths = markElements(el, 'level', 'rect').map((b) => Number(b.getAttribute('width')));
    expect((widths[5] ?? 0) / (widths[3] ?? 1)).toBeCloseTo(Math.sqrt(2500 / 960), 1);
  });

  it('uses the caller text and escapes hostile labels', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const el = renderChart(
      pyramidChart(
        { levels: [{ key: 'top', label: hostile, customers: 1, valueShare: 1 }] },
        { width: 400, detailText: (l) => `${l.customers} clients` },
      ),
    );
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain(hostile);
    expect(el.textContent).toContain('1 clients');
  });
});

describe('abcChart', () => {
  it('draws customer-share and value-share bars per tier', async () => {
    const el = renderChart(
      abcChart(
        {
          tiers: [
            { key: 'A', label: 'A', customers: 200, valueShare: 0.8 },
            { key: 'B', label: 'B', customers: 300, valueShare: 0.15 },
            { key: 'C', label: 'C', customers: 500, valueShare: 0.05 },
          ],
        },
        {
          width: 640,
          locale: 'en',
          customerShareLabel: 'Customers',
          valueShareLabel: 'Revenue',
          title: 'ABC tiers',
        },
      ),
    );
    expect(markElements(el, 'share', 'rect')).toHaveLength(6);
    expect(el.textContent).toContain('Customers');
    expect(el.textContent).toContain('Revenue');
    expect(el.textContent).toContain('80%');
    expect(el.textContent).toContain('20%');
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/abc.svg');
  });
});
