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

/**
 * Cut-offs that are whole percents (as the sliders set them), as those percents; null for any
 * other value (a hand-edited link), which then needs a query with the exact cut-offs.
 */
export function wholePercentCutoffs(c: AbcCutoffs = {}): { a: number; b: number } | null {
  const r = resolveCutoffs(c);
  const a = Math.round(r.a * 100);
  const b = Math.round(r.b * 100);
  return a / 100 === r.a && b / 100 === r.b ? { a, b } : null;
}

/**
 * SQL expression of a customer's ABC bucket: the smallest whole percent k (1..100) for which the
 * `abcTierSql` test `value > 0 AND share < k/100 - 1e-9` holds, else 101. For whole-percent
 * cut-offs A <= B the tier is then A when k <= A, B when k <= B, else C (`tierOfBucket`), the
 * same as `abcTierSql`: queries grouped by bucket are run once and re-tiered in JS when a
 * cut-off slider moves. `k/100 - 1e-9` is computed as `abcTierSql` computes `? - 1e-9`, and
 * floor(share x 100) + 1 is within one of k, so the three comparisons settle it exactly.
 */
export function abcBucketSql(value: string, share: string): string {
  const below = (k: string) => `${share} < ${k} / 100 - 1e-9`;
  const g = `(floor(${share} * 100) + 1)`;
  return `CASE WHEN NOT COALESCE(${value} > 0, false) THEN 101
      WHEN NOT COALESCE(${below('CAST(100 AS DOUBLE)')}, false) THEN 101
      WHEN ${below('CAST(1 AS DOUBLE)')} THEN 1
      WHEN ${below(`(${g} - 1)`)} THEN ${g} - 1
      WHEN ${below(g)} THEN ${g}
      ELSE ${g} + 1 END`;
}

/** Tier of a bucket from `abcBucketSql` for whole-percent cut-offs. */
export function tierOfBucket(bucket: number, cutoffs: { a: number; b: number }): AbcTier {
  return bucket <= cutoffs.a ? 'A' : bucket <= cutoffs.b ? 'B' : 'C';
}

/** Customers and value per ABC bucket (and segment): `parseAbcBuckets` tiers them for any whole-percent cut-offs. */
export function buildAbcBucketQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  return {
    sql: `SELECT ${segmentExpr(rp)} AS segment, ${abcBucketSql('value', 'value_above_share')} AS bucket,
        count(*) AS customers, sum(value) AS value
      FROM ${SUMMARY_TABLE} WHERE buyer GROUP BY ALL ORDER BY segment, bucket`,
  };
}

/** `parseAbc` of bucket rows from `buildAbcBucketQuery` at whole-percent cut-offs. */
export function parseAbcBuckets(
  rows: readonly Record<string, unknown>[],
  cutoffs: { a: number; b: number },
  segmented = false,
): AbcResult {
  const tiered = rows.map((r) => ({ ...r, tier: tierOfBucket(num(r['bucket']), cutoffs) }));
  return parseAbc(tiered, { a: cutoffs.a / 100, b: cutoffs.b / 100 }, segmented);
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
