import { describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import type { Db, Query, Row } from '../data/db';
import { ViewActivity } from './view-activity';
import { ViewPrefetch } from './view-prefetch';

/** An engine answering each statement with its own text, recording what reached it. */
function engine() {
  const ran: string[] = [];
  const gates = new Map<string, Promise<void>>();
  const failing = new Set<string>();
  const query = async <T = Row>(q: Query | string): Promise<T[]> => {
    const sql = typeof q === 'string' ? q : q.sql;
    ran.push(sql);
    await gates.get(sql);
    if (failing.has(sql)) throw new Error(`failed: ${sql}`);
    return [{ sql }] as T[];
  };
  const no = () => Promise.reject(new Error('not used'));
  /** A stand-in table naming its statement: the prefetch only holds and hands it over. */
  const queryArrow = async (q: Query | string): Promise<Table> => {
    const sql = typeof q === 'string' ? q : q.sql;
    ran.push(`arrow:${sql}`);
    return { sql } as unknown as Table;
  };
  const db: Db = {
    query,
    queryArrow,
    exec: no,
    registerBuffer: no,
    registerText: no,
    dropFile: no,
    loadArrow: no,
    close: no,
  };
  return { db, ran, gates, failing };
}

function setup() {
  const e = engine();
  const views = new ViewActivity(2000);
  let stamp: string | null = '1';
  const ahead = new ViewPrefetch(views, () => stamp);
  return { ...e, views, ahead, setStamp: (s: string | null) => (stamp = s) };
}

const PLAN: Query[] = [{ sql: 'pareto' }, { sql: 'tiers', params: [365] }, { sql: 'cohorts' }];

describe('ViewPrefetch', () => {
  it('holds a statement planned as a table for a view reading it as one, and only for that', async () => {
    const t = setup();
    t.ahead.start(t.db, [{ sql: 'pareto' }, { sql: 'churn', params: [2], arrow: true }], '1');
    await t.ahead.done;
    expect(t.ran).toEqual(['pareto', 'arrow:churn']);
    const view = t.ahead.wrap(t.db);
    const table = await view.queryArrow({ sql: 'churn', params: [2] });
    expect(table).toEqual({ sql: 'churn' });
    expect(await view.queryArrow({ sql: 'churn', params: [2] })).toBe(table);
    expect(t.ran).toHaveLength(2);
    // Read as rows, or as a table where rows were planned, the engine answers.
    await view.query({ sql: 'churn', params: [2] });
    await view.queryArrow('pareto');
    expect(t.ran).toEqual(['pareto', 'arrow:churn', 'churn', 'arrow:pareto']);
  });

  it('runs the plan one statement at a time, and the views then read it without the engine', async () => {
    const t = setup();
    t.ahead.start(t.db, PLAN, '1');
    await t.ahead.done;
    expect(t.ran).toEqual(['pareto', 'tiers', 'cohorts']);
    const view = t.ahead.wrap(t.db);
    expect(await view.query({ sql: 'tiers', params: [365] })).toEqual([{ sql: 'tiers' }]);
    expect(await view.query('cohorts')).toEqual([{ sql: 'cohorts' }]);
    expect(t.ran).toHaveLength(3);
    // Other statements, and the same text with other values, go to the engine.
    await view.query({ sql: 'tiers', params: [90] });
    await view.query('funnel');
    expect(t.ran).toHaveLength(5);
  });

  it('waits while a view query runs', async () => {
    const t = setup();
    let finish: () => void = () => undefined;
    void t.views.track(new Promise<void>((r) => (finish = r)));
    t.ahead.start(t.db, PLAN, '1');
    await new Promise((r) => setTimeout(r, 20));
    expect(t.ran).toEqual([]);
    finish();
    await t.ahead.done;
    expect(t.ran).toEqual(['pareto', 'tiers', 'cohorts']);
  });

  it('shares a statement a view asks for while it is being fetched ahead, and skips one asked for already', async () => {
    const t = setup();
    let open: () => void = () => undefined;
    t.gates.set('pareto', new Promise<void>((r) => (open = r)));
    const view = t.ahead.wrap(t.db);
    t.ahead.start(t.db, PLAN, '1');
    await new Promise((r) => setTimeout(r, 20));
    // 'pareto' is under way; 'cohorts' is asked for by a view before its turn came.
    const pareto = view.query('pareto');
    const cohorts = view.query('cohorts');
    open();
    await t.ahead.done;
    await Promise.all([cohorts, pareto]);
    expect(t.ran.filter((s) => s === 'pareto')).toHaveLength(1);
    expect(t.ran.filter((s) => s === 'cohorts')).toHaveLength(1);
  });

  it('answers nothing once the tables moved on, and stops fetching', async () => {
    const t = setup();
    let open: () => void = () => undefined;
    t.gates.set('tiers', new Promise<void>((r) => (open = r)));
    t.ahead.start(t.db, PLAN, '1');
    await new Promise((r) => setTimeout(r, 20));
    // A rebuild (null while it runs) and then new tables.
    t.setStamp(null);
    open();
    t.setStamp('2');
    await t.ahead.done;
    expect(t.ran).toEqual(['pareto', 'tiers']);
    expect(t.ahead.held).toBe(0);
    await t.ahead.wrap(t.db).query('pareto');
    expect(t.ran).toEqual(['pareto', 'tiers', 'pareto']);
  });

  it('does not keep a failure for the next reader', async () => {
    const t = setup();
    t.failing.add('tiers');
    t.ahead.start(t.db, PLAN, '1');
    await t.ahead.done;
    t.failing.clear();
    const view = t.ahead.wrap(t.db);
    expect(await view.query({ sql: 'tiers', params: [365] })).toEqual([{ sql: 'tiers' }]);
    expect(t.ran.filter((s) => s === 'tiers')).toHaveLength(2);
  });

  it('posts the next statement as the one before settles, and as a view query settles, before a task is taken for drawing', async () => {
    const t = setup();
    let open: () => void = () => undefined;
    t.gates.set('pareto', new Promise<void>((r) => (open = r)));
    t.ahead.start(t.db, PLAN, '1');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.ran).toEqual(['pareto']);
    // A view query runs when the statement settles: the next waits for it...
    let viewDone: () => void = () => undefined;
    const view = t.views.track(new Promise<void>((r) => (viewDone = r)));
    open();
    const microtasks = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    await microtasks();
    expect(t.ran).toEqual(['pareto']);
    // ...and goes out before the view's own handler runs (where the page would draw), with
    // no timer in between.
    const seenByView = view.then(() => [...t.ran]);
    viewDone();
    expect(await seenByView).toEqual(['pareto', 'tiers']);
    await microtasks();
    expect(t.ran).toEqual(['pareto', 'tiers', 'cohorts']);
  });
});
