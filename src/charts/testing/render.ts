import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { JSDOM } from 'jsdom';

/**
 * Renders Plot options in Node for tests. jsdom stands in for the browser DOM; each call gets a
 * fresh window so one test's nodes never leak into another's snapshot.
 */
export function renderChart(options: PlotOptions): Element {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  return Plot.plot({ ...options, document: window.document });
}

/** The SVG(s) inside a rendered chart (a figure wraps the SVG when there is a title or legend). */
export function plotSvg(el: Element): SVGSVGElement {
  const svg = el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg[viewBox]');
  if (!svg) throw new Error('rendered chart contains no SVG');
  return svg as SVGSVGElement;
}

/** All elements of one mark, found by the className the builder gives that mark. */
export function markElements(el: Element, className: string, selector: string): Element[] {
  return [...plotSvg(el).querySelectorAll(`g.${className} ${selector}`)];
}

/** Pretty-enough markup for a file snapshot: one element per line keeps diffs reviewable. */
export function snapshotMarkup(el: Element): string {
  return el.outerHTML.replace(/></g, '>\n<') + '\n';
}
