/** Small statistics and timing helpers shared by the benchmark modules. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

/** Linear-interpolated percentile (p in 0..1); NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = s[lo] ?? NaN;
  return a + ((s[hi] ?? NaN) - a) * (pos - lo);
}

export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Median of each key over several runs of a record of timings. */
export function medianRecord(runs: readonly Record<string, number>[]): Record<string, number> {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const out: Record<string, number> = {};
  for (const k of keys) {
    out[k] = round(median(runs.map((r) => r[k]).filter((v): v is number => v !== undefined)));
  }
  return out;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** Runs the garbage collector when Node was started with --expose-gc (run.ts re-execs with it). */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
