import { parseAbc, type AbcCutoffs, type AbcResult } from './abc';
import { dayNumber, NO_DAY, type AsOfModel } from './as-of-model';
import { parseKpis, type Kpis } from './kpi';
import { medianBySelection, medianOfFirst } from './medians';
import { CUSTOMER_ATTRIBUTES, resolveParams, type AnalysisParams } from './params';
import { resolveParetoOptions, type ParetoOptions } from './pareto';
import { parseParetoOverview, type ParetoOverview } from './pareto-overview';

/*
 * The Overview's figures (`buildKpiQuery` with `fromSummary`, `buildParetoOverviewQuery`,
 * `buildAbcQuery`) computed from an `AsOfModel` for any scope, as `customer_base` and
 * `customer_ranked` would hold it: the rows the SQL returns are built here and read by the same
 * parsers. One pass over the day rows of the customers kept, plus a sort of the buyers.
 */

/**
 * The buyers of one scope (customers passing the attribute filters with a day row in the window
 * up to as-of), one entry each, and their values in rank order.
 */
export interface AsOfScope {
  n: number;
  /** Values in `value_rank` order: descending. */
  ranked: Float64Array;
  value: Float64Array;
  value12m: Float64Array;
  orders: Int32Array;
  purchaseDays: Int32Array;
  recencyDays: Int32Array;
  prevYearBuyer: Uint8Array;
  /** Median gap between purchase days; NaN when the customer has none. */
  medianGap: Float64Array;
}

/** Not a value of any attribute: a customer missing from the customers table passes no filter. */
const NOT_LISTED = Symbol('not listed');

/** Index of the first of rows lo..hi-1 (sorted by day) whose day is above `d`. */
function after(day: Int32Array, lo: number, hi: number, d: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((day[mid] ?? 0) <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The buyers of `params`' scope, or undefined when the as-of date resolves to none (no row in
 * the window), which the SQL path handles.
 */
export function asOfScope(model: AsOfModel, params: AnalysisParams): AsOfScope | undefined {
  const rp = resolveParams(params);
  const f = rp.filters;
  const from = f.from ? dayNumber(f.from) : NO_DAY;
  const to = f.to ? dayNumber(f.to) : Number.MAX_SAFE_INTEGER;
  const { day, prev, buy, start, orders: dayOrders } = model;
  const customers = start.length - 1;
  let asOf: number;
  if (rp.asOf) asOf = dayNumber(rp.asOf);
  else if (!f.from && !f.to) asOf = model.maxDay;
  else {
    // As `scopeCtes`: the last day of any row in the window, whoever's.
    asOf = NO_DAY;
    for (let c = 0; c < customers; c++) {
      const i = after(day, start[c] ?? 0, start[c + 1] ?? 0, to) - 1;
      const d = day[i] ?? NO_DAY;
      if (i >= (start[c] ?? 0) && d >= from && d > asOf) asOf = d;
    }
  }
  if (asOf === NO_DAY) return undefined;
  const upTo = Math.min(to, asOf);
  const values = model[rp.measure];
  const kept = CUSTOMER_ATTRIBUTES.filter((a) => f[a].length > 0).map((a) => ({
    of: model[a],
    in: new Set<string | symbol>(f[a]),
  }));

  const value = new Float64Array(customers);
  const value12m = new Float64Array(customers);
  const orders = new Int32Array(customers);
  const purchaseDays = new Int32Array(customers);
  const recencyDays = new Int32Array(customers);
  const prevYearBuyer = new Uint8Array(customers);
  const medianGap = new Float64Array(customers);
  // Without a window start every gap up to a purchase day counts: `medianToDay` has the median.
  const windowed = from !== NO_DAY;
  const gaps = new Float64Array(windowed ? model.longest : 0);
  const yearAgo = asOf - 365;
  const twoYearsAgo = asOf - 730;
  let n = 0;
  for (let c = 0; c < customers; c++) {
    if (kept.length > 0 && kept.some((k) => !k.in.has(k.of[c] ?? NOT_LISTED))) continue;
    const s = start[c] ?? 0;
    const e = start[c + 1] ?? 0;
    const lo = from === NO_DAY ? s : after(day, s, e, from - 1);
    const hi = after(day, lo, e, upTo);
    if (lo >= hi) continue;
    let v = 0;
    let v12 = 0;
    let o = 0;
    let pd = 0;
    let last = NO_DAY;
    let lastRow = -1;
    let prevYear = 0;
    let g = 0;
    for (let i = lo; i < hi; i++) {
      const d = day[i] ?? 0;
      const x = values[i] ?? 0;
      v += x;
      if (d > yearAgo) v12 += x;
      o += dayOrders[i] ?? 0;
      if (buy[i] === 1) {
        pd++;
        last = d;
        lastRow = i;
        if (d > twoYearsAgo && d <= yearAgo) prevYear = 1;
        const p = prev[i] ?? NO_DAY;
        // A gap counts only when the previous purchase day is in the window too.
        if (windowed && p !== NO_DAY && p >= from) gaps[g++] = d - p;
      }
    }
    value[n] = v;
    value12m[n] = v12;
    orders[n] = o;
    purchaseDays[n] = pd;
    recencyDays[n] = asOf - (pd > 0 ? last : (day[hi - 1] ?? 0));
    prevYearBuyer[n] = prevYear;
    if (!windowed) medianGap[n] = lastRow < 0 ? NaN : (model.medianToDay[lastRow] ?? NaN);
    else medianGap[n] = g > 0 ? medianOfFirst(gaps, g) : NaN;
    n++;
  }
  // Buyers tied on value hold the same cumulative sums whichever of them DuckDB ranks first
  // (by customer_id), so every figure is the same for any order among them: values alone are
  // sorted, by the typed array's numeric sort (no comparator), then read from the end.
  const ranked = value.slice(0, n).sort().reverse();
  return {
    n,
    ranked,
    value: value.subarray(0, n),
    value12m: value12m.subarray(0, n),
    orders: orders.subarray(0, n),
    purchaseDays: purchaseDays.subarray(0, n),
    recencyDays: recencyDays.subarray(0, n),
    prevYearBuyer: prevYearBuyer.subarray(0, n),
    medianGap: medianGap.subarray(0, n),
  };
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/**
 * `Kpis` of the scope, as `buildKpiQuery(params, { overdueFactor }, { fromSummary: true })`
 * (median gaps; `activeDays` from the params).
 */
export function asOfKpis(s: AsOfScope, overdueFactor: number, activeDays: number): Kpis {
  if (!(overdueFactor > 0)) throw new Error(`overdueFactor must be positive, got ${overdueFactor}`);
  const { n } = s;
  // pop: the median of the repeat buyers' own median gaps (null when there are none).
  const own = new Float64Array(n);
  let repeaters = 0;
  for (let r = 0; r < n; r++)
    if ((s.purchaseDays[r] ?? 0) > 1) own[repeaters++] = s.medianGap[r] ?? NaN;
  const pop = repeaters > 0 ? medianBySelection(own.subarray(0, repeaters)) : NaN;
  const total = sum(s.value);
  const top = Math.max(1, Math.round(0.2 * n));
  let orders = 0;
  let topValue = 0;
  let giniSum = 0;
  let active = 0;
  let repeat = 0;
  let purchasing = 0;
  let prevYear = 0;
  let churned = 0;
  let atRisk = 0;
  let valueAtRisk = 0;
  let lapsed = 0;
  for (let r = 0; r < n; r++) {
    const rank = r + 1;
    const v = s.ranked[r] ?? 0;
    if (rank <= top) topValue += v;
    giniSum += (n + 1 - 2 * rank) * v;
  }
  // From here on, r is a buyer, not a rank.
  for (let r = 0; r < n; r++) {
    const pd = s.purchaseDays[r] ?? 0;
    const recency = s.recencyDays[r] ?? 0;
    orders += s.orders[r] ?? 0;
    const isActive = pd > 0 && recency <= activeDays;
    if (isActive) active++;
    else if (pd > 0) lapsed++;
    if (pd >= 2) repeat++;
    if (pd >= 1) purchasing++;
    if (s.prevYearBuyer[r] === 1) {
      prevYear++;
      if (recency > 365) churned++;
    }
    const typical = pd > 1 ? (s.medianGap[r] ?? NaN) : pop;
    // NaN (no typical gap) compares false, as the SQL's COALESCE(NULL, false).
    if (isActive && recency >= overdueFactor * typical) {
      atRisk++;
      valueAtRisk += s.value12m[r] ?? 0;
    }
  }
  return parseKpis([
    {
      customers: n,
      active_customers: active,
      orders,
      value: total,
      top20_share: total > 0 ? topValue / total : null,
      gini: total > 0 ? giniSum / (n * total) : null,
      repeat_rate: purchasing > 0 ? repeat / purchasing : null,
      churn_rate: prevYear > 0 ? churned / prevYear : null,
      at_risk: atRisk,
      value_at_risk: valueAtRisk,
      lapsed_customers: lapsed,
    },
  ]);
}

/** As `buildParetoOverviewQuery` + `parseParetoOverview`. */
export function asOfParetoOverview(
  s: AsOfScope,
  options: ParetoOptions & { maxPoints: number },
): ParetoOverview {
  const o = resolveParetoOptions(options);
  const m = Math.max(2, Math.floor(options.maxPoints));
  const { n } = s;
  const total = sum(s.value);
  const topCount = Math.max(1, Math.round(o.topCustomerShare * n));
  const cum = new Float64Array(n);
  let running = 0;
  let reach: number | null = null;
  const threshold = o.valueShare * total - 1e-9 * Math.abs(total);
  for (let r = 0; r < n; r++) {
    running += s.ranked[r] ?? 0;
    cum[r] = running;
    if (reach === null && running >= threshold) reach = r + 1;
  }
  const step = n / (m - 1);
  const rows: Record<string, unknown>[] = [];
  for (let j = 1; j <= n; j++) {
    const keep = n + 1 <= m || j === n || Math.round(Math.round(j / step) * step) === j;
    if (keep || j === topCount || j === reach) {
      rows.push({ j, cum: cum[j - 1], n, total, top_count: topCount, reach, keep });
    }
  }
  return parseParetoOverview(rows);
}

/** As `buildAbcQuery` + `parseAbc` (not split by segment, as the Overview reads it). */
export function asOfAbc(s: AsOfScope, cutoffs: AbcCutoffs = {}): AbcResult {
  const c = parseAbc([], cutoffs).cutoffs;
  const total = sum(s.value);
  const tiers = {
    A: { customers: 0, value: 0 },
    B: { customers: 0, value: 0 },
    C: { customers: 0, value: 0 },
  };
  let above = 0;
  for (let r = 0; r < s.n; r++) {
    const v = s.ranked[r] ?? 0;
    const share = total > 0 ? above / total : NaN;
    const t =
      v > 0 && share < c.a - 1e-9 ? tiers.A : v > 0 && share < c.b - 1e-9 ? tiers.B : tiers.C;
    t.customers++;
    t.value += v;
    above += v;
  }
  const rows = Object.entries(tiers)
    .filter(([, t]) => t.customers > 0)
    .map(([tier, t]) => ({ tier, customers: t.customers, value: t.value }));
  return parseAbc(rows, cutoffs);
}
