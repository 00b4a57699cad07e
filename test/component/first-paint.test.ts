/**
 * A link on a sample draws its first view from the results its snapshot recorded, before the
 * engine has started; a link in another scope waits for the engine instead.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { within } from '@testing-library/svelte';
import Overview from '../../src/views/Overview.svelte';
import { CUSTOMER_DAYS_TABLE } from '../../src/analysis/customer-days';
import {
  rebuildSummary,
  SUMMARY_BASE_TABLE,
  SUMMARY_TABLE,
  summaryBaseKey,
} from '../../src/analysis/summary';
import { LORENZ_MAX_POINTS } from '../../src/charts/lorenz';
import type { Db } from '../../src/data/db';
import { PrimedDb } from '../../src/data/primed-db';
import { RecordingDb } from '../../src/data/recording-db';
import type { RecordedResults } from '../../src/data/primed-db';
import { APP_SCHEMA } from '../../src/state/app-schema';
import { firstPaint } from '../../src/state/first-paint';
import { scopeKey, scopeParams } from '../../src/state/scope';
import type { DatasetInfo } from '../../src/state/session.svelte';
import { defaults } from '../../src/state/url-schema';
import { openSample, renderViews, type Loaded } from './harness';
import { reckonOrders, type Reckoning } from '../reckon';

let data: Loaded;
let expected: Reckoning;
let recorded: RecordedResults;
let dataset: DatasetInfo;

beforeAll(async () => {
  data = await openSample('en');
  expected = reckonOrders('samples/en/orders.csv');
  // What scripts/sample-snapshot.ts does at build time.
  const state = defaults(APP_SCHEMA);
  const params = scopeParams(state);
  const built = await rebuildSummary(data.db, params);
  const recording = new RecordingDb(data.db);
  await firstPaint(recording, state, LORENZ_MAX_POINTS);
  recorded = recording.results;
  dataset = {
    ...data.dataset,
    derived: {
      tables: [CUSTOMER_DAYS_TABLE, SUMMARY_BASE_TABLE, SUMMARY_TABLE],
      key: summaryBaseKey(params),
      columns: {},
      summary: { scope: scopeKey(params), ...built },
    },
  };
}, 120_000);
afterAll(() => data.db.close());

/** An engine that never finishes starting: whatever is drawn came from the recording. */
const neverStarts = () => new PrimedDb(recorded, new Promise<Db>(() => undefined));

test('the Overview draws its KPIs and headlines with no engine at all', async () => {
  const { container } = renderViews([{ component: Overview }], {
    data: { db: neverStarts(), dataset },
    search: 'v=1&lang=en',
  });
  const strip = await within(container).findByTestId('kpi-strip', {}, { timeout: 10_000 });
  const value = (m: string) =>
    Number(strip.querySelector<HTMLElement>(`[data-metric="${m}"]`)?.dataset['value']);
  expect(value('customers')).toBe(expected.customers);
  expect(value('orders')).toBe(expected.orders);
  expect(value('value')).toBeCloseTo(expected.value, 2);
  expect(value('top20Share')).toBeCloseTo(expected.topShare(0.2), 9);
  expect(within(container).getByTestId('headlines').textContent).toContain(
    new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(
      expected.topShare(0.2),
    ),
  );
});

test('a link in another scope does not show the recorded figures: it waits for the engine', async () => {
  const { container } = renderViews([{ component: Overview }], {
    data: { db: neverStarts(), dataset },
    search: 'v=1&lang=en&measure=gross',
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(within(container).queryByTestId('kpi-strip')).toBeNull();
  expect(container.querySelector('[aria-busy="true"]')).not.toBeNull();
});
