/**
 * Small pure adapters from analysis results (src/analysis) to the plain inputs of the chart
 * builders (src/charts), plus the figures the Tiers and Lifecycle headlines quote. Labels come
 * in as functions so this file stays free of the catalogue.
 */
import type { AbcResult, AbcTier } from '../analysis/abc';
import type { PyramidLevel, PyramidResult } from '../analysis/pyramid';
import type { RfmResult } from '../analysis/rfm';
import type { ProductMatrixResult, ServiceLevel } from '../analysis/product-matrix';
import type { MigrationResult } from '../analysis/migration';
import type { FunnelResult, FunnelStage } from '../analysis/funnel';
import type { CustomerStage, StagesResult } from '../analysis/stages';
import type { CohortResult } from '../analysis/cohorts';
import type { RetentionPeriod, RetentionResult } from '../analysis/retention';
import type { AbcData } from '../charts/abc';
import type { PyramidData } from '../charts/pyramid';
import type { RfmCell } from '../charts/rfm';
import type { TierProductData } from '../charts/tier-product';
import type { MigrationData } from '../charts/migration';
import type { FunnelData } from '../charts/funnel';
import type { StageBreakdownData } from '../charts/stages';
import type { CohortCell } from '../charts/cohort';

export function abcChartData(r: AbcResult, label: (t: AbcTier) => string): AbcData {
  return {
    tiers: r.tiers.map((t) => ({
      key: t.tier,
      label: label(t.tier),
      customers: t.customers,
      valueShare: t.valueShare ?? 0,
    })),
  };
}

/** Share of all buying customers in a tier, or null without buyers. */
export function tierCustomerShare(r: AbcResult, tier: AbcTier): number | null {
  const total = r.tiers.reduce((s, t) => s + t.customers, 0);
  const mine = r.tiers.find((t) => t.tier === tier)?.customers ?? 0;
  return total > 0 ? mine / total : null;
}

/**
 * The pyramid, top first. Inactive customers and prospects are drawn only when there are any,
 * so a file without a customer list does not show an empty prospects row.
 */
export function pyramidChartData(
  r: PyramidResult,
  label: (level: PyramidLevel) => string,
): PyramidData {
  return {
    levels: r.levels
      .filter((l) => !(l.level === 'inactive' || l.level === 'prospect') || l.customers > 0)
      .map((l) => ({
        key: l.level,
        label: label(l.level),
        customers: l.customers,
        valueShare: l.level === 'prospect' ? null : l.valueShare,
      })),
  };
}

const ACTIVE_LEVELS: readonly PyramidLevel[] = ['top', 'big', 'medium', 'small'];

/**
 * Share of the active customers' value held by the named levels (e.g. top + big + medium).
 * Inactive buyers' value is left out: the pyramid ranks active customers only. Null when the
 * active customers' value is not positive.
 */
export function pyramidActiveShare(
  r: PyramidResult,
  levels: readonly PyramidLevel[],
): number | null {
  const value = (ls: readonly PyramidLevel[]) =>
    r.levels.filter((l) => ls.includes(l.level)).reduce((s, l) => s + l.value, 0);
  const total = value(ACTIVE_LEVELS);
  return total > 0 ? value(levels.filter((l) => ACTIVE_LEVELS.includes(l))) / total : null;
}

export function rfmCells(r: RfmResult): RfmCell[] {
  return r.grid.flat().map((c) => ({ r: c.r, f: c.f, customers: c.customers, value: c.value }));
}

export function matrixChartData(
  r: ProductMatrixResult,
  service: (s: ServiceLevel) => string,
): TierProductData {
  return {
    cells: r.cells.map((c) => ({
      tier: c.tier,
      productClass: String(c.profitClass),
      revenue: c.revenue,
      // Without cost data there is no margin: the chart then shows a neutral 0% rate.
      margin: c.margin ?? 0,
      customers: c.customers,
      serviceLevel: service(c.service),
    })),
  };
}

/** Share of a tier's item revenue that falls in one profitability class; null without revenue. */
export function matrixClassShare(
  r: ProductMatrixResult,
  tier: AbcTier,
  profitClass: number,
): number | null {
  const mine = r.cells.filter((c) => c.tier === tier);
  const total = mine.reduce((s, c) => s + c.revenue, 0);
  const cls = mine.find((c) => c.profitClass === profitClass)?.revenue ?? 0;
  return total > 0 ? cls / total : null;
}

export const MIGRATION_ORDER = ['A', 'B', 'C', 'new', 'dormant', 'lost'] as const;

/** Cells for the migration heatmap; the value is what the customers were worth afterwards. */
export function migrationChartData(r: MigrationResult): MigrationData {
  return {
    cells: r.cells.map((c) => ({
      from: c.from,
      to: c.to,
      customers: c.customers,
      value: c.valueAfter,
    })),
  };
}

export function funnelChartData(r: FunnelResult, label: (s: FunnelStage) => string): FunnelData {
  return {
    stages: r.stages.map((s) => ({
      key: s.stage,
      label: label(s.stage),
      customers: s.customers,
      conversion: s.conversion,
    })),
  };
}

export function funnelConversion(r: FunnelResult, stage: FunnelStage): number | null {
  return r.stages.find((s) => s.stage === stage)?.conversion ?? null;
}

/** Buyers' stages; prospects belong to the funnel, not to where buyers stand now. */
export const BUYER_STAGES: readonly CustomerStage[] = [
  'new',
  'active',
  'reactivated',
  'atRisk',
  'lapsed',
];

export function stageChartData(
  r: StagesResult,
  label: (s: CustomerStage) => string,
): StageBreakdownData {
  return {
    stages: BUYER_STAGES.map((stage) => {
      const s = r.stages.find((x) => x.stage === stage);
      return {
        stage,
        label: label(stage),
        customers: s?.customers ?? 0,
        value: s?.value ?? 0,
      };
    }),
  };
}

export type CohortMeasure = 'customers' | 'revenue';

/**
 * Heatmap cells: the share of the cohort buying in each period, or the cohort's revenue as a
 * share of its first-period revenue. Periods not reached stay null (blank, not zero).
 */
export function cohortCells(r: CohortResult, by: CohortMeasure): CohortCell[] {
  return r.cohorts.flatMap((c) =>
    Array.from({ length: r.periods }, (_, period): CohortCell => {
      if (by === 'customers')
        return { cohort: c.cohort, period, share: c.customerShare[period] ?? null };
      const base = c.revenue[0] ?? null;
      const v = c.revenue[period] ?? null;
      return {
        cohort: c.cohort,
        period,
        share: v === null || base === null || !(base > 0) ? null : v / base,
      };
    }),
  );
}

/** Unweighted mean over cohorts that reached `period`; null when none did. */
export function cohortMeanShare(r: CohortResult, by: CohortMeasure, period: number): number | null {
  const values = cohortCells(r, by)
    .filter((c) => c.period === period && c.share !== null)
    .map((c) => c.share ?? 0);
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/**
 * The latest complete period with a rate: the last period runs only up to as-of, so it is
 * skipped when an earlier one has a rate.
 */
export function latestRetention(r: RetentionResult): RetentionPeriod | null {
  const rated = r.periods.slice(0, -1).filter((p) => p.retentionRate !== null);
  return rated[rated.length - 1] ?? r.periods.findLast((p) => p.retentionRate !== null) ?? null;
}
