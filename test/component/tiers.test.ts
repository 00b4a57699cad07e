/**
 * The Tiers view (ABC, pyramid, RFM, product matrix, migration) over the English sample, loaded
 * once for the file; every expected figure is reckoned from the CSV files in plain JavaScript.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/svelte';
import TiersView from '../../src/views/TiersView.svelte';
import { openSample, renderViews, type Loaded } from './harness';
import {
  ROOT,
  abcCounts,
  abcTiers,
  matrixTopClassShare,
  migration,
  pyramidLevels,
  readSample,
  rfmChampions,
  type Sample,
  type Tier,
} from './reckon';

let data: Loaded;
let sample: Sample;

const WAIT = { timeout: 30_000 };
const pct = (v: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(v);
const int = (v: number) => new Intl.NumberFormat('en-US').format(v);

beforeAll(async () => {
  sample = readSample('en');
  data = await openSample('en');
}, 120_000);
afterAll(() => data.db.close());

/** The whole view, as the page mounts it; each test gets a fresh one (the harness unmounts). */
function mount() {
  const { container, settle } = renderViews([{ component: TiersView }], {
    data,
    search: 'v=1&lang=en&view=tiers',
  });
  return { view: within(container), settle };
}

/** The ABC counts as the view states them on its tier elements. */
function shownCounts(counts: HTMLElement): Record<Tier, number> {
  const of = (t: Tier) =>
    Number(counts.querySelector<HTMLElement>(`[data-tier="${t}"]`)?.dataset['customers']);
  return { A: of('A'), B: of('B'), C: of('C') };
}

function valueShare(tier: Tier, a: number, b: number): number {
  const tiers = abcTiers(sample.buyers.values(), a, b);
  const total = [...sample.buyers.values()].reduce((s, c) => s + c.value, 0);
  const mine = [...sample.buyers.values()].filter((c) => tiers.get(c.id) === tier);
  return mine.reduce((s, c) => s + c.value, 0) / total;
}

test('the ABC counts and headline equal the cumulative-share reckoning at 80 / 95 %', async () => {
  const { view, settle } = mount();
  await view.findByTestId('abc-chart', {}, WAIT);
  const expected = abcCounts(sample, 0.8, 0.95);
  expect(shownCounts(view.getByTestId('abc-counts'))).toEqual(expected);
  expect(expected.A + expected.B + expected.C).toBe(sample.buyers.size);
  const a = view.getByTestId('abc-counts').querySelector('[data-tier="A"] dd')?.textContent;
  expect(a).toContain(`${int(expected.A)} customers`);
  expect(view.getByTestId('abc-headline').textContent).toBe(
    `A customers: ${pct(expected.A / sample.buyers.size)} of customers, ${pct(valueShare('A', 0.8, 0.95))} of revenue.`,
  );
  expect(view.getByTestId('abc-chart').querySelector('svg')).not.toBeNull();
  await settle();
});

test('the pyramid draws the four active levels, then inactive buyers and prospects', async () => {
  const { view, settle } = mount();
  const chart = await view.findByTestId('pyramid-chart', {}, WAIT);
  await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull(), WAIT);
  const levels = pyramidLevels(sample);
  const total = [...sample.buyers.values()].reduce((s, c) => s + c.value, 0);
  const bars = [...chart.querySelectorAll('svg .level title')].map((t) => t.textContent);
  const detail = (l: keyof typeof levels) =>
    `${int(levels[l].customers)} customers · ${pct(levels[l].value / total)} of revenue`;
  expect(bars).toEqual([
    detail('top'),
    detail('big'),
    detail('medium'),
    detail('small'),
    detail('inactive'),
    int(levels.prospect.customers),
  ]);
  const text = chart.textContent ?? '';
  for (const label of ['Top 1%', 'Big 4%', 'Medium 15%', 'Small 80%', 'Inactive', 'Prospects']) {
    expect(text).toContain(label);
  }
  const active = levels.top.value + levels.big.value + levels.medium.value + levels.small.value;
  expect(view.getByTestId('pyramid-headline').textContent).toBe(
    `The top 20% of active customers bring ${pct((active - levels.small.value) / active)} of their revenue.`,
  );
  await settle();
});

test('the RFM headline and segment table count the champions of the quintile reckoning', async () => {
  const { view, settle } = mount();
  const headline = await view.findByTestId('rfm-headline', {}, WAIT);
  const rfm = rfmChampions(sample);
  expect(headline.textContent).toBe(
    `Champions: ${pct(rfm.champions / rfm.buyers)} of buyers, ${pct(rfm.value)} of revenue.`,
  );
  const table = view.getByTestId('rfm-segments');
  const row = within(table).getByText('Champions').closest('tr');
  expect(row?.querySelectorAll('td')[1]?.textContent?.trim()).toBe(int(rfm.champions));
  expect(view.getByTestId('rfm-chart').querySelector('svg')).not.toBeNull();
  await settle();
});

test('the product matrix headline quotes the A tier share of the most profitable products', async () => {
  const { view, settle } = mount();
  const headline = await view.findByTestId('matrix-headline', {}, WAIT);
  const items = readFileSync(resolve(ROOT, 'samples/en/order_items.csv'), 'utf8');
  expect(headline.textContent).toBe(
    `A customers get ${pct(matrixTopClassShare(sample, items, 0.8, 0.95))} of their item revenue from the most profitable quarter of products.`,
  );
  const chart = view.getByTestId('matrix-chart');
  await waitFor(() => expect(chart.querySelector('svg')).not.toBeNull(), WAIT);
  expect(chart.textContent).toContain('Invest');
  await settle();
});

test('the migration headline follows the chosen period length', async () => {
  const { view, settle } = mount();
  const headline = await view.findByTestId('migration-headline', {}, WAIT);
  const sentence = (days: number) => {
    const m = migration(sample, days, 0.8, 0.95);
    return `${int(m.up)} customers moved up a tier and ${int(m.down)} moved down; ${int(m.lost)} stopped buying and ${int(m.newCustomers)} are new.`;
  };
  expect(headline.textContent).toBe(sentence(365));
  await fireEvent.change(view.getByTestId('migration-period'), { target: { value: '180' } });
  await waitFor(() => expect(headline.textContent).toBe(sentence(180)), WAIT);
  expect(view.getByTestId('migration-chart').textContent).toContain('Tier in the last 180 days');
  await settle();
});

test('moving the A slider re-tiers the customers; pushing it past B moves B along', async () => {
  const { view, settle } = mount();
  await view.findByTestId('abc-chart', {}, WAIT);
  const chart = view.getByTestId('abc-chart');
  const before = chart.innerHTML;
  const slider = view.getByTestId<HTMLInputElement>('abc-a-slider');
  await fireEvent.input(slider, { target: { value: '50' } });
  const at50 = abcCounts(sample, 0.5, 0.95);
  expect(at50.A).toBeLessThan(abcCounts(sample, 0.8, 0.95).A);
  await waitFor(() => expect(shownCounts(view.getByTestId('abc-counts'))).toEqual(at50), WAIT);
  expect(view.queryByText('A tier: first 50% of revenue')).not.toBeNull();
  expect(chart.innerHTML).not.toBe(before);

  await fireEvent.input(slider, { target: { value: '96' } });
  await waitFor(
    () =>
      expect(shownCounts(view.getByTestId('abc-counts'))).toEqual(abcCounts(sample, 0.96, 0.97)),
    WAIT,
  );
  expect(view.getByTestId<HTMLInputElement>('abc-b-slider').value).toBe('97');
  expect(view.queryByText('B tier: up to 97% of revenue')).not.toBeNull();
  await settle();
});

test('a link with a cut-off between whole percents tiers by that exact cut-off, and a slider move goes back to whole ones', async () => {
  const { container, settle } = renderViews([{ component: TiersView }], {
    data,
    search: 'v=1&lang=en&view=tiers&abcA=62.5&abcB=90',
  });
  const view = within(container);
  const counts = await view.findByTestId('abc-counts', {}, WAIT);
  await waitFor(() => expect(shownCounts(counts)).toEqual(abcCounts(sample, 0.625, 0.9)), WAIT);
  // Strictly between the whole percents either side: neither bucket rounding would give it.
  const exact = abcCounts(sample, 0.625, 0.9).A;
  expect(exact).toBeGreaterThan(abcCounts(sample, 0.62, 0.9).A);
  expect(exact).toBeLessThan(abcCounts(sample, 0.63, 0.9).A);
  await fireEvent.input(view.getByTestId('abc-a-slider'), { target: { value: '70' } });
  await waitFor(
    () => expect(shownCounts(view.getByTestId('abc-counts'))).toEqual(abcCounts(sample, 0.7, 0.9)),
    WAIT,
  );
  await settle();
});
