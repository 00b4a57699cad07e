import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  fontSizeOf,
  frameOptions,
  maxTextWidth,
  numberFormat,
  paletteColour,
  percentFormat,
} from './common';

export interface PyramidLevel {
  /** Stable key, e.g. 'top' | 'big' | 'medium' | 'small' | 'inactive' | 'prospects'. */
  key: string;
  /** Display name of the level (already translated). */
  label: string;
  customers: number;
  /** Share of total value (0..1); null for levels without value, such as prospects. */
  valueShare: number | null;
}

export interface PyramidData {
  /** Top of the pyramid first. */
  levels: PyramidLevel[];
}

export type PyramidWidth = 'steps' | 'sqrt';

export interface PyramidOptions extends ChartFrame {
  /**
   * 'steps': widths grow in equal steps so the shape always reads as a pyramid and the numbers
   * carry the data; 'sqrt': width ∝ √customers (honest but inactive/prospects can dwarf the rest).
   */
  widthMode?: PyramidWidth;
  /** Text right of a bar, e.g. "120 customers · 42% of value". Defaults to the bare numbers. */
  detailText?: (level: PyramidLevel) => string;
}

interface PyramidRow extends PyramidLevel {
  half: number;
  detail: string;
  fill: string;
}

/** Half-widths in 0..0.5 so bars are centred on x = 0. */
function halfWidths(levels: readonly PyramidLevel[], mode: PyramidWidth): number[] {
  const n = levels.length;
  if (mode === 'steps') return levels.map((_, i) => (0.5 * (i + 1)) / n);
  const roots = levels.map((l) => Math.sqrt(Math.max(0, l.customers)));
  const max = Math.max(...roots, 0);
  // A level with customers still gets a sliver so its row is visibly present.
  return roots.map((r) => (max > 0 ? Math.max(0.02, (0.5 * r) / max) : 0.02));
}

export function pyramidChart(data: PyramidData, opts: PyramidOptions): PlotOptions {
  const fontSize = fontSizeOf(opts);
  const pct = percentFormat(opts.locale, 1);
  const num = numberFormat(opts.locale);
  const detail =
    opts.detailText ??
    ((l: PyramidLevel) =>
      l.valueShare == null ? num(l.customers) : `${num(l.customers)} · ${pct(l.valueShare)}`);
  const halves = halfWidths(data.levels, opts.widthMode ?? 'steps');
  const rows: PyramidRow[] = data.levels.map((l, i) => ({
    ...l,
    half: halves[i] ?? 0,
    detail: detail(l),
    fill: paletteColour(i),
  }));
  const labelRoom = maxTextWidth(
    rows.map((r) => r.label),
    fontSize,
  );
  const detailRoom = maxTextWidth(
    rows.map((r) => r.detail),
    fontSize,
  );
  const rowHeight = Math.max(36, fontSize * 2.6);

  return {
    ...frameOptions(opts, rowHeight * rows.length + 40),
    marginLeft: labelRoom + 12,
    marginRight: detailRoom + 12,
    marginTop: 8,
    marginBottom: 8,
    x: { domain: [-0.5, 0.5], axis: null },
    y: { domain: rows.map((r) => r.key), axis: null, padding: 0.12 },
    marks: [
      Plot.barX(rows, {
        x1: (d: PyramidRow) => -d.half,
        x2: 'half',
        y: 'key',
        fill: 'fill',
        className: 'level',
        title: 'detail',
      }),
      Plot.text(rows, {
        x: -0.5,
        y: 'key',
        text: 'label',
        textAnchor: 'end',
        dx: -8,
        fontWeight: 'bold',
      }),
      Plot.text(rows, {
        x: 0.5,
        y: 'key',
        text: 'detail',
        textAnchor: 'start',
        dx: 8,
        className: 'detail',
      }),
    ],
  };
}
