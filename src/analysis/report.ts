import type { Db, Query } from '../data/db';
import { num, resolveParams, type AnalysisParams, type ValueMeasure } from './params';
import { rebuildSummary, SUMMARY_TABLE } from './summary';
import { buildParetoViewQuery, parseParetoView, viewTopShare } from './pareto-view';
import { abcTierSql, buildAbcQuery, parseAbc, type AbcCutoffs, type TierCount } from './abc';
import { buildPyramidQuery, parsePyramid, type PyramidLevelCount } from './pyramid';
import { buildRfmQuery, parseRfm, type RfmSegmentCount } from './rfm';
import { buildFunnelQuery, parseFunnel, type FunnelStep } from './funnel';
import { buildStagesQuery, parseStages, type StageCount } from './stages';
import { buildChurnQuery, churnRuleSql, parseChurn, type ChurnRuleOptions } from './churn';
import { buildStoreModelsQuery, fitModels, MODEL_TABLE } from './models';
import type { AbcTier } from './abc';

export interface ReportOptions {
  cutoffs?: AbcCutoffs;
  /** At risk when P(alive) is below this. Default 0.5. */
  pAliveThreshold?: number;
  churnRule?: ChurnRuleOptions;
}

export interface Report {
  asOf: string | null;
  excludedAfterAsOf: number;
  measure: ValueMeasure;
  totals: { customers: number; prospects: number; orders: number; value: number };
  pareto: {
    topShare: number | null;
    customerShareFor80: number | null;
    gini: number | null;
    zeroValueCustomers: number;
    negativeValueCustomers: number;
  };
  tiers: { abc: TierCount[]; pyramid: PyramidLevelCount[]; rfmSegments: RfmSegmentCount[] };
  lifecycle: { funnel: FunnelStep[]; stages: StageCount[] };
  churn: {
    bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number } | null;
    gammaGamma: { p: number; q: number; v: number } | null;
    atRiskCustomers: number;
    valueAtRisk: number;
    /** Customers with purchases but none within `activeDays` of as-of (lost, not at risk). */
    lapsedCustomers: number;
    byTier: { tier: AbcTier; customers: number; valueAtRisk: number }[];
  };
}

/** Customer share whose value share the report gives (the 20 of 80/20). */
const REPORT_TOP_SHARE = 0.2;

/** Buyers, prospects, orders and value of the current `customer_summary`. */
export function buildTotalsQuery(): Query {
  return {
    sql: `SELECT count(*) FILTER (WHERE buyer) AS customers, count(*) FILTER (WHERE NOT buyer) AS prospects,
      COALESCE(sum(orders), 0) AS orders, COALESCE(sum(value), 0) AS value FROM ${SUMMARY_TABLE}`,
  };
}

/**
 * Builds `customer_summary` for `params`, runs every headline analysis on it, fits the churn
 * models (also stored in `model_fit` for `buildChurnListQuery`) and returns one JSON-able object.
 */
export async function runReport(
  db: Db,
  params: AnalysisParams = {},
  options: ReportOptions = {},
): Promise<Report> {
  const rp = resolveParams(params);
  const { asOf, excludedAfterAsOf } = await rebuildSummary(db, params);
  const totals = (await db.query(buildTotalsQuery()))[0] ?? {};
  // The Pareto view's query: the report's figures come from the same path as the app's.
  const pareto = parseParetoView(
    await db.query(buildParetoViewQuery(params, { maxPoints: 2, topN: 0 })),
  ).overall;
  const abc = parseAbc(await db.query(buildAbcQuery(params, options.cutoffs)), options.cutoffs);
  const pyramid = parsePyramid(await db.query(buildPyramidQuery(params)));
  const rfm = parseRfm(await db.query(buildRfmQuery(params)));
  const funnel = parseFunnel(
    await db.query(buildFunnelQuery(params, { cutoffs: options.cutoffs ?? {} })),
  );
  const stages = parseStages(await db.query(buildStagesQuery(params)));
  const models = await fitModels(db);
  await db.query(buildStoreModelsQuery(models));
  const churn = parseChurn(
    await db.query(
      buildChurnQuery({ ...options.churnRule, cutoffs: options.cutoffs ?? {} }, params),
    ),
    models,
    { pAliveThreshold: options.pAliveThreshold ?? 0.5 },
  );
  const bg = models.bgnbd;
  const gg = models.gammaGamma;
  return {
    asOf,
    excludedAfterAsOf,
    measure: rp.measure,
    totals: {
      customers: num(totals['customers']),
      prospects: num(totals['prospects']),
      orders: num(totals['orders']),
      value: num(totals['value']),
    },
    pareto: {
      topShare: viewTopShare(pareto, REPORT_TOP_SHARE).topShare,
      customerShareFor80: pareto.customerShareForValueShare,
      gini: pareto.gini,
      zeroValueCustomers: pareto.zeroValueCustomers,
      negativeValueCustomers: pareto.negativeValueCustomers,
    },
    tiers: { abc: abc.tiers, pyramid: pyramid.levels, rfmSegments: rfm.segments },
    lifecycle: { funnel: funnel.stages, stages: stages.stages },
    churn: {
      bgnbd: bg
        ? { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood }
        : null,
      gammaGamma: gg ? { p: gg.p, q: gg.q, v: gg.v } : null,
      atRiskCustomers: churn.atRiskCustomers,
      valueAtRisk: churn.valueAtRisk,
      lapsedCustomers: churn.lapsedCustomers,
      byTier: churn.byTier,
    },
  };
}

/**
 * The churn list as plain rows for CSV export, after `runReport` (reads `customer_summary` and
 * `model_fit`): active customers (last purchase at most `params.activeDays` before as-of) with
 * P(alive) below the threshold or overdue by the rule, largest trailing 12-month value first;
 * the same customers as `parseChurn`'s list. P(alive) is null when no BG/NBD fit exists.
 */
export function buildChurnListQuery(
  params: AnalysisParams = {},
  options: ReportOptions = {},
): Query {
  const rule = churnRuleSql(options.churnRule, resolveParams(params).activeDays);
  const tier = abcTierSql(options.cutoffs);
  return {
    sql: `WITH ${rule.cte},
c AS (
  SELECT s.customer_id, ${tier.sql} AS tier, strftime(s.last_order, '%Y-%m-%d') AS last_purchase,
    s.recency_days AS days_since_last_purchase, ${rule.columns},
    CASE WHEN m.r IS NULL THEN NULL WHEN s.x = 0 THEN 1.0
      ELSE 1 / (1 + (m.a / (m.b + s.x - 1)) * pow((m.alpha + s."T") / (m.alpha + s.t_x), m.r + s.x))
    END AS p_alive,
    s.value_12m AS value_at_risk, s.value
  FROM ${SUMMARY_TABLE} s, ${MODEL_TABLE} m WHERE s.purchase_days > 0
)
SELECT customer_id, tier, last_purchase, days_since_last_purchase, typical_gap AS typical_gap_days,
  overdue_factor, overdue, p_alive, value_at_risk, value
FROM c WHERE active AND (overdue OR p_alive < ?)
ORDER BY value_at_risk DESC, customer_id`,
    params: [...tier.params, ...rule.params, options.pAliveThreshold ?? 0.5],
  };
}
