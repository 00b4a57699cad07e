/**
 * The Churn view over the English sample's customers and orders, loaded once for the file, with
 * four overdue customers renamed to text a spreadsheet would run as a formula. The BG/NBD fit
 * runs the app's own worker module (in this thread: jsdom has no Worker).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import ChurnView from '../../src/views/ChurnView.svelte';
import { openFiles, renderViews, type Loaded } from './harness';
import { installInlineWorker } from './inline-worker';
import { catchDownloads, csvText, type Download } from './downloads';
import { ROOT, sampleFrom, type Sample } from './reckon';
import { activeIds, overdueActive } from './reckon-lifecycle';

const FORMULA_PREFIXES = ['=', '+', '-', '@'];
let data: Loaded;
let sample: Sample;
let renamed: string[];

beforeAll(async () => {
  installInlineWorker();
  const read = (name: string) => readFileSync(resolve(ROOT, 'samples/en', name), 'utf8');
  let orders = read('orders.csv');
  let customers = read('customers.csv');
  const chosen = [...overdueActive(sampleFrom(orders, customers))].sort().slice(0, 4);
  renamed = chosen.map((id, i) => `${FORMULA_PREFIXES[i] ?? ''}${id}`);
  chosen.forEach((id, i) => {
    const to = renamed[i] ?? id;
    orders = orders.replace(new RegExp(`^([^,\\n]*),${id},`, 'gm'), `$1,${to},`);
    customers = customers.replace(new RegExp(`^${id},`, 'm'), `${to},`);
  });
  sample = sampleFrom(orders, customers);
  data = await openFiles({ 'customers.csv': customers, 'orders.csv': orders });
}, 120_000);
afterAll(async () => {
  await data.db.close();
  vi.unstubAllGlobals();
});

let downloads: Download[];
beforeEach(() => {
  downloads = catchDownloads();
});
afterEach(() => vi.restoreAllMocks());

const WAIT = { timeout: 60_000 };

function mount() {
  const { container, settle } = renderViews([{ component: ChurnView }], {
    data,
    search: 'v=1&lang=en&view=churn',
  });
  return { view: within(container), settle };
}

interface ListRow {
  id: string;
  raw: string;
  pAlive: number;
  overdue: boolean;
}

/** The whole churn list, as its CSV export hands it over. */
async function exportList(list: HTMLElement): Promise<ListRow[]> {
  const before = downloads.length;
  await fireEvent.click(within(list).getByTestId('export-csv'));
  const file = downloads[before];
  expect(file?.filename).toBe('churn-list.csv');
  const records = Papa.parse<Record<string, string>>(await csvText(file), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return records.map((r) => {
    const raw = r['customer_id'] ?? '';
    // A defused cell carries a leading apostrophe; the id itself follows it.
    const id = raw.startsWith("'") ? raw.slice(1) : raw;
    return { id, raw, pAlive: Number(r['p_alive']), overdue: /overdue/.test(r['reasons'] ?? '') };
  });
}

test('the files load whole, the renamed customers with them', () => {
  const files = data.dataset.report?.files ?? [];
  expect(files).toHaveLength(2);
  for (const f of files) expect(f.rejected).toBe(0);
  expect(data.dataset.orders).toBe(sample.rows.length);
  expect(data.dataset.customers).toBe(sample.fileIds.length);
  for (const id of renamed) expect(sample.buyers.has(id)).toBe(true);
});

test('the list holds the active customers the rule finds overdue or P(alive) puts at risk; its CSV defuses formula-like ids', async () => {
  const { view, settle } = mount();
  const list = await exportList(await view.findByTestId('churn-list', {}, WAIT));
  const active = activeIds(sample);
  const overdue = overdueActive(sample);
  expect(list.length).toBeGreaterThan(0);
  for (const row of list) expect(active.has(row.id)).toBe(true);
  expect(new Set(list.filter((r) => r.overdue).map((r) => r.id))).toEqual(overdue);
  for (const row of list.filter((r) => !r.overdue)) expect(row.pAlive).toBeLessThan(0.5);
  expect(view.getByTestId('churn-headline').textContent).toContain(
    `${new Intl.NumberFormat('en-US').format(list.length)} active customers are at risk`,
  );

  // The renamed customers are overdue, so they are listed: as text a spreadsheet shows, not runs.
  const text = await csvText(downloads.at(-1));
  for (const id of renamed) {
    expect(list.find((r) => r.id === id)?.raw).toBe(`'${id}`);
    expect(text).toContain(`"'${id}"`);
    expect(text).not.toMatch(new RegExp(`(^|,)${id.replace(/[+@=-]/, '\\$&')}`, 'm'));
  }
  await settle();
});

test('raising the P(alive) threshold adds the customers below it, and only those', async () => {
  const { view, settle } = mount();
  const shown = await view.findByTestId('churn-list', {}, WAIT);
  const at50 = await exportList(shown);
  await fireEvent.input(view.getByTestId('palive-slider'), { target: { value: '90' } });
  expect(view.queryByText('At risk below P(alive) 90%')).not.toBeNull();
  let at90: ListRow[] = [];
  await waitFor(async () => {
    at90 = await exportList(shown);
    expect(at90.length).toBeGreaterThan(at50.length);
  }, WAIT);
  const before = new Set(at50.map((r) => r.id));
  expect(at90.filter((r) => before.has(r.id))).toHaveLength(at50.length);
  const added = at90.filter((r) => !before.has(r.id));
  for (const row of added) {
    expect(row.overdue).toBe(false);
    expect(row.pAlive).toBeGreaterThanOrEqual(0.5);
    expect(row.pAlive).toBeLessThan(0.9);
  }
  await settle();
});
