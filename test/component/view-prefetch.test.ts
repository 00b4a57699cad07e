/**
 * After a load, once the Overview is drawn, the Pareto, Tiers and Lifecycle views' first
 * statements and the Churn view's query are fetched ahead: opening those views then asks the
 * engine for none of them. What was fetched is not served once the tables change (the user's
 * SQL, a new scope).
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { tick } from 'svelte';
import { waitFor, within } from '@testing-library/svelte';
import { prefetchPlan } from '../../src/views/first-queries';
import type { AppContext } from '../../src/views/context';
import ViewSwitch from './ViewSwitch.svelte';
import { countingStatements, openSample, renderViews, type Loaded } from './harness';
import { installInlineWorker } from './inline-worker';

let data: Loaded;
/** Every statement that reached the engine, in order. */
const ran: string[] = [];

beforeAll(async () => {
  installInlineWorker();
  const loaded = await openSample('en');
  data = countingStatements(loaded, ran);
}, 120_000);
afterAll(async () => {
  await data.db.close();
  vi.unstubAllGlobals();
});

const WAIT = { timeout: 30_000 };

/** Shows `view` and waits until it has drawn a chart and nothing is loading. */
async function open(
  app: AppContext,
  container: HTMLElement,
  view: 'pareto' | 'tiers' | 'lifecycle' | 'churn',
) {
  app.store.state.view = view;
  await tick();
  await waitFor(() => {
    // The Churn view draws its list (its charts need the fit, which happens in a worker).
    const drawn = view === 'churn' ? '[data-testid="churn-list"]' : '.plot-figure svg';
    expect(container.querySelector(drawn)).not.toBeNull();
    expect(container.querySelector('[aria-busy="true"], .stale')).toBeNull();
  }, WAIT);
}

test('the views opened after a load ask the engine for none of their first statements, until the tables change', async () => {
  const { container, app, settle, unmount } = renderViews([{ component: ViewSwitch }], {
    data,
    search: 'v=1&lang=en',
  });
  await within(container).findByTestId('kpi-strip', {}, WAIT);
  await settle();
  expect(app.analysis.churn.holds).toBe(true);
  const plan = prefetchPlan(app.store.state, app.analysis.params, { churn: true });
  const planned = new Set(plan.map((q) => q.sql));
  expect(planned.size).toBe(11);
  expect(plan.filter((q) => q.arrow)).toHaveLength(1);
  await waitFor(() => expect(app.analysis.ahead.held).toBe(planned.size), WAIT);
  await app.analysis.ahead.done;
  const fetched = ran.filter((s) => planned.has(s)).length;
  expect(fetched).toBe(planned.size);

  for (const v of ['pareto', 'tiers', 'lifecycle', 'churn'] as const) await open(app, container, v);
  expect(ran.filter((s) => planned.has(s))).toHaveLength(fetched);

  // A statement of the user's may have changed what the views read: they ask the engine again.
  app.analysis.tablesChanged();
  await open(app, container, 'tiers');
  expect(ran.filter((s) => planned.has(s)).length).toBeGreaterThan(fetched);
  unmount();
});
