import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { abcTierSql, type AbcCutoffs } from './abc';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

export type FunnelStage = 'prospects' | 'firstPurchase' | 'repeat' | 'loyal' | 'partners';

export type CohortGrain = 'month' | 'quarter';

/**
 * Nested stages: prospects = everyone in the customer file plus buyers (shown only when a
 * customer file exists); firstPurchase = at least one purchase day; repeat = 2+ purchase days;
 * loyal = `loyalDays`+ purchase days (default 4) and active (AnalysisParams.activeDays);
 * partners = loyal and ABC tier A.
 */
export interface FunnelOptions {
  loyalDays?: number;
  cutoffs?: AbcCutoffs;
  /** Acquisition cohorts by first purchase month (default) or quarter. */
  grain?: CohortGrain;
}

export interface FunnelStep {
  stage: FunnelStage;
  customers: number;
  /** customers / previous stage's customers; null for the first stage or an empty previous stage. */
  conversion: number | null;
}

export interface FunnelResult {
  hasCustomerFile: boolean;
  stages: FunnelStep[];
  /** Per acquisition cohort (first purchase period, `YYYY-MM` or `YYYY-Qn`); no prospects stage. */
  cohorts: { cohort: string; stages: FunnelStep[] }[];
  /** Per segment-by value; [] when not segmenting. */
  segments: { segment: string | null; stages: FunnelStep[] }[];
}

export function cohortLabelSql(grain: CohortGrain, col: string): string {
  return grain === 'quarter'
    ? `CAST(year(${col}) AS VARCHAR) || '-Q' || CAST(quarter(${col}) AS VARCHAR)`
    : `strftime(${col}, '%Y-%m')`;
}

export function buildFunnelQuery(params: AnalysisParams = {}, options: FunnelOptions = {}): Query {
  const rp = resolveParams(params);
  const tier = abcTierSql(options.cutoffs);
  const grain = options.grain ?? 'month';
  return {
    sql: `WITH c AS (
  SELECT *, ${segmentExpr(rp)} AS seg,
    CASE WHEN purchase_days > 0 THEN ${cohortLabelSql(grain, 'first_order')} END AS cohort,
    purchase_days >= ? AND recency_days <= ? AS loyal, ${tier.sql} AS tier
  FROM ${SUMMARY_TABLE}
)
SELECT seg AS segment, cohort, count(*) AS everyone, count(*) FILTER (WHERE in_file) AS in_file,
  count(*) FILTER (WHERE purchase_days >= 1) AS first_purchase,
  count(*) FILTER (WHERE purchase_days >= 2) AS repeat_buyers,
  count(*) FILTER (WHERE loyal) AS loyal,
  count(*) FILTER (WHERE loyal AND tier = 'A') AS partners
FROM c GROUP BY ALL ORDER BY segment, cohort`,
    params: [options.loyalDays ?? 4, rp.activeDays, ...tier.params],
  };
}

function steps(rows: readonly Record<string, unknown>[], withProspects: boolean): FunnelStep[] {
  const sum = (k: string): number => rows.reduce((s, r) => s + num(r[k]), 0);
  const raw: [FunnelStage, number][] = [
    ['firstPurchase', sum('first_purchase')],
    ['repeat', sum('repeat_buyers')],
    ['loyal', sum('loyal')],
    ['partners', sum('partners')],
  ];
  if (withProspects) raw.unshift(['prospects', sum('everyone')]);
  return raw.map(([stage, customers], i) => {
    const prev = i > 0 ? (raw[i - 1]?.[1] ?? 0) : 0;
    return { stage, customers, conversion: i > 0 && prev > 0 ? customers / prev : null };
  });
}

export function parseFunnel(
  rows: readonly Record<string, unknown>[],
  segmented = false,
): FunnelResult {
  const hasCustomerFile = rows.some((r) => num(r['in_file']) > 0);
  const byCohort = new Map<string, Record<string, unknown>[]>();
  const bySegment = new Map<string | null, Record<string, unknown>[]>();
  for (const r of rows) {
    if (r['cohort'] !== null && r['cohort'] !== undefined) {
      const k = String(r['cohort']);
      byCohort.set(k, [...(byCohort.get(k) ?? []), r]);
    }
    const s = r['segment'] === null || r['segment'] === undefined ? null : String(r['segment']);
    bySegment.set(s, [...(bySegment.get(s) ?? []), r]);
  }
  return {
    hasCustomerFile,
    stages: steps(rows, hasCustomerFile),
    cohorts: [...byCohort.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([cohort, g]) => ({ cohort, stages: steps(g, false) })),
    segments: segmented
      ? [...bySegment].map(([segment, g]) => ({ segment, stages: steps(g, hasCustomerFile) }))
      : [],
  };
}
