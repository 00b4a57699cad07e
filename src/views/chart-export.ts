/**
 * Export of a rendered Plot chart as a standalone SVG or PNG file. Plot wraps a chart with a
 * title or legend in an HTML <figure>; an SVG file cannot hold HTML, so the figure is rebuilt as
 * one SVG, placing every piece where the browser laid it out.
 */

import { downloadBlob } from './download';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxOf(el: Element, origin: DOMRect): Box {
  const r = el.getBoundingClientRect();
  return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
}

function computed(el: Element): CSSStyleDeclaration | null {
  return el.ownerDocument.defaultView?.getComputedStyle(el) ?? null;
}

function px(value: string | undefined, fallback: number): number {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Splits text into about `n` lines of similar length, on spaces where there are any. */
export function wrapText(text: string, n: number): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (n <= 1 || clean.length === 0) return [clean];
  const spaced = clean.includes(' ');
  // Only CJK text may break between any two characters; a long Latin word stays whole.
  if (!spaced && !/[\u2E80-\u9FFF\uAC00-\uD7AF]/.test(clean)) return [clean];
  const words = spaced ? clean.split(' ') : [...clean];
  const joiner = spaced ? ' ' : '';
  const target = clean.length / n;
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? line + joiner + w : w;
    if (line && next.length > target && lines.length < n - 1) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/** A block of HTML text (title, subtitle, caption) redrawn as SVG text at its laid-out place. */
function textBlock(doc: Document, el: Element, origin: DOMRect): SVGTextElement {
  const style = computed(el);
  const fontSize = px(style?.fontSize, 12);
  const lineHeight = px(style?.lineHeight, fontSize * 1.3);
  const box = boxOf(el, origin);
  const lines = wrapText(el.textContent ?? '', Math.max(1, Math.round(box.height / lineHeight)));
  const text = doc.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(box.x));
  text.setAttribute('y', String(box.y));
  text.setAttribute('font-size', String(fontSize));
  text.setAttribute('font-weight', style?.fontWeight || 'normal');
  if (style?.color) text.setAttribute('fill', style.color);
  lines.forEach((line, i) => {
    const span = doc.createElementNS(SVG_NS, 'tspan');
    span.setAttribute('x', String(box.x));
    span.setAttribute('dy', String(i === 0 ? lineHeight * 0.8 : lineHeight));
    span.textContent = line;
    text.appendChild(span);
  });
  return text;
}

/** Places an existing SVG (chart, ramp legend, swatch) at its laid-out position. */
function placedSvg(svg: SVGSVGElement, origin: DOMRect): Element {
  const copy = svg.cloneNode(true) as Element;
  const box = boxOf(svg, origin);
  copy.setAttribute('x', String(box.x));
  copy.setAttribute('y', String(box.y));
  copy.setAttribute('overflow', 'visible');
  if (box.width > 0) copy.setAttribute('width', String(box.width));
  if (box.height > 0) copy.setAttribute('height', String(box.height));
  // Plot's stylesheet sets `height: auto; max-width: 100%` on its SVGs, which on a nested <svg>
  // would stretch it over the whole export; inline sizes win over those zero-specificity rules.
  const size = box.width > 0 ? `;width:${box.width}px;height:${box.height}px` : '';
  copy.setAttribute('style', (copy.getAttribute('style') ?? '') + size);
  return copy;
}

/** Swatch legends are HTML: each swatch is a small SVG followed by its label text. */
function swatchLegend(doc: Document, legend: Element, origin: DOMRect): Element {
  const g = doc.createElementNS(SVG_NS, 'g');
  const style = computed(legend);
  const fontSize = px(style?.fontSize, 12);
  for (const swatch of legend.querySelectorAll('span')) {
    const icon = swatch.querySelector('svg');
    if (!icon) continue;
    g.appendChild(placedSvg(icon, origin));
    const box = boxOf(icon, origin);
    const label = doc.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(box.x + box.width + fontSize * 0.5));
    label.setAttribute('y', String(box.y + box.height / 2));
    label.setAttribute('dy', '0.35em');
    label.setAttribute('font-size', String(fontSize));
    label.textContent = swatch.textContent ?? '';
    g.appendChild(label);
  }
  return g;
}

/**
 * Serialises a rendered chart (Plot's <figure> or bare <svg>, mounted in the page so it has a
 * layout) as a self-contained SVG document: white background, system fonts, title, legends,
 * chart and caption. Text goes through DOM text nodes, so any markup in data stays text.
 */
export function chartToSvg(chart: Element): string {
  const doc = chart.ownerDocument;
  const view = doc.defaultView;
  if (!view) throw new Error('chart export needs a document with a window');
  const origin = chart.getBoundingClientRect();
  const mainSvg =
    chart.tagName.toLowerCase() === 'svg'
      ? (chart as SVGSVGElement)
      : [...chart.children]
          .filter((c): c is SVGSVGElement => c instanceof view.SVGSVGElement)
          .at(-1);
  if (!mainSvg) throw new Error('chart export: no chart SVG found');
  // Axis labels and legend ticks may overhang the figure box by a few pixels: pad all sides.
  const pad = 16;
  const width = (Math.ceil(origin.width) || Number(mainSvg.getAttribute('width')) || 640) + 2 * pad;
  const height =
    (Math.ceil(origin.height) || Number(mainSvg.getAttribute('height')) || 400) + 2 * pad;
  const style = computed(chart);

  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute(
    'font-family',
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
  );
  // Plot draws axes in currentColor; without the page's CSS the colour must be explicit.
  root.setAttribute('color', style?.color || '#1d2330');
  root.setAttribute('fill', 'currentColor');
  const background = doc.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', 'white');
  root.appendChild(background);
  const content = doc.createElementNS(SVG_NS, 'g');
  content.setAttribute('transform', `translate(${pad},${pad})`);
  root.appendChild(content);

  const parts = chart === mainSvg ? [mainSvg] : [...chart.children];
  for (const part of parts) {
    const tag = part.tagName.toLowerCase();
    if (part instanceof view.SVGSVGElement) content.appendChild(placedSvg(part, origin));
    else if (tag === 'h2' || tag === 'h3' || tag === 'figcaption') {
      content.appendChild(textBlock(doc, part, origin));
    } else if (part.querySelector('svg')) content.appendChild(swatchLegend(doc, part, origin));
  }
  return new view.XMLSerializer().serializeToString(root);
}

/** Rasterises standalone SVG text at `scale`× for crisp slides; resolves to a PNG blob. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const width = Number(size?.[1] ?? 640);
  const height = Number(size?.[2] ?? 400);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('chart export: canvas 2D context unavailable');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}

/** File name safe on Windows, macOS and Linux; keeps CJK and spaces, drops reserved characters. */
export function safeFilename(name: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '-').replace(/^[\s.-]+|[\s.-]+$/g, '');
  return `${base.slice(0, 120) || 'chart'}.${extension}`;
}

export function exportChartSvg(chart: Element, name: string): void {
  const blob = new Blob([chartToSvg(chart)], { type: 'image/svg+xml;charset=utf-8' });
  downloadBlob(safeFilename(name, 'svg'), blob);
}

export async function exportChartPng(chart: Element, name: string): Promise<void> {
  downloadBlob(safeFilename(name, 'png'), await svgToPng(chartToSvg(chart)));
}
