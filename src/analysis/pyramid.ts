import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { groupBySegment } from './abc';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

export type PyramidLevel = 'top' | 'big' | 'medium' | 'small' | 'inactive' | 'prospect';
export const PYRAMID_LEVELS: readonly PyramidLevel[] = [
  'top',
  'big',
  'medium',
  'small',
  'inactive',
  'prospect',
];

/**
 * Shares of active customers by value rank: the first round(top x N) are top, up to
 * round((top + big) x N) big, up to round((top + big + medium) x N) medium, the rest small.
 * Defaults 0.01 / 0.04 / 0.15 (small takes the remaining 80%). Active = last purchase within
 * `activeDays` (AnalysisParams, default 365) of as-of; other buyers are inactive; customers
 * without orders are prospects.
 */
export interface PyramidShares {
  top?: number;
  big?: number;
  medium?: number;
}

export interface PyramidLevelCount {
  level: PyramidLevel;
  customers: number;
  value: number;
  /** Share of all buyers' value; null when that total is not positive. */
  valueShare: number | null;
}

export interface PyramidResult {
  shares: Required<PyramidShares>;
  levels: PyramidLevelCount[];
  segments: { segment: string | null; levels: PyramidLevelCount[] }[];
}

export function resolveShares(s: PyramidShares = {}): Required<PyramidShares> {
  const r = { top: 0.01, big: 0.04, medium: 0.15, ...s };
  if ([r.top, r.big, r.medium].some((v) => !(v >= 0)) || r.top + r.big + r.medium > 1) {
    throw new Error('Pyramid shares must be non-negative and add up to at most 1');
  }
  return r;
}

export function buildPyramidQuery(params: AnalysisParams = {}, shares: PyramidShares = {}): Query {
  const rp = resolveParams(params);
  const s = resolveShares(shares);
  return {
    sql: `WITH act AS (
        SELECT *, row_number() OVER (ORDER BY value DESC, customer_id) AS rk, count(*) OVER () AS n
        FROM ${SUMMARY_TABLE} WHERE buyer AND recency_days <= ?
      ),
      levels AS (
        SELECT ${segmentExpr(rp)} AS segment, value, CASE
          WHEN rk <= round(? * n) THEN 'top' WHEN rk <= round(? * n) THEN 'big'
          WHEN rk <= round(? * n) THEN 'medium' ELSE 'small' END AS level
        FROM act
        UNION ALL
        SELECT ${segmentExpr(rp)}, value, CASE WHEN buyer THEN 'inactive' ELSE 'prospect' END
        FROM ${SUMMARY_TABLE} WHERE NOT buyer OR recency_days > ?
      )
      SELECT segment, level, count(*) AS customers, sum(value) AS value FROM levels
      GROUP BY ALL ORDER BY segment, level`,
    params: [rp.activeDays, s.top, s.top + s.big, s.top + s.big + s.medium, rp.activeDays],
  };
}

function levelCounts(rows: readonly Record<string, unknown>[]): PyramidLevelCount[] {
  const total = rows.reduce((a, r) => a + num(r['value']), 0);
  return PYRAMID_LEVELS.map((level) => {
    const mine = rows.filter((r) => r['level'] === level);
    const value = mine.reduce((a, r) => a + num(r['value']), 0);
    return {
      level,
      customers: mine.reduce((a, r) => a + num(r['customers']), 0),
      value,
      valueShare: total > 0 ? value / total : null,
    };
  });
}

export function parsePyramid(
  rows: readonly Record<string, unknown>[],
  shares: PyramidShares = {},
  segmented = false,
): PyramidResult {
  return {
    shares: resolveShares(shares),
    levels: levelCounts(rows),
    segments: segmented
      ? [...groupBySegment(rows)].map(([segment, g]) => ({ segment, levels: levelCounts(g) }))
      : [],
  };
}
