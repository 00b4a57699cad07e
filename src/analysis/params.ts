/**
 * Parameters shared by every analysis. Every field is optional; `resolveParams` fills the
 * documented defaults so the SQL builders never see `undefined`.
 */

/** Customer attributes the app can filter and segment by (columns of `customers`). */
export const CUSTOMER_ATTRIBUTES = ['region', 'channel', 'segment'] as const;
export type CustomerAttribute = (typeof CUSTOMER_ATTRIBUTES)[number];

/**
 * - `net` (default): sum of `orders.amount`, returns included (they carry negative amounts).
 * - `gross`: positive amounts of orders that are not returns.
 * - `margin`: item revenue minus item cost (`order_items.cost`, else quantity x
 *   `products.unit_cost`); customers without any costed item get 0.
 */
export type ValueMeasure = 'net' | 'gross' | 'margin';

export interface AnalysisFilters {
  /** Keep customers whose attribute is in the list; an empty or missing list filters nothing. */
  region?: readonly string[];
  channel?: readonly string[];
  segment?: readonly string[];
  /** Inclusive order-date window, ISO `YYYY-MM-DD`; missing bound = unbounded. */
  from?: string | null;
  to?: string | null;
}

export interface AnalysisParams {
  /**
   * ISO date the analysis looks from. Default: the last order date in the data. Orders after
   * it are excluded (and counted, see `excludedAfterAsOf`).
   */
  asOf?: string | null;
  /** Default `net`. */
  measure?: ValueMeasure;
  filters?: AnalysisFilters;
  /** Split results by this customer attribute; default none. */
  segmentBy?: CustomerAttribute | null;
  /** A customer is active when the last purchase is at most this many days before as-of. Default 365. */
  activeDays?: number;
}

export interface ResolvedParams {
  asOf: string | null;
  measure: ValueMeasure;
  filters: Required<Pick<AnalysisFilters, 'region' | 'channel' | 'segment'>> & {
    from: string | null;
    to: string | null;
  };
  segmentBy: CustomerAttribute | null;
  activeDays: number;
}

export const DEFAULT_ACTIVE_DAYS = 365;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoOrNull(name: string, v: string | null | undefined): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new Error(`${name} must be a date written YYYY-MM-DD, got "${v}"`);
  }
  return v;
}

export function resolveParams(p: AnalysisParams = {}): ResolvedParams {
  const f = p.filters ?? {};
  const measure = p.measure ?? 'net';
  if (!['net', 'gross', 'margin'].includes(measure)) {
    throw new Error(`measure must be net, gross or margin, got "${String(measure)}"`);
  }
  const segmentBy = p.segmentBy ?? null;
  if (segmentBy !== null && !CUSTOMER_ATTRIBUTES.includes(segmentBy)) {
    throw new Error(
      `segmentBy must be one of ${CUSTOMER_ATTRIBUTES.join(', ')}, got "${segmentBy}"`,
    );
  }
  const activeDays = p.activeDays ?? DEFAULT_ACTIVE_DAYS;
  if (!Number.isFinite(activeDays) || activeDays <= 0) {
    throw new Error(`activeDays must be a positive number, got ${activeDays}`);
  }
  return {
    asOf: isoOrNull('asOf', p.asOf),
    measure,
    filters: {
      region: [...(f.region ?? [])],
      channel: [...(f.channel ?? [])],
      segment: [...(f.segment ?? [])],
      from: isoOrNull('filters.from', f.from),
      to: isoOrNull('filters.to', f.to),
    },
    segmentBy,
    activeDays,
  };
}

/** Converts an epoch-milliseconds DATE value from the engine to `YYYY-MM-DD`. */
export function isoDate(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(Number(v));
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().slice(0, 10);
}

export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return Number(v);
}

export function numOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
