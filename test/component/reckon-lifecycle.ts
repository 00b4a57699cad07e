/**
 * Lifecycle and churn figures reckoned in plain JavaScript from a sample's per-customer facts,
 * following README "Definitions", never the app's SQL.
 */
import { abcTiers, dayOf, isActive, recencyDays, type Customer, type Sample } from './reckon';

export interface Funnel {
  everyone: number;
  firstPurchase: number;
  repeat: number;
  loyal: number;
  partners: number;
}

/**
 * Everyone (customers file plus buyers) → first purchase → repeat (2+ purchase days) → loyal
 * (4+ purchase days and active) → partners (loyal and ABC tier A).
 */
export function funnel(s: Sample, a = 0.8, b = 0.95): Funnel {
  const tiers = abcTiers(s.buyers.values(), a, b);
  const buyers = [...s.buyers.values()];
  const loyal = buyers.filter((c) => c.purchaseDays.length >= 4 && isActive(s, c));
  return {
    everyone: new Set([...s.fileIds, ...s.buyers.keys()]).size,
    firstPurchase: buyers.filter((c) => c.purchaseDays.length >= 1).length,
    repeat: buyers.filter((c) => c.purchaseDays.length >= 2).length,
    loyal: loyal.length,
    partners: loyal.filter((c) => tiers.get(c.id) === 'A').length,
  };
}

/**
 * Stages of buyers: lapsed (silent > 365 days), at risk (> 180), new (first purchase within 90
 * days), reactivated (gap before the last purchase > 365 days), else active.
 */
export function stages(
  s: Sample,
): Record<'atRisk' | 'lapsed', { customers: number; value: number }> {
  const out = { atRisk: { customers: 0, value: 0 }, lapsed: { customers: 0, value: 0 } };
  for (const c of s.buyers.values()) {
    if (c.purchaseDays.length === 0) continue;
    const silent = recencyDays(s, c);
    const stage = silent > 365 ? out.lapsed : silent > 180 ? out.atRisk : undefined;
    if (!stage) continue;
    stage.customers++;
    stage.value += c.value;
  }
  return out;
}

const monthOf = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const monthLabel = (m: number): string =>
  `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

export interface Cohort {
  size: number;
  /** Per month since the first purchase, up to the as-of month: buyers in that month. */
  customers: number[];
  /** Net amount of the cohort's rows in each month. */
  revenue: number[];
}

/** Monthly cohorts by first purchase month; months after the as-of month are not listed. */
export function monthlyCohorts(s: Sample): Map<string, Cohort> {
  const asOfMonth = monthOf(new Date(s.asOf * 86_400_000).toISOString());
  const first = new Map<string, number>();
  for (const c of s.buyers.values()) {
    const d = c.purchaseDays[0];
    if (d !== undefined) first.set(c.id, monthOf(new Date(d * 86_400_000).toISOString()));
  }
  const cohorts = new Map<number, { size: number; buyers: Set<string>[]; revenue: number[] }>();
  for (const m of first.values()) {
    const periods = asOfMonth - m + 1;
    const e = cohorts.get(m) ?? {
      size: 0,
      buyers: Array.from({ length: periods }, () => new Set<string>()),
      revenue: Array.from({ length: periods }, () => 0),
    };
    e.size++;
    cohorts.set(m, e);
  }
  for (const r of s.rows) {
    const start = first.get(r.customerId);
    if (start === undefined || dayOf(r.date) > s.asOf) continue;
    const e = cohorts.get(start);
    const p = monthOf(r.date) - start;
    if (!e || p < 0) continue;
    e.revenue[p] = (e.revenue[p] ?? 0) + r.amount;
    if (!r.isReturn) e.buyers[p]?.add(r.customerId);
  }
  return new Map(
    [...cohorts]
      .sort(([x], [y]) => x - y)
      .map(([m, e]) => [
        monthLabel(m),
        { size: e.size, customers: e.buyers.map((b) => b.size), revenue: e.revenue },
      ]),
  );
}

function median(xs: readonly number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] ?? NaN) : ((v[mid - 1] ?? NaN) + (v[mid] ?? NaN)) / 2;
}

function gaps(c: Customer): number[] {
  return c.purchaseDays.slice(1).map((d, i) => d - (c.purchaseDays[i] ?? d));
}

/**
 * The explainable churn rule: active customers silent for at least `factor` times their own
 * median gap between purchase days (one-time buyers: the median of the repeat buyers' medians).
 */
export function overdueActive(s: Sample, factor = 2): Set<string> {
  const repeat = [...s.buyers.values()].filter((c) => c.purchaseDays.length > 1);
  const population = median(repeat.map((c) => median(gaps(c))));
  const out = new Set<string>();
  for (const c of s.buyers.values()) {
    if (!isActive(s, c)) continue;
    const typical = c.purchaseDays.length > 1 ? median(gaps(c)) : population;
    if (recencyDays(s, c) >= factor * typical) out.add(c.id);
  }
  return out;
}

export function activeIds(s: Sample): Set<string> {
  return new Set([...s.buyers.values()].filter((c) => isActive(s, c)).map((c) => c.id));
}
