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
  /**
   * Above this many drawable customers the chart draws groups instead of one dot each (tens of
   * thousands of SVG circles take seconds to redraw on every threshold move). Default 2000.
   */
  maxDots?: number;
  /** Caption addition when customers are grouped: receives customers and dots drawn. */
  groupedText?: (customers: number, dots: number) => string;
  /** Hover text of a group; defaults to "n · tier / P(alive) · value" (group means). */
  groupTipText?: (g: ChurnGroup) => string;
}

/** Customers of one tier in one cell of the value x P(alive) grid, drawn as one sized dot. */
export interface ChurnGroup {
  tier: string;
  customers: number;
  /** Geometric mean of the members' value at risk: the dot stays inside its log-axis cell. */
  valueAtRisk: number;
  /** Mean P(alive) of the members. */
  pAlive: number;
}

/**
 * Groups points by tier on a grid of `columns` log-spaced value cells by `rows` P(alive) cells.
 * Cells are split at the threshold, so a group sits on the same side of the rule as every one of
 * its members. Every point lands in exactly one group: the counts add up to the points.
 */
export function groupChurnPoints(
  points: readonly ChurnPoint[],
  threshold: number | null = null,
  columns = 32,
  rows = 16,
): ChurnGroup[] {
  let lo = Infinity;
  let hi = -Infinity;
  const logs = new Float64Array(points.length);
  points.forEach((p, i) => {
    const l = Math.log10(p.valueAtRisk);
    logs[i] = l;
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  });
  const span = hi - lo;
  const tiers = new Map<string, number>();
  // One slot per tier x column x row x side of the threshold; typed arrays keep 100k points fast.
  const perTier = columns * rows * 2;
  let n = new Float64Array(0);
  let logSum = new Float64Array(0);
  let pSum = new Float64Array(0);
  points.forEach((p, i) => {
    let t = tiers.get(p.tier);
    if (t === undefined) {
      t = tiers.size;
      tiers.set(p.tier, t);
      const size = (t + 1) * perTier;
      const grow = (a: Float64Array) => {
        const b = new Float64Array(size);
        b.set(a);
        return b;
      };
      n = grow(n);
      logSum = grow(logSum);
      pSum = grow(pSum);
    }
    const l = logs[i] ?? 0;
    const ix = span > 0 ? Math.min(columns - 1, Math.floor(((l - lo) / span) * columns)) : 0;
    const iy = Math.min(rows - 1, Math.max(0, Math.floor(p.pAlive * rows)));
    const below = threshold !== null && p.pAlive < threshold ? 1 : 0;
    const k = t * perTier + (ix * rows + iy) * 2 + below;
    n[k] = (n[k] ?? 0) + 1;
    logSum[k] = (logSum[k] ?? 0) + l;
    pSum[k] = (pSum[k] ?? 0) + p.pAlive;
  });
  const out: ChurnGroup[] = [];
  for (const [tier, t] of tiers) {
    for (let k = t * perTier; k < (t + 1) * perTier; k++) {
      const c = n[k] ?? 0;
      if (c === 0) continue;
      out.push({
        tier,
        customers: c,
        valueAtRisk: 10 ** ((logSum[k] ?? 0) / c),
        pAlive: (pSum[k] ?? 0) / c,
      });
    }
  }
  return out;
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
  const grouped = drawable.length > (opts.maxDots ?? 2000);
  const groups = grouped
    ? groupChurnPoints(drawable, opts.threshold ?? null).sort((a, b) => b.customers - a.customers)
    : [];
  const captionParts = [
    opts.caption,
    grouped && opts.groupedText ? opts.groupedText(drawable.length, groups.length) : undefined,
    omitted > 0 && opts.omittedText ? opts.omittedText(omitted) : undefined,
  ];
  const caption = captionParts.filter(Boolean).join(' ') || undefined;
  const num = numberFormat(opts.locale);
  const groupTip =
    opts.groupTipText ??
    ((g: ChurnGroup) =>
      `${num(g.customers)} · ${tierLabel(g.tier)}\n${pct(g.pAlive)} · ${compact(g.valueAtRisk)}`);
  const dotR = Math.max(2.5, fontSize / 4);

  const marks: Plot.Markish[] = grouped
    ? [
        // Largest groups first, so smaller ones stay visible on top of them.
        Plot.dot(groups, {
          x: 'valueAtRisk',
          y: 'pAlive',
          fill: 'tier',
          r: 'customers',
          fillOpacity: 0.6,
          className: 'customer-group',
        }),
        Plot.tip(
          groups,
          Plot.pointer({ x: 'valueAtRisk', y: 'pAlive', title: groupTip, fontSize }),
        ),
      ]
    : [
        Plot.dot(drawable, {
          x: 'valueAtRisk',
          y: 'pAlive',
          fill: 'tier',
          r: dotR,
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
    ...(grouped
      ? {
          r: {
            type: 'sqrt' as const,
            domain: [1, Math.max(2, groups[0]?.customers ?? 2)],
            range: [dotR * 0.8, dotR * 5],
          },
        }
      : {}),
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
