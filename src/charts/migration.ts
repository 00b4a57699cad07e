import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, compactFormat, numberFormat, orderedKeys } from './common';
import { type HeatCell, heatmapOptions } from './heatmap';

export interface MigrationCell {
  /** Tier in the earlier period. */
  from: string;
  /** Tier in the later period. */
  to: string;
  customers: number;
  value: number;
}

export interface MigrationData {
  cells: MigrationCell[];
}

export interface MigrationOptions extends ChartFrame {
  /** Axis title for the later period (columns). */
  xLabel: string;
  /** Axis title for the earlier period (rows). */
  yLabel: string;
  legendLabel?: string;
  /** Tier keys best first; used for both axes so the diagonal means "stayed". */
  tierOrder?: string[];
  tierLabel?: (tier: string) => string;
  tipText?: (cell: MigrationCell) => string;
}

export function migrationChart(data: MigrationData, opts: MigrationOptions): PlotOptions {
  const num = numberFormat(opts.locale);
  const compact = compactFormat(opts.locale);
  const money = opts.money ?? compact;
  const tip =
    opts.tipText ??
    ((c: MigrationCell) => `${c.from} → ${c.to}: ${num(c.customers)} · ${money(c.value)}`);
  const tiers = orderedKeys(
    data.cells.flatMap((c) => [c.from, c.to]),
    opts.tierOrder,
  );
  const cells: HeatCell[] = data.cells.map((c) => ({
    x: c.to,
    y: c.from,
    value: c.customers,
    text: num(c.customers),
    title: tip(c),
    emphasis: c.from === c.to,
  }));
  return heatmapOptions(
    cells,
    {
      xDomain: tiers,
      yDomain: tiers,
      xTickFormat: opts.tierLabel,
      yTickFormat: opts.tierLabel,
      xLabel: opts.xLabel,
      yLabel: opts.yLabel,
      kind: 'sequential',
      legendLabel: opts.legendLabel,
      legendFormat: compact,
    },
    opts,
  );
}
