/**
 * After a load of files (not a sample's snapshot), the Churn view's customers are queried and
 * scored ahead once the models are fitted: opening the view then asks the engine for nothing.
 * Held scores answer only the rule and tables they were computed for, and above the customer cap
 * nothing is held.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { tick } from 'svelte';
import { waitFor, within } from '@testing-library/svelte';
import { buildChurnViewQuery } from '../../src/analysis/churn';
import { ChurnAhead, churnRule } from '../../src/state/churn-ahead';
import { ViewActivity } from '../../src/state/view-activity';
import ViewSwitch from './ViewSwitch.svelte';
import { countingStatements, openFiles, renderViews, type Loaded } from './harness';
import { installInlineWorker } from './inline-worker';
import { ROOT } from './reckon';

let data: Loaded;
/** Every statement that reached the engine, in order. */
const ran: string[] = [];

beforeAll(async () => {
  installInlineWorker();
  const read = (name: string) => readFileSync(resolve(ROOT, 'samples/en', name), 'utf8');
  const loaded = await openFiles({
    'customers.csv': read('customers.csv'),
    'orders.csv': read('orders.csv'),
  });
  data = countingStatements(loaded, ran);
}, 120_000);
afterAll(async () => {
  await data.db.close();
  vi.unstubAllGlobals();
});

const WAIT = { timeout: 60_000 };

test('the Churn view opened after a load draws from customers scored ahead, and asks again for a new rule', async () => {
  const { container, app, settle, unmount } = renderViews([{ component: ViewSwitch }], {
    data,
    search: 'v=1&lang=en',
  });
  const view = within(container);
  await view.findByTestId('kpi-strip', {}, WAIT);
  await settle();
  const churnSql = () => buildChurnViewQuery(churnRule(app.store.state), app.analysis.params).sql;
  const asked = (sql: string) => ran.filter((s) => s === sql).length;
  const first = churnSql();
  await waitFor(() => expect(asked(first)).toBe(1), WAIT);
  await app.analysis.churn.done;

  app.store.state.view = 'churn';
  await tick();
  const list = await view.findByTestId('churn-list', {}, WAIT);
  expect(list.querySelectorAll('tbody tr').length).toBeGreaterThan(0);
  expect(view.getByTestId('churn-headline').textContent).toMatch(/active customers are at risk/);
  expect(asked(first)).toBe(1);

  // Another overdue factor is another rule: scored anew, and held in its turn.
  app.store.state.overdue = 3;
  await tick();
  const second = churnSql();
  expect(second).toBe(first); // the factor is a parameter
  await waitFor(() => expect(asked(first)).toBe(2), WAIT);
  app.store.state.view = 'overview';
  await tick();
  app.store.state.view = 'churn';
  await tick();
  await view.findByTestId('churn-list', {}, WAIT);
  expect(asked(first)).toBe(2);
  await settle();
  unmount();
});

test('above the customer cap nothing is scored ahead or held', async () => {
  const earlier = ran.length;
  const { container, app, settle, unmount } = renderViews([{ component: ViewSwitch }], {
    data,
    search: 'v=1&lang=en',
  });
  await within(container).findByTestId('kpi-strip', {}, WAIT);
  await settle();
  // The app's own instance scores ahead after its load, once the views are quiet: counted
  // before the instances below run, or it lands among their statements.
  const ownSql = buildChurnViewQuery(churnRule(app.store.state), app.analysis.params).sql;
  await waitFor(() => expect(ran.slice(earlier).filter((s) => s === ownSql).length).toBe(1), WAIT);
  await app.analysis.churn.done;
  const customers = data.dataset.customers;
  // Each instance fits the sample's models itself, as the app's does for its scope.
  const fitKey = () => 'sample';
  const capped = new ChurnAhead(
    () => 'tables',
    () => customers,
    new ViewActivity(0),
    fitKey,
    customers - 1,
  );
  const sql = buildChurnViewQuery(churnRule(app.store.state), app.analysis.params).sql;
  const before = ran.filter((s) => s === sql).length;
  capped.afterLoad(data.db, app.store.state, app.analysis.params, 'tables');
  await capped.done;
  expect(ran.filter((s) => s === sql).length).toBe(before);
  const a = await capped.get(data.db, app.store.state, app.analysis.params);
  const b = await capped.get(data.db, app.store.state, app.analysis.params);
  expect(a).not.toBe(b);
  expect(ran.filter((s) => s === sql).length).toBe(before + 2);

  const held = new ChurnAhead(
    () => 'tables',
    () => customers,
    new ViewActivity(0),
    fitKey,
    customers,
  );
  expect(await held.get(data.db, app.store.state, app.analysis.params)).toBe(
    await held.get(data.db, app.store.state, app.analysis.params),
  );
  expect(ran.filter((s) => s === sql).length).toBe(before + 3);
  await settle();
  unmount();
});
