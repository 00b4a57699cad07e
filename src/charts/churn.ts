import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  OKABE_ITO,
  categoricalRange,
  compactFormat,
  fontSizeOf,
  frameOptions,
  legendStyle,
  numberFormat,
  orderedKeys,
  paletteColour,
  percentFormat,
} from './common';
import { type HBar, hbarOptions } from './hbar';

export interface ChurnPoint {
  customerId: string;
  /** Probability the customer is still active (0..1), e.g. from BG/NBD. */
  pAlive: number;
  /** Expected value lost if the customer has churned; must be > 0 to sit on the log axis. */
  valueAtRisk: number;
  tier: string;
}

export interface ChurnScatterData {
  points: ChurnPoint[];
}

export interface ChurnScatterOptions extends ChartFrame {
  xLabel: string;
  yLabel: string;
  /** P(alive) below which a customer counts as at risk; drawn as a rule. null hides it. */
  threshold?: number | null;
  tierOrder?: string[];
  tierLabel?: (tier: string) => string;
  tipText?: (p: ChurnPoint) => string;
  /**
   * Caption addition naming how many customers could not be drawn (value ≤ 0 has no place on a
   * log axis). Receives the count; only used when the count is > 0.
   */
  omittedText?: (count: number) => string;
}

export function churnScatterChart(data: ChurnScatterData, opts: ChurnScatterOptions): PlotOptions {
  const fontSize = fontSizeOf(opts);
  const pct = percentFormat(opts.locale);
  const compact = opts.money ?? compactFormat(opts.locale);
  const tierLabel = opts.tierLabel ?? ((t: string) => t);
  const tip =
    opts.tipText ??
    ((p: ChurnPoint) =>
      `${p.customerId} · ${tierLabel(p.tier)}\n${pct(p.pAlive)} · ${compact(p.valueAtRisk)}`);
  const drawable = data.points.filter(
    (p) => p.valueAtRisk > 0 && Number.isFinite(p.valueAtRisk) && Number.isFinite(p.pAlive),
  );
  const omitted = data.points.length - drawable.length;
  const tiers = orderedKeys(
    drawable.map((p) => p.tier),
    opts.tierOrder,
  );
  const base = frameOptions(opts, Math.round(opts.width * 0.6));
  const captionParts = [
    opts.caption,
    omitted > 0 && opts.omittedText ? opts.omittedText(omitted) : undefined,
  ];
  const caption = captionParts.filter(Boolean).join(' ') || undefined;

  const marks: Plot.Markish[] = [
    Plot.dot(drawable, {
      x: 'valueAtRisk',
      y: 'pAlive',
      fill: 'tier',
      r: Math.max(2.5, fontSize / 4),
      fillOpacity: 0.75,
      className: 'customer',
    }),
    Plot.tip(drawable, Plot.pointer({ x: 'valueAtRisk', y: 'pAlive', title: tip, fontSize })),
  ];
  if (opts.threshold != null) {
    marks.unshift(
      Plot.ruleY([opts.threshold], {
        stroke: OKABE_ITO[5],
        strokeWidth: 2,
        strokeDasharray: '6 4',
        className: 'threshold',
      }),
    );
  }

  return {
    ...base,
    caption,
    marginLeft: Math.max(60, fontSize * 5.5),
    marginBottom: fontSize * 3.2,
    x: {
      type: 'log',
      nice: true,
      inset: 8,
      label: opts.xLabel,
      tickFormat: compact,
      grid: true,
      labelAnchor: 'center',
      labelArrow: 'none',
      ticks: 6,
    },
    y: {
      domain: [0, 1],
      label: opts.yLabel,
      tickFormat: pct,
      grid: true,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    color: {
      domain: tiers,
      range: categoricalRange(tiers.length),
      tickFormat: tierLabel,
      ...legendStyle(opts),
    },
    marks,
  };
}

export interface ValueAtRiskTier {
  tier: string;
  label: string;
  valueAtRisk: number;
  customers: number;
}

export interface ValueAtRiskData {
  tiers: ValueAtRiskTier[];
}

export interface ValueAtRiskOptions extends ChartFrame {
  xLabel?: string;
  /** Text after each bar; defaults to "value · customers". */
  tierText?: (tier: ValueAtRiskTier) => string;
}

export function valueAtRiskChart(data: ValueAtRiskData, opts: ValueAtRiskOptions): PlotOptions {
  const compact = opts.money ?? compactFormat(opts.locale);
  const num = numberFormat(opts.locale);
  const text =
    opts.tierText ?? ((t: ValueAtRiskTier) => `${compact(t.valueAtRisk)} · ${num(t.customers)}`);
  const bars: HBar[] = data.tiers.map((t, i) => ({
    key: t.tier,
    label: t.label,
    value: t.valueAtRisk,
    text: text(t),
    title: `${t.label}: ${text(t)}`,
    fill: paletteColour(i),
  }));
  return hbarOptions(bars, { xLabel: opts.xLabel, xTickFormat: compact, className: 'tier' }, opts);
}

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
