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
  /**
   * Row keys (states in the earlier period, e.g. A B C new dormant), drawn even when empty so
   * the grid keeps its shape; states found in the data but not listed are added after them.
   * Default: the states the cells start from, in `tierOrder`.
   */
  rows?: string[];
  /** Column keys (states in the later period, e.g. A B C lost); default as for rows. */
  columns?: string[];
  /** Preferred key order (best first) for axes taken from the data. */
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
  // Rows and columns are different sets: "new" and "dormant" only start a move, "lost" only
  // ends one. One list for both axes gave an always-empty "lost" row and "new" column.
  const axis = (fixed: string[] | undefined, keys: string[]): string[] => {
    const found = orderedKeys(keys, opts.tierOrder);
    return fixed ? [...fixed, ...found.filter((k) => !fixed.includes(k))] : found;
  };
  const rows = axis(
    opts.rows,
    data.cells.map((c) => c.from),
  );
  const columns = axis(
    opts.columns,
    data.cells.map((c) => c.to),
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
      xDomain: columns,
      yDomain: rows,
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
