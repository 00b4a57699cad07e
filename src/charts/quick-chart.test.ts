import { describe, expect, it } from 'vitest';
import { columnKindOf, planQuickChart, quickChart, type QuickChartData } from './quick-chart';
import { markElements, renderChart, snapshotMarkup } from './testing/render';

const frame = { width: 560, locale: 'en' };

describe('columnKindOf', () => {
  it('maps DuckDB type names', () => {
    expect(columnKindOf('VARCHAR')).toBe('text');
    expect(columnKindOf('DATE')).toBe('date');
    expect(columnKindOf('TIMESTAMP WITH TIME ZONE')).toBe('date');
    expect(columnKindOf('DECIMAL(18,2)')).toBe('number');
    expect(columnKindOf('BIGINT')).toBe('number');
    expect(columnKindOf('double')).toBe('number');
    expect(columnKindOf('BOOLEAN')).toBe('other');
    expect(columnKindOf('INTEGER[]')).toBe('other');
  });
});

describe('planQuickChart / quickChart', () => {
  it('draws bars for a unique text column against a number', async () => {
    const data: QuickChartData = {
      columns: [
        { name: 'region', kind: 'text' },
        { name: 'revenue', kind: 'number' },
      ],
      rows: [
        { region: 'North', revenue: 1200 },
        { region: 'South', revenue: 800 },
        { region: '<img src=x onerror=alert(1)>', revenue: 300 },
      ],
    };
    expect(planQuickChart(data)).toEqual({ kind: 'bar', x: 'region', y: 'revenue' });
    const options = quickChart(data, frame);
    expect(options).not.toBeNull();
    const el = renderChart(options ?? {});
    expect(markElements(el, 'quick-bar', 'rect')).toHaveLength(3);
    expect(el.querySelector('img')).toBeNull();
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/quick-bar.svg');
  });

  it('draws a line over time for a date column, sorted by date', async () => {
    const day = 86_400_000;
    const data: QuickChartData = {
      columns: [
        { name: 'month', kind: 'date' },
        { name: 'orders', kind: 'number' },
      ],
      rows: [
        { month: Date.UTC(2024, 2, 1), orders: 30 },
        { month: Date.UTC(2024, 0, 1), orders: 10 },
        { month: Date.UTC(2024, 1, 1), orders: 20 },
        { month: null, orders: 99 },
        { month: Date.UTC(2024, 3, 1) + day, orders: null },
      ],
    };
    expect(planQuickChart(data)?.kind).toBe('line');
    const el = renderChart(quickChart(data, frame) ?? {});
    const path = markElements(el, 'quick-line', 'path')[0]?.getAttribute('d') ?? '';
    // Three valid points, left to right, rising.
    const pts = [...path.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(pts).toHaveLength(3);
    expect(pts.map((p) => p[0])).toEqual(
      [...pts.map((p) => p[0])].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    expect(pts.map((p) => p[1])).toEqual(
      [...pts.map((p) => p[1])].sort((a, b) => (b ?? 0) - (a ?? 0)),
    );
    await expect(snapshotMarkup(el)).toMatchFileSnapshot('__snapshots__/quick-line.svg');
  });

  it('draws a scatter of the first two numbers when there is no category', () => {
    const data: QuickChartData = {
      columns: [
        { name: 'orders', kind: 'number' },
        { name: 'revenue', kind: 'number' },
      ],
      rows: [
        { orders: 1, revenue: 10 },
        { orders: 2, revenue: 25 },
      ],
    };
    expect(planQuickChart(data)).toEqual({ kind: 'dot', x: 'orders', y: 'revenue' });
    const el = renderChart(quickChart(data, frame) ?? {});
    expect(markElements(el, 'quick-dot', 'circle')).toHaveLength(2);
  });

  it('returns null when no chart makes sense', () => {
    const text = { name: 'name', kind: 'text' as const };
    const num = { name: 'n', kind: 'number' as const };
    // No numeric column.
    expect(quickChart({ columns: [text], rows: [{ name: 'a' }] }, frame)).toBeNull();
    // Empty result.
    expect(quickChart({ columns: [text, num], rows: [] }, frame)).toBeNull();
    // Repeated categories would silently stack.
    const repeated = [
      { name: 'a', n: 1 },
      { name: 'a', n: 2 },
    ];
    expect(quickChart({ columns: [text, num], rows: repeated }, frame)).toBeNull();
    // Too many bars.
    const many = Array.from({ length: 41 }, (_, i) => ({ name: `c${i}`, n: i }));
    expect(quickChart({ columns: [text, num], rows: many }, frame)).toBeNull();
    expect(
      quickChart({ columns: [text, num], rows: many }, { ...frame, maxBars: 50 }),
    ).not.toBeNull();
    // A single number column.
    expect(quickChart({ columns: [num], rows: [{ n: 1 }] }, frame)).toBeNull();
    // Dates but no valid values.
    const date = { name: 'd', kind: 'date' as const };
    expect(quickChart({ columns: [date, num], rows: [{ d: null, n: 1 }] }, frame)).toBeNull();
  });
});
