import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  OKABE_ITO,
  categoricalRange,
  fontSizeOf,
  frameOptions,
  legendStyle,
  percentFormat,
} from './common';

/** One point of a cumulative curve: the top `customerShare` of customers hold `valueShare`. */
export interface LorenzPoint {
  customerShare: number;
  valueShare: number;
}

export interface LorenzSeries {
  /** Segment name; shown in the legend when there is more than one series. */
  segment: string;
  /** Customers sorted by value descending, cumulated; both shares in 0..1. */
  points: LorenzPoint[];
}

export interface LorenzData {
  /** The first series is the one the reference (e.g. 80/20) marker is read from. */
  series: LorenzSeries[];
}

export interface LorenzOptions extends ChartFrame {
  xLabel: string;
  yLabel: string;
  /** Hover text for a point, e.g. "top 20% of customers → 78% of value". */
  tipText: (customerShare: number, valueShare: number, segment: string) => string;
  /** Customer share at which to mark the reference (0.2 for 80/20); null hides it. */
  referenceShare?: number | null;
  /** Segment whose curve the reference is read from; the first series when omitted. */
  referenceSegment?: string;
  /** Label next to the reference dot; defaults to the two formatted percentages. */
  referenceLabel?: (customerShare: number, valueShare: number) => string;
  /** Label on the equality diagonal; omitted when not given. */
  equalityLabel?: string;
  /** Curves are thinned to this many points each so 100k customers stay a light SVG. */
  maxPointsPerSeries?: number;
  /** Customer-share range (0..1) to highlight, e.g. the band of customers listed below. */
  band?: { from: number; to: number } | null;
  /** Short text at the foot of the highlighted band (e.g. its share of value). */
  bandLabel?: string;
}

interface CurveRow extends LorenzPoint {
  segment: string;
}

/** Points per curve drawn unless `maxPointsPerSeries` says otherwise. */
export const LORENZ_MAX_POINTS = 400;
/** Okabe–Ito orange: apart from the blue of a single curve, also for colour-blind readers. */
const BAND_COLOUR = OKABE_ITO[1];

/** Sorted, clamped curve starting at the origin, thinned to at most `maxPoints` points. */
export function prepareCurve(points: readonly LorenzPoint[], maxPoints: number): LorenzPoint[] {
  const clean = points
    .filter((p) => Number.isFinite(p.customerShare) && Number.isFinite(p.valueShare))
    .map((p) => ({
      customerShare: Math.min(1, Math.max(0, p.customerShare)),
      valueShare: Math.min(1, Math.max(0, p.valueShare)),
    }))
    .sort((a, b) => a.customerShare - b.customerShare);
  if ((clean[0]?.customerShare ?? 1) > 0) {
    clean.unshift({ customerShare: 0, valueShare: 0 });
  }
  if (clean.length <= maxPoints) return clean;
  const step = (clean.length - 1) / (maxPoints - 1);
  return clean.filter(
    (_, j) => j === clean.length - 1 || Math.round(Math.round(j / step) * step) === j,
  );
}

/** The part of a prepared curve between two customer shares, ends interpolated. */
export function curveBetween(
  curve: readonly LorenzPoint[],
  from: number,
  to: number,
): LorenzPoint[] {
  const at = (x: number): LorenzPoint | null => {
    const v = valueShareAt(curve, x);
    return v === null ? null : { customerShare: x, valueShare: v };
  };
  const inner = curve.filter((p) => p.customerShare > from && p.customerShare < to);
  return [at(from), ...inner, at(to)].filter((p): p is LorenzPoint => p !== null);
}

/** Value share held by the top `share` of customers, linearly interpolated along the curve. */
export function valueShareAt(curve: readonly LorenzPoint[], share: number): number | null {
  let prev = curve[0];
  if (!prev) return null;
  if (share <= prev.customerShare) return prev.valueShare;
  for (const p of curve) {
    if (p.customerShare >= share) {
      const span = p.customerShare - prev.customerShare;
      if (span <= 0) return p.valueShare;
      return (
        prev.valueShare + ((share - prev.customerShare) / span) * (p.valueShare - prev.valueShare)
      );
    }
    prev = p;
  }
  return prev.valueShare;
}

export function lorenzChart(data: LorenzData, opts: LorenzOptions): PlotOptions {
  const fontSize = fontSizeOf(opts);
  const pct = percentFormat(opts.locale);
  const maxPoints = Math.max(2, opts.maxPointsPerSeries ?? LORENZ_MAX_POINTS);
  const rows: CurveRow[] = data.series.flatMap((s) =>
    prepareCurve(s.points, maxPoints).map((p) => ({ ...p, segment: s.segment })),
  );
  const segments = data.series.map((s) => s.segment);
  const multi = segments.length > 1;
  const colour = multi ? { stroke: 'segment' as const } : { stroke: OKABE_ITO[0] };

  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: '#dfe2e8' }),
    Plot.gridX({ ticks: 5, stroke: '#dfe2e8', strokeOpacity: 1 }),
    Plot.gridY({ ticks: 5, stroke: '#dfe2e8', strokeOpacity: 1 }),
    Plot.link([{ x1: 0, y1: 0, x2: 1, y2: 1 }], {
      x1: 'x1',
      y1: 'y1',
      x2: 'x2',
      y2: 'y2',
      stroke: '#5b6475',
      strokeDasharray: '4 4',
    }),
  ];
  if (opts.equalityLabel) {
    marks.push(
      Plot.text([{ x: 0.62, y: 0.62 }], {
        x: 'x',
        y: 'y',
        text: () => opts.equalityLabel,
        dy: fontSize,
        textAnchor: 'start',
        fill: '#5b6475',
      }),
    );
  }
  const band = opts.band;
  if (band && band.to > band.from) {
    const from = Math.max(0, band.from);
    const to = Math.min(1, band.to);
    marks.push(
      Plot.rect([{ x1: from, x2: to }], {
        x1: 'x1',
        x2: 'x2',
        y1: 0,
        y2: 1,
        fill: BAND_COLOUR,
        fillOpacity: 0.14,
        className: 'band',
      }),
    );
    // Shading under one curve only: under several it would hide which curve it belongs to.
    const only = data.series.length === 1 ? data.series[0] : undefined;
    if (only) {
      const part = curveBetween(prepareCurve(only.points, maxPoints), from, to);
      marks.push(
        Plot.areaY(part, {
          x: 'customerShare',
          y: 'valueShare',
          fill: BAND_COLOUR,
          fillOpacity: 0.45,
          className: 'band-area',
        }),
      );
    }
    if (opts.bandLabel) {
      marks.push(
        Plot.text([{ x: (from + to) / 2, y: 0, label: opts.bandLabel }], {
          x: 'x',
          y: 'y',
          text: 'label',
          dy: -fontSize * 0.9,
          fontWeight: 'bold',
          stroke: 'white',
          strokeWidth: 4,
          paintOrder: 'stroke',
          fill: '#1d2330',
          className: 'band-label',
        }),
      );
    }
  }
  marks.push(
    Plot.line(rows, {
      x: 'customerShare',
      y: 'valueShare',
      z: 'segment',
      ...colour,
      strokeWidth: 2.5,
      className: 'curve',
    }),
  );

  const first = data.series.find((s) => s.segment === opts.referenceSegment) ?? data.series[0];
  const refShare = opts.referenceShare;
  if (first && refShare != null && refShare > 0 && refShare < 1) {
    const refValue = valueShareAt(prepareCurve(first.points, Number.MAX_SAFE_INTEGER), refShare);
    if (refValue != null) {
      const label = opts.referenceLabel
        ? opts.referenceLabel(refShare, refValue)
        : `${pct(refShare)} → ${pct(refValue)}`;
      marks.push(
        Plot.ruleX([refShare], { y1: 0, y2: refValue, stroke: '#1d2330', strokeDasharray: '2 3' }),
        Plot.ruleY([refValue], { x1: 0, x2: refShare, stroke: '#1d2330', strokeDasharray: '2 3' }),
        Plot.dot([{ x: refShare, y: refValue }], {
          x: 'x',
          y: 'y',
          r: 5,
          fill: '#1d2330',
          className: 'reference',
        }),
        Plot.text([{ x: refShare, y: refValue, label }], {
          x: 'x',
          y: 'y',
          text: 'label',
          textAnchor: 'start',
          dx: 8,
          dy: fontSize,
          fontWeight: 'bold',
          stroke: 'white',
          strokeWidth: 4,
          paintOrder: 'stroke',
          fill: '#1d2330',
        }),
      );
    }
  }

  marks.push(
    Plot.tip(
      rows,
      Plot.pointerX({
        x: 'customerShare',
        y: 'valueShare',
        title: (d: CurveRow) => opts.tipText(d.customerShare, d.valueShare, d.segment),
        fontSize,
      }),
    ),
  );

  return {
    ...frameOptions(opts, Math.round(opts.width * 0.62)),
    marginLeft: Math.max(60, fontSize * 5.5),
    marginBottom: Math.max(40, fontSize * 3.2),
    marginRight: 24,
    x: {
      domain: [0, 1],
      label: opts.xLabel,
      tickFormat: pct,
      ticks: 5,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: {
      domain: [0, 1],
      label: opts.yLabel,
      tickFormat: pct,
      ticks: 5,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    color: multi
      ? { domain: segments, range: categoricalRange(segments.length), ...legendStyle(opts) }
      : undefined,
    marks,
  };
}
