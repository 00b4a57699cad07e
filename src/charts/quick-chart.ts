import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  type ChartFrame,
  OKABE_ITO,
  compactFormat,
  fontSizeOf,
  frameOptions,
  maxTextWidth,
} from './common';

export type ColumnKind = 'text' | 'date' | 'number' | 'other';

export interface QuickColumn {
  name: string;
  kind: ColumnKind;
}

export interface QuickChartData {
  columns: QuickColumn[];
  /** Result rows keyed by column name, as returned by Db.query. */
  rows: readonly Record<string, unknown>[];
}

export interface QuickChartOptions extends ChartFrame {
  /** More distinct categories than this make a bar chart unreadable: no chart. */
  maxBars?: number;
  /** Results with more rows than this are not charted (the table stays the view). */
  maxPoints?: number;
}

const DEFAULT_MAX_BARS = 40;
const DEFAULT_MAX_POINTS = 20_000;

const DATE_TYPES = new Set([
  'DATE',
  'TIMESTAMP',
  'TIMESTAMPTZ',
  'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP_S',
  'TIMESTAMP_MS',
  'TIMESTAMP_NS',
  'DATETIME',
]);
const NUMBER_TYPES = new Set(
  'TINYINT SMALLINT INTEGER INT BIGINT HUGEINT UTINYINT USMALLINT UINTEGER UBIGINT UHUGEINT FLOAT REAL DOUBLE DECIMAL NUMERIC'.split(
    ' ',
  ),
);
const TEXT_TYPES = new Set(['VARCHAR', 'TEXT', 'STRING', 'CHAR', 'BPCHAR', 'UUID']);

/** Maps a DuckDB type name (as in DESCRIBE or Arrow field metadata) to a chart column kind. */
export function columnKindOf(duckType: string): ColumnKind {
  // Strip a parameter list such as DECIMAL(18,2) or VARCHAR(20); anything else left over
  // (INTEGER[], STRUCT(...), MAP) is a nested type no quick chart can plot.
  const t = duckType
    .trim()
    .toUpperCase()
    .replace(/\(\s*\d+(\s*,\s*\d+)?\s*\)$/, '');
  if (DATE_TYPES.has(t)) return 'date';
  if (NUMBER_TYPES.has(t)) return 'number';
  if (TEXT_TYPES.has(t) || t.startsWith('ENUM(')) return 'text';
  return 'other';
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** DATE columns arrive as epoch milliseconds; Date objects and ISO strings are accepted too. */
function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

type QuickKind = 'bar' | 'line' | 'dot';

export interface QuickChartPlan {
  kind: QuickKind;
  x: string;
  y: string;
}

/**
 * Picks the chart for a result: first text/date column against the first numeric column (bars
 * for unique categories, a line over time), or the first two numeric columns as a scatter.
 * Null when nothing sensible exists: no numbers, repeated or too many categories, too many rows.
 */
export function planQuickChart(
  data: QuickChartData,
  opts: Pick<QuickChartOptions, 'maxBars' | 'maxPoints'> = {},
): QuickChartPlan | null {
  const rows = data.rows;
  if (rows.length === 0 || rows.length > (opts.maxPoints ?? DEFAULT_MAX_POINTS)) return null;
  const numeric = data.columns.filter((c) => c.kind === 'number');
  const category = data.columns.find((c) => c.kind === 'text' || c.kind === 'date');
  const value = numeric[0];
  if (!value) return null;
  if (category?.kind === 'date') return { kind: 'line', x: category.name, y: value.name };
  if (category) {
    const keys = rows.map((r) => r[category.name]);
    const unique = new Set(keys).size === keys.length;
    if (!unique || keys.length > (opts.maxBars ?? DEFAULT_MAX_BARS)) return null;
    return { kind: 'bar', x: category.name, y: value.name };
  }
  const second = numeric[1];
  return second ? { kind: 'dot', x: value.name, y: second.name } : null;
}

export function quickChart(data: QuickChartData, opts: QuickChartOptions): PlotOptions | null {
  const plan = planQuickChart(data, opts);
  if (!plan) return null;
  const fontSize = fontSizeOf(opts);
  const compact = compactFormat(opts.locale);
  const axis = { labelAnchor: 'center' as const, labelArrow: 'none' as const };
  const margin = { marginLeft: Math.max(56, fontSize * 4.5), marginBottom: fontSize * 3.2 };

  if (plan.kind === 'bar') {
    const rows = data.rows.map((r) => ({
      k: String(r[plan.x] ?? ''),
      v: toNumber(r[plan.y]) ?? 0,
    }));
    const rowHeight = Math.max(24, fontSize * 2.2);
    return {
      ...frameOptions(opts, rowHeight * rows.length + fontSize * 4 + 20),
      ...margin,
      marginLeft: Math.max(
        40,
        maxTextWidth(
          rows.map((r) => r.k),
          fontSize,
        ) + 16,
      ),
      marginRight: fontSize * 4,
      x: { label: plan.y, tickFormat: compact, grid: true, ...axis },
      y: { domain: rows.map((r) => r.k), label: null, tickSize: 0 },
      marks: [
        Plot.barX(rows, {
          x: 'v',
          y: 'k',
          fill: OKABE_ITO[0],
          className: 'quick-bar',
          title: (r: { k: string; v: number }) => `${r.k}: ${compact(r.v)}`,
        }),
        Plot.ruleX([0]),
      ],
    };
  }

  if (plan.kind === 'line') {
    const points = data.rows
      .map((r) => ({ x: toDate(r[plan.x]), y: toNumber(r[plan.y]) }))
      .filter((p): p is { x: Date; y: number } => p.x != null && p.y != null)
      .sort((a, b) => a.x.getTime() - b.x.getTime());
    if (points.length === 0) return null;
    const marks: Plot.Markish[] = [
      Plot.lineY(points, {
        x: 'x',
        y: 'y',
        stroke: OKABE_ITO[0],
        strokeWidth: 2,
        className: 'quick-line',
      }),
      Plot.tip(points, Plot.pointerX({ x: 'x', y: 'y', fontSize })),
    ];
    if (points.length <= 60)
      marks.push(Plot.dot(points, { x: 'x', y: 'y', fill: OKABE_ITO[0], r: 3 }));
    return {
      ...frameOptions(opts, Math.round(opts.width * 0.5)),
      ...margin,
      // Time ticks take two lines (day, then month or year), so the label sits lower.
      marginBottom: fontSize * 4.6,
      x: { type: 'utc', label: plan.x, labelOffset: fontSize * 3.6, ...axis },
      y: { label: plan.y, tickFormat: compact, grid: true, ...axis },
      marks,
    };
  }

  const points = data.rows
    .map((r) => ({ x: toNumber(r[plan.x]), y: toNumber(r[plan.y]) }))
    .filter((p): p is { x: number; y: number } => p.x != null && p.y != null);
  if (points.length === 0) return null;
  return {
    ...frameOptions(opts, Math.round(opts.width * 0.6)),
    ...margin,
    x: { label: plan.x, tickFormat: compact, grid: true, ...axis },
    y: { label: plan.y, tickFormat: compact, grid: true, ...axis },
    marks: [
      Plot.dot(points, {
        x: 'x',
        y: 'y',
        fill: OKABE_ITO[0],
        fillOpacity: 0.7,
        r: 3,
        className: 'quick-dot',
      }),
      Plot.tip(points, Plot.pointer({ x: 'x', y: 'y', fontSize })),
    ],
  };
}
