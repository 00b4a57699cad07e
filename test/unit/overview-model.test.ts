import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../src/data/db-node';
import type { Db } from '../../src/data/db';
import { rebuildSummary } from '../../src/analysis/summary';
import { loadFixture } from '../fixtures/analysis/load';
import { SMALL, SMALL_AS_OF } from '../fixtures/analysis/small';
import { loadKpis } from '../../src/state/first-paint';
import { OverviewModel } from '../../src/state/overview-model';
import { ViewActivity } from '../../src/state/view-activity';

describe('OverviewModel', () => {
  let db: Db;
  let revision = 1;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadFixture(db, SMALL);
    await rebuildSummary(db, {});
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  const params = { asOf: SMALL_AS_OF };

  it('answers for the data it was fetched for, the same object while the inputs hold', async () => {
    const m = new OverviewModel(() => revision);
    expect(m.kpis(params, 2)).toBeUndefined();
    await m.fetch(db);
    expect(m.held).toBe(true);
    const k = m.kpis(params, 2);
    await rebuildSummary(db, params);
    expect(k).toEqual(await loadKpis(db, params, 2));
    expect(m.kpis(params, 2)).toBe(k);
    const o = m.overview(params, { a: 0.8, b: 0.95 }, 50);
    expect(o?.pareto.customers).toBe(k?.customers);
    expect(m.overview(params, { a: 0.8, b: 0.95 }, 50)).toBe(o);
    // Another as-of date: other figures.
    expect(m.kpis({ asOf: '2024-06-30' }, 2)?.customers).toBe(5);
  });

  it('answers nothing once cleared (the notebook ran) or once the data changed (a load)', async () => {
    const m = new OverviewModel(() => revision);
    await m.fetch(db);
    m.clear();
    expect(m.kpis(params, 2)).toBeUndefined();
    await m.fetch(db);
    revision++;
    expect(m.held).toBe(false);
    expect(m.kpis(params, 2)).toBeUndefined();
    expect(m.overview(params, {}, 50)).toBeUndefined();
  });

  it('keeps no fetch that a clear overtook', async () => {
    const m = new OverviewModel(() => revision);
    const fetching = m.fetch(db);
    m.clear();
    await fetching;
    expect(m.held).toBe(false);
  });

  it('is not fetched above its row cap', async () => {
    const [r] = await db.query<{ n: number }>('SELECT count(*) AS n FROM customer_days');
    const rows = r?.n ?? 0;
    const over = new OverviewModel(() => revision, rows - 1);
    await over.fetch(db);
    expect(over.held).toBe(false);
    expect(over.kpis(params, 2)).toBeUndefined();
    const at = new OverviewModel(() => revision, rows);
    await at.fetch(db);
    expect(at.held).toBe(true);
  });

  it('fetches once the views are quiet, not when the data changed before', async () => {
    let now = 0;
    const views = new ViewActivity(20, () => now);
    const m = new OverviewModel(() => revision);
    const jobs: Promise<void>[] = [];
    m.fetchLater(views, (job) => void jobs.push(job()), db);
    expect(jobs).toHaveLength(0);
    now = 100;
    await new Promise((r) => setTimeout(r, 60));
    expect(jobs).toHaveLength(1);
    await Promise.all(jobs);
    expect(m.held).toBe(true);

    // Calls while one fetch waits (a notebook's statements) make that one fetch.
    const once = new OverviewModel(() => revision);
    now = 200;
    for (let i = 0; i < 3; i++) once.fetchLater(views, (job) => void jobs.push(job()), db);
    now = 300;
    await new Promise((r) => setTimeout(r, 60));
    expect(jobs).toHaveLength(2);
    await Promise.all(jobs);
    expect(once.held).toBe(true);
    // Once it has run, the next call waits for another.
    once.fetchLater(views, (job) => void jobs.push(job()), db);
    now = 400;
    await new Promise((r) => setTimeout(r, 60));
    expect(jobs).toHaveLength(3);
    await Promise.all(jobs);
    jobs.length = 1;

    const late = new OverviewModel(() => revision);
    late.fetchLater(views, (job) => void jobs.push(job()), db);
    revision++;
    await new Promise((r) => setTimeout(r, 60));
    expect(jobs).toHaveLength(1);
    expect(late.held).toBe(false);
  });
});
