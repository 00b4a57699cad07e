import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  DEFAULT_FONT_SIZE,
  maxTextWidth,
  orderedKeys,
  percentFormat,
  textWidth,
} from './common';
import { type HeatCell, heatmapOptions } from './heatmap';

export interface CohortCell {
  /** Cohort key, e.g. '2024-01'. */
  cohort: string;
  /** Periods since acquisition (0, 1, 2, …). */
  period: number;
  /** Retained share (0..1); null where the period has not happened yet. */
  share: number | null;
}

export interface CohortData {
  cells: CohortCell[];
}

export interface CohortOptions extends ChartFrame {
  xLabel: string;
  yLabel?: string;
  legendLabel?: string;
  /** Print the percentage in each cell; by default only when the cells are wide enough. */
  showValues?: boolean;
  cohortLabel?: (cohort: string) => string;
  tipText?: (cell: CohortCell & { share: number }) => string;
}

export function cohortChart(data: CohortData, opts: CohortOptions): PlotOptions {
  const pct = percentFormat(opts.locale);
  const fontSize = opts.fontSize ?? DEFAULT_FONT_SIZE;
  const tip =
    opts.tipText ??
    ((c: CohortCell & { share: number }) => `${c.cohort} +${c.period}: ${pct(c.share)}`);
  const periods = [...new Set(data.cells.map((c) => c.period))].sort((a, b) => a - b);
  const cohorts = orderedKeys(
    [...data.cells]
      .sort((a, b) => (a.cohort < b.cohort ? -1 : a.cohort > b.cohort ? 1 : 0))
      .map((c) => c.cohort),
  );
  // Future periods are unknown, not zero retention: they get no cell at all.
  const known = data.cells.filter(
    (c): c is CohortCell & { share: number } => c.share != null && Number.isFinite(c.share),
  );
  const labelRoom =
    maxTextWidth(cohorts.map(opts.cohortLabel ?? ((c: string) => c)), fontSize) + 12;
  const cellWidth = (opts.width - labelRoom - 20) / Math.max(1, periods.length);
  const showValues = opts.showValues ?? cellWidth >= textWidth(pct(1), fontSize) + 6;
  const cells: HeatCell[] = known.map((c) => ({
    x: String(c.period),
    y: c.cohort,
    value: c.share,
    text: showValues ? pct(c.share) : '',
    title: tip(c),
  }));
  return heatmapOptions(
    cells,
    {
      xDomain: periods.map(String),
      yDomain: cohorts,
      yTickFormat: opts.cohortLabel,
      xLabel: opts.xLabel,
      yLabel: opts.yLabel,
      kind: 'sequential',
      domain: [0, 1],
      legendLabel: opts.legendLabel,
      legendFormat: pct,
      rowHeight: Math.max(22, (opts.fontSize ?? 12) * 2),
    },
    opts,
  );
}
