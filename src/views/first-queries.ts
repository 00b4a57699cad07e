import {
  buildAbcBucketQuery,
  buildCohortQuery,
  buildFunnelQuery,
  buildMigrationBucketQuery,
  buildProductMatrixBucketQuery,
  buildPyramidQuery,
  buildRetentionQuery,
  buildRfmQuery,
  buildStagesQuery,
  wholePercentCutoffs,
} from '../analysis/index';
import { buildParetoViewQuery } from '../analysis/pareto-view';
import { buildChurnViewQuery } from '../analysis/churn';
import { MIGRATION_PERIOD_DAYS } from '../analysis/migration';
import type { AnalysisParams } from '../analysis/params';
import type { Query } from '../data/db';
import { LORENZ_MAX_POINTS } from '../charts/lorenz';
import { abcCutoffs } from '../state/scope';
import type { AppState } from '../state/app-schema';
import { churnRule } from '../state/churn-ahead';
import type { PlannedQuery } from '../state/view-prefetch';

/** The views whose first statements are fetched ahead after a load, in the navigation's order. */
export type PrefetchedView = 'pareto' | 'tiers' | 'lifecycle';

/**
 * The statements the Pareto, Tiers and Lifecycle views run first when opened with `app`'s
 * settings: fetched ahead after a load (`AnalysisState.prefetch`), and what the benchmark's
 * profiles time as each view's first render. Built by the same calls as in each view; a view
 * whose settings differ simply asks for its own. Churn is not among them: its customers are
 * scored ahead once the views are quiet (`ChurnAhead`), and only its query is planned
 * (`prefetchPlan`).
 */
export function firstViewQueries(
  app: AppState,
  params: AnalysisParams,
): Record<PrefetchedView, Query[]> {
  const cutoffs = abcCutoffs(app);
  // Cut-offs typed into a link (not whole percents) make each panel query its own tiers.
  const buckets = wholePercentCutoffs(cutoffs) !== null;
  return {
    pareto: [
      buildParetoViewQuery(params, {
        maxPoints: LORENZ_MAX_POINTS,
        topN: 100,
        extraShares: Number.isInteger(app.top) ? [] : [app.top / 100],
      }),
    ],
    tiers: [
      ...(buckets ? [buildAbcBucketQuery(params)] : []),
      buildPyramidQuery(params),
      buildRfmQuery(params),
      ...(buckets
        ? [
            buildProductMatrixBucketQuery(params),
            buildMigrationBucketQuery(params, { periodDays: MIGRATION_PERIOD_DAYS }),
          ]
        : []),
    ],
    lifecycle: [
      buildFunnelQuery(params, { cutoffs }),
      buildStagesQuery(params),
      buildCohortQuery(params, app.cohort),
      buildRetentionQuery(params, app.cohort),
    ],
  };
}

/**
 * `firstViewQueries` as one list in the navigation's order: the plan `AnalysisState.prefetch`
 * takes. With `churn` (the Churn view's customers are held for the tables shown: see
 * `ChurnAhead`), the Churn view's query comes last, read as the view reads it (a table of
 * columns); its scoring waits for the view or a quiet moment, as before. Views opened one after
 * another then find it fetched while the one before was drawn (1M orders: 40-80 ms, the
 * engine's wait for the Churn view to ask).
 */
export function prefetchPlan(
  app: AppState,
  params: AnalysisParams,
  opts: { churn?: boolean } = {},
): PlannedQuery[] {
  const plan: PlannedQuery[] = Object.values(firstViewQueries(app, params)).flat();
  if (opts.churn) plan.push({ ...buildChurnViewQuery(churnRule(app), params), arrow: true });
  return plan;
}
