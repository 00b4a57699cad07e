import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { JSDOM } from 'jsdom';

/**
 * Renders Plot options in Node for tests. jsdom stands in for the browser DOM; each call gets a
 * fresh window so one test's nodes never leak into another's snapshot.
 */
export function renderChart(options: PlotOptions): Element {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  // jsdom has no 2D canvas; Plot paints continuous colour legends into one. A no-op context keeps
  // the legend's structure (ticks, label) in the snapshot while the gradient image stays empty.
  const proto = window.HTMLCanvasElement.prototype as unknown as {
    getContext: () => unknown;
    toDataURL: () => string;
  };
  proto.getContext = () => ({ fillStyle: '', fillRect: () => undefined });
  proto.toDataURL = () => 'data:,';
  return Plot.plot({ ...options, document: window.document });
}

/** The chart's own SVG; a figure wraps it when there is a title or legend (legends come first). */
export function plotSvg(el: Element): Element {
  if (el.tagName.toLowerCase() === 'svg') return el;
  const svg = [...el.children].filter((c) => c.tagName.toLowerCase() === 'svg').at(-1);
  if (!svg) throw new Error('rendered chart contains no SVG');
  return svg;
}

/** All elements of one mark, found by the className the builder gives that mark. */
export function markElements(el: Element, className: string, selector: string): Element[] {
  return [...plotSvg(el).querySelectorAll(`g.${className} ${selector}`)];
}

/**
 * Snapshot text: the chart SVG as a standalone file (opens in a browser), one element per line
 * so diffs stay reviewable. Text outside the SVG (title, subtitle, legend, caption) goes into a
 * leading comment so a changed legend still changes the snapshot. The .svg extension also keeps
 * Prettier from reformatting the snapshot files.
 */
export function snapshotMarkup(el: Element): string {
  const svg = plotSvg(el).cloneNode(true) as Element;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const outside = [...el.children]
    .filter((c) => c !== plotSvg(el))
    .map((c) => `${c.tagName.toLowerCase()}: ${c.textContent?.replace(/:where[^}]*}/g, '').trim()}`)
    .join('\n')
    .replace(/--/g, '- -');
  const header = outside ? `<!--\n${outside}\n-->\n` : '';
  return header + svg.outerHTML.replace(/></g, '>\n<') + '\n';
}
