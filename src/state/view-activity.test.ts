import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewActivity } from './view-activity';

describe('ViewActivity', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A query the test settles by hand. */
  function pending() {
    let resolve: () => void = () => undefined;
    let reject: (e: Error) => void = () => undefined;
    const p = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { p, resolve, reject };
  }

  it('waits the quiet time after a rebuild when no view queries', async () => {
    const a = new ViewActivity(2000, () => Date.now());
    const fn = vi.fn();
    a.whenQuiet(fn, () => false);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fn).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs only once the views have been quiet that long: not while one queries, nor right after', async () => {
    const a = new ViewActivity(2000, () => Date.now());
    const fn = vi.fn();
    a.whenQuiet(fn, () => false);
    // Views opened one after another: each query starts before the quiet time is over.
    const q1 = pending();
    void a.track(q1.p);
    await vi.advanceTimersByTimeAsync(2500);
    expect(fn).not.toHaveBeenCalled();
    expect(a.quietIn()).toBe(2000);
    q1.resolve();
    await vi.advanceTimersByTimeAsync(1500);
    const q2 = pending();
    void a.track(q2.p).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(1000);
    q2.reject(new Error('failed query'));
    await vi.advanceTimersByTimeAsync(1999);
    expect(fn).not.toHaveBeenCalled();
    expect(a.quietIn()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.quietIn()).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits a quiet time of its own when given one', async () => {
    const a = new ViewActivity(2000, () => Date.now());
    const fn = vi.fn();
    a.whenQuiet(fn, () => false, undefined, 300);
    const q = pending();
    void a.track(q.p);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.quietIn(300)).toBe(300);
    q.resolve();
    await vi.advanceTimersByTimeAsync(299);
    expect(fn).not.toHaveBeenCalled();
    expect(a.quietIn()).toBe(1701);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never runs once stale', async () => {
    const a = new ViewActivity(2000, () => Date.now());
    const fn = vi.fn();
    let stale = false;
    const q = pending();
    void a.track(q.p);
    a.whenQuiet(fn, () => stale);
    await vi.advanceTimersByTimeAsync(2000);
    stale = true;
    q.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fn).not.toHaveBeenCalled();
  });
  it('runs a whenIdle callback at once when idle, else once the last running query settles', async () => {
    const a = new ViewActivity(2000, () => Date.now());
    const now = vi.fn();
    a.whenIdle(now);
    expect(now).toHaveBeenCalledTimes(1);
    const later = vi.fn();
    const q1 = pending();
    const q2 = pending();
    void a.track(q1.p);
    void a.track(q2.p).catch(() => undefined);
    a.whenIdle(later);
    q1.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(later).not.toHaveBeenCalled();
    q2.reject(new Error('failed'));
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toHaveBeenCalledTimes(1);
    // Once only.
    const q3 = pending();
    void a.track(q3.p);
    q3.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toHaveBeenCalledTimes(1);
  });
});
