import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ScopeFits } from './scope-fits';
import { ViewActivity } from './view-activity';
import type { ModelFitCache } from './model-fit';
import type { ModelFits } from '../analysis/models';
import type { Db } from '../data/db';

const db = {} as Db;
const FITS = { key: 'fits' } as unknown as ModelFits;

/** A fit cache that answers at once; `start` and `get` are spies. */
function fakeModule() {
  const start = vi.fn(() => Promise.resolve(FITS));
  const get = vi.fn(() => Promise.resolve(FITS));
  class Fake {
    start = start;
    get = get;
    clear = vi.fn();
  }
  return { module: { ModelFitCache: Fake as unknown as typeof ModelFitCache }, start, get };
}

describe('ScopeFits', () => {
  const unhandled: unknown[] = [];
  const record = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', record);
  afterEach(() => {
    unhandled.length = 0;
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
  });

  it('a background start whose code fails to load rejects nothing unhandled, and the next get loads it again', async () => {
    const { module, get } = fakeModule();
    const load = vi
      .fn<() => Promise<typeof module>>()
      .mockRejectedValueOnce(new Error('chunk not fetched'))
      .mockResolvedValue(module);
    const fits = new ScopeFits(() => 'scope', new ViewActivity(0), undefined, load);

    fits.startAfterLoad(db);
    fits.clear();
    // Let the failed import and anything chained on it settle.
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);

    await expect(fits.get(db)).resolves.toBe(FITS);
    expect(load).toHaveBeenCalledTimes(2);
    expect(get).toHaveBeenCalledWith(db, 'scope');
  });

  it('a failed background fit rejects nothing unhandled; the code is loaded once', async () => {
    const { module, start } = fakeModule();
    start.mockImplementation(() => Promise.reject(new Error('fit failed')));
    const load = vi.fn(() => Promise.resolve(module));
    const fits = new ScopeFits(() => 'scope', new ViewActivity(0), undefined, load);

    fits.startAfterLoad(db);
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
    expect(start).toHaveBeenCalledWith(db, 'scope', expect.any(Function));

    await fits.get(db);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
