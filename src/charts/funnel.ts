import type { PlotOptions } from '@observablehq/plot';
import { type ChartFrame, compactFormat, numberFormat, percentFormat } from './common';
import { type HBar, hbarOptions } from './hbar';

export interface FunnelStage {
  /** Stable key, e.g. 'prospect' | 'first' | 'repeat' | 'loyal' | 'partner'. */
  key: string;
  label: string;
  customers: number;
  /** Share of the previous stage that reached this one (0..1); null for the first stage. */
  conversion: number | null;
}

export interface FunnelData {
  /** Widest (earliest) stage first. */
  stages: FunnelStage[];
}

export interface FunnelOptions extends ChartFrame {
  xLabel?: string;
  /** Text after a bar; defaults to "count · conversion%". */
  stageText?: (stage: FunnelStage) => string;
}

export function funnelChart(data: FunnelData, opts: FunnelOptions): PlotOptions {
  const num = numberFormat(opts.locale);
  const pct = percentFormat(opts.locale, 1);
  const text =
    opts.stageText ??
    ((s: FunnelStage) =>
      s.conversion == null ? num(s.customers) : `${num(s.customers)} · ${pct(s.conversion)}`);
  const bars: HBar[] = data.stages.map((s) => ({
    key: s.key,
    label: s.label,
    value: s.customers,
    text: text(s),
    title: `${s.label}: ${text(s)}`,
  }));
  return hbarOptions(
    bars,
    { xLabel: opts.xLabel, xTickFormat: compactFormat(opts.locale), className: 'stage' },
    opts,
  );
}
