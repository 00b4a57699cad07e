import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  OKABE_ITO,
  fontSizeOf,
  frameOptions,
  legendStyle,
  percentFormat,
} from './common';

export interface AbcTier {
  /** Stable key, e.g. 'A' | 'B' | 'C'. */
  key: string;
  /** Display name of the tier. */
  label: string;
  customers: number;
  /** Share of total value (0..1). */
  valueShare: number;
}

export interface AbcData {
  /** Highest-value tier first. */
  tiers: AbcTier[];
}

export interface AbcOptions extends ChartFrame {
  /** Legend name of the customer-share bars. */
  customerShareLabel: string;
  /** Legend name of the value-share bars. */
  valueShareLabel: string;
  yLabel?: string;
}

interface AbcBar {
  key: string;
  label: string;
  metric: 'customers' | 'value';
  share: number;
}

export function abcChart(data: AbcData, opts: AbcOptions): PlotOptions {
  const fontSize = fontSizeOf(opts);
  const pct = percentFormat(opts.locale);
  const total = data.tiers.reduce((s, t) => s + Math.max(0, t.customers), 0);
  const bars: AbcBar[] = data.tiers.flatMap((t) => [
    {
      key: t.key,
      label: t.label,
      metric: 'customers' as const,
      share: total > 0 ? t.customers / total : 0,
    },
    { key: t.key, label: t.label, metric: 'value' as const, share: t.valueShare },
  ]);
  const metricNames = { customers: opts.customerShareLabel, value: opts.valueShareLabel };
  const tierLabel = new Map(data.tiers.map((t) => [t.key, t.label]));
  const maxShare = Math.max(1e-9, ...bars.map((b) => b.share));

  return {
    ...frameOptions(opts, Math.max(320, fontSize * 24)),
    marginLeft: Math.max(48, fontSize * 4),
    marginTop: fontSize * 2,
    marginBottom: fontSize * 3,
    fx: {
      domain: data.tiers.map((t) => t.key),
      tickFormat: (k: string) => tierLabel.get(k) ?? k,
      label: null,
      padding: 0.15,
      axis: 'bottom',
    },
    x: { domain: ['customers', 'value'], axis: null, paddingInner: 0.1 },
    y: {
      domain: [0, Math.min(1, maxShare * 1.15)],
      tickFormat: pct,
      ticks: 5,
      grid: true,
      label: opts.yLabel ?? null,
      labelArrow: 'none',
    },
    color: {
      domain: ['customers', 'value'],
      range: [OKABE_ITO[4], OKABE_ITO[0]],
      tickFormat: (m: 'customers' | 'value') => metricNames[m],
      ...legendStyle(opts),
    },
    marks: [
      Plot.barY(bars, {
        fx: 'key',
        x: 'metric',
        y: 'share',
        fill: 'metric',
        className: 'share',
        title: (d: AbcBar) => `${d.label} · ${metricNames[d.metric]}: ${pct(d.share)}`,
      }),
      Plot.text(bars, {
        fx: 'key',
        x: 'metric',
        y: 'share',
        text: (d: AbcBar) => pct(d.share),
        dy: -fontSize * 0.8,
        fontWeight: 'bold',
      }),
      Plot.ruleY([0]),
    ],
  };
}
