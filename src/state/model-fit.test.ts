import { describe, expect, it, vi } from 'vitest';
import type { Db, Query } from '../data/db';
import type { ModelFits } from '../analysis/models';
import { ModelFitCache } from './model-fit';

function fakeDb() {
  const statements: Query[] = [];
  const db = {
    query: (q: Query) => {
      statements.push(q);
      return Promise.resolve([]);
    },
  } as unknown as Db;
  return { db, statements };
}

const fits = (r: number): ModelFits => ({
  bgnbd: { r, alpha: 1, a: 1, b: 1 } as ModelFits['bgnbd'],
  gammaGamma: null,
});

describe('ModelFitCache', () => {
  it('fits a scope once: a fit started in the background is the one taken later', async () => {
    const { db, statements } = fakeDb();
    const fit = vi.fn(() => Promise.resolve(fits(1)));
    const cache = new ModelFitCache(fit);
    void cache.start(db, 'k');
    expect(await cache.get(db, 'k')).toEqual(fits(1));
    expect(await cache.get(db, 'k')).toEqual(fits(1));
    expect(fit).toHaveBeenCalledTimes(1);
    // Stored by each taker, never by the background start.
    expect(statements.filter((q) => q.sql.includes('model_fit'))).toHaveLength(2);
    expect(statements[0]?.params?.[0]).toBe(1);
  });

  it('fits again for another scope, after clear, and after a failure', async () => {
    const { db } = fakeDb();
    let n = 0;
    const fit = vi.fn(() =>
      ++n === 3 ? Promise.reject(new Error('no fit')) : Promise.resolve(fits(n)),
    );
    const cache = new ModelFitCache(fit);
    expect((await cache.get(db, 'a')).bgnbd?.r).toBe(1);
    expect((await cache.get(db, 'b')).bgnbd?.r).toBe(2);
    await expect(cache.get(db, 'b2')).rejects.toThrow('no fit');
    expect((await cache.get(db, 'b2')).bgnbd?.r).toBe(4);
    cache.clear();
    expect((await cache.get(db, 'b2')).bgnbd?.r).toBe(5);
  });

  it('lets a background fit wait for its turns until someone asks for it', async () => {
    const { db } = fakeDb();
    const turns: string[] = [];
    const fit = vi.fn(async (_db: Db, turn?: () => Promise<void>) => {
      await turn?.();
      turns.push('rf');
      await turn?.();
      turns.push('spend');
      return fits(7);
    });
    const cache = new ModelFitCache(fit);
    let grant: () => void = () => undefined;
    // The views stay busy: the first turn comes, the second never would.
    let granted = 0;
    const turn = () =>
      new Promise<void>((resolve) => {
        if (granted++ === 0) grant = resolve;
      });
    void cache.start(db, 'k', turn);
    await Promise.resolve();
    expect(turns).toEqual([]);
    grant();
    await vi.waitFor(() => expect(turns).toEqual(['rf']));
    // The churn view asks (its own query keeps the views busy): the fit goes on at once.
    expect((await cache.get(db, 'k')).bgnbd?.r).toBe(7);
    expect(turns).toEqual(['rf', 'spend']);
    expect(fit).toHaveBeenCalledTimes(1);
  });
});
