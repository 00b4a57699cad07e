/**
 * Once the user is idle the Overview's figures for every measure are computed ahead, so a change
 * of measure draws them without querying; anything that rewrites the tables they came from (here
 * a notebook statement) drops them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import Overview from '../../src/views/Overview.svelte';
import Notebook from '../../src/views/Notebook.svelte';
import { rebuildSummary, VALUE_MEASURES, type ValueMeasure } from '../../src/analysis/index';
import { overrideDb, type Query } from '../../src/data/db';
import { kpisKey, loadKpis } from '../../src/state/first-paint';
import { APP_SCHEMA } from '../../src/state/app-schema';
import { scopeParams } from '../../src/state/scope';
import { defaults } from '../../src/state/url-schema';
import { openSample, renderViews, type Loaded } from './harness';

let data: Loaded;
/** Each measure's total value from a summary built for it from scratch. */
const want = new Map<ValueMeasure, number>();
/** Statements the app ran, in order. */
const ran: string[] = [];

beforeAll(async () => {
  data = await openSample('en');
  for (const m of VALUE_MEASURES) {
    await rebuildSummary(data.db, { measure: m });
    want.set(m, (await loadKpis(data.db, { measure: m }, 2)).value);
  }
  const db = data.db;
  const note = (q: Query | string) => ran.push(typeof q === 'string' ? q : q.sql);
  const counting = overrideDb(db, {
    query: (q) => (note(q), db.query(q)),
    queryArrow: (q) => (note(q), db.queryArrow(q)),
    exec: (sql) => (note(sql), db.exec(sql)),
  });
  data = { ...data, db: counting };
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };
const KPI_SQL = 'active_customers';

test('switches measure from the figures computed when idle, and drops them after notebook SQL', async () => {
  const { container, app, settle } = renderViews(
    [
      { component: Overview },
      { component: Notebook, props: ({ session }) => ({ session, cells: [''] }) },
    ],
    { data, search: 'v=1&lang=en' },
  );
  const view = within(container);
  const value = () =>
    Number(
      view.getByTestId('kpi-strip').querySelector<HTMLElement>('[data-metric="value"]')?.dataset[
        'value'
      ],
    );
  await view.findByTestId('kpi-strip', {}, WAIT);
  await waitFor(() => expect(value()).toBeCloseTo(want.get('net') ?? NaN, 6), WAIT);
  const params = scopeParams(app.store.state);
  const overdue = defaults(APP_SCHEMA).overdue;
  const key = (m: ValueMeasure) => kpisKey({ ...params, measure: m }, overdue);
  // Ranked and computed for every measure once idle (a couple of seconds after the build).
  const warmed = () =>
    waitFor(
      () => expect(VALUE_MEASURES.filter((m) => !app.analysis.results.has(key(m)))).toEqual([]),
      WAIT,
    );
  await warmed();
  await settle();

  for (const m of ['gross', 'margin', 'net'] as const) {
    const from = ran.length;
    app.store.state.measure = m;
    await waitFor(() => expect(value()).toBeCloseTo(want.get(m) ?? NaN, 6), WAIT);
    await settle();
    // Only the view was switched: no KPI statement ran for the figures shown.
    expect(ran.slice(from).filter((s) => s.includes(KPI_SQL))).toEqual([]);
    expect(ran.slice(from).some((s) => s.includes('CREATE OR REPLACE VIEW'))).toBe(true);
  }

  // New data in the same scope (what a load does): the figures follow it, none are reused.
  const orders = () =>
    Number(
      view.getByTestId('kpi-strip').querySelector<HTMLElement>('[data-metric="orders"]')?.dataset[
        'value'
      ],
    );
  const before = orders();
  await data.db.exec(`DELETE FROM orders WHERE order_id IN (SELECT order_id FROM orders LIMIT 10)`);
  app.session.revision++;
  await waitFor(() => expect(orders()).toBeLessThan(before), WAIT);
  await settle();
  await warmed();

  // A notebook statement changes a table the cached figures came from.
  const cell = view.getByTestId('notebook-cell');
  await fireEvent.input(within(cell).getByRole('textbox'), {
    target: { value: 'UPDATE customer_ranked SET gross = gross * 2' },
  });
  await fireEvent.click(within(cell).getByTestId('notebook-run'));
  await within(cell).findByRole('table', {}, WAIT);
  expect(app.analysis.results.has(key('gross'))).toBe(false);
  const [doubled] = await data.db.query<{ v: number }>(
    'SELECT sum(COALESCE(gross, 0)) AS v FROM customer_ranked WHERE buyer',
  );
  expect(doubled?.v).toBeGreaterThan(1.9 * (want.get('gross') ?? NaN));
  app.store.state.measure = 'gross';
  await waitFor(() => expect(value()).toBeCloseTo(doubled?.v ?? NaN, 6), WAIT);
  await settle();
});
