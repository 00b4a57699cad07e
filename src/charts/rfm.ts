import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, compactFormat, numberFormat } from './common';
import { type HeatCell, heatmapOptions } from './heatmap';

export interface RfmCell {
  /** Recency score, 1 (long ago) .. scoreLevels (recent). */
  r: number;
  /** Frequency score, 1 (rare) .. scoreLevels (frequent). */
  f: number;
  customers: number;
  value: number;
}

export interface RfmData {
  cells: RfmCell[];
}

export interface RfmOptions extends ChartFrame {
  xLabel: string;
  yLabel: string;
  /** Which quantity colours the cells; the count is always printed. */
  colourBy?: 'customers' | 'value';
  legendLabel?: string;
  /** Scores run 1..scoreLevels on both axes (5 for the classic 5×5 grid). */
  scoreLevels?: number;
  /** Hover text of a cell; defaults to "R r · F f: customers". */
  tipText?: (cell: RfmCell) => string;
}

export function rfmChart(data: RfmData, opts: RfmOptions): PlotOptions {
  const levels = Math.max(1, Math.round(opts.scoreLevels ?? 5));
  const scores = Array.from({ length: levels }, (_, i) => String(i + 1));
  const num = numberFormat(opts.locale);
  const colourBy = opts.colourBy ?? 'customers';
  const tip = opts.tipText ?? ((c: RfmCell) => `R${c.r} F${c.f}: ${num(c.customers)}`);
  const cells: HeatCell[] = data.cells
    .filter((c) => Number.isInteger(c.r) && Number.isInteger(c.f))
    .map((c) => ({
      x: String(c.r),
      y: String(c.f),
      value: colourBy === 'value' ? c.value : c.customers,
      text: num(c.customers),
      title: tip(c),
    }));
  return heatmapOptions(
    cells,
    {
      xDomain: scores,
      // High frequency at the top, as readers expect "better" upwards.
      yDomain: [...scores].reverse(),
      xLabel: opts.xLabel,
      yLabel: opts.yLabel,
      kind: 'sequential',
      legendLabel: opts.legendLabel,
      legendFormat: compactFormat(opts.locale),
    },
    opts,
  );
}
