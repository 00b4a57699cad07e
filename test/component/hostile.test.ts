/**
 * Customer names, ids and attributes carrying markup, loaded through the app's ingest: every
 * view that shows them must show the text, never make elements of it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { within } from '@testing-library/svelte';
import ParetoView from '../../src/views/ParetoView.svelte';
import FilterBar from '../../src/views/FilterBar.svelte';
import CustomerDrill from '../../src/views/CustomerDrill.svelte';
import { openFiles, renderViews, type Loaded } from './harness';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ORDERS = [
  ['O1', 'K1', '2024-01-05', 500],
  ['O2', 'K1', '2024-02-05', 250],
  ['O3', 'K2', '2024-01-10', 100],
  ['O4', HOSTILE, '2024-03-01', 900],
] as const;

let data: Loaded;
beforeAll(async () => {
  data = await openFiles({
    'customers.csv': [
      'customer_id,name,region',
      `K1,${HOSTILE},${HOSTILE}`,
      'K2,Li Lei,West',
      `${HOSTILE},Bob,West`,
    ].join('\n'),
    'orders.csv': [
      'order_id,customer_id,order_date,amount',
      ...ORDERS.map((o) => o.join(',')),
    ].join('\n'),
  });
}, 60_000);
afterAll(() => data.db.close());

const WAIT = { timeout: 30_000 };

function valueOf(customer: string): number {
  return ORDERS.filter((o) => o[1] === customer).reduce((s, o) => s + o[3], 0);
}

function noMarkupFromData() {
  expect(document.querySelector('img, script')).toBeNull();
  expect(document.querySelector('[onerror]')).toBeNull();
}

test('the files load whole: nothing rejected, every customer and order in', () => {
  for (const f of data.dataset.report?.files ?? []) expect(f.rejected).toBe(0);
  expect(data.dataset.customers).toBe(3);
  expect(data.dataset.orders).toBe(ORDERS.length);
});

test('Pareto top-customer table shows a hostile customer id as text', async () => {
  const { container, settle } = renderViews([{ component: ParetoView }], {
    data,
    search: 'v=1&lang=en&view=pareto',
  });
  const view = within(container);
  await view.findByTestId('pareto-headline', {}, WAIT);
  const rows = within(view.getByRole('table')).getAllByRole('row').slice(1);
  const ids = rows.map((r) => r.querySelector('td')?.textContent?.trim());
  // Ranked by value, reckoned from the rows above: 900, 750, 100.
  expect(ids).toEqual([HOSTILE, 'K1', 'K2']);
  expect(valueOf(HOSTILE)).toBeGreaterThan(valueOf('K1'));
  expect(rows[0]?.querySelector('button')?.textContent).toBe(HOSTILE);
  noMarkupFromData();
  await settle();
});

test('the filter bar lists a hostile region as an option text', async () => {
  const { container, settle } = renderViews([{ component: FilterBar }], {
    data,
    search: 'v=1&lang=en',
  });
  const select = await within(container).findByTestId('filter-region', {}, WAIT);
  const options = [...select.querySelectorAll('option')].map((o) => o.textContent);
  expect(options).toContain(HOSTILE);
  expect(options).toContain('West');
  noMarkupFromData();
  await settle();
});

test('the drill-down shows a hostile id in its title and a hostile name as text', async () => {
  const byId = renderViews([{ component: CustomerDrill }], {
    data,
    search: `v=1&lang=en&cust=${encodeURIComponent(HOSTILE)}`,
  });
  const dialog = await within(byId.container).findByTestId('customer-drill', {}, WAIT);
  expect(within(dialog).getByRole('heading', { level: 2 }).textContent).toBe(`Customer ${HOSTILE}`);
  await within(dialog).findByText('Bob', {}, WAIT);
  noMarkupFromData();
  await byId.settle();
  byId.unmount();

  const byName = renderViews([{ component: CustomerDrill }], {
    data,
    search: 'v=1&lang=en&cust=K1',
  });
  const named = await within(byName.container).findByTestId('customer-drill', {}, WAIT);
  const name = await within(named).findByText('Name', { selector: 'dt' }, WAIT);
  expect(name.nextElementSibling?.textContent).toBe(HOSTILE);
  noMarkupFromData();
  await byName.settle();
});
