import { describe, expect, it } from 'vitest';
import { ResultCache } from '../../src/state/result-cache';

describe('ResultCache', () => {
  it('computes a key once and serves it until cleared', async () => {
    const cache = new ResultCache();
    let runs = 0;
    const compute = () => Promise.resolve(++runs);
    expect(await cache.get('k', compute)).toBe(1);
    expect(await cache.get('k', compute)).toBe(1);
    expect(await cache.get('other', compute)).toBe(2);
    const epoch = cache.epoch;
    cache.clear();
    expect(cache.epoch).toBe(epoch + 1);
    expect(cache.has('k')).toBe(false);
    expect(await cache.get('k', compute)).toBe(3);
  });

  it('does not keep a failure: the next call computes again', async () => {
    const cache = new ResultCache();
    await expect(cache.get('k', () => Promise.reject(new Error('engine')))).rejects.toThrow();
    expect(cache.has('k')).toBe(false);
    expect(await cache.get('k', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('a result computed before a clear is not stored after it', async () => {
    const cache = new ResultCache();
    let finish!: (v: string) => void;
    const pending = cache.get('k', () => new Promise<string>((r) => (finish = r)));
    cache.clear();
    finish('old tables');
    expect(await pending).toBe('old tables');
    expect(await cache.get('k', () => Promise.resolve('new tables'))).toBe('new tables');
  });

  it('drops the oldest entries past its limit', async () => {
    const cache = new ResultCache(2);
    await cache.get('a', () => Promise.resolve(1));
    await cache.get('b', () => Promise.resolve(2));
    await cache.get('c', () => Promise.resolve(3));
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
  });
});
