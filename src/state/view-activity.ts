/**
 * The views' queries running and when the last one ended, so that background work (ranking
 * the measures not shown) waits until the views are quiet instead of a set time after a
 * rebuild: started 2 s after the summary was built, ranking (1.2-1.7 s in the page at 1M
 * orders) landed in the middle of the views a user opens one after another after a load.
 */
export class ViewActivity {
  private running = 0;
  private lastEnd = Number.NEGATIVE_INFINITY;
  /** Waiting for the running queries to settle (`whenIdle`). */
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** How long no query must have run for the views to count as quiet. */
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `p`, counted as running until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.running++;
    const end = () => {
      this.running--;
      this.lastEnd = this.now();
      if (this.running > 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const fn of waiters) fn();
    };
    p.then(end, end);
    return p;
  }

  /**
   * Calls `fn` once no view query runs: now, or when the last running one settles (before the
   * view that ran it draws: its own handlers come later).
   */
  whenIdle(fn: () => void): void {
    if (this.running === 0) fn();
    else this.idleWaiters.push(fn);
  }

  /** Milliseconds until the views will have been quiet for `quiet` ms (0: they are now). */
  quietIn(quiet = this.quietMs): number {
    if (this.running > 0) return quiet;
    return Math.max(0, quiet - (this.now() - this.lastEnd));
  }

  /**
   * Calls `fn` once the views have been quiet for `quiet` ms (default `quietMs`), checking first
   * after `wait` ms (default `quiet`); never when `stale()` turns true first.
   */
  whenQuiet(fn: () => void, stale: () => boolean, wait?: number, quiet = this.quietMs): void {
    setTimeout(() => {
      if (stale()) return;
      const left = this.quietIn(quiet);
      if (left === 0) fn();
      else this.whenQuiet(fn, stale, left, quiet);
    }, wait ?? quiet);
  }
}
