import type { PlotOptions } from '@observablehq/plot';

/**
 * Presentation settings every chart builder takes. All human-readable text arrives here from the
 * caller (the i18n catalogue lives in the view layer), so builders never contain UI strings.
 */
export interface ChartFrame {
  /** Outer width in px. */
  width: number;
  /** Outer height in px; each builder picks a height from its row count when omitted. */
  height?: number;
  title?: string;
  subtitle?: string;
  caption?: string;
  /** Short accessible name of the figure (read by screen readers). */
  ariaLabel?: string;
  /** Longer accessible description, e.g. the key finding in one sentence. */
  ariaDescription?: string;
  /** Base font size in px; presentation mode passes ~18 so a projector stays readable. */
  fontSize?: number;
  /** BCP 47 locale for number and percent formatting, e.g. 'zh-CN' or 'en'. */
  locale?: string;
  /**
   * Compact money text for ticks and labels in the currency the user sees ($1.2K, ¥1.2万);
   * plain compact numbers when omitted.
   */
  money?: (v: number) => string;
}

export const DEFAULT_FONT_SIZE = 12;

/**
 * Okabe–Ito: eight hues distinguishable under the common colour-vision deficiencies. Plot's
 * built-in 'observable10' and 'tableau10' are not designed for that, so categorical colour always
 * comes from this explicit range. Black is dropped (it reads as text/axis ink).
 */
export const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
] as const;

/** The i-th categorical colour, cycling through the palette. */
export function paletteColour(i: number): string {
  return OKABE_ITO[i % OKABE_ITO.length] ?? OKABE_ITO[0];
}

/** Categorical colours for `n` keys, cycling when there are more keys than hues. */
export function categoricalRange(n: number): string[] {
  return Array.from({ length: n }, (_, i) => paletteColour(i));
}

/** Sequential single-hue scheme: readable in greyscale and under colour-vision deficiencies. */
export const SEQUENTIAL_SCHEME = 'blues';
/** Diverging ColorBrewer scheme flagged colour-blind safe: red below zero, blue above. */
export const DIVERGING_SCHEME = 'rdbu';

export function fontSizeOf(frame: ChartFrame): number {
  return frame.fontSize ?? DEFAULT_FONT_SIZE;
}

/** Frame-level Plot options shared by every chart: text, accessibility, size and font. */
export function frameOptions(frame: ChartFrame, defaultHeight: number): PlotOptions {
  const fontSize = fontSizeOf(frame);
  return {
    width: frame.width,
    height: frame.height ?? defaultHeight,
    title: frame.title,
    subtitle: frame.subtitle,
    caption: frame.caption,
    ariaLabel: frame.ariaLabel,
    ariaDescription: frame.ariaDescription,
    // The system font stack only: the app is offline-capable and must never fetch a web font.
    style: { fontSize: `${fontSize}px`, fontFamily: 'system-ui, sans-serif', overflow: 'visible' },
  };
}

/** Legend options sized like the chart text (Plot's default legend text is 10px). */
export function legendStyle(frame: ChartFrame): { legend: true; style: { fontSize: string } } {
  return { legend: true, style: { fontSize: `${fontSizeOf(frame)}px` } };
}

export function percentFormat(locale: string | undefined, digits = 0): (v: number) => string {
  const nf = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  return (v) => nf.format(v);
}

export function numberFormat(locale: string | undefined, digits = 0): (v: number) => string {
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  return (v) => nf.format(v);
}

/** Compact number (1.2K / 1.2万) for axis ticks and tight labels. */
export function compactFormat(locale: string | undefined): (v: number) => string {
  const nf = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return (v) => nf.format(v);
}

/**
 * Rough rendered width of a label in px. CJK glyphs are about one em wide, Latin about 0.6 em;
 * good enough to size margins so long tier or product names are not clipped.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += /[\u2E80-\u9FFF\uAC00-\uD7AF\uFF00-\uFFEF]/.test(ch) ? 1 : 0.6;
  return Math.ceil(ems * fontSize);
}

export function maxTextWidth(texts: Iterable<string>, fontSize: number): number {
  let max = 0;
  for (const t of texts) max = Math.max(max, textWidth(t, fontSize));
  return max;
}

/** Keys in first-appearance order, or the caller's order restricted to keys present. */
export function orderedKeys<T>(values: Iterable<T>, preferred?: readonly T[]): T[] {
  const seen = new Set<T>();
  for (const v of values) seen.add(v);
  if (!preferred) return [...seen];
  const ordered = preferred.filter((k) => seen.has(k));
  for (const k of seen) if (!ordered.includes(k)) ordered.push(k);
  return ordered;
}

/**
 * Ink colour for a label drawn on a sequential-scheme cell: white once the cell is dark enough.
 * `t` is the value's position in the colour domain (0..1).
 */
export function inkOn(t: number): string {
  return t > 0.6 ? 'white' : 'black';
}

export function unitPosition(v: number, min: number, max: number): number {
  if (!(max > min)) return 0.5;
  return Math.min(1, Math.max(0, (v - min) / (max - min)));
}

export function extent(values: Iterable<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}
