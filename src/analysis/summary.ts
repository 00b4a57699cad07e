import type { Query, SqlValue } from '../data/db';
import {
  CUSTOMER_ATTRIBUTES,
  resolveParams,
  isoDate,
  num,
  type AnalysisParams,
  type ResolvedParams,
  type ValueMeasure,
} from './params';
import { attributeFilter, scopeCtes } from './scope';
import { baseSelect, buildBaseAsOfUpdateQuery, type BaseScope } from './summary-base';

export { buildBaseAsOfUpdateQuery, type BaseScope } from './summary-base';
import {
  BASE_VIEW_MIN_CUSTOMERS,
  baseFromNextQueries,
  baseIsTableQuery,
  isTableQuery,
  baseToViewQueries,
  buildRankedQuery,
  buildRankMoreQuery,
  buildSummaryViewQuery,
  rankColumns,
  SUMMARY_BASE_NEXT,
  summaryColumns,
  SUMMARY_BASE_TABLE,
  SUMMARY_TABLE,
  VALUE_MEASURES,
} from './summary-tables';

export {
  BASE_VIEW_MIN_CUSTOMERS,
  buildRankedQuery,
  buildRankMoreQuery,
  buildSummaryViewQuery,
  SUMMARY_BASE_TABLE,
  SUMMARY_RANKED_TABLE,
  SUMMARY_TABLE,
  summaryRankedKey,
  VALUE_MEASURES,
} from './summary-tables';
import {
  buildCustomerDaysQueries,
  CUSTOMER_DAYS_TABLE,
  customerDaysOptions,
  uniqueOrderIdsQuery,
} from './customer-days';

/** The SELECT of `customer_summary` over a base relation named `from` (a CTE list tail). */
function rankSelect(rp: ResolvedParams, from: string): Query & { params: SqlValue[] } {
  // The text is a CTE list tail ("r AS (...) SELECT ..."): callers put WITH or a comma before it.
  const filter = attributeFilter(rp);
  const sql = `r AS (
  SELECT *, ${rankColumns(rp.measure)}
  FROM ${from} WHERE ${filter.sql}
)
SELECT ${summaryColumns(rp.measure)}
FROM r`;
  return { sql, params: filter.params };
}

/** The whole summary as one SELECT (base inlined), for queries that need no stored table. */
export function summarySelect(rp: ResolvedParams): Query & { params: SqlValue[] } {
  const base = baseSelect(rp);
  const rank = rankSelect(rp, '__base');
  return {
    sql: `WITH __base AS (${base.sql}),\n${rank.sql}`,
    params: [...base.params, ...rank.params],
  };
}

/** `CREATE OR REPLACE TABLE customer_base AS ...`: after a load or a change of as-of or window. */
export function buildSummaryBaseQuery(params: AnalysisParams = {}): Query {
  const s = baseSelect(resolveParams(params));
  return { sql: `CREATE OR REPLACE TABLE ${SUMMARY_BASE_TABLE} AS ${s.sql}`, params: s.params };
}

/**
 * `CREATE OR REPLACE TABLE customer_summary AS ...` over `customer_base` (built for the same
 * as-of and window): the summary of one measure as a table in one statement. The app builds it
 * as `customer_ranked` and a view instead (see `rebuildSummary`), so that a change of measure
 * only switches the view.
 */
export function buildSummaryQuery(params: AnalysisParams = {}): Query {
  const s = rankSelect(resolveParams(params), SUMMARY_BASE_TABLE);
  return { sql: `CREATE OR REPLACE TABLE ${SUMMARY_TABLE} AS WITH ${s.sql}`, params: s.params };
}

/** The parameters `customer_base` depends on: when this key is unchanged, only re-rank. */
export function summaryBaseKey(params: AnalysisParams = {}): string {
  const rp = resolveParams(params);
  return JSON.stringify([rp.asOf, rp.filters.from, rp.filters.to]);
}

export interface AsOfResult {
  /** ISO date, null when there are no orders at all. */
  asOf: string | null;
  /** Orders (rows of `orders`) dated after as-of, left out of every analysis. */
  excludedAfterAsOf: number;
}

/** As-of date in effect and how many order rows it cuts off. */
export function buildAsOfQuery(params: AnalysisParams = {}): Query {
  const rp = resolveParams(params);
  const scope = scopeCtes(rp);
  return {
    sql: `WITH ${scope.sql}
SELECT (SELECT d FROM as_of_date) AS as_of,
  (SELECT COALESCE(sum(rows), 0) FROM ${CUSTOMER_DAYS_TABLE} WHERE day > (SELECT d FROM as_of_date)) AS excluded_after`,
    params: scope.params,
  };
}

export function parseAsOf(rows: readonly Record<string, unknown>[]): AsOfResult {
  const r = rows[0] ?? {};
  return { asOf: isoDate(r['as_of']), excludedAfterAsOf: num(r['excluded_after']) };
}

/** The engine calls `rebuildSummary` needs; the app's and the CLI's `Db` both fit. */
export interface SummaryEngine {
  query(q: Query): Promise<readonly Record<string, unknown>[]>;
}

export interface SummaryBuild extends AsOfResult {
  /** Measures ranked in `customer_ranked` now (pass as `ranked` while the ranked key holds). */
  ranked: ValueMeasure[];
  /** What `customer_base` holds now, when known (pass as `prior` while it is not rebuilt). */
  base: BaseScope | null;
}

/**
 * Builds `customer_summary` for `params`. `afterLoad` (the order tables changed since the last
 * call) first rebuilds `customer_days`; `base` rebuilds `customer_base` (needed after a load or
 * when `summaryBaseKey` changed). `ranked`: the measures `customer_ranked` already holds for
 * this `summaryRankedKey` (default none: it is rebuilt); a measure among them only switches the
 * view. `asOf`: the result of the last call, reused when the base is kept (it is the base's
 * as-of). `prior`: what `customer_base` holds (the last call's `base`, on the same
 * `customer_days`); a base of the same window is updated for the new as-of date instead of
 * rebuilt. Returns the as-of date in effect, the measures ranked and what the base holds.
 * `baseViewMinCustomers` (default `BASE_VIEW_MIN_CUSTOMERS`): from how many customers the base
 * becomes a view of `customer_ranked` once that holds them all.
 */
export async function rebuildSummary(
  db: SummaryEngine,
  params: AnalysisParams = {},
  opts: {
    afterLoad?: boolean;
    base?: boolean;
    ranked?: readonly ValueMeasure[];
    asOf?: AsOfResult;
    prior?: BaseScope | null;
    baseViewMinCustomers?: number;
  } = {},
): Promise<SummaryBuild> {
  const rp = resolveParams(params);
  const afterLoad = opts.afterLoad ?? true;
  if (afterLoad) {
    const [mark] = await db.query(uniqueOrderIdsQuery());
    await runAll(db, buildCustomerDaysQueries(customerDaysOptions(mark)));
  }
  const base = afterLoad || (opts.base ?? true);
  const known = base ? undefined : opts.asOf;
  const asOf = known ?? parseAsOf(await db.query(buildAsOfQuery(params)));
  const scope: BaseScope = { asOf: asOf.asOf, from: rp.filters.from, to: rp.filters.to };
  const prior = afterLoad ? null : (opts.prior ?? null);
  const priorAsOf = prior && prior.from === scope.from && prior.to === scope.to ? prior.asOf : null;
  if (base && priorAsOf !== null && scope.asOf !== null) {
    // The same date (say, as-of unset and then set to the last order date) keeps the base as is.
    if (priorAsOf !== scope.asOf) {
      if (await baseIsTable(db)) {
        await db.query(buildBaseAsOfUpdateQuery(params, priorAsOf, scope.asOf));
      } else {
        await db.query(buildBaseAsOfUpdateQuery(params, priorAsOf, scope.asOf, SUMMARY_BASE_NEXT));
        await runAll(db, baseFromNextQueries(false));
      }
    }
  } else if (base) {
    if (!(await baseIsTable(db)))
      await db.query({ sql: `DROP VIEW IF EXISTS ${SUMMARY_BASE_TABLE}`, params: [] });
    const q = baseSelect(rp, asOf.asOf);
    await db.query({
      sql: `CREATE OR REPLACE TABLE ${SUMMARY_BASE_TABLE} AS ${q.sql}`,
      params: q.params,
    });
  }
  let ranked = base ? [] : [...(opts.ranked ?? [])];
  if (ranked.length === 0) {
    const unfiltered = CUSTOMER_ATTRIBUTES.every((a) => rp.filters[a].length === 0);
    // A view of the ranked table would lose the rows the filter leaves out of it.
    if (!unfiltered && !(await baseIsTable(db))) await runAll(db, baseFromNextQueries(true));
    const [made] = await db.query(buildRankedQuery(params, [rp.measure]));
    const customers = Number(made?.['Count'] ?? 0);
    const min = opts.baseViewMinCustomers ?? BASE_VIEW_MIN_CUSTOMERS;
    if (unfiltered && customers >= min && (await baseIsTable(db))) {
      await runAll(db, baseToViewQueries());
    }
    ranked = [rp.measure];
  } else if (!ranked.includes(rp.measure)) {
    await db.query(buildRankMoreQuery([rp.measure]));
    ranked = [...ranked, rp.measure];
  }
  await showMeasure(db, params, afterLoad);
  return { ...asOf, ranked, base: base ? scope : prior };
}

/**
 * Ranks one more measure in `customer_ranked` (`ranked` holds those it has, for its scope), so
 * that a later change to it only switches the view; one at a time, to keep each step short.
 * Returns the measures ranked now.
 */
export async function rankNextMeasure(
  db: SummaryEngine,
  ranked: readonly ValueMeasure[],
): Promise<ValueMeasure[]> {
  const next = VALUE_MEASURES.find((m) => !ranked.includes(m));
  if (next === undefined) return [...ranked];
  await db.query(buildRankMoreQuery([next]));
  return [...ranked, next];
}

/** `rankNextMeasure` until every measure is ranked. */
export async function rankAllMeasures(
  db: SummaryEngine,
  ranked: readonly ValueMeasure[],
): Promise<ValueMeasure[]> {
  let r = [...ranked];
  while (r.length < VALUE_MEASURES.length) r = await rankNextMeasure(db, r);
  return r;
}

async function baseIsTable(db: SummaryEngine): Promise<boolean> {
  const [r] = await db.query(baseIsTableQuery());
  return r?.['is_table'] === true;
}

async function runAll(db: SummaryEngine, qs: readonly Query[]): Promise<void> {
  for (const q of qs) await db.query(q);
}

/**
 * Points `customer_summary` at the measure's columns. A table of that name (`buildSummaryQuery`,
 * or restored from a sample's snapshot) stands in the way of the view: after a load (`checkFirst`:
 * the first load after the sample finds its table) it is looked for first, as the failed
 * statement took 51 ms in the page against 4 for the look; otherwise only when the view fails.
 */
async function showMeasure(
  db: SummaryEngine,
  params: AnalysisParams,
  checkFirst: boolean,
): Promise<void> {
  const isTable = async () => {
    const [t] = await db.query(isTableQuery(SUMMARY_TABLE));
    return t?.['is_table'] === true;
  };
  if (checkFirst && (await isTable()))
    await db.query({ sql: `DROP TABLE ${SUMMARY_TABLE}`, params: [] });
  try {
    await db.query(buildSummaryViewQuery(params));
  } catch (e) {
    if (!(await isTable())) throw e;
    await db.query({ sql: `DROP TABLE ${SUMMARY_TABLE}`, params: [] });
    await db.query(buildSummaryViewQuery(params));
  }
}
