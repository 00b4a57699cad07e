import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { resolveCutoffs, type AbcCutoffs, type AbcTier } from './abc';
import { scopedLinesCte } from './product-matrix';

export interface ProductRow {
  productId: string;
  name: string | null;
  value: number;
  /** Cumulative value share including this product, largest first. */
  cumulativeShare: number | null;
  tier: AbcTier;
}

export interface ProductParetoResult {
  products: number;
  totalValue: number;
  tiers: { tier: AbcTier; products: number; value: number }[];
  /** Every product, largest value first (ties by product_id). */
  rows: ProductRow[];
}

/**
 * Product value (line revenue; line margin when the measure is `margin`) over orders in scope,
 * largest first. Empty when there are no order lines.
 */
export function buildProductParetoQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  const lines = scopedLinesCte(params);
  const v = rp.measure === 'margin' ? 'COALESCE(l.margin, 0)' : 'l.revenue';
  return {
    sql: `WITH ${lines.sql}
SELECT l.product_id, any_value(p.name) AS name, sum(${v}) AS value
FROM lines l LEFT JOIN products p ON p.product_id = l.product_id
GROUP BY l.product_id ORDER BY value DESC, l.product_id`,
    params: lines.params,
  };
}

/** ABC classes of products with the same rule as customers (see `AbcCutoffs`). */
export function parseProductPareto(
  rows: readonly Record<string, unknown>[],
  cutoffs: AbcCutoffs = {},
): ProductParetoResult {
  const c = resolveCutoffs(cutoffs);
  const total = rows.reduce((s, r) => s + num(r['value']), 0);
  let above = 0;
  const out: ProductRow[] = rows.map((r) => {
    const value = num(r['value']);
    const prev = total > 0 ? above / total : null;
    above += value;
    const tier: AbcTier =
      value > 0 && prev !== null && prev < c.a - 1e-9
        ? 'A'
        : value > 0 && prev !== null && prev < c.b - 1e-9
          ? 'B'
          : 'C';
    return {
      productId: String(r['product_id']),
      name: r['name'] === null || r['name'] === undefined ? null : String(r['name']),
      value,
      cumulativeShare: total > 0 ? above / total : null,
      tier,
    };
  });
  const tiers = (['A', 'B', 'C'] as const).map((tier) => {
    const mine = out.filter((p) => p.tier === tier);
    return { tier, products: mine.length, value: mine.reduce((s, p) => s + p.value, 0) };
  });
  return { products: out.length, totalValue: total, tiers, rows: out };
}
