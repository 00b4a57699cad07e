import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import {
  resolveParetoOptions,
  topCountOf,
  type CurvePoint,
  type ParetoCurve,
  type TopCustomer,
} from './pareto';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

/**
 * A Pareto curve as the Pareto view shows it: `paretoCurve`'s figures, the points a chart of
 * `maxPoints` draws (`prepareCurve` in src/charts/lorenz.ts) and the value share at each top-X
 * count asked for, without a row per customer.
 */
export interface ParetoViewCurve extends Omit<ParetoCurve, 'points' | 'topCount' | 'topShare'> {
  /** The origin and the thinned curve: the points `prepareCurve(points, maxPoints)` keeps. */
  points: CurvePoint[];
  /** Value share of the top j customers, for each j = max(1, round(share x N)) asked for. */
  shareAt: Map<number, number>;
}

export interface ParetoViewResult {
  overall: ParetoViewCurve;
  /** One curve per value of the segment-by attribute, largest total first; [] when not segmenting. */
  segments: { segment: string | null; curve: ParetoViewCurve }[];
}

export interface ParetoViewOptions {
  /** Points per drawn curve (the chart's `maxPointsPerSeries`). */
  maxPoints: number;
  /** Rows of the top-customer table (overall curve only). Default 10. */
  topN?: number;
  /** Value share for which the needed customer share is reported. Default 0.8. */
  valueShare?: number;
  /**
   * Customer shares whose top-X value share is needed besides every whole percent 1..99 (the
   * slider's steps), e.g. a share typed into a link.
   */
  extraShares?: readonly number[];
}

/**
 * The Pareto view's figures computed in the engine, for the whole scope and (when segmenting)
 * per segment: the kept curve points (j = n, or round(round(j / step) x step) = j with
 * step = n / (maxPoints - 1)), the top-X points of every whole percent (and `extraShares`), the
 * first customer reaching the value share, the top-N customers, the zero and negative counts and
 * the Gini numerator (Σ (n - 2j + 1) x_j over values largest first: `gini`'s sum over ascending
 * values with i = n + 1 - j). The summary's value_rank orders buyers by value descending, ties by
 * customer_id, as `buildParetoQuery` does; sorting on it spares comparing the ids again.
 */
export function buildParetoViewQuery(params: AnalysisParams, options: ParetoViewOptions): Query {
  const rp = resolveParams(params);
  const o = resolveParetoOptions({
    ...(options.topN === undefined ? {} : { topN: options.topN }),
    ...(options.valueShare === undefined ? {} : { valueShare: options.valueShare }),
  });
  const m = Math.max(2, Math.floor(options.maxPoints));
  const extra = (options.extraShares ?? []).filter((s) => s > 0 && s <= 1);
  // Percents as JS reads them (k / 100, a double division); extra shares bound as they are.
  const shares = [
    'SELECT CAST(k AS DOUBLE) / 100 AS s FROM range(1, 100) t(k)',
    ...extra.map(() => 'SELECT CAST(? AS DOUBLE)'),
  ].join(' UNION ALL ');
  const segmented = rp.segmentBy !== null;
  return {
    sql: `WITH v AS (
        SELECT ${segmentExpr(rp)} AS segment, customer_id, value, value_rank
        FROM ${SUMMARY_TABLE} WHERE buyer
      ),
      g AS (
        SELECT false AS part, CAST(NULL AS VARCHAR) AS segment, customer_id, value, value_rank FROM v
        ${segmented ? 'UNION ALL SELECT true, segment, customer_id, value, value_rank FROM v' : ''}
      ),
      r AS (
        SELECT part, segment, customer_id, value, value_rank,
          row_number() OVER (PARTITION BY part, segment ORDER BY value_rank) AS j,
          sum(value) OVER (PARTITION BY part, segment ORDER BY value_rank
            ROWS UNBOUNDED PRECEDING) AS cum,
          count(*) OVER (PARTITION BY part, segment) AS n,
          sum(value) OVER (PARTITION BY part, segment) AS total
        FROM g
      ),
      k AS (
        SELECT part, segment, any_value(n) AS n, any_value(total) AS total,
          min(j) FILTER (WHERE cum >= ? * total - 1e-9 * abs(total)) AS reach,
          count(*) FILTER (WHERE value = 0) AS zero_values,
          count(*) FILTER (WHERE value < 0) AS negative_values,
          sum((n - 2 * j + 1) * value) AS gini_num, min(value_rank) AS first_rank
        FROM r GROUP BY part, segment
      ),
      marks AS (
        SELECT DISTINCT k.part, k.segment, greatest(1, round(sh.s * k.n)) AS j
        FROM k, (${shares}) sh
      ),
      x AS (
        SELECT r.part, r.segment, r.j, r.cum, mk.j IS NOT NULL AS mark,
          r.n + 1 <= ? OR r.j = r.n
            OR round(round(r.j / (r.n / CAST(? AS DOUBLE))) * (r.n / CAST(? AS DOUBLE))) = r.j AS keep,
          NOT r.part AND r.j <= ? AS top, r.customer_id, r.value
        FROM r LEFT JOIN marks mk ON mk.part = r.part
          AND mk.segment IS NOT DISTINCT FROM r.segment AND mk.j = r.j
      )
      SELECT k.part, k.segment, k.n, k.total, k.reach, k.zero_values, k.negative_values, k.gini_num,
        k.first_rank, x.j, x.cum, x.keep, x.mark,
        CASE WHEN x.top THEN x.customer_id END AS customer_id,
        CASE WHEN x.top THEN x.value END AS value
      FROM k LEFT JOIN x ON x.part = k.part AND x.segment IS NOT DISTINCT FROM k.segment
        AND (x.keep OR x.top OR x.mark OR x.j = k.reach)
      ORDER BY k.part, k.total DESC, k.first_rank, x.j`,
    params: [o.valueShare, ...extra, m, m - 1, m - 1, o.topN],
  };
}

/** Rows of `buildParetoViewQuery`, grouped back into the overall and the segment curves. */
export function parseParetoView(rows: readonly Record<string, unknown>[]): ParetoViewResult {
  const curves: { part: boolean; segment: string | null; curve: ParetoViewCurve }[] = [];
  let cur: (typeof curves)[number] | undefined;
  for (const r of rows) {
    const part = r['part'] === true;
    const segment =
      r['segment'] === null || r['segment'] === undefined ? null : String(r['segment']);
    if (!cur || cur.part !== part || cur.segment !== segment) {
      const n = num(r['n']);
      const total = num(r['total']);
      const positive = total > 0;
      const reach = positive && r['reach'] !== null ? num(r['reach']) : null;
      cur = {
        part,
        segment,
        curve: {
          customers: n,
          totalValue: total,
          zeroValueCustomers: num(r['zero_values']),
          negativeValueCustomers: num(r['negative_values']),
          points: [{ customerShare: 0, valueShare: 0 }],
          shareAt: new Map(),
          customersForValueShare: reach,
          customerShareForValueShare: reach === null ? null : reach / n,
          gini: positive && n > 0 ? num(r['gini_num']) / (n * total) : null,
          top: [],
        },
      };
      curves.push(cur);
    }
    if (r['j'] === null || r['j'] === undefined) continue;
    const c = cur.curve;
    const j = num(r['j']);
    const share = c.totalValue > 0 ? num(r['cum']) / c.totalValue : 0;
    if (r['keep'] === true) c.points.push({ customerShare: j / c.customers, valueShare: share });
    if (r['mark'] === true) c.shareAt.set(j, share);
    if (r['customer_id'] !== null && r['customer_id'] !== undefined) {
      const value = num(r['value']);
      const top: TopCustomer = {
        customerId: String(r['customer_id']),
        value,
        share: c.totalValue > 0 ? value / c.totalValue : null,
      };
      c.top.push(top);
    }
  }
  const overall = curves.find((c) => !c.part)?.curve ?? emptyCurve();
  return {
    overall,
    segments: curves.filter((c) => c.part).map((c) => ({ segment: c.segment, curve: c.curve })),
  };
}

function emptyCurve(): ParetoViewCurve {
  return {
    customers: 0,
    totalValue: 0,
    zeroValueCustomers: 0,
    negativeValueCustomers: 0,
    points: [{ customerShare: 0, valueShare: 0 }],
    shareAt: new Map(),
    customersForValueShare: null,
    customerShareForValueShare: null,
    gini: null,
    top: [],
  };
}

/**
 * `topShareOf` for a `ParetoViewCurve`: the top max(1, round(share x N)) customers and their
 * value share, null when the total is not positive or the count was not asked for.
 */
export function viewTopShare(
  curve: Pick<ParetoViewCurve, 'customers' | 'totalValue' | 'shareAt'>,
  share: number,
): { topCount: number; topShare: number | null } {
  const topCount = topCountOf(curve.customers, share);
  return {
    topCount,
    topShare: curve.totalValue > 0 ? (curve.shareAt.get(topCount) ?? null) : null,
  };
}
