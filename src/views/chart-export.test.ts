import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { lorenzChart } from '../charts/lorenz';
import { renderChart } from '../charts/testing/render';
import { chartToSvg, safeFilename, wrapText } from './chart-export';

const hostile = '<img src=x onerror=alert(1)>';

describe('chartToSvg', () => {
  it('rebuilds a titled, legended figure as one standalone SVG with text kept as text', () => {
    const figure = renderChart(
      lorenzChart(
        {
          series: [
            { segment: 'All', points: [{ customerShare: 1, valueShare: 1 }] },
            { segment: hostile, points: [{ customerShare: 1, valueShare: 1 }] },
          ],
        },
        {
          width: 500,
          xLabel: 'x',
          yLabel: 'y',
          tipText: () => '',
          title: `Title ${hostile}`,
          caption: 'Source: orders.csv',
        },
      ),
    );
    const svg = chartToSvg(figure);
    const parsed = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
    const root: Element = parsed.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(parsed.getElementsByTagName('img')).toHaveLength(0);
    const texts = [...parsed.getElementsByTagName('text')].map((t) => t.textContent);
    expect(texts).toContain(`Title ${hostile}`);
    expect(texts).toContain('Source: orders.csv');
    // Legend: two swatch labels, the hostile one as plain text.
    expect(texts).toContain(hostile);
    expect(texts).toContain('All');
    // The chart itself is embedded as a nested SVG with its lines intact.
    const nested = [...parsed.getElementsByTagName('svg')].filter((s) => s !== root);
    expect(nested.some((s) => s.querySelectorAll('path').length > 0)).toBe(true);
    expect(Number(root.getAttribute('width'))).toBeGreaterThanOrEqual(500);
  });

  it('exports a bare SVG chart (no title, no legend)', () => {
    const chart = renderChart(
      lorenzChart(
        { series: [{ segment: 'All', points: [{ customerShare: 1, valueShare: 1 }] }] },
        { width: 300, height: 200, xLabel: 'x', yLabel: 'y', tipText: () => '' },
      ),
    );
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const svg = chartToSvg(chart);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('viewBox="0 0 332 232"');
  });
});

describe('wrapText', () => {
  it('splits on spaces into about n lines', () => {
    expect(wrapText('one two three four', 2)).toEqual(['one two', 'three four']);
    expect(wrapText('single', 3)).toEqual(['single']);
  });
  it('splits CJK text between characters', () => {
    expect(wrapText('前百分之二十的客户', 3)).toEqual(['前百分', '之二十', '的客户']);
  });
});

describe('safeFilename', () => {
  it('drops reserved characters and keeps CJK', () => {
    expect(safeFilename('帕累托 / Pareto: 2024?', 'svg')).toBe('帕累托 - Pareto- 2024.svg');
    expect(safeFilename('..', 'png')).toBe('chart.png');
    expect(safeFilename('a\u0000b', 'png')).toBe('a-b.png');
  });
});
