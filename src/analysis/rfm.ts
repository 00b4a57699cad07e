import type { Query } from '../data/db';
import { num, resolveParams, type AnalysisParams } from './params';
import { groupBySegment } from './abc';
import { segmentExpr } from './scope';
import { SUMMARY_TABLE } from './summary';

/** Segment keys of the widely used R-F segment map; the UI translates them. */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potentialLoyalists'
  | 'new'
  | 'promising'
  | 'needAttention'
  | 'aboutToSleep'
  | 'atRisk'
  | 'cantLose'
  | 'hibernating';

export const RFM_SEGMENTS: readonly RfmSegment[] = [
  'champions',
  'loyal',
  'potentialLoyalists',
  'new',
  'promising',
  'needAttention',
  'aboutToSleep',
  'atRisk',
  'cantLose',
  'hibernating',
];

/**
 * The standard map on recency and frequency scores: 5[4-5] champions, [3-4][4-5] loyal,
 * [4-5][2-3] potential loyalists, 51 new, 41 promising, 33 need attention, 3[1-2] about to
 * sleep, [1-2][3-4] at risk, [1-2]5 can't lose, [1-2][1-2] hibernating.
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 3) {
    if (r === 5 && f >= 4) return 'champions';
    if (f >= 4) return 'loyal';
    if (r >= 4 && f >= 2) return 'potentialLoyalists';
    if (r === 5) return 'new';
    if (r === 4) return 'promising';
    return f === 3 ? 'needAttention' : 'aboutToSleep';
  }
  if (f === 5) return 'cantLose';
  return f >= 3 ? 'atRisk' : 'hibernating';
}

export interface RfmCell {
  r: number;
  f: number;
  customers: number;
  value: number;
  /** Mean monetary score of the cell's customers. */
  meanM: number;
}

export interface RfmSegmentCount {
  segment: RfmSegment;
  customers: number;
  value: number;
  valueShare: number | null;
}

export interface RfmResult {
  /** grid[r - 1][f - 1]. */
  grid: RfmCell[][];
  segments: RfmSegmentCount[];
  /** Per segment-by value; [] when not segmenting. */
  bySegment: { segment: string | null; segments: RfmSegmentCount[] }[];
}

/**
 * Quintile scores over customers with at least one purchase: R from days since the last
 * purchase (most recent = 5), F from orders, M from value; ties are split by customer_id so
 * every quintile has the same size (+-1).
 */
function scoredSql(seg: string): string {
  return `SELECT customer_id, value, ${seg} AS segment,
      ntile(5) OVER (ORDER BY recency_days DESC, customer_id DESC) AS r,
      ntile(5) OVER (ORDER BY orders, customer_id) AS f,
      ntile(5) OVER (ORDER BY value, customer_id) AS m
    FROM ${SUMMARY_TABLE} WHERE orders > 0`;
}

/** Per (segment, R, F) cell: customers, value, mean M. */
export function buildRfmQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  return {
    sql: `SELECT segment, r, f, count(*) AS customers, sum(value) AS value, avg(m) AS mean_m
      FROM (${scoredSql(segmentExpr(rp))}) GROUP BY ALL ORDER BY segment, r, f`,
  };
}

/** Every customer's R, F, M scores (for lists and exports). */
export function buildRfmScoresQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  return { sql: `${scoredSql(segmentExpr(rp))} ORDER BY customer_id` };
}

export interface RfmScore {
  customerId: string;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

export function parseRfmScores(rows: readonly Record<string, unknown>[]): RfmScore[] {
  return rows.map((row) => {
    const r = num(row['r']);
    const f = num(row['f']);
    return {
      customerId: String(row['customer_id']),
      r,
      f,
      m: num(row['m']),
      segment: rfmSegment(r, f),
    };
  });
}

function segmentCounts(rows: readonly Record<string, unknown>[]): RfmSegmentCount[] {
  const total = rows.reduce((s, r) => s + num(r['value']), 0);
  const acc = new Map<RfmSegment, { customers: number; value: number }>();
  for (const r of rows) {
    const k = rfmSegment(num(r['r']), num(r['f']));
    const a = acc.get(k) ?? { customers: 0, value: 0 };
    a.customers += num(r['customers']);
    a.value += num(r['value']);
    acc.set(k, a);
  }
  return RFM_SEGMENTS.map((segment) => {
    const a = acc.get(segment) ?? { customers: 0, value: 0 };
    return { segment, ...a, valueShare: total > 0 ? a.value / total : null };
  });
}

export function parseRfm(rows: readonly Record<string, unknown>[], segmented = false): RfmResult {
  const grid: RfmCell[][] = [];
  for (let r = 1; r <= 5; r++) {
    const line: RfmCell[] = [];
    for (let f = 1; f <= 5; f++) {
      const cell = rows.filter((x) => num(x['r']) === r && num(x['f']) === f);
      const customers = cell.reduce((s, x) => s + num(x['customers']), 0);
      const mSum = cell.reduce((s, x) => s + num(x['mean_m']) * num(x['customers']), 0);
      line.push({
        r,
        f,
        customers,
        value: cell.reduce((s, x) => s + num(x['value']), 0),
        meanM: customers > 0 ? mSum / customers : 0,
      });
    }
    grid.push(line);
  }
  return {
    grid,
    segments: segmentCounts(rows),
    bySegment: segmented
      ? [...groupBySegment(rows)].map(([segment, g]) => ({ segment, segments: segmentCounts(g) }))
      : [],
  };
}
