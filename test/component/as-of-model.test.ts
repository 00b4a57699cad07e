/**
 * Once the page holds the as-of model, a new as-of date redraws the Overview (KPI strip, headline,
 * curve) from it while the summary is still being rebuilt, with the figures the SQL gives, and the
 * rebuild landing changes nothing on screen; a notebook statement or new data drops the model.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tick } from 'svelte';
import { waitFor, within } from '@testing-library/svelte';
import Overview from '../../src/views/Overview.svelte';
import { rebuildSummary } from '../../src/analysis/index';
import { overrideDb, type Query } from '../../src/data/db';
import { loadKpis } from '../../src/state/first-paint';
import { openSample, renderViews, type Loaded } from './harness';

let data: Loaded;
let wantValue = NaN;
/** 200 days before the sample's last order. */
let AS_OF = '';
/** Held while set: the statements rebuilding `customer_base` wait for it. */
let gate: Promise<void> | undefined;
let open = (): void => undefined;

beforeAll(async () => {
  data = await openSample('en');
  await rebuildSummary(data.db, {});
  const [r] = await data.db.query<{ d: string }>(
    `SELECT CAST(max(day) - 200 AS VARCHAR) AS d FROM customer_days`,
  );
  AS_OF = r?.d ?? '';
  await rebuildSummary(data.db, { asOf: AS_OF });
  wantValue = (await loadKpis(data.db, { asOf: AS_OF }, 2)).value;
  const db = data.db;
  const held = async (q: Query | string) => {
    const sql = typeof q === 'string' ? q : q.sql;
    if (gate && sql.includes('customer_base')) await gate;
  };
  const gated = overrideDb(db, { query: async (q) => (await held(q), db.query(q)) });
  data = { ...data, db: gated };
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };

test('redraws the Overview from the model while the summary is rebuilt', async () => {
  const { container, app, settle } = renderViews([{ component: Overview }], {
    data,
    search: 'v=1&lang=en',
  });
  const view = within(container);
  const strip = () => view.getByTestId('kpi-strip');
  const value = () =>
    Number(strip().querySelector<HTMLElement>('[data-metric="value"]')?.dataset['value']);
  await view.findByTestId('kpi-strip', {}, WAIT);
  await settle();
  // Fetched in the background once the views are quiet after the load.
  await waitFor(() => expect(app.analysis.model.held).toBe(true), WAIT);
  const before = value();
  const headline = () => view.getByTestId('headlines').textContent;
  const chart = () => container.querySelector('.plot-figure svg')?.outerHTML;

  gate = new Promise((r) => (open = r));
  app.store.state.asOf = AS_OF;
  await tick();
  await new Promise((r) => setTimeout(r, 50));
  // The rebuild waits at the gate, and the strip already shows the new date's figures.
  expect(app.analysis.building).toBe(true);
  expect(value()).not.toBeCloseTo(before, 6);
  expect(value()).toBeCloseTo(wantValue, 6);
  expect(container.querySelector('.stale, [aria-busy="true"]')).toBeNull();
  const shown = { headline: headline(), chart: chart() };
  expect(shown.chart).toMatch(/^<svg[\s\S]*<\/svg>$/);

  open();
  gate = undefined;
  await settle();
  await tick();
  expect(app.analysis.building).toBe(false);
  expect(value()).toBeCloseTo(wantValue, 6);
  expect({ headline: headline(), chart: chart() }).toEqual(shown);

  // The notebook may have changed the tables: the model goes, the SQL path answers.
  app.analysis.tablesChanged();
  expect(app.analysis.model.held).toBe(false);
  // ...and comes back from the tables as the SQL left them once the views are quiet.
  await waitFor(() => expect(app.analysis.model.held).toBe(true), WAIT);
  // New data: dropped at once, fetched again once quiet.
  app.session.revision++;
  await tick();
  expect(app.analysis.model.held).toBe(false);
  await settle();
  await waitFor(() => expect(app.analysis.model.held).toBe(true), WAIT);
  expect(value()).toBeCloseTo(wantValue, 6);
});
