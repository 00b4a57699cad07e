import { buildAbcQuery, parseAbc, type AbcCutoffs } from '../analysis/abc';
import { buildKpiQuery, parseKpis, type Kpis } from '../analysis/kpi';
import type { AnalysisParams } from '../analysis/params';
import { buildParetoOverviewQuery, parseParetoOverview } from '../analysis/pareto-overview';
import { attributeValues } from '../data/catalog';
import type { Db } from '../data/db';
import { describeLoaded } from '../data/sources-core';
import type { AppState } from './app-schema';
import type { ResultCache } from './result-cache';
import { abcCutoffs, scopeKey, scopeParams } from './scope';

/**
 * What the default view (Overview) asks the engine for. The views call these, and the sample
 * snapshot records their results for its scope (scripts/sample-snapshot.ts), so the same
 * statements are answered from the recording while the engine starts.
 */
export async function loadKpis(db: Db, params: AnalysisParams, overdue: number): Promise<Kpis> {
  const rule = { overdueFactor: overdue };
  return parseKpis(await db.query(buildKpiQuery(params, rule, { fromSummary: true })));
}

export async function loadOverview(
  db: Db,
  params: AnalysisParams,
  cutoffs: AbcCutoffs,
  maxPoints: number,
) {
  // The engine computes the headline shares and returns only the curve points drawn, not a
  // row per customer (100k rows to decode on every scope change at 1M orders).
  const pareto = parseParetoOverview(
    await db.query(buildParetoOverviewQuery(params, { maxPoints })),
  );
  const abc = parseAbc(await db.query(buildAbcQuery(params, cutoffs)), cutoffs);
  return { pareto, abc };
}

/*
 * The same through the analysis' result cache: the key names every input besides the summary
 * tables, which the cache is cleared with.
 */
export function kpisKey(params: AnalysisParams, overdue: number): string {
  return JSON.stringify(['kpis', scopeKey(params), overdue]);
}

export function cachedKpis(
  cache: ResultCache,
  db: Db,
  params: AnalysisParams,
  overdue: number,
): Promise<Kpis> {
  return cache.get(kpisKey(params, overdue), () => loadKpis(db, params, overdue));
}

export function cachedOverview(
  cache: ResultCache,
  db: Db,
  params: AnalysisParams,
  cutoffs: AbcCutoffs,
  maxPoints: number,
): ReturnType<typeof loadOverview> {
  const key = JSON.stringify(['overview', scopeKey(params), cutoffs, maxPoints]);
  return cache.get(key, () => loadOverview(db, params, cutoffs, maxPoints));
}

/** Every query a link with `state` runs before its first chart is drawn, in no particular order. */
export async function firstPaint(db: Db, state: AppState, maxPoints: number): Promise<void> {
  const params = scopeParams(state);
  await describeLoaded(db);
  await attributeValues(db);
  await loadKpis(db, params, state.overdue);
  await loadOverview(db, params, abcCutoffs(state), maxPoints);
}
