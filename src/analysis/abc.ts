import type { Query, SqlValue } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

export type AbcTier = 'A' | 'B' | 'C';
export const ABC_TIERS: readonly AbcTier[] = ['A', 'B', 'C'];

/**
 * Cut-offs on cumulative value share. A customer is in A when the customers ranked above it
 * hold less than `a` of total value (so the customer crossing 80% is still A), in B when they
 * hold less than `b`, else C. Customers with zero or negative value are always C.
 * Defaults: a = 0.8, b = 0.95.
 */
export interface AbcCutoffs {
  a?: number;
  b?: number;
}

export function resolveCutoffs(c: AbcCutoffs = {}): Required<AbcCutoffs> {
  const r = { a: 0.8, b: 0.95, ...c };
  if (!(r.a > 0 && r.a <= r.b && r.b <= 1)) {
    throw new Error(`ABC cut-offs need 0 < a <= b <= 1, got a=${r.a}, b=${r.b}`);
  }
  return r;
}

/**
 * SQL expression of a customer's ABC tier from `customer_summary` columns (alias prefix
 * optional); its two parameters come back with it. The small epsilon keeps floating sums that
 * land exactly on a cut-off on the intended side.
 */
export function abcTierSql(
  cutoffs: AbcCutoffs = {},
  alias = '',
): { sql: string; params: SqlValue[] } {
  const c = resolveCutoffs(cutoffs);
  const p = alias ? `${alias}.` : '';
  return {
    sql: `CASE WHEN ${p}value > 0 AND ${p}value_above_share < ? - 1e-9 THEN 'A'
      WHEN ${p}value > 0 AND ${p}value_above_share < ? - 1e-9 THEN 'B' ELSE 'C' END`,
    params: [c.a, c.b],
  };
}

export interface TierCount {
  tier: AbcTier;
  customers: number;
  value: number;
  /** Share of total buyer value; null when that total is not positive. */
  valueShare: number | null;
}

export interface AbcResult {
  cutoffs: Required<AbcCutoffs>;
  tiers: TierCount[];
  /** Per segment-by value; [] when not segmenting. */
  segments: { segment: string | null; tiers: TierCount[] }[];
}

/** Customers and value per ABC tier (and per segment when segment-by is set). */
export function buildAbcQuery(params: AnalysisParams = {}, cutoffs: AbcCutoffs = {}): Query {
  const rp = resolveParams(params);
  const tier = abcTierSql(cutoffs);
  return {
    sql: `SELECT ${segmentExpr(rp)} AS segment, ${tier.sql} AS tier, count(*) AS customers,
        sum(value) AS value
      FROM ${SUMMARY_TABLE} WHERE buyer GROUP BY ALL ORDER BY segment, tier`,
    params: tier.params,
  };
}

export function tierCounts(rows: readonly Record<string, unknown>[]): TierCount[] {
  const total = rows.reduce((s, r) => s + num(r['value']), 0);
  return ABC_TIERS.map((tier) => {
    const mine = rows.filter((r) => r['tier'] === tier);
    const value = mine.reduce((s, r) => s + num(r['value']), 0);
    return {
      tier,
      customers: mine.reduce((s, r) => s + num(r['customers']), 0),
      value,
      valueShare: total > 0 ? value / total : null,
    };
  });
}

/** Groups rows by their `segment` column (null stays a group of its own). */
export function groupBySegment<R extends Record<string, unknown>>(
  rows: readonly R[],
): Map<string | null, R[]> {
  const m = new Map<string | null, R[]>();
  for (const r of rows) {
    const s = r['segment'] === null || r['segment'] === undefined ? null : String(r['segment']);
    const g = m.get(s) ?? [];
    g.push(r);
    m.set(s, g);
  }
  return m;
}

export function parseAbc(
  rows: readonly Record<string, unknown>[],
  cutoffs: AbcCutoffs = {},
  segmented = false,
): AbcResult {
  const segments = segmented
    ? [...groupBySegment(rows)].map(([segment, g]) => ({ segment, tiers: tierCounts(g) }))
    : [];
  return { cutoffs: resolveCutoffs(cutoffs), tiers: tierCounts(rows), segments };
}
