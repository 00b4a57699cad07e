/*
 * Medians as DuckDB's median() gives them (the mean of the two middle values for an even count),
 * for the as-of model's typical gaps (`as-of-overview.ts`).
 */

/** Median of sorted values. */
function median(sorted: Float64Array): number {
  const k = sorted.length;
  const a = sorted[(k - 1) >> 1] ?? NaN;
  return k % 2 === 1 ? a : (a + (sorted[k >> 1] ?? NaN)) / 2;
}

/**
 * Median of `a` (reordered): the middle values by selection, linear where sorting the 50k
 * repeat buyers' medians at 1M orders took a third of the KPIs' time.
 */
export function medianBySelection(a: Float64Array): number {
  const k = a.length;
  const mid = (k - 1) >> 1;
  let lo = 0;
  let hi = k - 1;
  // Hoare's selection: afterwards a[mid] is in place, nothing above it is smaller.
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i++] = a[j] ?? 0;
        a[j--] = t;
      }
    }
    if (mid <= j) hi = j;
    else if (mid >= i) lo = i;
    else break;
  }
  const m = a[mid] ?? NaN;
  if (k % 2 === 1) return m;
  let next = Infinity;
  for (let i = mid + 1; i < k; i++) next = Math.min(next, a[i] ?? Infinity);
  return (m + next) / 2;
}

/**
 * Median of a[0..k-1], sorting them in place: by insertion for the dozen or so gaps most
 * customers have (a typed array's own sort of a subarray per customer took most of the time of
 * a change at 1M orders), by the typed array's sort beyond.
 */
export function medianOfFirst(a: Float64Array, k: number): number {
  if (k > 64) return median(a.subarray(0, k).sort());
  for (let i = 1; i < k; i++) {
    const x = a[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (a[j] ?? 0) > x) {
      a[j + 1] = a[j] ?? 0;
      j--;
    }
    a[j + 1] = x;
  }
  const lo = a[(k - 1) >> 1] ?? NaN;
  return k % 2 === 1 ? lo : (lo + (a[k >> 1] ?? NaN)) / 2;
}
