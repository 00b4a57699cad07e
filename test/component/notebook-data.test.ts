/**
 * The Notebook and the Data view over the English sample, loaded once for the file: cells run
 * the user's SQL on Node's engine, and the validation report counts what the ingest read.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import Notebook from '../../src/views/Notebook.svelte';
import DataView from '../../src/views/DataView.svelte';
import { ImportFlow } from '../../src/state/import-flow.svelte';
import { csvRecords } from '../reckon';
import { openFiles, openSample, renderViews, type Loaded } from './harness';
import { catchDownloads, csvText, type Download } from './downloads';
import { ROOT } from './reckon';

let data: Loaded;
beforeAll(async () => {
  data = await openSample('en');
}, 120_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };
const read = (name: string) => readFileSync(resolve(ROOT, 'samples/en', name), 'utf8');

/** Customers per region of the customers file, most first, ties by region. */
function regionCounts(): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of csvRecords(read('customers.csv'))) {
    const region = r['region'] ?? '';
    counts.set(region, (counts.get(region) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

const REGIONS = `SELECT region, count(*) AS customers FROM customers
GROUP BY ALL ORDER BY customers DESC, region`;

function notebook(cells: string[]) {
  const { container, settle, app } = renderViews(
    [{ component: Notebook, props: ({ session }) => ({ session, cells }) }],
    { data, search: 'v=1&lang=en&view=notebook' },
  );
  return { view: within(container), settle, app };
}

function cellRows(cell: HTMLElement): string[][] {
  return within(cell)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''));
}

describe('Notebook', () => {
  test('a cell from the link runs by itself and shows the rows of its SQL', async () => {
    const { view, settle } = notebook([REGIONS]);
    const cell = view.getByTestId('notebook-cell');
    await within(cell).findByRole('table', {}, WAIT);
    expect(
      within(cell)
        .getAllByRole('columnheader')
        .map((h) => h.textContent?.trim()),
    ).toEqual(['region', 'customers']);
    expect(cellRows(cell)).toEqual(regionCounts().map(([r, n]) => [r, String(n)]));
    await settle();
  });

  test('an SQL error shows in its cell, the other cells keep their tables, a fix runs', async () => {
    const { view, settle } = notebook([REGIONS, 'SELECT no_such_column FROM customers']);
    const [good, bad] = view.getAllByTestId('notebook-cell');
    if (!good || !bad) throw new Error('two cells expected');
    const alert = await within(bad).findByRole('alert', {}, WAIT);
    // DuckDB's own message, naming what it could not find.
    expect(alert.textContent).toContain('no_such_column');
    expect(within(bad).queryByRole('table')).toBeNull();
    await within(good).findByRole('table', {}, WAIT);
    expect(cellRows(good)).toHaveLength(regionCounts().length);

    await fireEvent.input(within(bad).getByRole('textbox'), {
      target: { value: 'SELECT count(*) AS n FROM customers' },
    });
    await fireEvent.click(within(bad).getByTestId('notebook-run'));
    await within(bad).findByRole('table', {}, WAIT);
    expect(within(bad).queryByRole('alert')).toBeNull();
    expect(cellRows(bad)).toEqual([[String(csvRecords(read('customers.csv')).length)]]);
    await settle();
  });

  test('a summary cell from the link waits for the summary, and follows a new scope', async () => {
    const { view, settle, app } = notebook([
      REGIONS.replace('FROM customers', 'FROM customer_summary'),
    ]);
    const cell = view.getByTestId('notebook-cell');
    await within(cell).findByRole('table', {}, WAIT);
    expect(within(cell).queryByRole('alert')).toBeNull();
    // The sample's customers file lists every buyer: the summary has the same customers.
    expect(cellRows(cell)).toEqual(regionCounts().map(([r, n]) => [r, String(n)]));
    const tables = within(view.getByRole('complementary', { name: 'Tables' }));
    await tables.findByText('customer_summary', {}, WAIT);

    const [region, count] = regionCounts()[1] ?? [];
    app.store.state.region = region ?? '';
    await waitFor(() => expect(cellRows(cell)).toEqual([[region, String(count)]]), WAIT);
    await settle();
  });

  test('a new cell starts with the region count over the summary table', async () => {
    const { view, settle } = notebook([]);
    await settle();
    await fireEvent.click(view.getByTestId('notebook-add'));
    const cell = view.getByTestId('notebook-cell');
    expect(within(cell).getByRole<HTMLTextAreaElement>('textbox').value).toContain(
      'FROM customer_summary',
    );
    await within(cell).findByRole('table', {}, WAIT);
    // The sample's customers file lists every buyer: the summary has the same customers.
    const shown = cellRows(cell).map(([r, n]) => [r, Number(n)]);
    expect(new Map(shown as [string, number][])).toEqual(new Map(regionCounts()));
    await settle();
  });
});

describe('Data view', () => {
  let downloads: Download[];
  beforeEach(() => {
    downloads = catchDownloads();
  });
  afterEach(() => vi.restoreAllMocks());

  function dataView(loaded: Loaded) {
    const flow = new ImportFlow();
    const { container, settle } = renderViews(
      [{ component: DataView, props: ({ session }) => ({ session, flow, onfiles: () => {} }) }],
      { data: loaded, search: 'v=1&lang=en&view=data' },
    );
    return { view: within(container), settle };
  }

  test('the report counts every data line of each sample file as read and loaded', async () => {
    const { view, settle } = dataView(data);
    const report = view.getByTestId('import-report');
    const files = ['customers.csv', 'order_items.csv', 'orders.csv', 'products.csv'];
    for (const name of files) {
      const lines =
        read(name)
          .split(/\r?\n/)
          .filter((l) => l !== '').length - 1;
      const row = report.querySelector<HTMLElement>(`tr[data-file="${name}"]`);
      expect(row?.dataset['read'], name).toBe(String(lines));
      expect(row?.dataset['loaded'], name).toBe(String(lines));
      expect(row?.dataset['rejected'], name).toBe('0');
      const cells = [...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent?.trim());
      expect(cells.slice(2, 5)).toEqual([lines, lines, 0].map((n) => n.toLocaleString('en-US')));
    }
    expect(report.querySelectorAll('tr[data-file]')).toHaveLength(files.length);
    const customers = csvRecords(read('customers.csv')).map((r) => r['customer_id']);
    const buyers = new Set(csvRecords(read('orders.csv')).map((r) => r['customer_id']));
    const prospects = customers.filter((id) => !buyers.has(id)).length;
    expect(report.textContent).toContain(
      `${(5000).toLocaleString('en-US')} customers (${prospects} prospects without orders, 0 known only from orders)`,
    );
    expect(customers).toHaveLength(5000);
    await settle();
  });

  test('rejected rows are counted, named by line and column, and downloadable', async () => {
    const bad = await openFiles({
      'orders.csv': [
        'order_id,customer_id,order_date,amount',
        'O1,K1,2024-01-05,500',
        'O2,K1,2024-13-45,250',
        'O3,K2,2024-02-01,lots',
        'O4,K2,2024-03-01,100',
      ].join('\n'),
    });
    try {
      const { view, settle } = dataView(bad);
      const row = view.getByTestId('import-report').querySelector<HTMLElement>('tr[data-file]');
      expect(row?.dataset).toMatchObject({ file: 'orders.csv', read: '4', loaded: '2' });
      expect(row?.dataset['rejected']).toBe('2');
      const text = view.getByTestId('import-report').textContent ?? '';
      expect(text).toContain('line 3, column order_date: “2024-13-45”');
      expect(text).toContain('line 4, column amount: “lots”');
      await fireEvent.click(view.getByTestId('download-rejects'));
      await waitFor(() => expect(downloads).toHaveLength(1));
      expect(downloads[0]?.filename).toBe('rejected-orders.csv');
      const lines = (await csvText(downloads[0])).trim().split(/\r\n/);
      expect(lines[0]).toBe('line,reason,column,order_id,customer_id,order_date,amount');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4']);
      expect(lines[1]).toContain('O2,K1,2024-13-45,250');
      expect(lines[2]).toContain('O3,K2,2024-02-01,lots');
      await settle();
    } finally {
      await bad.db.close();
    }
  });
});
