import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import {
  resolveParetoOptions,
  type CurvePoint,
  type ParetoCurve,
  type ParetoOptions,
} from './pareto';
import { SUMMARY_TABLE } from './summary';

/** What the Overview shows of the Pareto analysis, without a row per customer. */
export type ParetoOverview = Pick<
  ParetoCurve,
  | 'customers'
  | 'totalValue'
  | 'points'
  | 'topCount'
  | 'topShare'
  | 'customersForValueShare'
  | 'customerShareForValueShare'
>;

/**
 * The Overview's Pareto figures computed in the engine: only the curve points a chart of
 * `maxPoints` keeps (the indices `prepareCurve` in src/charts/lorenz.ts picks: j = n, or
 * round(round(j / step) x step) = j with step = n / (maxPoints - 1)), the top-share point and the
 * first customer reaching the value share come back, instead of every buyer's value. Buyers are
 * taken in `value_rank` order (value descending, ties by customer_id), which the summary has
 * already ranked: sorting one integer is cheaper than value and customer id again.
 */
export function buildParetoOverviewQuery(
  params: AnalysisParams = {},
  options: ParetoOptions & { maxPoints: number },
): Query {
  resolveParams(params);
  const o = resolveParetoOptions(options);
  const m = Math.max(2, Math.floor(options.maxPoints));
  return {
    sql: `WITH v AS (
        SELECT value_rank AS j, sum(value) OVER (w ROWS UNBOUNDED PRECEDING) AS cum,
          count(*) OVER () AS n, sum(value) OVER () AS total
        FROM ${SUMMARY_TABLE} WHERE buyer WINDOW w AS (ORDER BY value_rank)
      ),
      k AS (
        SELECT any_value(n) AS n, any_value(total) AS total,
          greatest(1, round(? * any_value(n))) AS top_count,
          min(j) FILTER (WHERE cum >= ? * total - 1e-9 * abs(total)) AS reach
        FROM v
      )
      SELECT * FROM (
        SELECT v.j, v.cum, v.n, v.total, k.top_count, k.reach,
          v.n + 1 <= ? OR v.j = v.n
            OR round(round(v.j / (v.n / CAST(? AS DOUBLE))) * (v.n / CAST(? AS DOUBLE))) = v.j AS keep
        FROM v, k
      ) WHERE keep OR j = top_count OR j = reach
      ORDER BY j`,
    params: [o.topCustomerShare, o.valueShare, m, m - 1, m - 1],
  };
}

/** Rows of `buildParetoOverviewQuery`; `points` holds the origin and the thinned curve only. */
export function parseParetoOverview(rows: readonly Record<string, unknown>[]): ParetoOverview {
  const first = rows[0];
  const n = first ? num(first['n']) : 0;
  const total = first ? num(first['total']) : 0;
  const positive = total > 0;
  const topCount = n > 0 ? num(first?.['top_count']) : 0;
  const reach = first && positive && first['reach'] !== null ? num(first['reach']) : null;
  const points: CurvePoint[] = [{ customerShare: 0, valueShare: 0 }];
  let topShare: number | null = null;
  for (const r of rows) {
    const j = num(r['j']);
    const share = positive ? num(r['cum']) / total : 0;
    if (j === topCount && positive) topShare = share;
    if (r['keep'] === true) points.push({ customerShare: j / n, valueShare: share });
  }
  return {
    customers: n,
    totalValue: total,
    points,
    topCount,
    topShare,
    customersForValueShare: reach,
    customerShareForValueShare: reach === null ? null : reach / n,
  };
}
