/**
 * A load shares the engine with the background work over the tables it replaces (the as-of
 * model, ranking, fits, statements fetched ahead): that work waits until the load has ended and
 * the views have been quiet again, instead of landing in the middle of the load.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { within } from '@testing-library/svelte';
import Overview from '../../src/views/Overview.svelte';
import { openSample, renderViews, type Loaded } from './harness';

let data: Loaded;
beforeAll(async () => {
  data = await openSample('en');
}, 120_000);
afterAll(() => data.db.close());

/** A workspace file whose bytes arrive when the test says (and are not a workspace). */
class HeldFile extends File {
  constructor(private readonly gate: Promise<void>) {
    super(['not a zip'], 'held.clientele.zip');
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    await this.gate;
    return super.arrayBuffer();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the as-of model is not fetched while a load runs, and is once it has ended', async () => {
  const { container, app, settle, unmount } = renderViews([{ component: Overview }], {
    data,
    search: 'v=1&lang=en',
  });
  await within(container).findByTestId('kpi-strip', {}, { timeout: 30_000 });
  await settle();
  let release: () => void = () => undefined;
  const loading = app.session.openWorkspace(new HeldFile(new Promise((r) => (release = r))));
  // Past the 2 s of quiet after which the model is fetched when nothing runs.
  await sleep(3000);
  expect(app.analysis.model.held).toBe(false);
  release();
  await expect(loading).rejects.toThrow();
  await sleep(3000);
  expect(app.analysis.model.held).toBe(true);
  unmount();
}, 20_000);
