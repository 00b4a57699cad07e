import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, OKABE_ITO, fontSizeOf, frameOptions, maxTextWidth } from './common';

/** One labelled horizontal bar; funnel, value-at-risk and stage charts map their data to this. */
export interface HBar {
  key: string;
  label: string;
  value: number;
  /** Printed right of the bar end. */
  text: string;
  /** Hover text. */
  title: string;
  fill?: string;
}

export interface HBarConfig {
  xLabel?: string;
  xTickFormat?: (v: number) => string;
  className: string;
}

export function hbarOptions(
  bars: readonly HBar[],
  cfg: HBarConfig,
  frame: ChartFrame,
): PlotOptions {
  const fontSize = fontSizeOf(frame);
  const rows = bars.map((b) => ({
    ...b,
    value: Number.isFinite(b.value) ? Math.max(0, b.value) : 0,
  }));
  const max = Math.max(0, ...rows.map((b) => b.value));
  const marginLeft = Math.max(
    40,
    maxTextWidth(
      rows.map((b) => b.label),
      fontSize,
    ) + 16,
  );
  const marginRight = Math.max(
    40,
    maxTextWidth(
      rows.map((b) => b.text),
      fontSize,
    ) + 16,
  );
  const rowHeight = Math.max(30, fontSize * 2.6);
  const labelOf = new Map(rows.map((b) => [b.key, b.label]));
  return {
    ...frameOptions(frame, rowHeight * rows.length + fontSize * 4 + 20),
    marginLeft,
    marginRight,
    marginBottom: fontSize * 3,
    x: {
      domain: [0, max > 0 ? max : 1],
      grid: true,
      ticks: 4,
      label: cfg.xLabel ?? null,
      tickFormat: cfg.xTickFormat,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: {
      domain: rows.map((b) => b.key),
      tickFormat: (k: string) => labelOf.get(k) ?? k,
      label: null,
      tickSize: 0,
      padding: 0.2,
    },
    marks: [
      Plot.barX(rows, {
        x: 'value',
        y: 'key',
        fill: { value: (b: HBar) => b.fill ?? OKABE_ITO[0], scale: null },
        title: 'title',
        className: cfg.className,
      }),
      Plot.text(rows, { x: 'value', y: 'key', text: 'text', textAnchor: 'start', dx: 6 }),
      Plot.ruleX([0]),
    ],
  };
}
