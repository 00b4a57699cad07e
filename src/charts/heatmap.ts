import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  DIVERGING_SCHEME,
  SEQUENTIAL_SCHEME,
  extent,
  fontSizeOf,
  frameOptions,
  inkOn,
  maxTextWidth,
  unitPosition,
} from './common';

/** One labelled cell of a grid heatmap; every chart with a matrix maps its data to this. */
export interface HeatCell {
  x: string;
  y: string;
  /** Drives the fill colour; null draws a neutral cell (e.g. a rate over zero revenue). */
  value: number | null;
  /** Drawn inside the cell (may contain a line break). */
  text: string;
  /** Hover text. */
  title: string;
  /** Thicker outline, e.g. the diagonal of a migration matrix. */
  emphasis?: boolean;
}

export interface HeatmapConfig {
  xDomain: string[];
  yDomain: string[];
  xTickFormat?: (key: string) => string;
  yTickFormat?: (key: string) => string;
  xLabel?: string;
  yLabel?: string;
  /** 'sequential' starts at 0 (counts, shares); 'diverging' is centred on 0 (margins). */
  kind: 'sequential' | 'diverging';
  /** Fixed colour domain, e.g. [0, 1] for shares; derived from the data otherwise. */
  domain?: [number, number];
  legendLabel?: string;
  legendFormat?: (v: number) => string;
  /** Pixel height of one row; the default scales with the font. */
  rowHeight?: number;
}

export function heatmapOptions(
  cells: readonly HeatCell[],
  cfg: HeatmapConfig,
  frame: ChartFrame,
): PlotOptions {
  const fontSize = fontSizeOf(frame);
  const valued = cells.filter((c): c is HeatCell & { value: number } => c.value != null);
  const blank = cells.filter((c) => c.value == null);
  const [lo, hi] = extent(valued.map((c) => c.value));
  let domain: [number, number];
  if (cfg.domain) domain = cfg.domain;
  else if (cfg.kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi), 1e-9);
    domain = [-m, m];
  } else domain = [Math.min(0, lo), hi > Math.min(0, lo) ? hi : Math.min(0, lo) + 1];
  // Diverging cells are dark at both ends; sequential cells only at the top.
  const darkness = (v: number | null): number => {
    if (v == null) return 0;
    const t = unitPosition(v, domain[0], domain[1]);
    return cfg.kind === 'diverging' ? Math.abs(t - 0.5) * 2 : t;
  };
  const yTick = cfg.yTickFormat ?? ((k: string) => k);
  const xTick = cfg.xTickFormat ?? ((k: string) => k);
  const rowHeight = cfg.rowHeight ?? Math.max(32, fontSize * 3);
  // Room for the widest tick label, plus a line for the rotated axis title when there is one.
  const tickRoom = maxTextWidth(cfg.yDomain.map(yTick), fontSize) + 12;
  const marginLeft = Math.max(40, tickRoom + (cfg.yLabel ? fontSize * 1.6 : 0));
  const extraTop = cfg.xLabel ? fontSize * 1.5 : 0;

  // Legend options (style, width) ride on the scale options; Plot forwards them to the legend.
  const colour: Plot.ScaleOptions & Omit<Plot.LegendOptions, 'legend'> = {
    type: cfg.kind === 'diverging' ? 'diverging' : 'linear',
    scheme: cfg.kind === 'diverging' ? DIVERGING_SCHEME : SEQUENTIAL_SCHEME,
    domain,
    legend: true,
    label: cfg.legendLabel ?? null,
    tickFormat: cfg.legendFormat,
    style: { fontSize: `${fontSize}px` },
    // Plot sizes the ramp for 10px text; scale its margins so larger ticks and title fit.
    width: Math.min(frame.width, 240 + fontSize * 8),
    marginTop: Math.round(fontSize * 1.8),
    marginBottom: Math.round(fontSize * 1.6),
    marginLeft: fontSize * 1.5,
    marginRight: fontSize * 1.5,
    height: Math.round(fontSize * 3.4) + 10,
  };

  return {
    ...frameOptions(frame, rowHeight * cfg.yDomain.length + fontSize * 2 + extraTop + 8),
    marginLeft,
    marginTop: fontSize * 2 + extraTop,
    marginBottom: 8,
    padding: 0.04,
    x: {
      domain: cfg.xDomain,
      axis: 'top',
      tickFormat: xTick,
      label: cfg.xLabel ?? null,
      labelAnchor: 'center',
      tickSize: 0,
    },
    y: {
      domain: cfg.yDomain,
      tickFormat: yTick,
      label: cfg.yLabel ?? null,
      labelAnchor: 'center',
      tickSize: 0,
    },
    color: colour,
    marks: [
      Plot.cell(blank, {
        x: 'x',
        y: 'y',
        fill: '#eeeeee',
        title: 'title',
        className: 'heat-blank',
        inset: 0.5,
      }),
      Plot.cell(valued, {
        x: 'x',
        y: 'y',
        fill: 'value',
        title: 'title',
        className: 'heat-cell',
        inset: 0.5,
      }),
      Plot.cell(
        cells.filter((c) => c.emphasis),
        { x: 'x', y: 'y', stroke: '#1d2330', strokeWidth: 2, fill: 'none', inset: 1 },
      ),
      Plot.text(cells, {
        x: 'x',
        y: 'y',
        text: 'text',
        // The ink colour is literal, not a value of the heatmap's colour scale.
        fill: { value: (c: HeatCell) => inkOn(darkness(c.value)), scale: null },
        className: 'heat-label',
        lineHeight: 1.15,
      }),
    ],
  };
}
