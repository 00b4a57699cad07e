import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, compactFormat, numberFormat, orderedKeys, percentFormat } from './common';
import { type HeatCell, heatmapOptions } from './heatmap';

export interface TierProductCell {
  tier: string;
  productClass: string;
  revenue: number;
  /** Gross margin amount in the same currency as revenue. */
  margin: number;
  customers: number;
  /** Recommended service level for the cell, already translated. */
  serviceLevel: string;
}

export interface TierProductData {
  cells: TierProductCell[];
}

export interface TierProductOptions extends ChartFrame {
  xLabel?: string;
  yLabel?: string;
  /** Legend title for the margin-rate colour. */
  legendLabel?: string;
  tierOrder?: string[];
  productClassOrder?: string[];
  tierLabel?: (tier: string) => string;
  productClassLabel?: (productClass: string) => string;
  /** Hover text; defaults to revenue, margin rate and customers. */
  tipText?: (cell: TierProductCell, marginRate: number | null) => string;
}

/** Margin over revenue, or null where revenue is zero (no rate exists there). */
export function marginRate(cell: Pick<TierProductCell, 'revenue' | 'margin'>): number | null {
  return cell.revenue !== 0 ? cell.margin / cell.revenue : null;
}

export function tierProductChart(data: TierProductData, opts: TierProductOptions): PlotOptions {
  const pct = percentFormat(opts.locale);
  const num = numberFormat(opts.locale);
  const compact = opts.money ?? compactFormat(opts.locale);
  const tip =
    opts.tipText ??
    ((c: TierProductCell, rate: number | null) =>
      `${c.tier} × ${c.productClass}: ${compact(c.revenue)} · ${rate == null ? '–' : pct(rate)} · ${num(c.customers)}`);
  const cells: HeatCell[] = data.cells.map((c) => {
    const rate = marginRate(c);
    return {
      x: c.productClass,
      y: c.tier,
      value: rate,
      text: `${c.serviceLevel}\n${rate == null ? '–' : pct(rate)}`,
      title: tip(c, rate),
    };
  });
  return heatmapOptions(
    cells,
    {
      xDomain: orderedKeys(
        data.cells.map((c) => c.productClass),
        opts.productClassOrder,
      ),
      yDomain: orderedKeys(
        data.cells.map((c) => c.tier),
        opts.tierOrder,
      ),
      xTickFormat: opts.productClassLabel,
      yTickFormat: opts.tierLabel,
      xLabel: opts.xLabel,
      yLabel: opts.yLabel,
      kind: 'diverging',
      legendLabel: opts.legendLabel,
      legendFormat: pct,
      // Two text lines per cell (service level, margin rate).
      rowHeight: Math.max(44, (opts.fontSize ?? 12) * 4),
    },
    opts,
  );
}
