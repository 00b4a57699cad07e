import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, compactFormat, numberFormat } from './common';
import { type HBar, hbarOptions } from './hbar';

/** Customers per lifecycle stage as horizontal bars (the Lifecycle view's stage breakdown). */
export interface StageCount {
  stage: string;
  label: string;
  customers: number;
  /** Optional value attached to the stage (e.g. value at risk); printed when present. */
  value?: number | null;
}

export interface StageBreakdownData {
  stages: StageCount[];
}

export interface StageBreakdownOptions extends ChartFrame {
  xLabel?: string;
  /** Text after each bar; defaults to "customers · value". */
  stageText?: (stage: StageCount) => string;
}

export function stageBreakdownChart(
  data: StageBreakdownData,
  opts: StageBreakdownOptions,
): PlotOptions {
  const compact = compactFormat(opts.locale);
  const money = opts.money ?? compact;
  const num = numberFormat(opts.locale);
  const text =
    opts.stageText ??
    ((s: StageCount) =>
      s.value == null ? num(s.customers) : `${num(s.customers)} · ${money(s.value)}`);
  const bars: HBar[] = data.stages.map((s) => ({
    key: s.stage,
    label: s.label,
    value: s.customers,
    text: text(s),
    title: `${s.label}: ${text(s)}`,
  }));
  return hbarOptions(bars, { xLabel: opts.xLabel, xTickFormat: compact, className: 'stage' }, opts);
}
