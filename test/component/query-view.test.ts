/** The one loading / error / empty wrapper, driven by real queries on Node's engine. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitFor, within } from '@testing-library/svelte';
import { openNodeDb } from '../../src/data/db-node';
import type { Db, Row } from '../../src/data/db';
import Panel from '../../src/views/Panel.svelte';
import QueryProbe from './QueryProbe.svelte';
import { renderViews } from './harness';
import { createRawSnippet } from 'svelte';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(
    `CREATE TABLE people AS SELECT * FROM (VALUES ('Ada', 3), ('Grace', 1)) t(name, n)`,
  );
});
afterAll(() => db.close());

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function probe(run: () => Promise<Row[]>, lang = 'en') {
  return renderViews([{ component: QueryProbe, props: () => ({ run }) }], {
    search: `v=1&lang=${lang}`,
  }).container;
}

test('shows loading until the query answers, then the rows', async () => {
  const answer = deferred<Row[]>();
  const view = within(probe(() => answer.promise));
  const busy = view.getByText('Starting the analysis engine…');
  expect(busy.getAttribute('aria-busy')).toBe('true');
  expect(view.queryByTestId('rows')).toBeNull();
  answer.resolve(await db.query('SELECT name FROM people ORDER BY n DESC'));
  const rows = await view.findByTestId('rows');
  expect([...rows.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Ada', 'Grace']);
  expect(view.queryByText('Starting the analysis engine…')).toBeNull();
});

test('shows the engine error message in an alert, in the chosen language', async () => {
  const view = within(probe(() => db.query('SELECT * FROM no_such_table'), 'zh'));
  const alert = await view.findByRole('alert');
  expect(alert.textContent).toContain('出错了');
  // DuckDB's own message names the missing table; the wrapper shows it, not a generic text.
  expect(alert.textContent).toContain('no_such_table');
  expect(view.queryByTestId('rows')).toBeNull();
});

test('explains an engine out-of-memory error in plain words, with the engine message', async () => {
  // The engine's own words when the wasm heap is full (as seen loading 10M orders).
  const oom =
    'Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)';
  const view = within(probe(() => Promise.reject(new Error(oom))));
  const alert = await view.findByRole('alert');
  expect(alert.textContent).toContain('needs more memory than the browser gives');
  expect(alert.textContent).toContain(oom);
  const other = within(probe(() => db.query('SELECT * FROM no_such_table')));
  expect((await other.findByRole('alert')).textContent).not.toContain('more memory');
});

test('says there is no data when the query returns no rows', async () => {
  const view = within(probe(() => db.query('SELECT name FROM people WHERE n > 10')));
  expect((await view.findByText('No data for this selection')).className).toContain('empty');
  expect(view.queryByTestId('rows')).toBeNull();
});

test('keeps the last rows visible, marked busy, while a newer run is pending', async () => {
  let pending: ReturnType<typeof deferred<Row[]>> | undefined;
  const { container, app } = renderViews(
    [
      {
        component: QueryProbe,
        props: ({ store }) => ({
          // Reads the slider state, so moving it re-runs the query (as views do).
          run: () => {
            const limit = store.state.top;
            if (limit > 20) return (pending = deferred<Row[]>()).promise;
            return db.query({ sql: 'SELECT name FROM people ORDER BY n LIMIT ?', params: [1] });
          },
        }),
      },
    ],
    { search: 'v=1&lang=en' },
  );
  const view = within(container);
  const rows = await view.findByTestId('rows');
  expect(rows.textContent).toBe('Grace');
  app.store.state.top = 50;
  await waitFor(() => expect(rows.parentElement?.getAttribute('aria-busy')).toBe('true'));
  expect(rows.parentElement?.className).toContain('stale');
  expect(rows.textContent).toBe('Grace');
  pending?.resolve(await db.query('SELECT name FROM people ORDER BY n DESC LIMIT 1'));
  await waitFor(() => expect(view.getByTestId('rows').textContent).toBe('Ada'));
  expect(view.getByTestId('rows').parentElement?.getAttribute('aria-busy')).toBe('false');
});

test('Panel titles its section only when given a title', () => {
  const children = createRawSnippet(() => ({ render: () => '<p>inside</p>' }));
  const titled = renderViews([{ component: Panel, props: () => ({ title: 'Top', children }) }]);
  expect(within(titled.container).getByRole('heading', { level: 2 }).textContent).toBe('Top');
  const bare = renderViews([{ component: Panel, props: () => ({ children }) }]);
  expect(within(bare.container).queryByRole('heading')).toBeNull();
  expect(bare.container.textContent).toContain('inside');
});
