import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { groupBySegment } from './abc';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

export type CustomerStage = 'prospect' | 'new' | 'active' | 'atRisk' | 'lapsed' | 'reactivated';
export const CUSTOMER_STAGES: readonly CustomerStage[] = [
  'prospect',
  'new',
  'active',
  'reactivated',
  'atRisk',
  'lapsed',
];

/**
 * Day thresholds, checked in this order: no purchase -> prospect; more than `lapsedDays`
 * (default 365) since the last purchase -> lapsed; more than `atRiskDays` (default 180) -> at
 * risk; first purchase within `newDays` (default 90) -> new; the gap before the last purchase
 * longer than `lapsedDays` -> reactivated; otherwise active.
 */
export interface StageThresholds {
  newDays?: number;
  atRiskDays?: number;
  lapsedDays?: number;
}

export function resolveThresholds(t: StageThresholds = {}): Required<StageThresholds> {
  const r = { newDays: 90, atRiskDays: 180, lapsedDays: 365, ...t };
  if (!(r.newDays >= 0 && r.atRiskDays >= 0 && r.atRiskDays <= r.lapsedDays)) {
    throw new Error('Stage thresholds need newDays >= 0 and 0 <= atRiskDays <= lapsedDays');
  }
  return r;
}

/** SQL expression of a customer's stage over `customer_summary` columns, with its parameters. */
export function stageSql(t: StageThresholds = {}): { sql: string; params: number[] } {
  const r = resolveThresholds(t);
  return {
    sql: `CASE WHEN purchase_days = 0 THEN 'prospect'
      WHEN recency_days > ? THEN 'lapsed'
      WHEN recency_days > ? THEN 'atRisk'
      WHEN tenure_days <= ? THEN 'new'
      WHEN last_gap_days > ? THEN 'reactivated'
      ELSE 'active' END`,
    params: [r.lapsedDays, r.atRiskDays, r.newDays, r.lapsedDays],
  };
}

export interface StageCount {
  stage: CustomerStage;
  customers: number;
  value: number;
}

export interface StagesResult {
  thresholds: Required<StageThresholds>;
  stages: StageCount[];
  segments: { segment: string | null; stages: StageCount[] }[];
}

export function buildStagesQuery(params: AnalysisParams = {}, t: StageThresholds = {}): Query {
  const rp = resolveParams(params);
  const s = stageSql(t);
  return {
    sql: `SELECT ${segmentExpr(rp)} AS segment, ${s.sql} AS stage, count(*) AS customers,
        sum(value) AS value
      FROM ${SUMMARY_TABLE} GROUP BY ALL ORDER BY segment, stage`,
    params: s.params,
  };
}

/** Every customer's stage (for lists and exports). */
export function buildCustomerStagesQuery(t: StageThresholds = {}): Query {
  const s = stageSql(t);
  return {
    sql: `SELECT customer_id, ${s.sql} AS stage FROM ${SUMMARY_TABLE} ORDER BY customer_id`,
    params: s.params,
  };
}

function counts(rows: readonly Record<string, unknown>[]): StageCount[] {
  return CUSTOMER_STAGES.map((stage) => {
    const mine = rows.filter((r) => r['stage'] === stage);
    return {
      stage,
      customers: mine.reduce((a, r) => a + num(r['customers']), 0),
      value: mine.reduce((a, r) => a + num(r['value']), 0),
    };
  });
}

export function parseStages(
  rows: readonly Record<string, unknown>[],
  t: StageThresholds = {},
  segmented = false,
): StagesResult {
  return {
    thresholds: resolveThresholds(t),
    stages: counts(rows),
    segments: segmented
      ? [...groupBySegment(rows)].map(([segment, g]) => ({ segment, stages: counts(g) }))
      : [],
  };
}
