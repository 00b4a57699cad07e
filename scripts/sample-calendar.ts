/**
 * Shopping intensity per calendar day and the "operational time" it induces. A customer buys
 * as a Poisson process with rate lambda * s(day); simulating in the time Lambda(t) = integral
 * of s makes that a plain rate-lambda process, so seasonality costs one lookup per order.
 */
const DAY_MS = 86_400_000;

const MONTH = [0.85, 0.78, 0.92, 0.95, 0.97, 1.02, 0.92, 0.93, 0.97, 1.02, 1.3, 1.45];
const WEEKDAY = [1.08, 0.95, 0.96, 0.96, 0.97, 1.0, 1.12]; // Sunday first
const LUNAR_NEW_YEAR: Record<number, string> = {
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
};

function blackFriday(year: number): number {
  const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - nov1 + 7) % 7);
  return firstThursday + 21 + 1;
}

function dayFactor(ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  let f = (MONTH[m] ?? 1) * (WEEKDAY[d.getUTCDay()] ?? 1);
  if (m === 10 && day === 11)
    f *= 4.5; // Singles' Day
  else if (m === 10 && (day === 10 || day === 12)) f *= 1.6;
  if (m === 10 && day === blackFriday(y)) f *= 2.6;
  if (m === 11 && day <= 2 && blackFriday(y) + 3 - 30 === day) f *= 1.8; // Cyber Monday
  if (m === 10 && blackFriday(y) + 3 === day) f *= 1.8;
  if (m === 5 && day === 18) f *= 2.2; // 618 festival
  if (m === 11 && day >= 18 && day <= 23) f *= 1.3;
  if (m === 11 && day === 25) f *= 0.5;
  if (m === 0 && day === 1) f *= 0.6;
  const lny = LUNAR_NEW_YEAR[y];
  if (lny !== undefined) {
    const diff = Math.round((ms - Date.parse(lny)) / DAY_MS);
    if (diff >= -1 && diff <= 3) f *= 0.45;
  }
  return f;
}

export class Calendar {
  private readonly factor: Float64Array;
  private readonly cum: Float64Array;

  /** Days [0, days) from `originMs`, with intensities normalised to mean 1. */
  constructor(
    readonly originMs: number,
    readonly days: number,
  ) {
    this.factor = new Float64Array(days);
    let sum = 0;
    for (let d = 0; d < days; d++) {
      this.factor[d] = dayFactor(originMs + d * DAY_MS);
      sum += this.factor[d] ?? 0;
    }
    this.cum = new Float64Array(days + 1);
    const norm = days / sum;
    for (let d = 0; d < days; d++) {
      this.factor[d] = (this.factor[d] ?? 0) * norm;
      this.cum[d + 1] = (this.cum[d] ?? 0) + (this.factor[d] ?? 0);
    }
  }

  /** Operational time at real time t (days); identity slope outside the window. */
  toOperational(t: number): number {
    if (t <= 0) return t;
    if (t >= this.days) return (this.cum[this.days] ?? 0) + (t - this.days);
    const k = Math.floor(t);
    return (this.cum[k] ?? 0) + (t - k) * (this.factor[k] ?? 0);
  }

  toReal(u: number): number {
    if (u <= 0) return u;
    const end = this.cum[this.days] ?? 0;
    if (u >= end) return this.days + (u - end);
    let lo = 0;
    let hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.cum[mid] ?? 0) <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo + (u - (this.cum[lo] ?? 0)) / (this.factor[lo] ?? 0);
  }

  get end(): number {
    return this.cum[this.days] ?? 0;
  }

  /** True on the big discount days, when promotions deepen. */
  isPromoDay(day: number): boolean {
    return day >= 0 && day < this.days && (this.factor[day] ?? 0) > 2.2;
  }
}
