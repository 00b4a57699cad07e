import type { Query, SqlValue } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import {
  abcBucketSql,
  abcTierSql,
  ABC_TIERS,
  tierOfBucket,
  type AbcCutoffs,
  type AbcTier,
} from './abc';
import { scopedOrders } from './scope';

/**
 * Order lines of orders in scope, with line margin (revenue - cost, cost from the line or
 * quantity x products.unit_cost; null when neither is known). Shared by product Pareto and the
 * profitability matrix.
 */
export function scopedLinesCte(params: AnalysisParams): { sql: string; params: SqlValue[] } {
  // Joined even without attribute filters: the distinct orders over the order rows alone took
  // the engine's memory 290 MiB higher at 1M orders with order lines (105 MiB with the join).
  const so = scopedOrders(resolveParams(params), { alwaysJoin: true });
  // Without order lines (an orders file alone) the distinct orders would be built for nothing:
  // a third of a second at 1M orders.
  return {
    sql: `ord AS (
  SELECT DISTINCT o.order_id, o.customer_id FROM ${so.sql} AND o.order_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM order_items)
),
lines AS (
  SELECT ord.customer_id, i.product_id, i.revenue,
    i.revenue - COALESCE(i.cost, i.quantity * p.unit_cost) AS margin
  FROM order_items i JOIN ord ON ord.order_id = i.order_id
  LEFT JOIN products p ON p.product_id = i.product_id
),
has_cost AS (SELECT count(margin) > 0 AS yes FROM lines)`,
    params: so.params,
  };
}

export type ProfitClass = 1 | 2 | 3 | 4;

/** Service-level keys; the UI translates them. */
export type ServiceLevel = 'invest' | 'maintain' | 'cost-down' | 'reprice';

/**
 * Recommended service level for customers of a tier buying products of a profitability class
 * (1 = most profitable quarter of products): a cell that loses money is 'reprice'; otherwise
 *   A: 1-2 invest, 3-4 maintain
 *   B: 1 invest, 2-3 maintain, 4 cost-down
 *   C: 1-2 maintain, 3 cost-down, 4 reprice.
 */
export function serviceLevel(tier: AbcTier, cls: ProfitClass, margin: number | null): ServiceLevel {
  if (margin !== null && margin < 0) return 'reprice';
  const table: Record<AbcTier, Record<ProfitClass, ServiceLevel>> = {
    A: { 1: 'invest', 2: 'invest', 3: 'maintain', 4: 'maintain' },
    B: { 1: 'invest', 2: 'maintain', 3: 'maintain', 4: 'cost-down' },
    C: { 1: 'maintain', 2: 'maintain', 3: 'cost-down', 4: 'reprice' },
  };
  return table[tier][cls];
}

export interface MatrixCell {
  tier: AbcTier;
  profitClass: ProfitClass;
  customers: number;
  revenue: number;
  /** Null when no line in the data carries a cost. */
  margin: number | null;
  service: ServiceLevel;
}

export interface ProductMatrixResult {
  /** True when classes come from margin; false means revenue quartiles (no cost data). */
  byMargin: boolean;
  /** All 12 cells, tier-major; empty cells have zeros. */
  cells: MatrixCell[];
}

/**
 * Customers' ABC tier x product profitability class (quartiles of product total margin, or of
 * revenue when no cost is known; ties by product_id). Reads order_items, orders in scope and
 * customer_summary. Empty when there are no order lines.
 */
export function buildProductMatrixQuery(
  params: AnalysisParams = {},
  cutoffs: AbcCutoffs = {},
): Query {
  const tier = abcTierSql(cutoffs);
  return matrixQuery(params, tier.sql, 'tier', tier.params);
}

/**
 * The matrix by ABC bucket (`abcBucketSql`) instead of tier: one query serves every
 * whole-percent cut-off (`parseProductMatrixBuckets`). Each customer sits in one bucket, so the
 * distinct customers of a tier are the sum over its buckets.
 */
export function buildProductMatrixBucketQuery(params: AnalysisParams = {}): Query {
  return matrixQuery(params, abcBucketSql('value', 'value_above_share'), 'bucket', []);
}

function matrixQuery(
  params: AnalysisParams,
  groupSql: string,
  group: 'tier' | 'bucket',
  groupParams: SqlValue[],
): Query {
  const lines = scopedLinesCte(params);
  return {
    sql: `WITH ${lines.sql},
prod AS (SELECT product_id, sum(revenue) AS revenue, sum(margin) AS margin FROM lines GROUP BY product_id),
pclass AS (
  SELECT product_id, ntile(4) OVER (ORDER BY
    CASE WHEN (SELECT yes FROM has_cost) THEN COALESCE(margin, 0) ELSE revenue END DESC,
    product_id) AS profit_class
  FROM prod
),
tiers AS (SELECT customer_id, ${groupSql} AS ${group} FROM customer_summary WHERE buyer)
SELECT t.${group}, c.profit_class, count(DISTINCT l.customer_id) AS customers,
  sum(l.revenue) AS revenue, sum(l.margin) AS margin, any_value((SELECT yes FROM has_cost)) AS has_cost
FROM lines l JOIN pclass c ON c.product_id = l.product_id JOIN tiers t ON t.customer_id = l.customer_id
GROUP BY ALL ORDER BY t.${group}, c.profit_class`,
    params: [...lines.params, ...groupParams],
  };
}

/** `parseProductMatrix` of `buildProductMatrixBucketQuery` rows at whole-percent cut-offs. */
export function parseProductMatrixBuckets(
  rows: readonly Record<string, unknown>[],
  cutoffs: { a: number; b: number },
): ProductMatrixResult {
  const cells = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const tier = tierOfBucket(num(r['bucket']), cutoffs);
    const cls = num(r['profit_class']);
    const key = `${tier}${cls}`;
    const c = cells.get(key);
    if (!c) {
      cells.set(key, { ...r, tier, profit_class: cls });
      continue;
    }
    c['customers'] = num(c['customers']) + num(r['customers']);
    c['revenue'] = num(c['revenue']) + num(r['revenue']);
    // sum() of no known margin is NULL; a NULL next to a known margin adds nothing.
    c['margin'] =
      c['margin'] === null || c['margin'] === undefined
        ? r['margin']
        : r['margin'] === null || r['margin'] === undefined
          ? c['margin']
          : num(c['margin']) + num(r['margin']);
    c['has_cost'] = c['has_cost'] === true || r['has_cost'] === true;
  }
  return parseProductMatrix([...cells.values()]);
}

export function parseProductMatrix(rows: readonly Record<string, unknown>[]): ProductMatrixResult {
  const byMargin = rows.some((r) => r['has_cost'] === true);
  const cells: MatrixCell[] = [];
  for (const tier of ABC_TIERS) {
    for (const cls of [1, 2, 3, 4] as const) {
      const r = rows.find((x) => x['tier'] === tier && num(x['profit_class']) === cls);
      const margin = byMargin ? (r ? num(r['margin']) : 0) : null;
      cells.push({
        tier,
        profitClass: cls,
        customers: r ? num(r['customers']) : 0,
        revenue: r ? num(r['revenue']) : 0,
        margin,
        service: serviceLevel(tier, cls, margin),
      });
    }
  }
  return { byMargin, cells };
}
